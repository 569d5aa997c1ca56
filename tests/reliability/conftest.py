"""A tiny one-year scenario file and a CLI runner for the reliability tests."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from reliability_helpers import TINY, profile_csv

from lowcarbon_sim.cli import main


@dataclass
class Outcome:
    """Exit code and captured output of one CLI call."""

    code: int
    out: str
    err: str

    @property
    def message(self) -> str:
        """The ``error: ...`` text on stderr (progress lines of `run` left out)."""
        lines = self.err.splitlines()
        start = next((n for n, line in enumerate(lines) if line.startswith("error: ")), None)
        assert start is not None, f"no error message in stderr:\n{self.err}"
        return "\n".join(lines[start:])


@pytest.fixture
def tiny(tmp_path) -> Path:
    """The tiny scenario as ``tmp_path/tiny.yaml``."""
    profile_csv(tmp_path / "load.csv", value="1.0")
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


@pytest.fixture
def child(tmp_path, tiny):
    """``child(text, name)`` writes a scenario extending tiny.yaml with ``text`` on top."""

    def write(text: str, name: str = "child.yaml") -> Path:
        path = tmp_path / name
        path.write_text("extends: tiny.yaml\n" + textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli(capsys):
    """``cli(*args)`` runs ``lowcarbon-sim`` in-process and returns an :class:`Outcome`."""

    def call(*args) -> Outcome:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return call

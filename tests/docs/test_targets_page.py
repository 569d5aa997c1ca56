"""docs/targets.md: its sources table lists every packaged target row, and its executed
example is what the commands print.

Each ```` ```console ```` block of the page holding one ``$ lowcarbon-sim ...`` command is
followed by a ```` ```text ```` block with the command's output. The test runs the command
(from the repository root) and compares: the words exactly, the numbers to 0.1 %. After an
intended change of the model or the data, regenerate the page's output blocks with
``LCS_REGEN_DOCS=1 python -m pytest tests/docs/test_targets_page.py``.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from lowcarbon_sim.cli.main import main
from lowcarbon_sim.data.targets import target_rows

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "targets.md"
_EXAMPLE = re.compile(r"```console\n\$ (lowcarbon-sim [^\n]+)\n```\n\n```text\n(.*?)```", re.S)
_NUMBER = re.compile(r"-?\d[\d,]*\.?\d*(?:e[-+]?\d+)?")


def examples() -> list[tuple[str, str]]:
    return _EXAMPLE.findall(PAGE.read_text(encoding="utf-8"))


def _split(text: str) -> tuple[str, list[float]]:
    """The text with every number replaced by ``#``, and the numbers."""
    numbers = [float(n.replace(",", "")) for n in _NUMBER.findall(text)]
    return _NUMBER.sub("#", text), numbers


def test_sources_table_lists_every_target_row():
    text = PAGE.read_text(encoding="utf-8")
    for row in target_rows("hunan"):
        assert f"`{row['id']}`" in text, row["id"]


def test_the_page_has_executed_examples():
    commands = [c for c, _ in examples()]
    assert any("explain examples/hunan_targets_infeasible.yaml" in c for c in commands)
    assert any("explain examples/hunan_targets.yaml" in c for c in commands)


@pytest.mark.slow
@pytest.mark.parametrize(("command", "expected"), examples(), ids=[c for c, _ in examples()])
def test_example_output_is_what_the_command_prints(command, expected, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    main(shlex.split(command)[1:])
    out = capsys.readouterr().out
    if os.environ.get("LCS_REGEN_DOCS"):
        text = PAGE.read_text(encoding="utf-8")
        old = f"```console\n$ {command}\n```\n\n```text\n{expected}```"
        assert old in text
        PAGE.write_text(text.replace(old, old.replace(expected, out)), encoding="utf-8")
        pytest.skip("regenerated")
    words, numbers = _split(out)
    want_words, want_numbers = _split(expected)
    assert words == want_words, "the output changed; LCS_REGEN_DOCS=1 regenerates the page"
    assert numbers == pytest.approx(want_numbers, rel=1e-3)

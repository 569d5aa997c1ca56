"""Shared fixtures: paths of the shipped scenarios."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def scenarios_dir() -> Path:
    return ROOT / "scenarios"


@pytest.fixture(scope="session")
def baseline_path(scenarios_dir) -> Path:
    return scenarios_dir / "hunan_baseline.yaml"

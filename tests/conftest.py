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


@pytest.fixture(scope="session", autouse=True)
def clustering_cache(tmp_path_factory) -> Path:
    """Cached clusterings go to a fresh folder of the test session, never the user's cache
    (subprocesses of the CLI tests inherit the variable). Under pytest-xdist every worker is
    a session of its own, with its own temporary folder: one cache folder per worker."""
    import os

    from lowcarbon_sim.inputs.timeseries import CACHE_ENV

    folder = tmp_path_factory.mktemp("cache")
    os.environ[CACHE_ENV] = str(folder)
    return folder


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="rewrite the golden LP files of tests/model/golden/ instead of comparing with them",
    )


@pytest.fixture(scope="session")
def regen_golden(request) -> bool:
    """Whether the golden LP tests rewrite their baselines (``--regen-golden``)."""
    return bool(request.config.getoption("--regen-golden"))

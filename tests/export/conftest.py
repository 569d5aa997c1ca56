"""The tiny solved system of tests/plots, shared with the export tests."""

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "plots_tiny_system", Path(__file__).resolve().parents[1] / "plots" / "conftest.py"
)
tiny_system = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tiny_system)


@pytest.fixture(scope="session")
def tiny_system_module():
    """tests/plots/conftest.py as a module (``make_scenario``, ``solve_tiny``, ``enrich``)."""
    return tiny_system


@pytest.fixture(scope="module")
def tiny():
    """The tiny system solved once per test module (Results with model and inputs)."""
    return tiny_system.solve_tiny()


@pytest.fixture(scope="module")
def rich(tiny):
    """The tiny results plus sector emissions, targets, hydrogen and captured CO2."""
    return tiny_system.enrich(tiny.dataset)

"""A tiny one-year system written to YAML (profiles as CSV files beside it)."""

from pathlib import Path

import numpy as np
import pytest
import yaml

from lowcarbon_sim.testing import tiny_scenario

# solar availability over a day, p.u. (peaks at noon, zero at night)
SOLAR_DAY = [0.0] * 7 + [0.3, 0.6, 0.8, 0.9, 1.0, 1.0, 0.9, 0.8, 0.6, 0.3] + [0.0] * 7
COAL_EF, COAL_EFF = 0.34, 0.4  # t CO2/MWh heat, MWh el/MWh heat: 0.85 t CO2/MWh el
GAS_EF, GAS_EFF = 0.2, 0.55  # 0.364 t CO2/MWh el

TECHS = {
    "coal": {
        "class": "dispatchable",
        "fuel": "coal",
        "extendable": False,
        "existing_capacity": 120.0,
        "efficiency": COAL_EFF,
    },
    "gas": {
        "class": "dispatchable",
        "fuel": "gas",
        "extendable": True,
        "capex": 2000.0,
        "efficiency": 0.55,
        "lifetime": 30.0,
        "capacity_max": 200.0,
    },
    "solar": {
        "class": "variable",
        "availability": "solar",
        "extendable": True,
        "capex": 3000.0,
        "lifetime": 25.0,
    },
    "battery": {
        "class": "storage",
        "energy_to_power": 4.0,
        "extendable": True,
        "capex": 1500.0,
        "capex_energy": 800.0,
        "efficiency_charge": 0.95,
        "efficiency_discharge": 0.95,
        "lifetime": 15.0,
    },
}
FUELS = {
    "coal": {"price": 120.0, "emission_factor": COAL_EF},
    "gas": {"price": 180.0, "emission_factor": 0.2},
}


def write_tiny(folder: Path, uncertainty: dict | None = None, name: str = "tiny.yaml") -> Path:
    """Write the tiny system (100 MW flat demand, 2030 only) as YAML; returns its path."""
    s = tiny_scenario(TECHS, 100.0, fuels=FUELS, profiles={"solar": SOLAR_DAY})
    tree = s.model_dump(mode="json", by_alias=True, exclude_unset=True)
    folder.mkdir(parents=True, exist_ok=True)
    hours = np.arange(8760)
    np.savetxt(
        folder / "load.csv",
        np.column_stack([hours, np.full(8760, 1.0)]),
        delimiter=",",
        header="hour,load",
        comments="",
        fmt=["%d", "%.1f"],
    )
    np.savetxt(
        folder / "solar.csv",
        np.column_stack([hours, np.tile(SOLAR_DAY, 365)]),
        delimiter=",",
        header="hour,solar",
        comments="",
        fmt=["%d", "%.3f"],
    )
    tree["profiles"] = {
        "load": {"file": "load.csv", "column": "load"},
        "solar": {"file": "solar.csv", "column": "solar"},
    }
    # the first 24 h stand for the year (every day is the same): no clustering, fast
    tree["time"] = {"mode": "hours", "hours": 24}
    if uncertainty is not None:
        tree["uncertainty"] = uncertainty
    path = folder / name
    path.write_text(yaml.safe_dump(tree, sort_keys=False))
    return path


@pytest.fixture
def tiny_path(tmp_path) -> Path:
    return write_tiny(tmp_path / "scen")


class RunCounter:
    """Counts calls of lowcarbon_sim.pipeline.run (in-process, synchronous scheduler)."""

    def __init__(self, monkeypatch):
        import lowcarbon_sim.pipeline as pipeline

        self.calls = 0
        original = pipeline.run

        def counting(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(pipeline, "run", counting)


@pytest.fixture
def run_counter(monkeypatch) -> RunCounter:
    return RunCounter(monkeypatch)


class Tiny:
    """The tiny system's writer and its constants, handed to tests as a fixture."""

    write = staticmethod(write_tiny)
    COAL_EF = COAL_EF
    COAL_EFF = COAL_EFF
    GAS_EF = GAS_EF
    GAS_EFF = GAS_EFF


@pytest.fixture
def tiny() -> Tiny:
    return Tiny()

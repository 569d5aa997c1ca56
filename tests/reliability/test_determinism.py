"""The same scenario gives the same numbers to the last digit, in the same process and in a
fresh one with another string-hash seed; results record library, solver and scenario."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

import lowcarbon_sim
from lowcarbon_sim.results.core import open_results
from lowcarbon_sim.scenario.load import load_scenario, scenario_hash

# wind, a battery and gas on top of the tiny coal system, over 3 clustered representative
# days, so that the time selection, storage and the LP's choices all take part
EXTRA = """
time: {mode: representative_days, days: 3, method: clustered}
profiles: {wind: {file: wind.csv}}
power:
  fuels: {gas: {price: 250, emission_factor: 0.2}}
  techs:
    wind: {class: variable, availability: wind, capex: 4300, lifetime: 25}
    gas: {class: dispatchable, fuel: gas, efficiency: 0.55, capex: 2500, lifetime: 30}
    battery: {class: storage, energy_to_power: 4, capex: 1500, capex_energy: 800,
              efficiency_charge: 0.95, efficiency_discharge: 0.95, lifetime: 15}
policy: {reserve_margin: null, co2_price: 100}
"""


@pytest.fixture
def scenario(tmp_path, child):
    hours = np.arange(8760)
    wind = 0.35 + 0.3 * np.sin(2 * np.pi * hours / 97.0) * np.cos(2 * np.pi * hours / 8760.0)
    rows = ["hour,value"] + [f"{h},{v:.6f}" for h, v in zip(hours, wind, strict=True)]
    (tmp_path / "wind.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return child(EXTRA, "mixed.yaml")


@pytest.mark.slow
def test_rerun_gives_identical_numbers_and_records_provenance(scenario, tmp_path, cli):
    first, second = tmp_path / "a", tmp_path / "b"
    assert cli("run", scenario, "--out", first).code == 0
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # other set and dict-of-set orders
    proc = subprocess.run(
        [sys.executable, "-m", "lowcarbon_sim", "run", str(scenario), "--out", str(second)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    a = open_results(first / "results.nc").dataset
    b = open_results(second / "results.nc").dataset
    assert sorted(a.data_vars) == sorted(b.data_vars)
    assert float(a["capacity"].sel(tech="wind").max()) > 0  # the mix is not trivial
    for name in a.data_vars:
        assert a[name].dims == b[name].dims, name
        assert np.array_equal(
            a[name].values, b[name].values, equal_nan=a[name].dtype.kind == "f"
        ), name
    for name in a.coords:
        assert np.array_equal(a[name].values, b[name].values), name
    timing = {k for k in a.attrs if k.startswith("seconds_")}
    assert {k: v for k, v in a.attrs.items() if k not in timing} == {
        k: v for k, v in b.attrs.items() if k not in timing
    }
    attrs = a.attrs
    assert attrs["lowcarbon_sim_version"] == lowcarbon_sim.__version__
    assert attrs["solver_version"].startswith("HiGHS ")
    assert attrs["scenario_hash"] == scenario_hash(load_scenario(scenario))
    assert len(attrs["scenario_hash"]) == 64

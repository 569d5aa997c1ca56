"""`build_inputs(scenario)` without sector outputs builds what `run` builds: the sector
modules run when the scenario enables them, and only then."""

import numpy as np
import xarray as xr

import lowcarbon_sim as lcs
from lowcarbon_sim.pipeline import sector_outputs

COARSE = {"time.days": 2, "time.method": "sampled", "years.milestones": [2020, 2024, 2030]}


def test_inputs_without_sectors_run_the_sector_modules():
    s = lcs.load_scenario("scenarios/hunan_baseline.yaml", overrides=COARSE)
    alone = lcs.build_inputs(s)
    given = lcs.build_inputs(s, sector_outputs(s))
    xr.testing.assert_identical(alone, given)


def test_sectors_off_keeps_the_yaml_demand():
    s = lcs.load_scenario("scenarios/hunan_baseline.yaml",
                          overrides={**COARSE, "sectors.enabled": False})
    on = lcs.load_scenario("scenarios/hunan_baseline.yaml", overrides=COARSE)
    off_demand = lcs.build_inputs(s)["annual_demand"].sel(year=2030).item()
    on_demand = lcs.build_inputs(on)["annual_demand"].sel(year=2030).item()
    # the YAML's growth path and the sector modules' demand differ in the decision years
    assert not np.isclose(off_demand, on_demand, rtol=1e-3)

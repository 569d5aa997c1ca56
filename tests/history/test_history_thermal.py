"""History years 2020-2024: thermal generation is a result of the dispatch and lands within 7 %
of the NBS statistics (issue 17, "How we will judge it").

Capacities, demand, hydro inflows and the import contracts are the data of each year; coal has
no generation floor (``min_full_load_hours``) and the import lines carry a contract range, not a
single value, so the split between coal, biomass and imports is the optimiser's.
"""

import numpy as np
import pytest

import lowcarbon_sim as lcs
from lowcarbon_sim.data.statistics import statistics

HISTORY = [2020, 2021, 2022, 2023, 2024]
FAST = {"time.days": 4, "years.milestones": [*HISTORY, 2025]}
#: thermal rows in the NBS series (coal, coal-gangue, biomass and waste, gas)
#: the existing coal fleet by combustion technology (coal_fleet_figures.csv)
COAL = ("coal_usc", "coal_sc", "coal_subcritical", "coal_small")
THERMAL = (*COAL, "coal_new", "gas", "biomass")
IMPORTS = ("import_qishao", "import_central_ac")


@pytest.fixture(scope="module")
def scenario():
    return lcs.load_scenario("scenarios/hunan_baseline.yaml", overrides=FAST)


@pytest.fixture(scope="module")
def results(scenario):
    return lcs.run(scenario).dataset


def nbs_thermal() -> dict[int, float]:
    """NBS above-scale thermal generation by year, TWh."""
    s = statistics("hunan")
    s = s[s["quantity"] == "generation.thermal"].set_index("year")
    return {y: float(s.loc[y, "value"]) for y in HISTORY}


def test_no_floor_and_no_pinned_import(scenario):
    techs = scenario.power.techs
    for g in COAL:
        assert techs[g].min_full_load_hours is None, g
    # biomass is bought in full from the first decision year (its guaranteed purchase), never
    # in the history years, whose output stays a result
    floor = techs["biomass"].min_full_load_hours
    assert floor is None or all(floor.get(y, 0.0) == 0.0 for y in HISTORY if y in floor)
    assert floor is None or min((y for y in floor if floor[y] > 0), default=2025) > HISTORY[-1]
    for g in IMPORTS:
        lo, hi = techs[g].min_full_load_hours, techs[g].max_full_load_hours
        for y in HISTORY:
            assert lo[y] < hi[y], (g, y)  # a range the optimiser chooses in, not a residual


@pytest.mark.slow
def test_thermal_generation_within_7_percent_of_nbs(results):
    nbs = nbs_thermal()
    gen = results["generation"].sel(tech=[g for g in THERMAL if g in results.tech.values])
    for y in HISTORY:
        model = float(gen.sel(year=y).sum()) / 1e6  # MWh -> TWh
        assert model == pytest.approx(nbs[y], rel=0.07), (y, model, nbs[y])


@pytest.mark.slow
def test_imports_inside_their_contract_range(scenario, results):
    techs = scenario.power.techs
    for g in IMPORTS:
        for y in HISTORY:
            k = float(results["capacity"].sel(year=y, tech=g))
            h = float(results["generation"].sel(year=y, tech=g)) / k
            lo, hi = techs[g].min_full_load_hours[y], techs[g].max_full_load_hours[y]
            assert lo - 1 <= h <= hi + 1, (g, y, h, lo, hi)
            # not all years at one bound: the price of coal decides
    thermal = results["generation"].sel(year=HISTORY, tech=list(COAL)).sum("tech").values
    assert np.all(thermal > 0)

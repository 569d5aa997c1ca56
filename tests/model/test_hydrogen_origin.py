"""Hydrogen's non-fossil status follows its source (issue 22 item 8): fuel cells count
towards the minimum non-fossil share only for hydrogen made by electrolysers.

One decision year, flat demand of 100 MW, costs undiscounted, nothing to build.
"""

import pytest

from lowcarbon_sim import run
from lowcarbon_sim.errors import InfeasibleError
from lowcarbon_sim.testing import tiny_scenario
from lowcarbon_sim.units import H2_MWH_PER_T

H = 8760.0
FUELS = {
    "coal": {"price": 0.0, "emission_factor": 0.34},
    "gas": {"price": 0.0, "emission_factor": 0.2},
    "bio": {"price": 0.0, "emission_factor": 0.0, "fossil": False},
    "h2": {"fossil": False, "carrier": "hydrogen"},
}


def _fixed(cls: str, capacity: float, **kw) -> dict:
    return {"class": cls, "extendable": False, "existing_capacity": capacity, **kw}


def _case(share: float, electrolyser: bool):
    techs = {
        "coal": _fixed("dispatchable", 200.0, fuel="coal", vom=50.0),
        "bio": _fixed("dispatchable", 30.0, fuel="bio"),
        "fc": _fixed("dispatchable", 150.0, fuel="h2", efficiency=0.5),
        # steam methane reforming: cheap, fossil hydrogen (MW of H2)
        "smr": _fixed("hydrogen_supply", 400.0, fuel="gas", efficiency=1.0, vom=1.0),
    }
    if electrolyser:
        techs["ely"] = _fixed("electrolyser", 100.0, efficiency=0.5)
    policy = {"min_nonfossil_share": {2030: share}}
    return tiny_scenario(techs, 100.0, fuels=FUELS, policy=policy)


def test_fuel_cells_on_reformer_hydrogen_cannot_meet_a_full_nonfossil_share():
    # before: 100 MW of fuel cells on SMR hydrogen "met" a share of 1.0
    with pytest.raises(InfeasibleError) as err:
        run(_case(1.0, electrolyser=False))
    assert "non-fossil" in str(err.value)


def test_fuel_cells_count_for_electrolytic_hydrogen_only():
    # Share 0.5: 438,000 MWh non-fossil. Biomass gives 30 MW x 8760 h = 262,800 MWh; the
    # other 175,200 MWh must be fuel-cell output z on electrolytic hydrogen: 2 z = 350,400
    # MWh of H2, made by electrolysers (eta 0.5) drawing 700,800 MWh = 80 MW. Supply is then
    # 180 MW: biomass 30 + fuel cells 150 (cheaper than coal at 50 yuan/MWh); the fuel cells
    # burn 300 MW of H2, 40 from electrolysis, 260 from SMR at 1 yuan/MWh.
    res = run(_case(0.5, electrolyser=True))
    ds = res.dataset.sel(year=2030)
    assert res.dataset.attrs["objective"] == pytest.approx(260.0 * H, rel=1e-6)
    assert float(ds["generation"].sel(tech="fc")) == pytest.approx(150.0 * H, rel=1e-6)
    assert float(ds["generation"].sel(tech="coal")) == pytest.approx(0.0, abs=1e-3)
    # the hydrogen behind z = 175,200 MWh: 350,400 MWh (LHV) from the electrolyser
    made = float(ds["hydrogen_production"].sel(tech="ely")) * H2_MWH_PER_T
    assert made == pytest.approx(350_400.0, rel=1e-6)
    # counting fuel cells as non-fossil whatever their hydrogen (the old rule) would have
    # needed no electrolysis: 70 MW of fuel cells on 140 MW of SMR hydrogen
    assert res.dataset.attrs["objective"] > 140.0 * H * 1.5


def test_a_share_that_does_not_bind_changes_nothing():
    res = run(_case(0.0, electrolyser=True))
    assert len(res.model.hydrogen_origin.z) == 1  # a share of 0 still counts (trivially)
    assert res.dataset.attrs["objective"] == pytest.approx(140.0 * H, rel=1e-6)

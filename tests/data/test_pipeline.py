"""Committed pipeline (power.pipeline, data/hunan/pipeline.csv) and fuel-price cases."""

from pathlib import Path

import numpy as np
import pytest

from lowcarbon_sim import run
from lowcarbon_sim.data import figures
from lowcarbon_sim.data.provenance import data_sources
from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.inputs import build_inputs
from lowcarbon_sim.inputs.pipeline import pipeline_additions
from lowcarbon_sim.scenario.load import load_scenario
from lowcarbon_sim.scenario.types import series_values
from lowcarbon_sim.testing import FREE_FUEL, fixed_generator, tiny_scenario

H = 8760.0
BASELINE = Path(__file__).resolve().parents[2] / "scenarios" / "hunan_baseline.yaml"
YEARS = list(range(2020, 2031))


def _added(overrides=None, tech="pumped_hydro"):
    s = load_scenario(BASELINE, overrides)
    techs = list(s.power.techs)
    return pipeline_additions(s, YEARS, techs)[:, techs.index(tech)]


def test_hunan_pipeline_enters_from_its_first_year():
    s = load_scenario(BASELINE)
    assert s.power.pipeline["pingjiang_pumped"].year == 2026
    added = dict(zip(YEARS, _added(), strict=True))
    assert added[2025] == 0.0
    assert added[2026] == pytest.approx(1400.0)
    assert added[2029] == pytest.approx(1400 + 2400 + 1200)
    ningxia = dict(zip(YEARS, _added(tech="import_ningxia"), strict=True))
    assert ningxia[2024] == 0.0 and ningxia[2025] == pytest.approx(8000.0)
    # every project names a known technology and has a source
    for name, p in s.power.pipeline.items():
        assert p.tech in s.power.techs, name
        assert p.source.strip(), name


def test_delay_and_cancel_keys_act():
    delayed = dict(zip(YEARS, _added({"power.pipeline.pingjiang_pumped.delay": 2}), strict=True))
    assert delayed[2027] == 0.0 and delayed[2028] == pytest.approx(1400.0)
    cancelled = _added({"power.pipeline.pingjiang_pumped.cancel": True})
    assert cancelled[YEARS.index(2028)] == 0.0
    assert cancelled[YEARS.index(2029)] == pytest.approx(3600.0)


def test_pipeline_is_in_the_model_inputs():
    s = load_scenario(BASELINE)
    ds = build_inputs(s)
    got = ds["existing_capacity"].sel(tech="pumped_hydro")
    assert float(got.sel(year=2025)) == pytest.approx(1200.0)
    assert float(got.sel(year=2026)) == pytest.approx(2600.0)
    assert float(ds["pipeline_capacity"].sel(tech="coal_small", year=2030)) < 0  # retirement


def test_unknown_pipeline_tech_is_refused():
    with pytest.raises(ScenarioError, match=r"power\.pipeline\.x\.tech"):
        load_scenario(
            BASELINE, {"power.pipeline.x": {"tech": "nuclear", "capacity": 1, "year": 2026}}
        )


def test_pipeline_rows_are_listed_with_sources():
    df = data_sources("hunan")
    rows = df[df["key"].str.startswith("power.pipeline.")]
    assert len(rows) >= 8
    assert (rows["source"].str.strip() != "").all()


GEN = {"class": "dispatchable", "fuel": "f", "extendable": False, "vom": 10.0}


def test_pipeline_capacity_serves_demand_hand_optimum():
    """100 MW of demand; the only plant comes from the pipeline: cost 10 yuan/MWh x 100 MW."""
    project = {"tech": "g", "capacity": 100.0, "year": 2030}
    s = tiny_scenario({"g": GEN}, 100.0, fuels={"f": {"price": 0.0}},
                      overrides={"power.pipeline.p": project})
    res = run(s).dataset
    assert float(res["capacity"].sel(tech="g", year=2030)) == pytest.approx(100.0)
    assert res.attrs["objective"] == pytest.approx(H * 100 * 10.0)
    # delayed past the year: nothing is there, all demand is shed at 1e5 yuan/MWh
    late = tiny_scenario({"g": GEN}, 100.0, fuels={"f": {"price": 0.0}},
                         overrides={"power.pipeline.p": project, "power.pipeline.p.delay": 1})
    assert run(late).dataset.attrs["objective"] == pytest.approx(H * 100 * 1e5)


def test_first_year_share_of_a_project_hand_optimum():
    """A 100 MW project runs 0.4 of its first year: 40 MW in service, the other 60 MW of
    demand from a dear plant; fixed O&M paid on the 40 MW only. A retirement of 50 MW in
    effect 0.6 of the year leaves 0.4 x 50 MW of the old plant running."""
    fom = 1000.0  # yuan/kW-yr
    project = {"tech": "g", "capacity": 100.0, "year": 2030, "first_year_share": 0.4}
    techs = {"g": {**GEN, "fom": fom}, "dear": fixed_generator(500.0, 100.0)}
    s = tiny_scenario(techs, 100.0, fuels=FREE_FUEL, overrides={"power.pipeline.p": project})
    res = run(s).dataset
    assert float(res["capacity"].sel(tech="g", year=2030)) == pytest.approx(100.0)
    assert float(res["operating_capacity"].sel(tech="g", year=2030)) == pytest.approx(40.0)
    assert float(res["generation"].sel(tech="g", year=2030)) == pytest.approx(40 * H)
    assert float(res["full_load_hours"].sel(tech="g", year=2030)) == pytest.approx(H)
    assert res.attrs["objective"] == pytest.approx(H * (40 * 10.0 + 60 * 500.0) + 40e3 * fom)
    # the same through the rows of an extendable technology (capacity an expression)
    dear_build = {**techs["g"], "extendable": True, "capex": 1e6}
    s = tiny_scenario({**techs, "g": dear_build}, 100.0, fuels=FREE_FUEL,
                      overrides={"power.pipeline.p": project})
    res = run(s).dataset
    assert float(res["new_capacity"].sel(tech="g", year=2030)) == pytest.approx(0.0, abs=1e-6)
    assert float(res["generation"].sel(tech="g", year=2030)) == pytest.approx(40 * H)
    assert res.attrs["objective"] == pytest.approx(H * (40 * 10.0 + 60 * 500.0) + 40e3 * fom)
    # unset: the technology's first_year_availability (0.25) applies
    default = tiny_scenario(
        {**techs, "g": {**techs["g"], "first_year_availability": 0.25}}, 100.0,
        fuels=FREE_FUEL,
        overrides={"power.pipeline.p": {k: v for k, v in project.items()
                                        if k != "first_year_share"}},
    )
    got = run(default).dataset
    assert float(got["operating_capacity"].sel(tech="g", year=2030)) == pytest.approx(25.0)
    # a retirement: the old 100 MW plant loses 50 MW for 0.6 of the year
    old = {"old": fixed_generator(10.0, 100.0), "dear": fixed_generator(500.0, 100.0)}
    retire = {"tech": "old", "capacity": -50.0, "year": 2030, "first_year_share": 0.6}
    res = run(tiny_scenario(old, 100.0, fuels=FREE_FUEL,
                            overrides={"power.pipeline.r": retire})).dataset
    assert float(res["operating_capacity"].sel(tech="old", year=2030)) == pytest.approx(70.0)
    assert res.attrs["objective"] == pytest.approx(H * (70 * 10.0 + 30 * 500.0))


def test_first_year_share_must_be_a_share(tmp_path):
    from lowcarbon_sim.data.pipeline import PIPELINE_COLUMNS, read_pipeline
    from lowcarbon_sim.errors import DataError

    row = "p,g,100,MW,2026,1.5,d,a source,assumption,n"
    (tmp_path / "pipeline.csv").write_text(",".join(PIPELINE_COLUMNS) + "\n" + row + "\n")
    with pytest.raises(DataError, match=r"pipeline.csv, line 2: first_year_share"):
        read_pipeline(tmp_path)


def test_hunan_ningxia_runs_its_share_of_2025():
    """Ningxia-Hunan's 2025: 160 full-rating days of 365 (pipeline.csv), the contract's
    hours over the capacity in service, so the 2025 energy is 8 GW x 0.438 x 4,050-5,000 h."""
    ds = build_inputs(load_scenario(BASELINE))
    idle = float(ds["pipeline_idle_capacity"].sel(tech="import_ningxia", year=2025))
    assert idle == pytest.approx(8000 * (1 - 0.438))
    assert float(ds["pipeline_idle_capacity"].sel(tech="import_ningxia", year=2026)) == 0.0
    hmin = float(ds["min_full_load_hours"].sel(tech="import_ningxia", year=2025))
    assert 8000 * 0.438 * hmin / 1e6 == pytest.approx(14.2, abs=0.1)  # TWh, as before
    # a run that starts after a project's first year sees it running all year
    later = build_inputs(load_scenario(BASELINE, {"years.first": 2027}))
    idle = later["pipeline_idle_capacity"]
    assert float(abs(idle.sel(tech="import_ningxia")).sum()) == 0.0
    assert float(idle.sel(tech="coal_new", year=2027)) == pytest.approx(0.5 * 600)  # its own


def test_fuel_price_case_switches_the_price_path():
    fuels = {"f": {"price": 100.0, "price_low": 50.0, "price_high": 200.0}}
    gen = {**GEN, "existing_capacity": 100.0, "vom": 0.0, "efficiency": 0.5}
    costs = {}
    for case in ("low", "central", "high"):
        s = tiny_scenario({"g": gen}, 100.0, fuels=fuels,
                          overrides={"power.fuel_price_case": case})
        costs[case] = run(s).dataset.attrs["objective"]
    # 100 MW x 8760 h / efficiency 0.5 x price
    assert costs["low"] == pytest.approx(H * 200 * 50)
    assert costs["central"] == pytest.approx(H * 200 * 100)
    assert costs["high"] == pytest.approx(H * 200 * 200)


def test_hunan_price_paths_have_sources_and_cases():
    rows = [r for r in figures("hunan") if r["key"].startswith("power.fuels.")
            and r["key"].rsplit(".", 1)[-1] in ("price", "price_low", "price_high")]
    keys = {r["key"] for r in rows}
    for fuel in ("coal", "gas", "biomass"):
        for field in ("price", "price_low", "price_high"):
            assert f"power.fuels.{fuel}.{field}" in keys
    assert all(r["source"].strip() for r in rows)
    s = load_scenario(BASELINE)
    future = YEARS[YEARS.index(2025):]
    coal = series_values(s.power.fuels["coal"].price, future)
    gas = series_values(s.power.fuels["gas"].price, future)
    # per MWh of electricity (existing coal fleet about 0.40 on average, CCGT 0.57) gas is dearer
    assert np.all(gas / 0.57 > coal / 0.40)
    high = load_scenario(BASELINE, {"power.fuel_price_case": "high"})
    ds_c, ds_h = build_inputs(s), build_inputs(high)
    assert float(ds_h["fuel_cost"].sel(tech="coal_sc", year=2030)) > float(
        ds_c["fuel_cost"].sel(tech="coal_sc", year=2030)
    )
    # history keeps the recorded prices whatever the case
    np.testing.assert_allclose(
        ds_h["fuel_cost"].sel(year=slice(2020, 2024)), ds_c["fuel_cost"].sel(year=slice(2020, 2024))
    )

"""Plausible ranges of figures (``ranges.csv``): loading, checks and moving a value to a bound."""

from __future__ import annotations

import shutil

import pytest

from lowcarbon_sim.data import DATA_DIR, provenance
from lowcarbon_sim.data import ranges as ranges_module
from lowcarbon_sim.data.provenance import data_sources
from lowcarbon_sim.data.ranges import plausible_ranges, scaled_from_decision_years
from lowcarbon_sim.errors import DataError


def test_shipped_ranges_hold_their_defaults_and_name_figures():
    got = plausible_ranges("hunan")
    assert "power.techs.coal_usc.efficiency" in got
    df = data_sources("hunan")
    for key, rng in got.items():
        rows = df[df["key"] == key]
        assert len(rows), key
        held = rows.assign(o=rows["year"].fillna(-1)).sort_values("o")["value"].iloc[-1]
        assert rng.low <= held <= rng.high, key
        assert rng.source.strip(), key


@pytest.fixture
def copied(tmp_path, monkeypatch):
    shutil.copytree(DATA_DIR / "hunan", tmp_path / "hunan")
    monkeypatch.setattr(provenance, "DATA_DIR", tmp_path)
    monkeypatch.setattr(ranges_module, "DATA_DIR", tmp_path)
    ranges_module._ranges.cache_clear()
    yield tmp_path / "hunan" / "ranges.csv"
    ranges_module._ranges.cache_clear()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("power.techs.coal_usc.efficiency,0.419", "power.techs.coal_usx.efficiency,0.419",
         "is not a figure"),
        ("power.techs.coal_usc.efficiency,0.419,0.443", "power.techs.coal_usc.efficiency,0.5,0.443",
         "low < high"),
        ("power.techs.coal_usc.efficiency,0.419,0.443", "power.techs.coal_usc.efficiency,0.44,0.45",
         "lies outside 0.44-0.45"),
        ("power.techs.coal_usc.efficiency,0.419,0.443", "power.techs.coal_usc.efficiency,low,0.45",
         "must be numbers"),
        ("power.techs.import_central_ac.price,300,360,yuan/MWh",
         "power.techs.import_central_ac.price,300,360,yuan/kWh", "differs from the figure's"),
    ],
)
def test_a_malformed_range_names_file_line_and_problem(copied, old, new, message):
    text = copied.read_text(encoding="utf-8")
    assert old in text
    copied.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError, match=message) as err:
        plausible_ranges("hunan")
    assert "ranges.csv, line 2" in str(err.value) or "ranges.csv, line 3" in str(err.value)


def test_a_repeated_key_is_an_error(copied):
    lines = copied.read_text(encoding="utf-8").splitlines()
    copied.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="has a range already"):
        plausible_ranges("hunan")


def test_no_ranges_file_gives_no_ranges(copied):
    copied.unlink()
    assert plausible_ranges("hunan") == {}


def test_unknown_dataset():
    with pytest.raises(KeyError):
        plausible_ranges("atlantis")


def test_range_factors_move_the_default_to_the_bounds():
    rng = plausible_ranges("hunan")["power.fuels.coal.emission_factor"]
    assert rng.default == 94.6  # kg CO2/GJ, the figure's unit
    assert rng.factor("low") * rng.default == pytest.approx(rng.low)
    assert rng.factor("high") * rng.default == pytest.approx(rng.high)


def test_scaled_from_decision_years_keeps_history():
    assert scaled_from_decision_years(0.5, 1.2, 2024) == pytest.approx(0.6)
    series = {2020: 50.0, 2024: 45.0, 2025: 40.0, 2030: 30.0}
    assert scaled_from_decision_years(series, 2.0, 2024) == {2020: 50.0, 2024: 45.0,
                                                             2025: 80.0, 2030: 60.0}
    # a series ending in history: a row at the first decision year holds the scaled value
    assert scaled_from_decision_years({2020: 389.0, 2023: 372.0}, 0.5, 2024) == {
        2020: 389.0, 2023: 372.0, 2025: 186.0}


def test_the_uncertainty_scenario_samples_the_ranges_of_ranges_csv():
    """A key sampled by ``hunan_uncertainty`` with a range in ``ranges.csv`` is sampled over
    exactly that range, around the default: the two cannot drift apart."""
    import lowcarbon_sim as lcs
    from lowcarbon_sim.ensemble.spec import support

    scenario = lcs.load_scenario("scenarios/hunan_uncertainty.yaml")
    ranges = plausible_ranges("hunan")

    def ranged_key(key: str) -> str | None:
        """The ranges.csv key a sampled key falls under: itself, or the series one of its
        years belongs to (the water years, solar's yield)."""
        series, _, year = key.rpartition(".")
        return key if key in ranges else series if year.isdigit() and series in ranges else None

    shared = {k: ranged_key(k) for k in scenario.uncertainty.parameters if ranged_key(k)}
    assert "power.techs.coal_usc.efficiency" in shared
    assert "power.techs.hydro.inflow.2030" in shared
    for key, range_key in shared.items():
        values = support(scenario.uncertainty.parameters[key])
        bounds = ranges[range_key]
        assert (min(values), max(values)) == (bounds.low, bounds.high), key
        assert min(values) <= bounds.default <= max(values)

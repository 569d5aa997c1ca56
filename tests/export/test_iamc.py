"""The IAMC long table holds the dataset's numbers under IAMC variable names."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lowcarbon_sim.export.iamc import IAMC_COLUMNS, tech_category, to_iamc, write_iamc

YEARS = [2028, 2029, 2030]


def values(frame: pd.DataFrame, variable: str) -> np.ndarray:
    rows = frame[frame["variable"] == variable].sort_values("year")
    assert list(rows["year"]) == YEARS, variable
    return rows["value"].to_numpy(float)


def unit(frame: pd.DataFrame, variable: str) -> str:
    (u,) = set(frame.loc[frame["variable"] == variable, "unit"])
    return u


def test_columns_and_identity(tiny):
    df = to_iamc(tiny, region="Test Province")
    assert tuple(df.columns) == IAMC_COLUMNS
    assert set(df["model"]) == {"lowcarbon-sim 0.1.0"}
    assert set(df["scenario"]) == {"tiny"}
    assert set(df["region"]) == {"Test Province"}
    assert set(df["year"]) == set(YEARS)
    assert not df.duplicated(["variable", "year"]).any()
    assert to_iamc(tiny)["region"].iloc[0] == "Province"  # no packaged data set


def test_values_equal_dataset_in_reporting_units(tiny):
    ds = tiny.dataset
    df = to_iamc(tiny)
    cap = ds["capacity"]
    np.testing.assert_allclose(
        values(df, "Capacity|Electricity|Solar"), cap.sel(tech="solar") / 1e3
    )
    np.testing.assert_allclose(values(df, "Capacity|Electricity|Coal"), [0.06] * 3)
    assert unit(df, "Capacity|Electricity|Solar") == "GW"
    np.testing.assert_allclose(
        values(df, "Capacity|Electricity|Storage"), cap.sel(tech="battery") / 1e3
    )
    np.testing.assert_allclose(values(df, "Capacity|Electricity|Imports"), [0.02] * 3)
    gen = ds["generation"] / 1e6
    np.testing.assert_allclose(
        values(df, "Secondary Energy|Electricity|Solar"), gen.sel(tech="solar")
    )
    # in-province generation excludes imports and storage output
    np.testing.assert_allclose(
        values(df, "Secondary Energy|Electricity"),
        gen.sel(tech=["coal", "gas", "solar"]).sum("tech"),
    )
    np.testing.assert_allclose(values(df, "Trade|Electricity|Imports"), gen.sel(tech="imp"))
    assert unit(df, "Secondary Energy|Electricity") == "TWh/yr"
    np.testing.assert_allclose(
        values(df, "Emissions|CO2|Energy|Supply|Electricity"),
        ds["emissions"].sel(sector="power") / 1e6,
    )
    np.testing.assert_allclose(values(df, "Emissions|CO2|Energy|Supply|Electricity")[2], 0.1)
    np.testing.assert_allclose(values(df, "Emissions|CO2"), ds["total_emissions"] / 1e6)
    np.testing.assert_allclose(values(df, "Price|Carbon"), ds["co2_price"])
    assert unit(df, "Price|Carbon") == "CNY_2020/t CO2"
    np.testing.assert_allclose(values(df, "Cost|Total Energy System Cost"), ds["total_cost"] / 1e9)
    # demand-weighted electricity price, by hand for 2030
    w = ds["timestep_weight"].values
    d = ds["demand"].sel(year=2030).values
    p = ds["electricity_price"].sel(year=2030).values
    assert values(df, "Price|Secondary Energy|Electricity")[2] == pytest.approx(
        (p * d * w).sum() / (d * w).sum()
    )
    # nothing captured, no hydrogen: no such rows
    assert not df["variable"].str.startswith(("Carbon", "Production|Hydrogen")).any()


def test_sector_ccus_hydrogen_and_final_energy_rows_when_present(rich):
    df = to_iamc(rich)
    np.testing.assert_allclose(values(df, "Emissions|CO2|Energy|Demand|Industry"), [0.2] * 3)
    np.testing.assert_allclose(
        values(df, "Emissions|CO2|Energy|Demand|Residential and Commercial"), [0.05] * 3
    )
    np.testing.assert_allclose(values(df, "Emissions|CO2"), rich["total_emissions"] / 1e6)
    np.testing.assert_allclose(values(df, "Carbon Capture"), [0.0, 0.01, 0.03])
    np.testing.assert_allclose(values(df, "Carbon Capture|Energy|coal"), [0.0, 0.01, 0.03])
    np.testing.assert_allclose(values(df, "Carbon Sequestration|CCS"), [0.0, 0.01, 0.03])
    np.testing.assert_allclose(values(df, "Production|Hydrogen|gas"), [0.1, 0.2, 0.4])
    fe = rich["final_energy"] / 1e6
    np.testing.assert_allclose(
        values(df, "Final Energy|Industry|Solids|Coal"), fe.sel(sector="industry", carrier="coal")
    )
    # the power sector's own use and losses are not final energy
    demand_sectors = ["industry", "buildings", "transport"]
    np.testing.assert_allclose(
        values(df, "Final Energy"), fe.sel(sector=demand_sectors).sum(["sector", "carrier"])
    )
    assert not df["variable"].str.startswith("Final Energy|Power").any()
    np.testing.assert_allclose(
        values(df, "Final Energy|Industry|Solids"), fe.sel(sector="industry", carrier="coal")
    )
    np.testing.assert_allclose(
        values(df, "Emissions|CO2|Energy|Demand"), [0.2 + 0.05 + x for x in [0.04, 0.05, 0.06]]
    )


def test_every_parent_is_the_sum_of_its_children(tiny):
    """The hierarchy is consistent (what pyam's check_aggregate verifies)."""
    # gas becomes a second coal fleet, so the Coal category has two children
    ds = tiny.dataset.assign_coords(tech=["coal", "coal_new", "solar", "battery", "imp"])
    ds["tech_fuel"] = ("tech", ["coal", "coal", "", "", ""])
    df = to_iamc(ds)
    assert "Capacity|Electricity|Gas" not in set(df["variable"])
    for parent in (
        "Capacity|Electricity|Coal",
        "Secondary Energy|Electricity|Coal",
        "Storage Capacity|Electricity",
        "Secondary Energy|Electricity",
    ):
        children = df[
            df["variable"].str.startswith(parent + "|")
            & (df["variable"].str.count(r"\|") == parent.count("|") + 1)
        ]
        assert len(children), parent
        summed = children.groupby("year")["value"].sum().to_numpy()
        np.testing.assert_allclose(summed, values(df, parent), err_msg=parent)


def test_tech_categories_come_from_tables():
    assert tech_category("pumped_hydro", "storage") == "Storage"
    assert tech_category("import_qishao", "import") == "Imports"
    assert tech_category("coal_new", "dispatchable", "coal") == "Coal"
    assert tech_category("ccgt", "dispatchable", "gas") == "Gas"
    assert tech_category("hydro", "hydro") == "Hydro"
    assert tech_category("rooftop_pv", "variable") == "Solar"
    assert tech_category("mystery", "variable") == "Other"


def test_write_iamc_csv_round_trips(tiny, rich, tmp_path):
    other = rich.copy()
    other.attrs["scenario"] = "with_sectors"
    path = write_iamc([tiny, other], tmp_path / "out.csv")
    back = pd.read_csv(path)
    assert tuple(back.columns) == IAMC_COLUMNS
    assert set(back["scenario"]) == {"tiny", "with_sectors"}
    expected = to_iamc(tiny)
    got = back[back["scenario"] == "tiny"].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert not list(tmp_path.glob("*.tmp"))


def test_pyam_reads_the_file(tiny, tmp_path):
    pyam = pytest.importorskip("pyam")
    path = write_iamc(tiny, tmp_path / "out.csv")
    df = pyam.IamDataFrame(str(path))
    assert df.scenario == ["tiny"]
    assert df.filter(variable="Price|Carbon").timeseries().shape == (1, 3)
    assert df.check_aggregate("Capacity|Electricity|Coal") is None
    assert_pyam_accepts(df)


#: Variables that cannot be negative (emissions can: the land sink, BECCS; a sector's
#: final electricity can hold a negative statistical difference).
NON_NEGATIVE = [
    "Capacity|*",
    "Storage Capacity|*",
    "Storage Output|*",
    "Secondary Energy|*",
    "Trade|*",
    "Demand|*",
    "Production|*",
    "Carbon Capture*",
    "Carbon Sequestration*",
    "Final Energy",
]


def assert_pyam_accepts(df) -> None:
    """Every parent variable is the sum of its children (pyam's check_aggregate) and no
    physical quantity is negative (pyam's validate)."""
    variables = list(df.variable)
    parents = [v for v in variables if any(w.startswith(v + "|") for w in variables)]
    assert parents
    for v in parents:
        assert df.check_aggregate(v, rtol=1e-9, atol=1e-9) is None, v
    assert df.validate(lower_bound=-1e-9, variable=NON_NEGATIVE) is None
    if "Final Energy" in variables:  # and each sector's total
        sectors = df.filter(variable="Final Energy|*", level=0)
        assert len(sectors.variable) >= 4
        assert sectors.validate(lower_bound=-1e-9) is None


SHIPPED = sorted(p.stem for p in (Path(__file__).parents[2] / "scenarios").glob("*.yaml"))


@pytest.mark.slow
@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenarios_pass_pyam_checks(name, scenarios_dir):
    """The variable tree of a shipped scenario (fewer days and years, the same
    technologies and sectors) passes pyam's check_aggregate and validate."""
    pyam = pytest.importorskip("pyam")
    import lowcarbon_sim as lcs

    fast = {"time.days": 2, "years.milestones": [2020, 2024, 2025, 2030]}
    results = lcs.run(lcs.load_scenario(scenarios_dir / f"{name}.yaml", overrides=fast))
    frame = to_iamc(results)
    df = pyam.IamDataFrame(frame)
    assert df.region == ["Hunan"]
    assert_pyam_accepts(df)
    variables = set(df.variable)
    # hydrogen and heat plants under their own carrier, never as electricity
    assert {"Capacity|Hydrogen|Coal", "Capacity|Hydrogen|Electricity"} <= variables
    assert {"Secondary Energy|Heat", "Capacity|Heat|Coal"} <= variables
    assert not any(
        "h2_" in v or "electrolyser" in v or "heat_" in v
        for v in variables
        if v.startswith("Capacity|Electricity")
    )
    # conversion sectors are not final energy
    assert not any(
        v.startswith(
            (
                "Final Energy|Power",
                "Final Energy|Hydrogen",
                "Final Energy|Ccus",
                "Final Energy|Heat",
            )
        )
        for v in variables
    )
    assert "Emissions|CO2|Energy|Supply" in variables
    np.testing.assert_allclose(
        values_of(frame, "Emissions|CO2"), results.dataset["total_emissions"].values / 1e6
    )


def values_of(frame: pd.DataFrame, variable: str) -> np.ndarray:
    return frame[frame["variable"] == variable].sort_values("year")["value"].to_numpy(float)

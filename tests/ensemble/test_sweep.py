"""Sweeps and the marginal abatement cost curve."""

import json

import numpy as np
import pytest
import xarray as xr

from lowcarbon_sim.ensemble.plots import mac_plot
from lowcarbon_sim.ensemble.sweep import mac_curve, mac_options, run_sweep
from lowcarbon_sim.errors import ScenarioError


def test_mac_curve_on_the_tiny_system(tiny, tmp_path):
    path = tiny.write(tmp_path / "s")
    res = run_sweep(
        path,
        "policy.co2_price",
        ["100", 50, 200, 300],
        scheduler="synchronous",
        out_dir=tmp_path / "out",
        progress=False,
    )
    assert res.n_ok == 5  # 0 (the no-price reference) was added
    curve = res.mac_curve()
    assert curve["price"].tolist() == [0.0, 50.0, 100.0, 200.0, 300.0]
    assert curve["abatement"].iloc[0] == 0.0
    # abatement never falls as the price rises (an LP optimum: higher price, fewer tonnes)
    assert (np.diff(curve["abatement"]) >= -1e-6).all()
    assert curve["abatement"].iloc[-1] > 0.9 * curve["emissions"].iloc[0]
    np.testing.assert_allclose(curve["step_abatement"].cumsum(), curve["abatement"], atol=1e-6)
    # resource cost rises with abatement, CO2 payments left out
    assert (curve["cost_increase"].iloc[1:] >= -1e-3).all()
    options = res.mac_options()
    # some option enters as the price rises and coal generation falls at some step
    assert options["enters"].any()
    coal = options[(options.variable == "generation") & (options.tech == "coal")]
    assert (coal["change"] < 0).any() and (coal["change"] <= 1e-6).all()
    # the table agrees with the member results it comes from
    gen = res.dataset["generation"].sel(year=2030, tech="coal")
    by_price = dict(zip(res.dataset["policy.co2_price"].values, gen.values, strict=True))
    for row in coal.itertuples():
        assert row.change == pytest.approx(by_price[row.price_to] - by_price[row.price_from])
    ds = xr.open_dataset(tmp_path / "out" / "sweep.nc", engine="h5netcdf")
    with ds:
        assert ds.sizes["sample"] == 5 and json.loads(ds.attrs["parameters"]) == [
            "policy.co2_price"
        ]
    assert mac_plot(curve).axes[0].get_xlabel().startswith("abatement")


def test_mac_curve_by_hand():
    # members out of order; emissions 10, 5, 2 t at prices 0, 50, 100
    ds = xr.Dataset(
        {
            "total_emissions": (("sample", "year"), [[2.0], [10.0], [5.0]], {"units": "t CO2"}),
            "annual_cost": (
                ("sample", "year", "cost_component"),
                [[[130.0, 200.0]], [[100.0, 0.0]], [[110.0, 250.0]]],
                {"units": "yuan"},
            ),
            "capacity": (
                ("sample", "year", "tech"),
                [[[0.0, 9.0]], [[5.0, 0.0]], [[5.0, 4.0]]],
                {"units": "MW"},
            ),
        },
        coords={
            "sample": [0, 1, 2],
            "year": [2030],
            "cost_component": ["fuel", "carbon"],
            "tech": ["coal", "wind"],
            "policy.co2_price": ("sample", [100.0, 0.0, 50.0]),
            "status": ("sample", ["ok", "ok", "ok"]),
        },
    )
    curve = mac_curve(ds)
    assert curve["price"].tolist() == [0.0, 50.0, 100.0]
    assert curve["abatement"].tolist() == [0.0, 5.0, 8.0]
    assert curve["step_abatement"].tolist() == [0.0, 5.0, 3.0]
    assert curve["resource_cost"].tolist() == [100.0, 110.0, 130.0]  # carbon left out
    assert curve["average_cost"].iloc[1:].tolist() == pytest.approx([10.0 / 5.0, 30.0 / 8.0])
    opts = mac_options(ds)
    wind_in = opts[(opts.tech == "wind") & (opts.price_from == 0.0)]
    assert wind_in["change"].item() == 4.0 and wind_in["enters"].item()
    coal_out = opts[(opts.tech == "coal") & (opts.price_from == 50.0)]
    assert coal_out["change"].item() == -5.0 and not coal_out["enters"].item()
    assert len(opts) == 3  # coal does not move between 0 and 50


def test_sweep_values_are_checked_before_running(tiny, tmp_path):
    path = tiny.write(tmp_path / "s")
    with pytest.raises(ScenarioError) as err:
        run_sweep(
            path,
            "policy.co2_price",
            [100, -5],
            scheduler="synchronous",
            out_dir=tmp_path / "out",
            progress=False,
        )
    assert "uncertainty.sweep.policy.co2_price" in str(err.value) and "-5" in str(err.value)
    with pytest.raises(ScenarioError, match="not a key"):
        run_sweep(
            path,
            "policy.co2_prize",
            [1],
            scheduler="synchronous",
            out_dir=tmp_path / "out",
            progress=False,
        )
    with pytest.raises(ScenarioError, match="no key to sweep"):
        run_sweep(path, scheduler="synchronous", out_dir=tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def test_per_year_price_key_writes_labelled_curves_and_plots(tiny, tmp_path, capsys):
    # issue 21: `sweep --key policy.co2_price.2030` is a carbon-price sweep too: 0 is
    # added, the curve is written per year and summed over the years, --plots honoured
    import pandas as pd

    from lowcarbon_sim.cli.main import main

    path = tiny.write(tmp_path / "s")
    out = tmp_path / "out"
    code = main(
        [
            "sweep",
            str(path),
            "--key",
            "policy.co2_price.2030",
            "--values",
            "100",
            "300",
            "--scheduler",
            "synchronous",
            "--out",
            str(out),
            "--no-progress",
            "--plots",
        ]
    )
    text = capsys.readouterr().out
    assert code == 0 and "3 members run" in text
    assert "in 2030 (Mt CO2/yr)" in text and "summed over the modelled years 2030-2030" in text
    curve = pd.read_csv(out / "mac_curve.csv")
    by_year = pd.read_csv(out / "mac_curve_by_year.csv")
    assert curve["price"].tolist() == [0.0, 100.0, 300.0]
    assert by_year["year"].unique().tolist() == [2030]
    # one modelled year: the year's curve is the cumulative one
    np.testing.assert_allclose(by_year["abatement"], curve["abatement"])
    assert curve["abatement"].iloc[-1] > 0
    assert (out / "plots" / "mac_curve.png").stat().st_size > 0
    assert (out / "plots" / "sweep_emissions.png").stat().st_size > 0


def test_any_key_sweep_honours_plots(tiny, tmp_path, capsys):
    from lowcarbon_sim.cli.main import main

    path = tiny.write(tmp_path / "s")
    out = tmp_path / "out"
    args = ["sweep", str(path), "--key", "power.techs.solar.capex", "--values", "2500", "3500"]
    args += ["--scheduler", "synchronous", "--out", str(out), "--no-progress", "--plots"]
    assert main(args) == 0
    assert not (out / "mac_curve.csv").exists()  # not a carbon price
    assert (out / "plots" / "sweep_emissions.png").stat().st_size > 0


def test_abatement_by_year_and_labels_by_hand():
    from lowcarbon_sim.ensemble.plots import abatement_curves
    from lowcarbon_sim.ensemble.sweep import abatement_by_year, is_carbon_price_key

    assert is_carbon_price_key("policy.co2_price.2030") and is_carbon_price_key("policy.co2_price")
    assert not is_carbon_price_key("policy.co2_cap.2030")
    # two years, emissions (t) at prices 0 and 50: 2029: 10 -> 8, 2030: 10 -> 4
    ds = xr.Dataset(
        {"total_emissions": (("sample", "year"), [[10.0, 10.0], [8.0, 4.0]])},
        coords={
            "sample": [0, 1],
            "year": [2029, 2030],
            "policy.co2_price": ("sample", [0.0, 50.0]),
            "status": ("sample", ["ok", "ok"]),
        },
    )
    by_year = abatement_by_year(ds)
    assert by_year[by_year.year == 2029]["abatement"].tolist() == [0.0, 2.0]
    assert by_year[by_year.year == 2030]["abatement"].tolist() == [0.0, 6.0]
    total = mac_curve(ds)
    assert total["abatement"].tolist() == [0.0, 8.0]  # the years' sum
    assert total.attrs["sums"] == "summed over the modelled years 2029-2030"
    assert mac_curve(ds, year=2030).attrs["sums"] == "in 2030"
    fig = abatement_curves(by_year, total)
    left, right = fig.axes[:2]
    assert "in 2030" in left.get_xlabel() and "Mt CO2/yr" in left.get_xlabel()
    assert "summed over the modelled years 2029-2030" in right.get_xlabel()
    # steps "pre": the 6 t of 2030 cost 50 yuan/t, none is drawn at price 0 beyond x = 0
    (step,) = [ln for ln in left.get_lines() if ln.get_label() == "2030"]
    x, y = step.get_path().vertices.T
    assert not ((y == 0.0) & (x > 0)).any()
    assert "summed over" in mac_plot(total).axes[0].get_xlabel()

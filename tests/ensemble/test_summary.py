"""Summary tables and plots on hand-made ensemble Datasets (no model runs)."""

import json

import numpy as np
import pytest
import xarray as xr
from matplotlib.figure import Figure

from lowcarbon_sim.ensemble import plots
from lowcarbon_sim.ensemble.summary import (
    peak_distribution,
    peak_year_counts,
    sensitivity,
    summary_text,
    target_probabilities,
)


def ensemble(x1, x2, peak_year, peak, status=None, target_met=None):
    n = len(x1)
    years = np.arange(2020, 2031)
    # a trajectory rising to each member's peak and flat after it, t CO2
    traj = np.array(
        [
            np.where(years <= py, p * (years - 2019) / (py - 2019), p)
            for py, p in zip(peak_year, peak, strict=True)
        ]
    )
    ds = xr.Dataset(
        {
            "peak_year": ("sample", np.asarray(peak_year, float), {"units": "year"}),
            "peak_emissions": ("sample", np.asarray(peak, float), {"units": "t CO2"}),
            "total_emissions": (("sample", "year"), traj, {"units": "t CO2"}),
        },
        coords={
            "sample": np.arange(n),
            "year": years,
            "a.price": ("sample", x1),
            "b.level": ("sample", x2),
            "status": ("sample", status or ["ok"] * n),
        },
        attrs={"parameters": json.dumps(["a.price", "b.level"]), "scenario": "made"},
    )
    if target_met is not None:
        ds["target_met"] = (("sample", "target"), np.asarray(target_met, float), {"units": "1"})
        ds = ds.assign_coords(target=["peak_by_2030", "share_2030"])
    return ds


def test_peak_distribution_and_counts_by_hand():
    ds = ensemble([1, 2, 3, 4], [4, 3, 2, 1], [2025, 2025, 2026, 2030], [10e6, 20e6, 30e6, 40e6])
    dist = peak_distribution(ds)
    assert dist.loc["peak_emissions", "mean"] == pytest.approx(25e6)
    assert dist.loc["peak_emissions", "p50"] == pytest.approx(25e6)
    assert dist.loc["peak_year", "min"] == 2025 and dist.loc["peak_year", "max"] == 2030
    counts = peak_year_counts(ds)
    assert counts["count"].to_dict() == {2025: 2, 2026: 1, 2030: 1}
    assert counts.loc[2025, "share"] == pytest.approx(0.5)


def test_failed_members_are_left_out():
    ds = ensemble(
        [1, 2, 3], [1, 2, 3], [2025, 2026, 2027], [1.0, 2.0, np.nan], status=["ok", "ok", "failed"]
    )
    assert peak_distribution(ds).loc["peak_emissions", "n"] == 2
    assert peak_year_counts(ds)["count"].sum() == 2


def test_target_probability_is_the_share_of_members_meeting_it():
    ds = ensemble(
        [1, 2, 3, 4],
        [1, 2, 3, 4],
        [2025] * 4,
        [1.0] * 4,
        target_met=[[1, 0], [1, 1], [0, 0], [1, 0]],
    )
    probs = target_probabilities(ds)
    assert probs.loc["peak_by_2030", "probability"] == pytest.approx(0.75)
    assert probs.loc["share_2030", "probability"] == pytest.approx(0.25)
    assert "target peak_by_2030: met in 75% of members" in summary_text(ds)


def test_spearman_and_prcc_signs_on_a_constructed_case():
    rng = np.random.default_rng(0)
    x1 = rng.permutation(20).astype(float)  # drives the peak down
    x2 = rng.permutation(20).astype(float)  # drives it up, more weakly
    peak = 100.0 - 3.0 * x1 + 1.0 * x2
    ds = ensemble(x1, x2, [2025] * 20, peak)
    sens = sensitivity(ds).set_index(["output", "parameter"])
    s1 = sens.loc[("peak_emissions", "a.price")]
    s2 = sens.loc[("peak_emissions", "b.level")]
    assert s1["spearman"] < -0.8 and s2["spearman"] > 0
    # PRCC removes the other input's (linear in ranks) effect: both become stronger
    assert s1["prcc"] < s1["spearman"] and s2["prcc"] > s2["spearman"]
    # a constant output (every member peaks in 2025) has no drivers
    assert np.isnan(sens.loc[("peak_year", "a.price"), "spearman"])
    # monotone in x1 alone: exactly -1
    exact = sensitivity(ensemble(x1, x2, [2025] * 20, 50.0 - x1))
    assert exact.query("parameter == 'a.price' and output == 'peak_emissions'")[
        "spearman"
    ].item() == pytest.approx(-1.0)


def test_plots_return_figures():
    ds = ensemble(
        [1, 2, 3, 4, 5], [5, 3, 4, 1, 2], [2025, 2026, 2026, 2027, 2028], [1e6, 2e6, 3e6, 4e6, 5e6]
    )
    fan = plots.fan_chart(ds)
    assert isinstance(fan, Figure)
    ax = fan.axes[0]
    # the median line of the fan is the median trajectory (Mt)
    median = np.median(ds["total_emissions"].values, axis=0) / 1e6
    np.testing.assert_allclose(ax.lines[0].get_ydata(), median)
    assert isinstance(plots.peak_year_histogram(ds), Figure)
    assert isinstance(plots.tornado(sensitivity(ds), "peak_emissions"), Figure)

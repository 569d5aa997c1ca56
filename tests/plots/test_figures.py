"""Figures render the data they are given: labels, legend entries and series sums."""

import numpy as np
import pytest
from matplotlib.collections import FillBetweenPolyCollection, PolyCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure

from lowcarbon_sim.errors import DataError
from lowcarbon_sim.plots import (
    emission_targets,
    plot_capacity_mix,
    plot_carbon_price,
    plot_co2_flows,
    plot_comparison,
    plot_dispatch,
    plot_emissions,
    plot_generation_mix,
    plot_hydrogen_flows,
    plot_storage,
)
from lowcarbon_sim.plots._common import co2_cap_path
from lowcarbon_sim.plots.colours import dataset_tech_colours, tech_colours
from lowcarbon_sim.plots.labels import tech_label
from lowcarbon_sim.results.core import Results, open_results

YEARS = [2028, 2029, 2030]


def bars(ax) -> dict[str, np.ndarray]:
    """Bar heights by container label."""
    return {
        c.get_label(): np.array([p.get_height() for p in c.patches])
        for c in ax.containers
        if isinstance(c, BarContainer)
    }


def legend_texts(ax) -> list[str]:
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


def line(ax, label):
    (found,) = [ln for ln in ax.get_lines() if ln.get_label() == label]
    return found


def test_capacity_mix_bars_equal_capacity_in_gw(tiny):
    ds = tiny.dataset
    fig = plot_capacity_mix(tiny)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    heights = bars(ax)
    # gas is never built: no bar, no legend entry; legends show display names; the
    # import line is not installed generating capacity: a panel of its own
    assert set(heights) == {"Coal", "Solar", "Battery"}
    assert set(legend_texts(ax)) == set(heights)
    names = {tech_label(t): str(t) for t in ds["tech"].values}
    for label, h in heights.items():
        np.testing.assert_allclose(h, ds["capacity"].sel(tech=names[label]).values / 1e3)
    # hand check: 60 MW of coal is 0.06 GW every year
    np.testing.assert_allclose(heights["Coal"], [0.06, 0.06, 0.06])
    assert ax.get_ylabel() == "capacity [GW]"
    imports = bars(fig.axes[1])
    assert set(imports) == {"Imp"}
    np.testing.assert_allclose(imports["Imp"], ds["capacity"].sel(tech="imp").values / 1e3)
    assert fig.axes[1].get_ylabel() == "transfer [GW]"
    assert [t.get_text() for t in fig.axes[1].get_xticklabels()] == [str(y) for y in YEARS]


def test_capacity_mix_subset_of_years_and_bad_years(tiny):
    ax = plot_capacity_mix(tiny, years=[2030]).axes[0]
    assert all(len(h) == 1 for h in bars(ax).values())
    with pytest.raises(DataError, match="none of the years"):
        plot_capacity_mix(tiny, years=[1999])


def test_generation_mix_stacks_supply_charge_below_and_demand_line(tiny):
    ds = tiny.dataset
    ax = plot_generation_mix(tiny).axes[0]
    heights = bars(ax)
    supply = sum(h for k, h in heights.items() if not k.endswith("(charging)"))
    np.testing.assert_allclose(supply, ds["generation"].sum("tech").values / 1e6)
    np.testing.assert_allclose(
        heights["Battery (charging)"], -ds["storage_charge"].sel(tech="battery").values / 1e6
    )
    assert (heights["Battery (charging)"] < 0).all()
    demand = line(ax, "demand")
    np.testing.assert_allclose(demand.get_ydata(), ds["annual_demand"].values / 1e6)
    # supply = demand + storage losses, so supply minus charging equals demand
    np.testing.assert_allclose(supply + heights["Battery (charging)"], demand.get_ydata())


def test_emissions_figure_with_power_only_peak_and_cap(tiny):
    ds = tiny.dataset
    ax = plot_emissions(tiny).axes[0]
    heights = bars(ax)
    assert set(heights) == {"Power"}  # zero sectors are not drawn
    np.testing.assert_allclose(heights["Power"], ds["emissions"].sel(sector="power") / 1e6)
    total = line(ax, "total")
    np.testing.assert_allclose(total.get_ydata(), ds["total_emissions"].values / 1e6)
    peak = int(ds.attrs["peak_year"])
    marker = line(ax, f"peak {peak}")
    assert marker.get_xdata()[0] == peak
    # the cap of 0.1 Mt holds in 2030 only; the results' co2_cap is the source
    cap = line(ax, "CO2 cap (power)")
    y = np.asarray(cap.get_ydata(), dtype=float)
    assert np.isnan(y[:2]).all()
    assert y[2] == pytest.approx(0.1)
    assert heights["Power"][2] == pytest.approx(0.1, rel=1e-6)  # the cap binds


def test_cap_path_drawn_from_a_saved_file_is_the_inputs_cap(tiny, tmp_path):
    # the figure reads the saved results only (no scenario YAML parsed): its cap line is
    # the cap the model was given, year by year
    ds = tiny.dataset.copy()
    del ds.attrs["scenario_yaml"]
    path = Results(ds, inputs=tiny.inputs).to_netcdf(tmp_path / "results.nc")
    y = line(plot_emissions(path).axes[0], "CO2 cap (power)").get_ydata()
    np.testing.assert_array_equal(np.asarray(y, dtype=float), tiny.inputs["co2_cap"].values / 1e6)
    path, scope = co2_cap_path(open_results(path).dataset)
    assert scope == tiny.inputs.attrs["co2_cap_scope"]
    np.testing.assert_array_equal(path.values, tiny.inputs["co2_cap"].values)


def test_emissions_figure_uses_sectors_and_targets_when_present(rich):
    ax = plot_emissions(rich).axes[0]
    heights = bars(ax)
    assert set(heights) == {"Power", "Industry", "Buildings", "Transport"}
    np.testing.assert_allclose(sum(heights.values()), rich["total_emissions"].values / 1e6)
    texts = legend_texts(ax)
    # display names of the targets, not their ids
    assert "CO2 2030 (missed)" in texts  # 0.41 Mt against 0.3 Mt
    assert "Peak of CO2 emissions: before 2030 (met)" in texts
    assert not any("nonfossil" in t for t in texts)  # a share is not drawn on a CO2 chart
    level = line(ax, "CO2 2030 (missed)")
    assert (level.get_xdata()[0], level.get_ydata()[0]) == (2030, pytest.approx(0.3))
    assert f"peak {rich.attrs['peak_year']}" in texts
    kinds = {t.name: t.kind for t in emission_targets(rich)}
    assert kinds == {"co2_2030": "level", "peak_before_2030": "peak"}


def _fill_tops(ax) -> dict[str, np.ndarray]:
    """Upper edge minus lower edge of each step area (values per time step)."""
    out = {}
    for coll in ax.collections:
        if not isinstance(coll, FillBetweenPolyCollection | PolyCollection):
            continue
        label = coll.get_label()
        if label.startswith("_"):
            continue
        verts = coll.get_paths()[0].vertices
        out[label] = verts
    return out


def test_dispatch_week_window_layers_and_demand(tiny):
    ds = tiny.dataset
    fig = plot_dispatch(tiny, year=2030)
    ax = fig.axes[0]
    labels = legend_texts(ax)
    # the 24 time steps are all there is: the "week" is cut to them
    demand = line(ax, "demand")
    np.testing.assert_allclose(demand.get_ydata()[:-1], ds["demand"].sel(year=2030).values / 1e3)
    supply = ds["dispatch"].sel(year=2030)
    shown = {tech_label(t) for t in supply["tech"].values if supply.sel(tech=t).max() > 0}
    assert shown <= set(labels)
    assert "Battery (charging)" in labels
    assert "Gas" not in labels
    # top of the stacked supply equals total output in every hour
    areas = [c for c in ax.collections if c.get_label() in shown]
    top = np.max(areas[-1].get_paths()[0].vertices[:, 1])
    assert top == pytest.approx(float(supply.sum("tech").max()) / 1e3)
    assert "2030" in ax.get_title()
    assert ax.get_ylabel() == "power [GW]"


def test_dispatch_bad_year_and_window(tiny):
    with pytest.raises(DataError, match="year 2040"):
        plot_dispatch(tiny, year=2040)
    with pytest.raises(DataError, match="outside the 24 time steps"):
        plot_dispatch(tiny, start=30)


def test_storage_state_of_charge_lines(tiny):
    ds = tiny.dataset
    fig = plot_storage(tiny, year=2030)
    ax = fig.axes[0]
    battery = line(ax, "Battery")
    np.testing.assert_allclose(
        battery.get_ydata(), ds["soc"].sel(year=2030, tech="battery").values / 1e3
    )
    assert ax.get_ylabel() == "state of charge [GWh]"
    assert legend_texts(ax) == ["Battery"]


def test_storage_round_off_is_no_panel(tiny):
    ds = tiny.dataset.copy(deep=True)
    soc = ds["soc"].copy(deep=True)
    soc.loc[{"year": 2030}] = 1e-13  # solver round-off: an unused store
    ds["soc"] = soc
    with pytest.raises(DataError, match="storage unused"):
        plot_storage(ds, year=2030)


def test_carbon_price_absent_says_so_instead_of_an_empty_chart(tiny):
    ds = tiny.dataset.copy(deep=True)
    ds["co2_price"] = ds["co2_price"] * 0.0
    ds["co2_shadow_price"] = ds["co2_shadow_price"] * 0.0
    ax = plot_carbon_price(ds).axes[0]
    assert not bars(ax)
    assert [t.get_text() for t in ax.texts] == [
        "No carbon price in this scenario\n(no price given and no binding CO2 cap)"
    ]


def test_storage_without_storage_raises(tiny):
    ds = tiny.dataset.drop_vars("soc")
    with pytest.raises(DataError, match="no state of charge"):
        plot_storage(ds)


def test_flows_absent_raise_present_are_drawn(tiny, rich):
    with pytest.raises(DataError, match="no hydrogen flows"):
        plot_hydrogen_flows(tiny)
    with pytest.raises(DataError, match="no captured CO2 flows"):
        plot_co2_flows(tiny)
    h2 = bars(plot_hydrogen_flows(rich).axes[0])
    np.testing.assert_allclose(h2["Gas"], [0.1, 0.2, 0.4])  # kt H2, display names
    co2 = bars(plot_co2_flows(rich).axes[0])
    np.testing.assert_allclose(co2["Coal"], [0.0, 0.01, 0.03])  # Mt CO2
    np.testing.assert_allclose(co2["stored"], [0.0, -0.01, -0.03])


def test_carbon_price_split_into_policy_and_shadow(tiny):
    ds = tiny.dataset
    ax = plot_carbon_price(tiny).axes[0]
    heights = bars(ax)
    np.testing.assert_allclose(heights["policy price"], [50.0, 50.0, 80.0])
    np.testing.assert_allclose(heights["shadow price of the cap"], ds["co2_shadow_price"].values)
    assert heights["shadow price of the cap"][2] > 0  # the 2030 cap binds
    np.testing.assert_allclose(sum(heights.values()), ds["co2_price"].values)


def test_comparison_lines_per_scenario_and_mix_bars(tiny, rich):
    other = rich.copy()
    other.attrs["scenario"] = "with_sectors"
    fig = plot_comparison([tiny, other])
    ax_em, ax_price, _ax_cost, ax_cap, _ax_gen, ax_legend = fig.axes
    em = {ln.get_label(): ln for ln in ax_em.get_lines() if not ln.get_label().startswith("_")}
    assert set(em) == {"tiny", "with_sectors"}
    np.testing.assert_allclose(em["with_sectors"].get_ydata(), rich["total_emissions"] / 1e6)
    np.testing.assert_allclose(line(ax_price, "tiny").get_ydata(), tiny.dataset["co2_price"])
    cap = bars(ax_cap)
    np.testing.assert_allclose(
        cap["Solar"], [float(tiny.dataset["capacity"].sel(year=2030, tech="solar")) / 1e3] * 2
    )
    assert "Imp" not in cap  # an import line is no installed capacity
    assert [t.get_text() for t in ax_cap.get_xticklabels()] == ["tiny", "with_sectors"]
    assert "Solar" in legend_texts(ax_legend)
    with pytest.raises(DataError, match="2 names given for 3"):
        plot_comparison([tiny, tiny, tiny], names=["a", "b"])


def test_colours_are_consistent_data_driven_and_distinct(tiny):
    c = dataset_tech_colours(tiny.dataset)
    assert c["coal"] == "#4d4d4d" and c["imp"] != c["coal"]
    assert len(set(c.values())) == len(c)
    again = tech_colours(["solar", "coal"])
    assert again["solar"] == c["solar"] and again["coal"] == c["coal"]
    # the scenario's own colour wins
    own = tech_colours(["coal"], ["dispatchable"], ["coal"], ["#123456"])
    assert own == {"coal": "#123456"}
    # two unnamed techs of one class get different shades
    shades = tech_colours(["x1", "x2"], ["storage", "storage"])
    assert shades["x1"] != shades["x2"]


def test_figures_accept_dataset_and_path(tiny, tmp_path):
    path = tiny.to_netcdf(tmp_path / "results.nc")
    a = bars(plot_capacity_mix(path).axes[0])
    b = bars(plot_capacity_mix(tiny.dataset).axes[0])
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_allclose(a[k], b[k])
    with pytest.raises(TypeError, match="expected Results"):
        plot_capacity_mix(42)


def test_dispatch_by_season_takes_only_that_season(tiny):
    from lowcarbon_sim.plots.dispatch import SEASONS, season_steps, window

    ds = tiny.dataset
    for season, months in SEASONS.items():
        steps = season_steps(ds, season)
        hour = ds["timestep_hour"].values[steps] if "timestep_hour" in ds else steps
        day = (hour % 8760) // 24
        # day of the year -> month, by the month lengths of a 365-day year
        ends = np.cumsum([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
        assert set((np.searchsorted(ends, day, side="right") + 1).tolist()) <= set(months)
        if steps.size:
            pos = window(ds, 2030, season=season)
            inside = np.isin(pos, steps)
            rep_days = str(ds.attrs.get("time_mode", "")) != "full_year"
            assert inside.all() if rep_days else inside.any()
            fig = plot_dispatch(tiny, year=2030, season=season)
            assert season in fig.axes[0].get_title()
    with pytest.raises(DataError):
        season_steps(ds, "monsoon")


def test_dispatch_draws_steps_to_the_hours_they_cover(tiny):
    """Segmented days: a step of 3 h is three times as wide as a step of 1 h, the demand line
    ends at the hours of the window and the title no longer says "Hourly" (and counts the
    season's days, not its steps / 24)."""
    from lowcarbon_sim.plots.dispatch import window

    ds = tiny.dataset.copy()
    n = ds.sizes["timestep"]
    duration = np.tile([1.0, 2.0, 3.0], n // 3 + 1)[:n]
    ds["timestep_duration"] = ("timestep", duration)
    fig = plot_dispatch(ds, year=2030)
    ax = fig.axes[0]
    x = line(ax, "demand").get_xdata()
    np.testing.assert_allclose(np.diff(x), duration)
    assert ax.get_xlim()[1] == pytest.approx(duration.sum())
    assert not ax.get_title().startswith("Hourly")
    # three winter days of 8 segments each: the title counts 3 days, not 24 steps / 24
    seg = ds.copy()
    seg["timestep_hour"] = ("timestep", np.array([d * 24 + 3 * k for d in (10, 40, 350)
                                                  for k in range(8)])[:n])
    seg["timestep_duration"] = ("timestep", np.full(n, 3.0))
    assert window(seg, 2030, season="winter").size == n
    title = plot_dispatch(seg, year=2030, season="winter").axes[0].get_title()
    assert "winter, 3 representative days" in title
    hourly = plot_dispatch(tiny, year=2030).axes[0]
    assert hourly.get_title().startswith("Hourly dispatch")
    np.testing.assert_allclose(np.diff(line(hourly, "demand").get_xdata()), 1.0)

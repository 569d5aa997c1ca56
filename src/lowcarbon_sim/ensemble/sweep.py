"""Sweeps over any scenario key, and the marginal abatement cost (MAC) curve.

:func:`run_sweep` runs one member per value of a key (or per combination of the scenario's
``uncertainty.sweep`` grid) in parallel, like an ensemble. A sweep of a carbon price
(``policy.co2_price``, or one year of it such as ``policy.co2_price.2030``) gives the
province's MAC curve: :func:`mac_curve` tabulates the abatement against the no-price member
as the price rises (in one year or summed over the years, :func:`abatement_by_year` for
every year), and :func:`mac_options` which options move at each price step (generation,
capacity, captured CO2 and hydrogen production by technology).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from lowcarbon_sim.ensemble.plan import load_base_scenario, plan_members
from lowcarbon_sim.ensemble.runner import EnsembleResults, execute
from lowcarbon_sim.ensemble.spec import UncertaintyConfig, check_against, get_dotted
from lowcarbon_sim.errors import ScenarioError

PRICE_KEY = "policy.co2_price"
# (variable, how a value over the horizon is formed): flows are summed over the years,
# stocks (capacity) are taken in the last year.
OPTION_VARIABLES = (
    ("generation", "sum"),
    ("capacity", "last"),
    ("storage_energy_capacity", "last"),
    ("captured_co2", "sum"),
    ("hydrogen_production", "sum"),
)


@dataclass
class SweepResults(EnsembleResults):
    """:class:`EnsembleResults` of a sweep; ``key`` is the swept key (first one of a grid)."""

    key: str = ""

    def mac_curve(self, year: int | None = None) -> pd.DataFrame:
        """The MAC curve (for a sweep of a carbon price); see :func:`mac_curve`."""
        return mac_curve(self.dataset, self.key, year=year)

    def abatement_by_year(self) -> pd.DataFrame:
        """The MAC curve of every year; see :func:`abatement_by_year`."""
        return abatement_by_year(self.dataset, self.key)

    def mac_options(self, year: int | None = None) -> pd.DataFrame:
        """Options moving at each price step; see :func:`mac_options`."""
        return mac_options(self.dataset, self.key, year=year)


def run_sweep(
    scenario: Any,
    key: str | None = None,
    values: Sequence[Any] | None = None,
    *,
    workers: int | None = None,
    scheduler: Any = None,
    out_dir: str | Path = "out/sweep",
    resume: bool = True,
    rerun_failed: bool = False,
    progress: bool = True,
    overrides: Mapping[str, Any] | None = None,
    keep_hourly: bool = False,
    live: bool = True,
) -> SweepResults:
    """Run the scenario once per value of ``key`` (in parallel), or over its sweep grid.

    Parameters
    ----------
    scenario
        A scenario path or :class:`~lowcarbon_sim.Scenario`.
    key, values
        The dotted key and its values (in the key's schema unit, e.g. yuan/t CO2 for
        ``policy.co2_price``). Strings are parsed as YAML, as ``--set`` does. Without them the
        scenario's ``uncertainty.sweep`` grid is used (every combination). A sweep of a
        carbon price (``policy.co2_price`` or one year of it, ``policy.co2_price.2030``)
        always includes 0, the no-price reference of the MAC curve.
    workers, scheduler, out_dir, resume, rerun_failed, progress, overrides, keep_hourly, live
        As in :func:`~lowcarbon_sim.ensemble.runner.run_ensemble`; the combined file is
        ``out_dir/sweep.nc``. The values run in ascending order (numbers; others in the
        given order), so each member's live model starts from its neighbour's optimum.

    Raises
    ------
    ScenarioError
        No key/values and no ``uncertainty.sweep``, or a value that does not fit the key.
    """
    import yaml

    from lowcarbon_sim.ensemble.sampling import grid

    scen = load_base_scenario(scenario, overrides)
    if key is not None:
        year_key = _scalar_series_year(scen, key)
        if year_key is not None:
            # a year of a series the scenario gives as one number (policy.co2_price: 0 ->
            # policy.co2_price.2030): write that number for the year first; a one-year
            # series is flat, so the base scenario is unchanged and each member is exactly
            # `run --set <key>=<value>`
            scen = load_base_scenario(scen, {key: year_key})
        vals = [yaml.safe_load(v) if isinstance(v, str) else v for v in (values or [])]
        if not vals:
            raise ScenarioError(
                [(key, "expected at least one value to sweep (--values)")], file=scen.source_file
            )
        if is_carbon_price_key(key) and not any(_is_zero(v) for v in vals):
            vals = [0.0, *vals]
        sweep = {key: vals}
    else:
        spec = scen.uncertainty or UncertaintyConfig()
        sweep = dict(spec.sweep)
        if not sweep:
            raise ScenarioError(
                [
                    (
                        "uncertainty.sweep",
                        "no key to sweep: give --key and --values, or declare "
                        "'uncertainty: {sweep: {policy.co2_price: [0, 100, 200]}}'",
                    )
                ],
                file=scen.source_file,
            )
    check_against(scen, UncertaintyConfig(), sweep=sweep)
    members = plan_members(scen, grid(sweep), None, {})
    plan = {"kind": "sweep", "sweep": sweep}
    res = execute(
        scen,
        members,
        out_dir=out_dir,
        plan=plan,
        combined_name="sweep.nc",
        workers=workers,
        scheduler=scheduler,
        resume=resume,
        rerun_failed=rerun_failed,
        progress=progress,
        keep_hourly=keep_hourly,
        live=live,
        order=_in_value_order(list(sweep)),
    )
    return SweepResults(**vars(res), key=next(iter(sweep)))


def is_carbon_price_key(key: str | None) -> bool:
    """Whether ``key`` sets the CO2 price: ``policy.co2_price`` (every year) or a year of
    it (``policy.co2_price.2030``).

    >>> is_carbon_price_key("policy.co2_price.2030"), is_carbon_price_key("fuels.gas.price")
    (True, False)
    """
    return key is not None and (key == PRICE_KEY or key.startswith(PRICE_KEY + "."))


def price_key_year(key: str) -> int | None:
    """The year a per-year price key sets (``policy.co2_price.2030`` -> 2030), else None."""
    tail = key.removeprefix(PRICE_KEY + ".") if is_carbon_price_key(key) else ""
    return int(tail) if tail.isdigit() else None


def _scalar_series_year(scen: Any, key: str) -> float | None:
    """The number at ``key``'s parent when ``key`` is ``<parent>.<year>`` and the scenario
    sets the parent (a year series) as one number; else None."""
    parent, _, last = key.rpartition(".")
    if not parent or not last.isdigit():
        return None
    try:
        current = get_dotted(scen.model_dump(mode="json", by_alias=True), parent)
    except KeyError:
        return None
    if isinstance(current, bool) or not isinstance(current, int | float):
        return None
    return float(current)


def _in_value_order(keys: list[str]):
    """Sort key of members by their swept values (numbers ascending, then by index)."""

    def key(m) -> tuple:
        vals = [m.parameters.get(k) for k in keys]
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals)
        return (tuple(float(v) for v in vals) if numeric else (), m.index)

    return key


def _is_zero(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == 0


def _ok_sorted(ds: xr.Dataset, key: str) -> xr.Dataset:
    if key not in ds.coords:
        raise ScenarioError(
            [
                (
                    key,
                    f"the sweep has no coordinate {key!r} (swept: "
                    f"{', '.join(c for c in ds.coords if '.' in c) or 'none'})",
                )
            ]
        )
    ok = ds.isel(sample=np.flatnonzero(ds["status"].values == "ok"))
    if ok[key].dtype.kind not in "fiu":
        raise ScenarioError([(key, "a MAC curve needs numeric prices (one number per member)")])
    return ok.sortby(key)


def _over_horizon(da: xr.DataArray, how: str, year: int | None) -> xr.DataArray:
    if year is not None:
        return da.sel(year=year)
    return da.sum("year") if how == "sum" else da.isel(year=-1)


def mac_curve(ds: xr.Dataset, key: str = PRICE_KEY, year: int | None = None) -> pd.DataFrame:
    """Abatement against the lowest-price (no-price) member as the CO2 price rises.

    Parameters
    ----------
    ds
        The combined sweep Dataset (``sweep.nc``).
    key
        The swept price key (``policy.co2_price`` or one year of it).
    year
        Abatement in that year; by default cumulative over all modelled years (history years
        are identical in every member, so they add nothing). ``attrs["sums"]`` says which
        (:func:`abatement_label`), for labels of tables and figures.

    Returns
    -------
    DataFrame
        One row per price (ascending): ``price`` (yuan/t CO2), ``emissions`` (t CO2),
        ``abatement`` (t CO2 below the reference), ``step_abatement`` (t CO2 added by this
        price step) and, when the results split costs by component, ``resource_cost`` (yuan:
        annualised system cost summed over the years, CO2 payments left out because they are
        transfers, not resource costs), ``cost_increase`` (yuan, against the reference) and
        ``average_cost`` (yuan/t CO2 abated, NaN without abatement).
    """
    ok = _ok_sorted(ds, key)
    emis = ok["total_emissions"] if "total_emissions" in ok else ok["emissions"].sum("sector")
    emissions = _over_horizon(emis, "sum", year).values
    cost = None
    if "annual_cost" in ok and "carbon" in ok["cost_component"].values:
        annual = ok["annual_cost"]
        resource = annual.sum("cost_component") - annual.sel(cost_component="carbon")
        cost = _over_horizon(resource, "sum", year).values
    price = ok[key].values.astype(float)
    abatement = emissions[0] - emissions
    df = pd.DataFrame(
        {
            "price": price,
            "emissions": emissions,
            "abatement": abatement,
            "step_abatement": np.diff(abatement, prepend=0.0),
        }
    )
    if cost is not None:
        df["resource_cost"] = cost
        df["cost_increase"] = cost - cost[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            df["average_cost"] = np.where(abatement > 0, df["cost_increase"] / abatement, np.nan)
    df.attrs["units"] = {
        "price": "yuan/t CO2",
        "emissions": "t CO2",
        "abatement": "t CO2",
        "step_abatement": "t CO2",
        "resource_cost": "yuan",
        "cost_increase": "yuan",
        "average_cost": "yuan/t CO2",
    }
    df.attrs["reference_price"] = float(price[0])
    df.attrs["sums"] = abatement_label(ok, year)
    return df


def abatement_label(ds: xr.Dataset, year: int | None) -> str:
    """What an abatement of :func:`mac_curve` sums, in words: ``"in 2030"`` (one year,
    t CO2/yr) or ``"summed over the modelled years 2020-2030"`` (cumulative, t CO2)."""
    if year is not None:
        return f"in {int(year)}"
    years = [int(y) for y in ds["year"].values]
    return f"summed over the modelled years {years[0]}-{years[-1]}"


def abatement_by_year(ds: xr.Dataset, key: str = PRICE_KEY) -> pd.DataFrame:
    """The MAC curve of every modelled year: :func:`mac_curve` with ``year`` set, stacked.

    Returns
    -------
    DataFrame
        Columns ``year`` and those of :func:`mac_curve` (``abatement`` in t CO2 in that
        year, against the lowest-price member), one row per year and price.
    """
    ok = _ok_sorted(ds, key)
    frames = [mac_curve(ds, key, year=int(y)).assign(year=int(y)) for y in ok["year"].values]
    df = pd.concat(frames, ignore_index=True)
    df = df[["year", *[c for c in df.columns if c != "year"]]]
    df.attrs["units"] = {**frames[0].attrs["units"], "year": "year"}
    df.attrs["reference_price"] = frames[0].attrs["reference_price"]
    df.attrs["sums"] = "per year"
    return df


def mac_options(
    ds: xr.Dataset, key: str = PRICE_KEY, year: int | None = None, rel_tol: float = 1e-3
) -> pd.DataFrame:
    """Which options move at each price step of a CO2-price sweep (a tidy table).

    For each step between consecutive prices, the change of every technology's generation,
    capacity, storage energy capacity, captured CO2 and hydrogen production (those present).
    Flows are summed over the years (or taken in ``year``), stocks taken in the last year.
    Changes smaller than ``rel_tol`` times the largest value of that variable are left out.

    Returns
    -------
    DataFrame
        Columns ``price_from, price_to, variable, tech, before, after, change, units,
        enters`` (``enters``: the option was absent, < tolerance, before the step), sorted by
        step and by decreasing ``|change|`` within each variable.
    """
    ok = _ok_sorted(ds, key)
    price = ok[key].values.astype(float)
    frames = []
    for name, how in OPTION_VARIABLES:
        if name not in ok or "tech" not in ok[name].dims:
            continue
        da = _over_horizon(ok[name], how, year).transpose("sample", "tech")
        values = np.nan_to_num(da.values)
        scale = np.abs(values).max()
        if scale == 0 or values.shape[0] < 2:
            continue
        tol = rel_tol * scale
        before, after = values[:-1], values[1:]
        change = after - before
        step, tech = np.nonzero(np.abs(change) > tol)
        frames.append(
            pd.DataFrame(
                {
                    "price_from": price[step],
                    "price_to": price[step + 1],
                    "variable": name,
                    "tech": da["tech"].values[tech],
                    "before": before[step, tech],
                    "after": after[step, tech],
                    "change": change[step, tech],
                    "units": ok[name].attrs.get("units", ""),
                    "enters": np.abs(before[step, tech]) <= tol,
                }
            )
        )
    cols = [
        "price_from",
        "price_to",
        "variable",
        "tech",
        "before",
        "after",
        "change",
        "units",
        "enters",
    ]
    if not frames:
        return pd.DataFrame(columns=cols)
    df = pd.concat(frames, ignore_index=True)
    df["_abs"] = -df["change"].abs()
    df = df.sort_values(["price_from", "variable", "_abs"]).drop(columns="_abs")
    return df.reset_index(drop=True)[cols]

"""Combining the members of an ensemble or sweep into one Dataset along ``sample``.

Depends on :mod:`~lowcarbon_sim.ensemble.plan` and :mod:`~lowcarbon_sim.ensemble.store`
(to read members from their folder); :mod:`~lowcarbon_sim.ensemble.runner` uses it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from lowcarbon_sim.ensemble.plan import Member
from lowcarbon_sim.ensemble.store import member_file, member_state, read_failure
from lowcarbon_sim.results.peak import PLATEAU_TOLERANCE, peak_attrs

__all__ = ["COMBINED_VARIABLES", "combine", "reduce_member"]

# Variables gathered from each member into the combined file (those present are kept).
COMBINED_VARIABLES = (
    "emissions",
    "total_emissions",
    "capacity",
    "generation",
    "storage_energy_capacity",
    "co2_price",
    "total_cost",
    "annual_cost",
    "captured_co2",
    "hydrogen_production",
    "final_energy",
    "gdp",
    "target_value",
    "target_threshold",
    "target_met",
)


def combine(
    scenario: Any,
    members: Sequence[Member],
    mdir: Path,
    plan: Mapping[str, Any],
    states: Mapping[int, str | None] | None = None,
    reduced: Mapping[int, xr.Dataset] | None = None,
) -> tuple[xr.Dataset, dict[int, dict[str, Any]]]:
    """Gather the finished members into one Dataset along ``sample``.

    Failed members stay in the ``sample`` dimension with NaN values and ``status="failed"``.
    ``states`` (member index -> ``"ok"``/``"failed"``/``None``) and ``reduced`` (the combined
    variables of members still in memory) spare reading files again.
    """
    from lowcarbon_sim import __version__
    from lowcarbon_sim.results.io import read_netcdf
    from lowcarbon_sim.scenario.load import scenario_hash

    parts: list[xr.Dataset] = []
    failures: dict[int, dict[str, Any]] = {}
    status: list[str] = []
    errors: list[str] = []
    for m in members:
        state = states[m.index] if states is not None else member_state(mdir, m)
        if state == "ok":
            part = (reduced or {}).get(m.index)
            if part is None:
                part = reduce_member(read_netcdf(member_file(mdir, m)))
            parts.append(part.expand_dims(sample=[m.index]))
            status.append("ok")
            errors.append("")
            continue
        rec = read_failure(mdir, m)
        failures[m.index] = rec
        status.append("failed")
        errors.append(f"{rec.get('error_type', '')}: {rec.get('message', '')}"[:500])
    index = [m.index for m in members]
    if parts:
        ds = xr.concat(parts, dim="sample", join="outer", combine_attrs="drop_conflicts")
        ds = ds.reindex(sample=index)
    else:
        ds = xr.Dataset(coords={"sample": index})
    for name in ds.data_vars:
        if "units" not in ds[name].attrs and parts and name in parts[0]:
            ds[name].attrs = dict(parts[0][name].attrs)
    ds = ds.assign_coords(sample=("sample", index, {"description": "ensemble member index"}))
    keys = list(members[0].parameters) if members else []
    for key in keys:
        values = [m.parameters[key] for m in members]
        ds.coords[key] = ("sample", _coord_values(values), {"description": f"sampled {key}"})
    ds.encoding = {}
    ds.coords["status"] = ("sample", np.array(status, dtype=str))
    ds.coords["error"] = ("sample", np.array(errors, dtype=str))
    ds.attrs = {
        "scenario": scenario.name,
        "scenario_hash": scenario_hash(scenario),
        "kind": plan.get("kind", "ensemble"),
        "parameters": json.dumps(keys),
        "plan": json.dumps(plan, sort_keys=True, default=str),
        "n_members": len(members),
        "n_ok": len(members) - len(failures),
        "n_failed": len(failures),
        "lowcarbon_sim_version": __version__,
    }
    return ds, failures


def reduce_member(ds: xr.Dataset) -> xr.Dataset:
    """The combined variables of one member, plus its peak year and peak emissions."""
    keep = [v for v in COMBINED_VARIABLES if v in ds.data_vars]
    out = ds[keep]
    for v in list(out.data_vars):
        if out[v].dtype == bool:
            out[v] = out[v].astype(float).assign_attrs(ds[v].attrs)
    if "total_emissions" in ds:
        total = ds["total_emissions"]
        # the documented peak (results.peak): decision years, 1 % plateau
        attrs = peak_attrs(total["year"].values, total.values, ds.attrs.get("last_historical_year"))
        last = float(total.isel(year=-1))
    else:
        attrs = dict(ds.attrs)
        last = float(ds["emissions"].sum("sector").isel(year=-1)) if "emissions" in ds else np.nan
    peak_year = float(attrs.get("peak_year", np.nan))
    peak = float(attrs.get("peak_emissions", np.nan))
    out = out.assign(
        peak_year=xr.DataArray(
            peak_year,
            attrs={
                "units": "year",
                "description": "peak year among the decision years (first year within "
                f"{attrs.get('peak_plateau_tolerance', PLATEAU_TOLERANCE):.0%} of the highest)",
            },
        ),
        peaked=xr.DataArray(
            float(attrs.get("peaked", np.nan)),
            attrs={"units": "1", "description": "1 when the peak year is before the last year"},
        ),
        peak_year_all=xr.DataArray(
            float(attrs.get("peak_year_all", peak_year)),
            attrs={"units": "year", "description": "peak year over all modelled years"},
        ),
        peak_emissions=xr.DataArray(
            peak, attrs={"units": "t CO2", "description": "province emissions in the peak year"}
        ),
        final_year_emissions=xr.DataArray(
            last, attrs={"units": "t CO2", "description": "province emissions in the last year"}
        ),
        objective=xr.DataArray(
            float(ds.attrs.get("objective", np.nan)),
            attrs={"units": "yuan", "description": "objective: discounted system cost"},
        ),
    )
    out.attrs = {}
    out.encoding = {}
    return out


def _coord_values(values: list[Any]) -> np.ndarray:
    """Parameter values as a coordinate: floats, booleans, else strings (JSON for dicts)."""
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return np.asarray(values, dtype=float)
    if all(isinstance(v, bool) for v in values):
        return np.asarray(values, dtype=bool)
    return np.asarray([json.dumps(v) if isinstance(v, (dict, list)) else str(v) for v in values])

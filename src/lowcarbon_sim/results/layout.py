"""The layout of a results file, versioned, and the check each reader makes on opening one.

A results file (``results.nc``) carries :data:`LAYOUT_ATTR` = :data:`LAYOUT_VERSION`, written
by :func:`stamp_layout` when the run's Dataset is made. :data:`VARIABLES` declares the
dimensions (and the kind of values) of every variable a reader of saved results may use;
:data:`READERS` lists, per reader (``plot``, ``report``, ``compare``, ``export``), the
variables it cannot do without. :func:`check_layout` compares a Dataset with both and raises
one :class:`~lowcarbon_sim.errors.DataError` (exit code 2) that names every variable
missing or shaped differently, instead of a ``KeyError`` deep inside a figure.

Variables a reader can do without are checked only when present: a file without
``final_energy`` is fine, one whose ``final_energy`` has lost its ``carrier`` dimension is not.
Bump :data:`LAYOUT_VERSION` when a variable of :data:`VARIABLES` changes its meaning or its
dimensions; files without the attribute (written before it existed) are read as version 1.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from lowcarbon_sim.errors import DataError

#: Dataset attribute holding the layout version of a results file.
LAYOUT_ATTR = "results_layout_version"
#: The layout this version of lowcarbon-sim writes and reads.
LAYOUT_VERSION = 1

# kinds of values: numbers (bool counts as a number), text, or flags
_NUM, _TEXT, _BOOL = "numbers", "text", "true/false flags"

YT = ("year", "tech")
Y = ("year",)
YTT = ("year", "tech", "timestep")
YTS = ("year", "timestep")

#: Every variable (or coordinate) a reader of saved results may use: its dimensions and
#: the kind of its values.
VARIABLES: dict[str, tuple[tuple[str, ...], str]] = {
    # coordinates
    "year": (Y, _NUM),
    "tech": (("tech",), _TEXT),
    "timestep": (("timestep",), _NUM),
    "sector": (("sector",), _TEXT),
    "carrier": (("carrier",), _TEXT),
    "target": (("target",), _TEXT),
    "cost_component": (("cost_component",), _TEXT),
    "co2_source": (("co2_source",), _TEXT),
    "co2_storage_step": (("co2_storage_step",), _TEXT),
    # by year and technology (MW, MWh, t, yuan)
    **{
        name: (YT, _NUM)
        for name in (
            "capacity",
            "new_capacity",
            "operating_capacity",
            "generation",
            "storage_energy_capacity",
            "storage_charge",
            "fuel_use",
            "emissions_by_tech",
            "curtailment",
            "hydrogen_production",
            "hydrogen_use",
            "captured_co2",
            "heat_supply",
            "available_energy",
            "curtailment_rate_by_tech",
            "demand_shifted",
            "hydrogen_storage_charge",
            "hydrogen_storage_discharge",
            "full_load_hours",
            "storage_cycles",
            "reserve_only",
        )
    },
    # by year
    **{
        name: (Y, _NUM)
        for name in (
            "total_cost",
            "total_emissions",
            "emissions_power",
            "co2_price",
            "co2_shadow_price",
            "co2_cap",
            "annual_demand",
            "peak_demand",
            "load_shedding_energy",
            "curtailment_rate",
            "year_weight",
            "gdp",
            "imported_emissions",
            "co2_price_given",
            "hydrogen_demand",
            "co2_stored",
            "co2_stored_cumulative",
            "co2_used",
            "is_decision_year",
        )
    },
    # time-resolved
    **{
        name: (YTT, _NUM)
        for name in (
            "dispatch",
            "charge",
            "soc",
            "curtailment_hourly",
            "demand_shift",
            "hydrogen_soc",
        )
    },
    **{name: (YTS, _NUM) for name in ("demand", "load_shedding", "electricity_price")},
    "timestep_weight": (("timestep",), _NUM),
    "timestep_hour": (("timestep",), _NUM),
    "timestep_duration": (("timestep",), _NUM),
    # other tables
    "annual_cost": (("year", "cost_component"), _NUM),
    "emissions": (("year", "sector"), _NUM),
    "captured_co2_industry": (("year", "co2_source"), _NUM),
    "capture_capacity_industry": (("year", "co2_source"), _NUM),
    "co2_stored_by_step": (("year", "co2_storage_step"), _NUM),
    "final_energy": (("year", "sector", "carrier"), _NUM),
    "primary_energy": (("year", "counting"), _NUM),
    "nonfossil_share": (("year", "counting"), _NUM),
    # technology descriptions
    "tech_class": (("tech",), _TEXT),
    "tech_fuel": (("tech",), _TEXT),
    "tech_color": (("tech",), _TEXT),
    "tech_nonfossil_fraction": (("tech",), _NUM),
    # policy targets
    "target_value": (("target",), _NUM),
    "target_threshold": (("target",), _NUM),
    "target_met": (("target",), _BOOL),
}

#: Dataset attributes the readers use as numbers, checked when present.
NUMBER_ATTRS = ("objective", "peak_year", "peak_emissions", "last_historical_year")
#: Dimensions that must not be empty.
NONEMPTY_DIMS = ("year", "tech", "timestep")

_CORE = ("year", "tech", "capacity", "generation")
#: The variables each reader of saved results cannot do without (the others of
#: :data:`VARIABLES` are used when present).
READERS: dict[str, tuple[str, ...]] = {
    "results": _CORE,
    "plot": (*_CORE, "emissions", "sector"),
    "compare": (*_CORE, "total_cost", "total_emissions"),
    "report": (
        *_CORE,
        "emissions",
        "sector",
        "emissions_power",
        "total_cost",
        "co2_price",
        "annual_demand",
        "load_shedding_energy",
        "tech_class",
    ),
    "export": (*_CORE, "total_emissions"),
}


def stamp_layout(ds: xr.Dataset) -> xr.Dataset:
    """Mark ``ds`` as written in :data:`LAYOUT_VERSION` (in place; returns it)."""
    ds.attrs[LAYOUT_ATTR] = LAYOUT_VERSION
    return ds


def _kind_ok(values: np.ndarray, kind: str) -> bool:
    dtype = values.dtype
    if values.size == 0:  # an empty coordinate comes back from NetCDF as float64
        return True
    if kind == _TEXT:
        return dtype.kind in "USO"
    if kind == _BOOL:
        return dtype.kind in "biu"
    return dtype.kind in "biuf"


#: Hours the plots and the time axis divide by or lay out: finite and positive.
POSITIVE_HOURS = ("timestep_duration",)


def layout_problems(ds: xr.Dataset, reader: str = "results") -> list[str]:
    """What keeps ``reader`` (a key of :data:`READERS`) from reading ``ds``: one line per
    variable missing, with other dimensions, or with another kind of values; empty if none."""
    problems = []
    version = ds.attrs.get(LAYOUT_ATTR, LAYOUT_VERSION)
    try:
        version = int(version)
    except (TypeError, ValueError):
        return [f"attribute {LAYOUT_ATTR} is {version!r}, not a layout number"]
    if version > LAYOUT_VERSION:
        return [
            f"written in results layout {version}, newer than the layout {LAYOUT_VERSION} "
            "this lowcarbon-sim reads: update lowcarbon-sim"
        ]
    for name in NUMBER_ATTRS:
        value = ds.attrs.get(name)
        if value is None:
            continue
        try:
            float(np.asarray(value).item())
        except (TypeError, ValueError):
            problems.append(f"attribute '{name}' is {value!r}, expected a number")
    for dim in NONEMPTY_DIMS:
        if dim in ds.dims and ds.sizes[dim] == 0:
            problems.append(f"the dimension '{dim}' is empty")
    need = READERS[reader]
    for name in need:
        if name not in ds.variables:
            dims = VARIABLES[name][0]
            problems.append(f"no variable '{name}' (expected with dimensions {dims})")
    for name, (dims, kind) in VARIABLES.items():
        if name not in ds.variables:
            continue
        var = ds.variables[name]
        if set(var.dims) != set(dims):
            problems.append(f"'{name}' has dimensions {var.dims}, expected {dims}")
        elif not _kind_ok(var.values, kind):
            problems.append(f"'{name}' holds {var.dtype} values, expected {kind}")
        elif name in POSITIVE_HOURS and not np.all(np.isfinite(var.values) & (var.values > 0)):
            problems.append(f"'{name}' holds NaN, infinite or non-positive values, expected h > 0")
    return problems


def check_layout(ds: xr.Dataset, reader: str = "results", path: str | Path | None = None) -> None:
    """Refuse ``ds`` when ``reader`` cannot read it (see :func:`layout_problems`).

    Raises
    ------
    DataError
        Naming the file (``path``, when given), the reader and every problem found.
    """
    problems = layout_problems(ds, reader)
    if not problems:
        return
    where = f"{path}: " if path is not None else ""
    what = "results" if reader == "results" else f"results for '{reader}'"
    if len(problems) == 1:
        raise DataError(f"{where}not usable as lowcarbon-sim {what}: {problems[0]}")
    lines = "\n".join(f"  - {p}" for p in problems)
    raise DataError(f"{where}not usable as lowcarbon-sim {what}:\n{lines}")

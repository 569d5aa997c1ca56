"""Results as an IAMC long table (model, scenario, region, variable, unit, year, value).

The IAMC format is what pyam, the IPCC AR6 scenario database and most integrated-assessment
tooling read: one row per value, the variable a ``|``-separated hierarchy. Variable names
follow the IAMC common definitions where one exists ("Capacity|Electricity|Wind",
"Secondary Energy|Electricity|Solar", "Emissions|CO2|Energy|Supply|Electricity",
"Price|Carbon"); units are this project's reporting units (GW, TWh/yr, Mt CO2/yr,
CNY_2020/t CO2), written out in the ``unit`` column.

Technologies are grouped into IAMC categories by the tables below (class, then fuel, then
the words of the name), never by code branches. Where a category holds more than one
technology (two coal fleets, three import lines) each technology also gets its own row one
level down (``Capacity|Electricity|Coal|coal_new``), so every parent is the sum of its
children.

Variables reported (when the results hold them):

=================================================  ==============  ===========================
variable                                           unit            from
=================================================  ==============  ===========================
Capacity|Electricity|<category>[|<tech>]           GW              ``capacity``
Capacity|Electricity|Storage[|<tech>]              GW              ``capacity``
Storage Capacity|Electricity[|<tech>]              GWh             ``storage_energy_capacity``
Secondary Energy|Electricity                       TWh/yr          ``generation`` (generating
                                                                   categories)
Secondary Energy|Electricity|<category>[|<tech>]   TWh/yr          ``generation``
Storage Output|Electricity[|<tech>]                TWh/yr          ``generation`` (storage)
Trade|Electricity|Imports[|<tech>]                 TWh/yr          ``generation`` (import)
Demand|Electricity                                 TWh/yr          ``annual_demand``
Emissions|CO2                                      Mt CO2/yr       ``total_emissions``
Emissions|CO2|<sector variable>                    Mt CO2/yr       ``emissions``
Carbon Capture                                     Mt CO2/yr       sum of the two below
Carbon Capture|Energy[|<tech>]                     Mt CO2/yr       ``captured_co2``
Carbon Capture|Industry[|<source>]                 Mt CO2/yr       ``captured_co2_industry``
Carbon Sequestration|CCS                           Mt CO2/yr       ``co2_stored``
Carbon Utilization                                 Mt CO2/yr       ``co2_used``
Production|Hydrogen[|<tech>]                       kt H2/yr        ``hydrogen_production``
Final Energy[|<sector>[|<carrier>]]                TWh/yr          ``final_energy``
Price|Carbon                                       CNY_2020/t CO2  ``co2_price``
Price|Secondary Energy|Electricity                 CNY_2020/MWh    ``electricity_price``
                                                                   (demand-weighted)
Cost|Total Energy System Cost                      bn CNY_2020/yr  ``total_cost``
=================================================  ==============  ===========================

Capture, storage, utilisation and hydrogen rows appear only when some value is non-zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from lowcarbon_sim import __version__
from lowcarbon_sim.results.core import as_dataset
from lowcarbon_sim.results.io import atomic_write, spreadsheet_text
from lowcarbon_sim.technology import TECH_CLASSES
from lowcarbon_sim.units import display_scale, to_display

IAMC_COLUMNS: tuple[str, ...] = ("model", "scenario", "region", "variable", "unit", "year", "value")

#: Categories by fuel (``tech_fuel``).
FUEL_CATEGORIES: dict[str, str] = {
    "coal": "Coal",
    "lignite": "Coal",
    "gas": "Gas",
    "oil": "Oil",
    "diesel": "Oil",
    "biomass": "Biomass",
    "waste": "Biomass",
    "hydrogen": "Hydrogen",
    "uranium": "Nuclear",
}
#: Categories by a word of the technology name (split at ``_``).
NAME_CATEGORIES: dict[str, str] = {
    **FUEL_CATEGORIES,
    "nuclear": "Nuclear",
    "hydro": "Hydro",
    "wind": "Wind",
    "solar": "Solar",
    "pv": "Solar",
    "geothermal": "Geothermal",
}
OTHER = "Other"
#: Categories left out of "Secondary Energy|Electricity" (not produced in the province).
NOT_GENERATION = ("Storage", "Imports")

#: Emission variables by sector.
SECTOR_EMISSIONS: dict[str, str] = {
    "power": "Emissions|CO2|Energy|Supply|Electricity",
    "hydrogen": "Emissions|CO2|Energy|Supply|Hydrogen",
    "ccus": "Emissions|CO2|Carbon Capture and Use",
    "heat": "Emissions|CO2|Energy|Supply|Heat",
    "industry": "Emissions|CO2|Energy|Demand|Industry",
    "buildings": "Emissions|CO2|Energy|Demand|Residential and Commercial",
    "transport": "Emissions|CO2|Energy|Demand|Transportation",
    "agriculture": "Emissions|CO2|Energy|Demand|AFOFI",
    "process": "Emissions|CO2|Industrial Processes",
    "land_use": "Emissions|CO2|AFOLU",
    "other": "Emissions|CO2|Other",
}
#: Final-energy sector and carrier names.
SECTOR_NAMES: dict[str, str] = {
    "industry": "Industry",
    "buildings": "Residential and Commercial",
    "transport": "Transportation",
    "agriculture": "AFOFI",
}
CARRIER_NAMES: dict[str, str] = {
    "electricity": "Electricity",
    "hydrogen": "Hydrogen",
    "coal": "Solids|Coal",
    "biomass": "Solids|Biomass",
    "oil": "Liquids|Oil",
    "gas": "Gases|Gas",
    "heat": "Heat",
}

#: Divisors from the results' units (MW, MWh, t CO2, t H2) to the units reported.
GW, TWH, MT, KT = (display_scale(u)[0] for u in ("MW", "MWh", "t CO2", "t H2"))

#: Captured CO2 (t CO2) by variable: children of "Carbon Capture" (one row per technology or
#: source below them).
CAPTURE_VARIABLES: dict[str, str] = {
    "captured_co2": "Carbon Capture|Energy",
    "captured_co2_industry": "Carbon Capture|Industry",
}
#: Other flows: variable -> (IAMC variable, unit, divisor from the results' unit).
FLOW_VARIABLES: dict[str, tuple[str, str, float]] = {
    "co2_stored": ("Carbon Sequestration|CCS", "Mt CO2/yr", MT),
    "co2_used": ("Carbon Utilization", "Mt CO2/yr", MT),
    "hydrogen_production": ("Production|Hydrogen", "kt H2/yr", KT),
}
CURRENCY = "CNY_2020"


def _title(name: str) -> str:
    return str(name).replace("_", " ").title()


def tech_category(name: str, tech_class: str = "", fuel: str = "") -> str:
    """IAMC category of a technology (see the tables of this module).

    >>> tech_category("pumped_hydro", "storage")
    'Storage'
    >>> tech_category("coal_new", "dispatchable", "coal")
    'Coal'
    >>> tech_category("offshore_wind", "variable")
    'Wind'
    >>> tech_category("mystery", "dispatchable")
    'Other'
    """
    row = TECH_CLASSES.get(tech_class)
    if row is not None and row.iamc_category:
        return row.iamc_category
    if fuel and fuel.lower() in FUEL_CATEGORIES:
        return FUEL_CATEGORIES[fuel.lower()]
    for word in str(name).lower().split("_"):
        if word in NAME_CATEGORIES:
            return NAME_CATEGORIES[word]
    return row.iamc_fallback or OTHER if row is not None else OTHER


def _categories(ds: xr.Dataset) -> dict[str, list[str]]:
    """Category -> technologies, in dataset order."""
    techs = [str(t) for t in ds["tech"].values]
    classes = ds["tech_class"].values if "tech_class" in ds else [""] * len(techs)
    fuels = ds["tech_fuel"].values if "tech_fuel" in ds else [""] * len(techs)
    out: dict[str, list[str]] = {}
    for t, c, f in zip(techs, classes, fuels, strict=True):
        out.setdefault(tech_category(t, str(c), str(f)), []).append(t)
    return out


def _region(ds: xr.Dataset) -> str:
    if ds.attrs.get("region"):
        return str(ds.attrs["region"])
    text = ds.attrs.get("scenario_yaml")
    if text:
        import yaml

        dataset = (yaml.safe_load(text) or {}).get("dataset")
        if dataset:
            return _title(dataset)
    return "Province"


class _Rows:
    """Collects (variable, unit, values per year) rows."""

    def __init__(self, years: np.ndarray):
        self.years = years
        self.rows: list[tuple[str, str, np.ndarray]] = []

    def add(self, variable: str, unit: str, values: Any) -> None:
        self.rows.append((variable, unit, np.asarray(values, dtype=float)))


def _tech_rows(rows: _Rows, ds, cats, variable, prefix, unit, scale, names=None) -> None:
    """Category rows of ``variable`` (year, tech), with per-tech rows in shared categories."""
    names = names or {}
    for cat, techs in cats.items():
        label = names.get(cat, cat)
        if label is None:
            continue
        data = ds[variable].sel(tech=techs) / scale
        rows.add(f"{prefix}|{label}", unit, data.sum("tech").values)
        if len(techs) > 1:
            for t in techs:
                rows.add(f"{prefix}|{label}|{t}", unit, data.sel(tech=t).values)


def _detail_rows(rows: _Rows, data: xr.DataArray, prefix: str, unit: str) -> None:
    """A total row and one row per non-zero label of the second dimension (if any)."""
    other = [d for d in data.dims if d != "year"]
    rows.add(prefix, unit, data.sum(other).values)
    if other:
        dim = other[0]
        rest = data.sum(other[1:]) if len(other) > 1 else data
        for k in rest[dim].values:
            if np.any(rest.sel({dim: k}).values != 0):
                rows.add(f"{prefix}|{k}", unit, rest.sel({dim: k}).values)


def _nonzero(ds: xr.Dataset, name: str) -> bool:
    return name in ds and bool(np.any(np.asarray(ds[name].values, dtype=float) != 0))


def to_iamc(
    results: Any,
    model: str | None = None,
    scenario: str | None = None,
    region: str | None = None,
) -> pd.DataFrame:
    """The results of one run as an IAMC long table.

    Parameters
    ----------
    results
        :class:`~lowcarbon_sim.results.core.Results`, a results Dataset or a NetCDF path.
    model
        The ``model`` column (default ``"lowcarbon-sim <version>"``).
    scenario
        The ``scenario`` column (default: the run's ``scenario`` attribute).
    region
        The ``region`` column (default: the ``region`` attribute, else the packaged data
        set's name title-cased, e.g. ``"Hunan"``, else ``"Province"``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`IAMC_COLUMNS`; one row per variable and modelled year, values in the
        unit of the ``unit`` column (see the module docstring). Carbon capture and hydrogen
        rows appear only when some value is non-zero.
    """
    ds = as_dataset(results)
    years = ds["year"].values.astype(int)
    rows = _Rows(years)
    cats = _categories(ds)
    if "capacity" in ds:
        _tech_rows(rows, ds, cats, "capacity", "Capacity|Electricity", "GW", GW)
    if "storage_energy_capacity" in ds and "Storage" in cats:
        data = ds["storage_energy_capacity"].sel(tech=cats["Storage"]) / GW
        rows.add("Storage Capacity|Electricity", "GWh", data.sum("tech").values)
        for t in cats["Storage"]:
            rows.add(f"Storage Capacity|Electricity|{t}", "GWh", data.sel(tech=t).values)
    if "generation" in ds:
        made = [t for c, ts in cats.items() if c not in NOT_GENERATION for t in ts]
        gen = ds["generation"] / TWH
        rows.add("Secondary Energy|Electricity", "TWh/yr", gen.sel(tech=made).sum("tech").values)
        _tech_rows(
            rows,
            ds,
            {c: ts for c, ts in cats.items() if c not in NOT_GENERATION},
            "generation",
            "Secondary Energy|Electricity",
            "TWh/yr",
            TWH,
        )
        if "Storage" in cats:
            data = gen.sel(tech=cats["Storage"])
            rows.add("Storage Output|Electricity", "TWh/yr", data.sum("tech").values)
            for t in cats["Storage"]:
                rows.add(f"Storage Output|Electricity|{t}", "TWh/yr", data.sel(tech=t).values)
        if "Imports" in cats:
            data = gen.sel(tech=cats["Imports"])
            rows.add("Trade|Electricity|Imports", "TWh/yr", data.sum("tech").values)
            for t in cats["Imports"]:
                rows.add(f"Trade|Electricity|Imports|{t}", "TWh/yr", data.sel(tech=t).values)
    if "annual_demand" in ds:
        rows.add("Demand|Electricity", "TWh/yr", ds["annual_demand"].values / TWH)
    if "emissions" in ds:
        em = ds["emissions"] / MT
        total = ds["total_emissions"] / MT if "total_emissions" in ds else em.sum("sector")
        rows.add("Emissions|CO2", "Mt CO2/yr", total.values)
        for s in em["sector"].values:
            variable = SECTOR_EMISSIONS.get(str(s), f"Emissions|CO2|{_title(s)}")
            rows.add(variable, "Mt CO2/yr", em.sel(sector=s).values)
    captured = [(n, p) for n, p in CAPTURE_VARIABLES.items() if _nonzero(ds, n)]
    if captured:
        total = sum(ds[n].sum([d for d in ds[n].dims if d != "year"]) for n, _ in captured)
        rows.add("Carbon Capture", "Mt CO2/yr", total.values / MT)
    for name, prefix in captured:
        _detail_rows(rows, ds[name] / MT, prefix, "Mt CO2/yr")
    for name, (variable, unit, scale) in FLOW_VARIABLES.items():
        if _nonzero(ds, name):
            _detail_rows(rows, ds[name] / scale, variable, unit)
    if "final_energy" in ds:
        fe = ds["final_energy"] / TWH
        rows.add("Final Energy", "TWh/yr", fe.sum(["sector", "carrier"]).values)
        for s in fe["sector"].values:
            sector = SECTOR_NAMES.get(str(s), _title(s))
            rows.add(f"Final Energy|{sector}", "TWh/yr", fe.sel(sector=s).sum("carrier").values)
            for c in fe["carrier"].values:
                carrier = CARRIER_NAMES.get(str(c), _title(c))
                rows.add(
                    f"Final Energy|{sector}|{carrier}", "TWh/yr", fe.sel(sector=s, carrier=c).values
                )
    if "co2_price" in ds:
        rows.add("Price|Carbon", f"{CURRENCY}/t CO2", ds["co2_price"].values)
    if "electricity_price" in ds and "demand" in ds:
        w = ds["timestep_weight"] if "timestep_weight" in ds else 1.0
        energy = ds["demand"] * w
        denom = energy.sum("timestep")
        price = (ds["electricity_price"] * energy).sum("timestep") / denom.where(denom > 0)
        rows.add("Price|Secondary Energy|Electricity", f"{CURRENCY}/MWh", price.values)
    if "total_cost" in ds:
        cost, _ = to_display(ds["total_cost"].values, "yuan")
        rows.add("Cost|Total Energy System Cost", f"bn {CURRENCY}/yr", cost)

    model = model or f"lowcarbon-sim {ds.attrs.get('lowcarbon_sim_version', __version__)}"
    scenario = scenario or str(ds.attrs.get("scenario", "scenario"))
    region = region or _region(ds)
    n = len(years)
    frame = pd.DataFrame(
        {
            "model": model,
            "scenario": scenario,
            "region": region,
            "variable": np.repeat([r[0] for r in rows.rows], n),
            "unit": np.repeat([r[1] for r in rows.rows], n),
            "year": np.tile(years, len(rows.rows)),
            "value": np.concatenate([r[2] for r in rows.rows]) if rows.rows else [],
        },
        columns=list(IAMC_COLUMNS),
    )
    frame = frame[np.isfinite(frame["value"].to_numpy(float))]
    return frame.sort_values(["variable", "year"], kind="stable").reset_index(drop=True)


def write_iamc(
    results: Any | Sequence[Any],
    path: str | Path,
    **kwargs: Any,
) -> Path:
    """Write one run (or several, one after another) as an IAMC CSV file, atomically.

    ``kwargs`` go to :func:`to_iamc` (``model``, ``region``; ``scenario`` only for one run).
    Returns the path written.
    """
    runs = list(results) if isinstance(results, list | tuple) else [results]
    frame = pd.concat([to_iamc(r, **kwargs) for r in runs], ignore_index=True)
    for column in ("model", "scenario", "region", "variable", "unit"):
        frame[column] = [spreadsheet_text(str(v)) for v in frame[column]]
    return atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False))

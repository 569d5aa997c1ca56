"""Results as an IAMC long table (model, scenario, region, variable, unit, year, value).

The IAMC format is what pyam, the IPCC AR6 scenario database and most integrated-assessment
tooling read: one row per value, the variable a ``|``-separated hierarchy. Variable names
follow the IAMC common definitions where one exists ("Capacity|Electricity|Wind",
"Secondary Energy|Electricity|Solar", "Emissions|CO2|Energy|Supply|Electricity",
"Price|Carbon"); units are this project's reporting units (GW, TWh/yr, Mt CO2/yr,
CNY_2020/t CO2), written out in the ``unit`` column.

Technologies are grouped by the carrier their class delivers (``carrier_out`` of the
technology table: Electricity, Hydrogen, Heat) and, within it, into IAMC categories by the
table's ``iamc_category``/``iamc_fallback``, then fuel, then the words of the name, never by
code branches: SMR is ``Capacity|Hydrogen|Gas``, coal gasification ``Capacity|Hydrogen|Coal``,
electrolysers ``Capacity|Hydrogen|Electricity`` (GW of electricity drawn), heat pumps
``Capacity|Heat|Electricity``; demand response (category ``Demand Response``) is not supply
and not reported. Where a category holds more than one technology (two coal fleets, three
import lines) each technology also gets its own row one level down
(``Capacity|Electricity|Coal|coal_new``). Every reported parent is the sum of its children
(pyam's ``check_aggregate``): missing intermediate levels (``Emissions|CO2|Energy``,
``Final Energy|Industry|Solids``) are written as sums.

Variables reported (when the results hold them; <C> is Electricity, Hydrogen or Heat):

=================================================  ==============  ===========================
variable                                           unit            from
=================================================  ==============  ===========================
Capacity|<C>|<category>[|<tech>]                   GW              ``capacity``
Capacity|<C>|Storage[|<tech>]                      GW              ``capacity``
Storage Capacity|<C>[|<tech>]                      GWh             ``storage_energy_capacity``
Secondary Energy|Electricity                       TWh/yr          ``generation`` (generating
                                                                   categories)
Secondary Energy|Electricity|<category>[|<tech>]   TWh/yr          ``generation``
Secondary Energy|Hydrogen|<category>[|<tech>]      TWh/yr (LHV)    ``hydrogen_production``
Secondary Energy|Heat|<category>[|<tech>]          TWh/yr          ``heat_supply`` (CHP plants
                                                                   by fuel)
Storage Output|Electricity[|<tech>]                TWh/yr          ``generation`` (storage)
Trade|Electricity|Imports[|<tech>]                 TWh/yr          ``generation`` (import)
Demand|Electricity                                 TWh/yr          ``annual_demand``
Emissions|CO2[|Energy[|Supply|Demand[|<sector>]]]  Mt CO2/yr       ``emissions`` by sector
Emissions|CO2|Industrial Processes                 Mt CO2/yr       ``process_emissions``
Carbon Capture                                     Mt CO2/yr       sum of the two below
Carbon Capture|Energy[|<tech>]                     Mt CO2/yr       ``captured_co2``
Carbon Capture|Industry[|<source>]                 Mt CO2/yr       ``captured_co2_industry``
Carbon Sequestration|CCS                           Mt CO2/yr       ``co2_stored``
Carbon Utilization                                 Mt CO2/yr       ``co2_used``
Production|Hydrogen[|<tech>]                       kt H2/yr        ``hydrogen_production``
Final Energy[|<sector>[|<carrier>]]                TWh/yr          ``final_energy`` of the
                                                                   demand sectors (not the
                                                                   power sector's own use
                                                                   and losses, nor hydrogen
                                                                   and CCUS); heat bought
                                                                   goes to Other Sector
Price|Carbon                                       CNY_2020/t CO2  ``co2_price``
Price|Secondary Energy|Electricity                 CNY_2020/MWh    ``electricity_price``
                                                                   (demand-weighted)
Cost|Total Energy System Cost                      bn CNY_2020/yr  ``total_cost``
=================================================  ==============  ===========================

The region is the packaged data set's name (results attribute ``dataset``, title-cased:
``Hunan``). A sector's final electricity may be negative where it holds the statistical
difference of the electricity balance (sector ``other``).

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
from lowcarbon_sim.technology import TECH_CLASSES, tech_category, techs_by_category
from lowcarbon_sim.units import H2_MWH_PER_T, display_scale, to_display

IAMC_COLUMNS: tuple[str, ...] = ("model", "scenario", "region", "variable", "unit", "year", "value")

#: Categories not in "Secondary Energy|<carrier>" (not produced in the province) ...
NOT_GENERATION = ("Storage", "Imports", "Demand Response")
#: ... and categories not reported at all (demand response is demand, not supply).
NOT_REPORTED = ("Demand Response",)
#: IAMC carrier of a technology: its class's ``carrier_out``.
SUPPLY_CARRIERS: dict[str, str] = {
    "electricity": "Electricity",
    "hydrogen": "Hydrogen",
    "heat": "Heat",
}

#: Emission variables by sector; the levels between them and "Emissions|CO2" are the sums
#: of their children. Industrial process CO2 (``process_emissions``) moves from a demand
#: sector to "Emissions|CO2|Industrial Processes".
SECTOR_EMISSIONS: dict[str, str] = {
    "power": "Emissions|CO2|Energy|Supply|Electricity",
    "hydrogen": "Emissions|CO2|Energy|Supply|Hydrogen",
    "heat": "Emissions|CO2|Energy|Supply|Heat",
    "ccus": "Emissions|CO2|Energy|Supply|Carbon Capture",
    "industry": "Emissions|CO2|Energy|Demand|Industry",
    "buildings": "Emissions|CO2|Energy|Demand|Residential and Commercial",
    "transport": "Emissions|CO2|Energy|Demand|Transportation",
    "agriculture": "Emissions|CO2|Energy|Demand|AFOFI",
    "construction": "Emissions|CO2|Energy|Demand|Construction",
    "other": "Emissions|CO2|Energy|Demand|Other Sector",
    "land_use": "Emissions|CO2|AFOLU",
}
PROCESS_EMISSIONS = "Emissions|CO2|Industrial Processes"
#: Final-energy sector names. ``None``: not final energy (the power sector's grid losses and
#: own use, the hydrogen and CCUS supply chains; they are in "Demand|Electricity"). Heat
#: bought from heat suppliers (sector ``heat``) is final energy whose consuming sector the
#: data do not split: it goes to "Other Sector".
SECTOR_NAMES: dict[str, str | None] = {
    "industry": "Industry",
    "buildings": "Residential and Commercial",
    "transport": "Transportation",
    "agriculture": "AFOFI",
    "construction": "Construction",
    "other": "Other Sector",
    "heat": "Other Sector",
    "power": None,
    "hydrogen": None,
    "ccus": None,
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


def _categories(ds: xr.Dataset, carrier: str | None = None) -> dict[str, list[str]]:
    """Category -> technologies, in dataset order; only those whose class delivers
    ``carrier`` (its ``carrier_out``) when given, never the :data:`NOT_REPORTED` ones."""
    techs = [str(t) for t in ds["tech"].values]
    classes = ds["tech_class"].values if "tech_class" in ds else [""] * len(techs)
    fuels = ds["tech_fuel"].values if "tech_fuel" in ds else [""] * len(techs)
    cats = techs_by_category(techs, classes, fuels, carrier)
    return {c: ts for c, ts in cats.items() if c not in NOT_REPORTED}


def _heat_categories(ds: xr.Dataset) -> dict[str, list[str]]:
    """Category -> technologies that deliver heat (first or second output): the heat
    category of a CHP plant is its fuel's, of a heat pump ``Electricity``."""
    heat = {
        name for name, row in TECH_CLASSES.items() if "heat" in (row.carrier_out, row.carrier_out2)
    }
    techs = [str(t) for t in ds["tech"].values]
    fuels = ds["tech_fuel"].values if "tech_fuel" in ds else [""] * len(techs)
    out: dict[str, list[str]] = {}
    for t, c, f in zip(techs, ds["tech_class"].values, fuels, strict=True):
        if str(c) in heat:
            out.setdefault(tech_category(t, str(c), str(f)), []).append(t)
    return out


def _region(ds: xr.Dataset) -> str:
    if ds.attrs.get("region"):
        return str(ds.attrs["region"])
    dataset = ds.attrs.get("dataset")
    if not dataset and ds.attrs.get("scenario_yaml"):
        import yaml

        dataset = (yaml.safe_load(ds.attrs["scenario_yaml"]) or {}).get("dataset")
    return _title(dataset) if dataset else "Province"


def _tree(leaves: dict[str, np.ndarray], root: str) -> dict[str, np.ndarray]:
    """``leaves`` (variable -> values) plus every level between them and ``root`` (inclusive)
    as the sum of its children, so that each parent is what pyam's ``check_aggregate``
    computes from the level below. Leaves of the same name are added up."""
    out: dict[str, np.ndarray] = {}
    for variable, values in leaves.items():
        parts = variable.split("|")
        depth = root.count("|") + 1
        for k in range(depth, len(parts) + 1):
            name = "|".join(parts[:k])
            out[name] = out.get(name, 0.0) + np.asarray(values, dtype=float)
    return out


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


def _supply_rows(rows: _Rows, ds: xr.Dataset, carrier: str, label: str) -> None:
    """Capacity, storage, secondary-energy and trade rows of the technologies that deliver
    ``carrier`` (IAMC name ``label``)."""
    cats = _categories(ds, carrier) if "tech" in ds else {}
    if "capacity" in ds and cats:
        _tech_rows(rows, ds, cats, "capacity", f"Capacity|{label}", "GW", GW)
    if "storage_energy_capacity" in ds and "Storage" in cats:
        data = ds["storage_energy_capacity"].sel(tech=cats["Storage"]) / GW
        rows.add(f"Storage Capacity|{label}", "GWh", data.sum("tech").values)
        for t in cats["Storage"]:
            rows.add(f"Storage Capacity|{label}|{t}", "GWh", data.sel(tech=t).values)
    made = {c: ts for c, ts in cats.items() if c not in NOT_GENERATION}
    if carrier == "electricity" and "generation" in ds:
        gen = ds["generation"] / TWH
        names = [t for ts in made.values() for t in ts]
        rows.add("Secondary Energy|Electricity", "TWh/yr", gen.sel(tech=names).sum("tech").values)
        _tech_rows(rows, ds, made, "generation", "Secondary Energy|Electricity", "TWh/yr", TWH)
        for cat, prefix in (("Storage", "Storage Output"), ("Imports", "Trade")):
            if cat in cats:
                data = gen.sel(tech=cats[cat])
                name = f"{prefix}|Electricity" + ("|Imports" if cat == "Imports" else "")
                rows.add(name, "TWh/yr", data.sum("tech").values)
                for t in cats[cat]:
                    rows.add(f"{name}|{t}", "TWh/yr", data.sel(tech=t).values)
    elif carrier == "hydrogen" and made and _nonzero(ds, "hydrogen_production"):
        # t H2 -> TWh (LHV), the unit of the other secondary energies
        energy = ds["hydrogen_production"] * H2_MWH_PER_T
        names = [t for ts in made.values() for t in ts]
        rows.add("Secondary Energy|Hydrogen", "TWh/yr", energy.sel(tech=names).sum("tech") / TWH)
        _tech_rows(
            rows, ds.assign(_h2=energy), made, "_h2", "Secondary Energy|Hydrogen", "TWh/yr", TWH
        )
    elif carrier == "heat" and _nonzero(ds, "heat_supply"):
        heat = _heat_categories(ds)
        names = [t for ts in heat.values() for t in ts]
        supply = ds["heat_supply"]
        rows.add("Secondary Energy|Heat", "TWh/yr", supply.sel(tech=names).sum("tech") / TWH)
        _tech_rows(rows, ds, heat, "heat_supply", "Secondary Energy|Heat", "TWh/yr", TWH)


def _emission_rows(rows: _Rows, ds: xr.Dataset) -> None:
    """``Emissions|CO2`` and its tree (sectors, with process CO2 apart)."""
    em = ds["emissions"] / MT
    process = ds["process_emissions"] / MT if "process_emissions" in ds else None
    leaves: dict[str, np.ndarray] = {}
    for s in em["sector"].values:
        variable = SECTOR_EMISSIONS.get(str(s), f"Emissions|CO2|{_title(s)}")
        values = em.sel(sector=s).values
        if process is not None and s in process["sector"].values:
            p = process.sel(sector=s).values
            if np.any(p != 0):
                leaves[PROCESS_EMISSIONS] = leaves.get(PROCESS_EMISSIONS, 0.0) + p
                values = values - p
        leaves[variable] = leaves.get(variable, 0.0) + values
    for variable, values in _tree(leaves, "Emissions|CO2").items():
        rows.add(variable, "Mt CO2/yr", values)


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
        set's name, attribute ``dataset``, title-cased, e.g. ``"Hunan"``, else
        ``"Province"``).

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
    for carrier, label in SUPPLY_CARRIERS.items():
        _supply_rows(rows, ds, carrier, label)
    if "annual_demand" in ds:
        rows.add("Demand|Electricity", "TWh/yr", ds["annual_demand"].values / TWH)
    if "emissions" in ds:
        _emission_rows(rows, ds)
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
        leaves: dict[str, np.ndarray] = {}
        for s in fe["sector"].values:
            sector = SECTOR_NAMES.get(str(s), _title(s))
            if sector is None:
                continue
            for c in fe["carrier"].values:
                carrier = CARRIER_NAMES.get(str(c), _title(c))
                name = f"Final Energy|{sector}|{carrier}"
                leaves[name] = leaves.get(name, 0.0) + fe.sel(sector=s, carrier=c).values
        for variable, values in _tree(leaves, "Final Energy").items():
            rows.add(variable, "TWh/yr", values)
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

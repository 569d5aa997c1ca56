"""Province totals: power (from the LP) plus the sectors, primary energy, targets, the peak.

:func:`combine` adds to the LP results Dataset:

* ``emissions`` (year, sector) t CO2: ``power`` from the LP and every sector of the sector
  modules (heat supply, industry incl. process CO2, buildings, transport, ...);
  ``total_emissions`` (year); the peak attributes of :mod:`lowcarbon_sim.results.peak`
  (``peak_year``, ``peak_emissions``: among the decision years, with a 1 % plateau;
  ``peak_year_all``, ``peak_year_decision``, ...);
* ``final_energy`` (year, sector, carrier) MWh, ``gdp`` (year) yuan (constant 2020 prices),
  ``population`` (year) persons, ``hydrogen_demand`` (year) t H2, ``capturable_co2``
  (year, source) t CO2, and the sector detail (``emissions_subsector``, ...);
* ``primary_energy`` (year, counting) MWh and ``nonfossil_share`` (year, counting) by the
  coal-substitution method of Chinese statistics (primary electricity counted at the coal
  a thermal plant would burn for it) and the physical-content method (1 kWh = 3.6 MJ);
* the targets table ``target_value``, ``target_threshold``, ``target_met`` (target) with
  ``target_sense`` ("<=" or ">=") and ``target_unit``.

Nothing here imports the model: it works on a results Dataset and the sector Dataset.
"""

from __future__ import annotations

import logging

import numpy as np
import xarray as xr

from lowcarbon_sim.results.peak import peak_attrs
from lowcarbon_sim.scenario.types import series_values
from lowcarbon_sim.technology import class_attribute
from lowcarbon_sim.units import TCE_MWH

log = logging.getLogger(__name__)

METHODS = ("coal_substitution", "physical_content")
_SECTOR_VARIABLES = (
    "final_energy_subsector",
    "end_use_energy",
    "emissions_subsector",
    "process_emissions",
    "combustion_emissions",
    "activity",
    "activity_unit",
    "subsector_sector",
    "subsector_group",
    "hydrogen_demand",
    "capturable_co2",
    "population",
    "carrier_emission_factor",
    "carrier_fossil",
    "carrier_primary",
    "vehicle_stock",
    "vehicle_sales",
)


def combine(ds: xr.Dataset, sectors: xr.Dataset, scenario) -> xr.Dataset:
    """Province-wide results: LP power plus sector emissions, energy, targets and peak.

    Parameters
    ----------
    ds
        The LP results (``emissions`` with sector ``power``, ``generation``, ``fuel_use``,
        tech attributes), on ``year``.
    sectors
        Output of :func:`lowcarbon_sim.sectors.compute` for the same years.
    scenario
        The scenario (its ``sectors.targets``).

    Returns
    -------
    xarray.Dataset
        A new Dataset (``ds`` is not modified); see the module docstring.
    """
    out = ds.copy()
    years = out["year"].values
    sec = sectors.sel(year=years)
    lp = ds["emissions"]
    sector_names = list(lp["sector"].values)
    sector_names += [s for s in sec["sector"].values if s not in sector_names]
    emissions = lp.reindex(sector=sector_names, fill_value=0.0) + sec["emissions"].reindex(
        sector=sector_names, fill_value=0.0
    )
    out = out.drop_vars(["emissions", "sector"])
    out = out.assign_coords(sector=sector_names)
    out["emissions"] = emissions.assign_attrs(
        units="t CO2", description="net CO2 emissions by sector (power from the LP)"
    )
    total = emissions.sum("sector")
    out["total_emissions"] = total.assign_attrs(units="t CO2", description="province total")
    out.attrs.update(
        peak_attrs(years, total.values, getattr(scenario.years, "last_historical", None))
    )
    out["final_energy"] = (
        sec["final_energy"]
        .reindex(sector=sector_names, fill_value=0.0)
        .assign_attrs(units="MWh", description="final energy by sector and carrier")
    )
    out["gdp"] = sec["gdp"].assign_attrs(units="yuan", description="GDP, constant 2020 prices")
    for name in _SECTOR_VARIABLES:
        if name in sec and name not in out:  # the LP's own hydrogen_demand etc. win
            var = sec[name]
            if "sector" in var.dims:
                var = var.reindex(sector=sector_names, fill_value=0.0)
            out[name] = var
    out = _primary_energy(out, scenario)
    out = _targets(out, scenario)
    return out


def _primary_energy(ds: xr.Dataset, scenario) -> xr.Dataset:
    """Primary energy (year, counting) MWh and the non-fossil share (year, counting)."""
    years = ds["year"].values
    rate = series_values(scenario.sectors.targets.coal_substitution_rate, years)  # gce/kWh
    factors = np.stack([rate * 1e-3 * TCE_MWH, np.ones(len(years))], axis=1)  # MWh_th/MWh_e
    fe = ds["final_energy"]
    primary_c = ds["carrier_primary"].values.astype(bool)
    fossil_c = ds["carrier_fossil"].values.astype(bool)
    by_carrier = fe.sum("sector").values  # (year, carrier)
    sec_fossil = by_carrier[:, primary_c & fossil_c].sum(axis=1)
    sec_nonfossil = by_carrier[:, primary_c & ~fossil_c].sum(axis=1)
    nf = ds["tech_nonfossil_fraction"].values
    cls = ds["tech_class"].values.astype(str)
    fuel = ds["fuel_use"].values  # (year, tech) MWh heat
    has_fuel = ds["tech_fuel"].values.astype(str) != ""
    fuel_fossil = (fuel * (1 - nf) * has_fuel).sum(axis=1)
    fuel_nonfossil = (fuel * nf * has_fuel).sum(axis=1)
    # primary electricity: the technology-class table says which classes make it
    prim_el = (
        np.array(class_attribute(cls, "primary_energy")) == "primary_electricity"
    ) & ~has_fuel
    if "tech_primary_basis" in ds:  # the inputs' accounting: nuclear fuel, model hydrogen
        basis = ds["tech_primary_basis"].values.astype(str)
        prim_el = basis == "primary_electricity"
        has_fuel = basis == "fuel"
    gen = ds["generation"].values * prim_el
    el_nonfossil = (gen * nf).sum(axis=1)
    el_fossil = (gen * (1 - nf)).sum(axis=1)
    fossil = (sec_fossil + fuel_fossil)[:, None] + el_fossil[:, None] * factors
    nonfossil = (sec_nonfossil + fuel_nonfossil)[:, None] + el_nonfossil[:, None] * factors
    total = fossil + nonfossil
    ds = ds.assign_coords(counting=list(METHODS))
    ds["primary_energy"] = (("year", "counting"), total)
    ds["primary_energy"].attrs.update(
        units="MWh",
        description="primary energy: fossil fuels of sectors and power plants, biomass, and "
        "primary electricity (hydro, wind, solar, imports) by each counting method",
    )
    share = np.divide(nonfossil, total, out=np.full_like(total, np.nan), where=total > 0)
    ds["nonfossil_share"] = (("year", "counting"), share)
    ds["nonfossil_share"].attrs.update(units="1", description="non-fossil share of primary energy")
    return ds


def _value_at(da: xr.DataArray, year: int) -> float | None:
    if year not in da["year"].values:
        return None
    return float(da.sel(year=year))


def _targets(ds: xr.Dataset, scenario) -> xr.Dataset:
    """The targets table: one row per target whose years are modelled."""
    cfg = scenario.sectors.targets
    method = cfg.nonfossil_method
    energy = ds["primary_energy"].sel(counting=method)
    gdp = ds["gdp"]
    rows: list[tuple[str, float, float, str, str]] = []

    def change(numerator: xr.DataArray, period: str) -> float | None:
        a, b = (int(p) for p in period.split("-"))
        va, vb = _value_at(numerator / gdp, a), _value_at(numerator / gdp, b)
        if va is None or vb is None or not va > 0:
            log.info("target period %s is not in the modelled years; skipped", period)
            return None
        return vb / va - 1.0

    for period, required in cfg.energy_intensity.items():
        v = change(energy, period)
        if v is not None:
            rows.append((f"energy_intensity_{period}", v, required, "<=", "1"))
    for period, required in cfg.co2_intensity.items():
        v = change(ds["total_emissions"], period)
        if v is not None:
            rows.append((f"co2_intensity_{period}", v, required, "<=", "1"))
    for year, required in sorted(cfg.nonfossil_share.items()):
        v = _value_at(ds["nonfossil_share"].sel(counting=method), year)
        if v is not None:
            rows.append((f"nonfossil_share_{year}", v, required, ">=", "1"))
    if cfg.peak_before is not None:
        # the decision-year peak (results.peak); a peak in the last year has not happened
        peak_year = float(ds.attrs["peak_year"]) if ds.attrs.get("peaked", 1) else np.inf
        rows.append(("peak_before", peak_year, float(cfg.peak_before), "<", "year"))
    if not rows:
        return ds
    names = [r[0] for r in rows]
    value = np.array([r[1] for r in rows])
    threshold = np.array([r[2] for r in rows])
    sense = np.array([r[3] for r in rows])
    met = np.where(
        sense == "<=",
        value <= threshold + 1e-12,
        np.where(sense == ">=", value >= threshold - 1e-12, value < threshold),
    )
    ds = ds.assign_coords(target=names)
    ds["target_value"] = ("target", value)
    ds["target_value"].attrs.update(units="see target_unit", description="achieved value")
    ds["target_threshold"] = ("target", threshold)
    ds["target_threshold"].attrs.update(units="see target_unit", description="required value")
    ds["target_met"] = ("target", met.astype(bool))
    ds["target_met"].attrs.update(units="1", description="whether the target is met")
    ds["target_sense"] = ("target", sense.astype(str))
    ds["target_sense"].attrs.update(units="1", description="value must be <=, >= or < threshold")
    ds["target_unit"] = ("target", np.array([r[4] for r in rows], dtype=str))
    ds["target_unit"].attrs.update(
        units="1", description="unit of value and threshold (1: change or share, p.u.)"
    )
    ds.attrs["nonfossil_method"] = method
    return ds

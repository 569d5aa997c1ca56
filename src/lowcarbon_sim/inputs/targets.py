"""Inputs of the target constraints (``policy.targets``) and of the primary-energy accounting.

Adds to the inputs Dataset:

* ``primary_energy_per_activity`` (year, tech, counting) MWh of primary energy per MWh of
  activity: a technology burning a fuel counts its heat (1 / efficiency); primary
  electricity (hydro, wind, solar, imports, and the users of a fuel with
  ``primary_electricity: true`` such as nuclear) counts its output times the counting
  factor (coal substitution: the year's rate in gce/kWh as MWh of coal per MWh; physical
  content: 1); a fuel drawn from the model's own hydrogen is not counted again;
* ``renewable_per_activity`` (tech) MWh of renewable electricity per MWh of activity (the
  non-fossil output of generators other than the primary-electricity fuels: nuclear is not
  renewable), for the ``new_renewables`` exclusion;
* the constants of the sectors outside the LP: ``sector_primary_fossil`` and
  ``sector_primary_nonfossil`` (year) MWh, ``sector_emissions`` (year) t CO2, ``gdp``
  (year) yuan, ``feedstock_energy`` (year) MWh, and ``exclusion_in_force`` (year,
  exclusion) 0/1;
* one row per enforced target on the coordinate ``policy_target``: ``policy_target_kind``,
  ``policy_target_year``, ``policy_target_base_year`` (-1: none), ``policy_target_limit``
  (p.u. share or change, t CO2, MWh), ``policy_target_key`` (the scenario key) and
  ``policy_target_counting`` (0 coal substitution, 1 physical content).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.scenario.types import series_values
from lowcarbon_sim.sectors.engine import calendar, drivers
from lowcarbon_sim.technology import class_attribute
from lowcarbon_sim.units import TCE_MWH, TECH, YEAR

COUNTING = ("coal_substitution", "physical_content")
TARGET = "policy_target"
EXCLUSION = "exclusion"

#: Rules that take energy out of the energy consumption under control: first year in force
#: and document. Hunan's 14th FYP energy-saving plan (Aug 2022) applies both
#: (/work/shared/data/hunan_facts.md, "Energy dual control rules in the same plan").
EXCLUSION_RULES: dict[str, tuple[int, str]] = {
    "new_renewables": (
        2021,
        "NDRC/NBS/NEA 发改运行〔2022〕1258号 (Aug 2022): renewable electricity consumed above "
        "the 2020 level is deducted from energy consumption in the assessment of total and "
        "intensity, from the 14th FYP period (2021-)",
    ),
    "feedstock": (
        2021,
        "NDRC/NBS 发改环资〔2022〕803号 (Oct 2022): energy used as raw material (feedstock) is "
        "not counted in energy consumption total and intensity control in the 14th FYP "
        "assessment; kept by the State Council 2024-2025 energy-saving and carbon-reduction "
        "action plan 国发〔2024〕12号 (May 2024)",
    ),
}


def add_target_inputs(ds: xr.Dataset, scenario, sectors: xr.Dataset | None) -> None:
    """Add the primary-energy coefficients, the sectors' constants and the target rows."""
    years = ds[YEAR].values
    names = list(ds[TECH].values)
    techs = scenario.power.techs
    fuels = scenario.power.fuels
    cfg = scenario.policy.targets
    rate = series_values(scenario.sectors.targets.coal_substitution_rate, years)  # gce/kWh
    coal_factor = rate * 1e-3 * TCE_MWH  # MWh of coal per MWh of electricity
    factors = np.stack([coal_factor, np.ones(len(years))], axis=1)  # (year, counting)
    ds.coords["counting"] = list(COUNTING)
    ds["coal_substitution_factor"] = (YEAR, coal_factor)
    ds["coal_substitution_factor"].attrs.update(
        units="MWh/MWh", description="primary energy per MWh of primary electricity"
    )

    basis = np.array(class_attribute(ds["tech_class"].values, "primary_energy"), dtype=object)
    eff = ds["efficiency"].values  # (year, tech)
    generator = ds["electricity_per_activity"].values > 0
    nf = ds["nonfossil_fraction"].values
    renewable = np.where(generator, nf, 0.0)
    for j, t in enumerate(names):
        fuel = techs[t].fuel
        if fuel is None:
            continue
        if fuels[fuel].primary_electricity:
            basis[j] = "primary_electricity"
            renewable[j] = 0.0  # nuclear is non-fossil but not renewable
        elif fuels[fuel].carrier:
            basis[j] = "none"  # hydrogen made in the model: its electricity is counted
    per_activity = np.zeros((len(years), len(names), len(COUNTING)))
    fuel_techs = basis == "fuel"
    per_activity[:, fuel_techs, :] = (1.0 / eff[:, fuel_techs])[:, :, None]
    prim = (basis == "primary_electricity") & generator
    per_activity[:, prim, :] = factors[:, None, :]
    ds["tech_primary_basis"] = (TECH, basis.astype(str))
    ds["tech_primary_basis"].attrs.update(
        units="1", description="how output counts in primary energy"
    )
    ds["primary_energy_per_activity"] = ((YEAR, TECH, "counting"), per_activity)
    ds["primary_energy_per_activity"].attrs.update(
        units="MWh/MWh", description="primary energy per MWh of activity, by counting method"
    )
    ds["renewable_per_activity"] = (TECH, renewable)
    ds["renewable_per_activity"].attrs.update(
        units="MWh/MWh", description="renewable electricity per MWh of activity"
    )

    zeros = np.zeros(len(years))
    fossil, nonfossil, emissions, gdp = zeros, zeros, zeros, zeros
    if sectors is not None:
        sec = sectors.sel(year=years)
        by_carrier = sec["final_energy"].sum("sector").values
        primary_c = sec["carrier_primary"].values.astype(bool)
        fossil_c = sec["carrier_fossil"].values.astype(bool)
        fossil = by_carrier[:, primary_c & fossil_c].sum(axis=1)
        nonfossil = by_carrier[:, primary_c & ~fossil_c].sum(axis=1)
        emissions = sec["emissions"].sum("sector").values
        gdp = sec["gdp"].values
    else:  # no sector modules: GDP from the economy section alone
        cal = calendar(years, scenario.economy.base_year)
        gdp = drivers(scenario.economy, cal)["gdp"][np.searchsorted(cal, years)]
    for name, values, units, doc in (
        ("sector_primary_fossil", fossil, "MWh", "fossil primary energy of the sectors"),
        ("sector_primary_nonfossil", nonfossil, "MWh", "non-fossil primary energy of the sectors"),
        ("sector_emissions", emissions, "t CO2", "CO2 of the sectors (outside the LP)"),
        ("gdp", gdp, "yuan", "GDP, constant prices"),
        (
            "feedstock_energy",
            series_values(cfg.feedstock_energy, years),
            "MWh",
            "fossil energy used as feedstock (policy.targets.feedstock_energy)",
        ),
    ):
        ds[name] = (YEAR, np.asarray(values, dtype=float))
        ds[name].attrs.update(units=units, description=doc)
    ds.coords[EXCLUSION] = list(EXCLUSION_RULES)
    in_force = np.array(
        [
            [
                float(rule in cfg.exclusions and y >= EXCLUSION_RULES[rule][0])
                for rule in EXCLUSION_RULES
            ]
            for y in years
        ]
    )
    ds["exclusion_in_force"] = ((YEAR, EXCLUSION), in_force)
    ds["exclusion_in_force"].attrs.update(
        units="1", description="1 where the rule takes energy out of the total under control"
    )
    ds.attrs["renewables_base_year"] = int(cfg.renewables_base_year)
    _add_rows(ds, scenario)


def _add_rows(ds: xr.Dataset, scenario) -> None:
    """One row per enforced target whose years are modelled."""
    cfg = scenario.policy.targets
    years = [int(y) for y in ds[YEAR].values]
    decision = {y for y, d in zip(years, ds["is_decision_year"].values, strict=True) if d}
    method = cfg.method or scenario.sectors.targets.nonfossil_method
    counting = COUNTING.index(method)
    rows: list[tuple[str, str, int, int, float, str]] = []
    errors: list[tuple[str, str]] = []

    def need(key: str, *needed: int) -> bool:
        missing = [y for y in needed if y not in years]
        if missing:
            errors.append(
                (key, f"year {missing[0]} is not modelled (years: {years[0]}-{years[-1]})")
            )
        return not missing

    for y, share in sorted(cfg.nonfossil_share.items()):
        key = f"policy.targets.nonfossil_share.{y}"
        if need(key, y):
            rows.append((f"nonfossil_share_{y}", "nonfossil_share", y, -1, share, key))
    for kind in ("energy_intensity", "co2_intensity"):
        for period, change in getattr(cfg, kind).items():
            a, b = (int(p) for p in period.split("-"))
            key = f"policy.targets.{kind}.{period}"
            if need(key, a, b):
                rows.append((f"{kind}_{period}", kind, b, a, change, key))
    for kind, value in (("co2_total", cfg.co2_total), ("energy_total", cfg.energy_total)):
        if value is None:
            continue
        limit = series_values(value, years)
        first = min(value) if isinstance(value, dict) and value else years[0]
        for y, v in zip(years, limit, strict=True):
            if y in decision and y >= first:
                rows.append((f"{kind}_{y}", kind, y, -1, float(v), f"policy.targets.{kind}.{y}"))
    if cfg.peak_by is not None:
        key = "policy.targets.peak_by"
        if need(key, cfg.peak_by):
            for y in years:
                if y > cfg.peak_by:
                    rows.append((f"peak_by_{cfg.peak_by}_{y}", "peak_by", y, cfg.peak_by, 0.0, key))
    needs_gdp = any(r[1] in ("energy_intensity", "co2_intensity") for r in rows)
    if needs_gdp and not np.all(ds["gdp"].values > 0):
        errors.append(("policy.targets", "intensity targets need GDP (economy.gdp_base)"))
    if errors:
        raise ScenarioError(errors)
    ds.coords[TARGET] = np.array([r[0] for r in rows], dtype=object)
    for name, k, units in (
        ("policy_target_kind", 1, "1"),
        ("policy_target_year", 2, "year"),
        ("policy_target_base_year", 3, "year"),
        ("policy_target_limit", 4, "see policy_target_kind"),
        ("policy_target_key", 5, "1"),
    ):
        values = [r[k] for r in rows]
        dtype = object if k in (1, 5) else (int if k in (2, 3) else float)
        ds[name] = (TARGET, np.array(values, dtype=dtype))
        ds[name].attrs["units"] = units
    ds["policy_target_counting"] = (TARGET, np.full(len(rows), counting, dtype=int))
    ds["policy_target_counting"].attrs["units"] = "1"

"""LMDI decomposition of the change in CO2 between two years (Kaya identity, by sector).

Emissions of an end-use sector :math:`s` from carrier :math:`c` are written as

.. math::  C_{sc} = P \\cdot \\frac{G}{P} \\cdot \\frac{E_s}{G} \\cdot
                    \\frac{E_{sc}}{E_s} \\cdot \\frac{C_{sc}}{E_{sc}}

(population, GDP per capita, energy intensity, fuel mix, emission factor), where the
emissions of electricity (and hydrogen) are those of the LP sector making it, allocated
to the sectors in proportion to their use (the carbon intensity of electricity). Process
emissions are :math:`C_{s,p} = P \\cdot (G/P) \\cdot (C_{s,p}/G)`. The additive LMDI-I
(Ang 2004) gives each factor :math:`k` the effect

.. math::  \\Delta C_k = \\sum_{s,c} L(C^1_{sc}, C^0_{sc}) \\ln(x^1_{k,sc} / x^0_{k,sc}),
           \\qquad L(a, b) = (a - b) / (\\ln a - \\ln b)

and the effects add up exactly to :math:`C^1 - C^0` (zeros are replaced by a tiny positive
number, whose error is below 1e-6 t). Changes of LP sectors that are not allocated to an end
use (industrial CO2 captured by CCUS, the land sink) are reported apart as
``unallocated_change``.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.errors import DataError

#: The LP sector whose emissions make each secondary carrier (allocated by use).
SECONDARY_SOURCES = {"electricity": "power", "hydrogen": "hydrogen"}
FACTORS = (
    "population",
    "gdp_per_capita",
    "energy_intensity",
    "fuel_mix",
    "fuel_emission_factor",
    "electricity_carbon_intensity",
    "process_intensity",
)
_EPS = 1e-12


def _log_mean(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Logarithmic mean L(a, b) (a for a == b), for positive arrays."""
    diff = np.log(a) - np.log(b)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (a - b) / diff
    return np.where(np.abs(diff) < 1e-12, a, out)


def _state(ds: xr.Dataset, year: int) -> dict[str, np.ndarray]:
    y = ds.sel(year=year)
    fe = y["final_energy"]  # (sector, carrier)
    sectors = list(fe["sector"].values)
    carriers = list(fe["carrier"].values)
    energy = fe.transpose("sector", "carrier").values.astype(float)
    ef = np.broadcast_to(y["carrier_emission_factor"].sel(carrier=carriers).values, energy.shape)
    ef = np.array(ef, dtype=float)
    if "combustion_emissions" in y:
        # the sector's own CO2 per MWh where an end use replaces the carrier's factor
        burnt = y["combustion_emissions"].sel(sector=sectors, carrier=carriers)
        burnt = burnt.transpose("sector", "carrier").values.astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            ef = np.where((energy > 0) & (burnt > 0), burnt / energy, ef)
    for carrier, source in SECONDARY_SOURCES.items():
        if carrier in carriers and source in y["emissions"]["sector"].values:
            use = energy[:, carriers.index(carrier)].sum()
            emitted = float(y["emissions"].sel(sector=source))
            ef[:, carriers.index(carrier)] = emitted / use if use > 0 else 0.0
    process = (
        y["process_emissions"].reindex(sector=sectors, fill_value=0.0).values
        if "process_emissions" in y
        else np.zeros(len(sectors))
    )
    return {
        "energy": np.maximum(energy, _EPS),
        "ef": np.maximum(ef, _EPS),
        "process": np.maximum(process, _EPS),
        "gdp": float(y["gdp"]),
        "population": float(y["population"]),
        "total": float(y["total_emissions"]),
        "sectors": sectors,
        "carriers": carriers,
    }


def lmdi(ds: xr.Dataset, start: int, end: int) -> xr.Dataset:
    """Decompose the change of CO2 between ``start`` and ``end`` by sector and factor.

    Parameters
    ----------
    ds
        A province results Dataset (``final_energy``, ``carrier_emission_factor``,
        ``process_emissions``, ``emissions``, ``total_emissions``, ``gdp``, ``population``).
    start, end
        Two modelled years.

    Returns
    -------
    xarray.Dataset
        ``effect`` (sector, factor) t CO2, whose sum over factors is ``change`` (sector)
        t CO2, the change of each sector's emissions including its share of electricity
        and hydrogen emissions; ``unallocated_change`` (scalar) t CO2, the change of the
        province total not allocated to an end use (CCUS capture, land sink), so that
        ``effect.sum() + unallocated_change`` is the change of ``total_emissions``.

    Raises
    ------
    DataError
        If a needed variable or year is missing.
    """
    needed = ("final_energy", "carrier_emission_factor", "gdp", "population", "emissions")
    missing = [n for n in needed if n not in ds]
    if missing:
        raise DataError(f"lmdi: the results lack {', '.join(missing)} (run with sectors)")
    for y in (start, end):
        if y not in ds["year"].values:
            raise DataError(f"lmdi: year {y} is not in the results")
    s0, s1 = _state(ds, start), _state(ds, end)
    e0, e1 = s0["energy"], s1["energy"]
    c0, c1 = e0 * s0["ef"], e1 * s1["ef"]
    es0, es1 = e0.sum(axis=1, keepdims=True), e1.sum(axis=1, keepdims=True)
    w = _log_mean(c1, c0)
    secondary = np.array([c in SECONDARY_SOURCES for c in s0["carriers"]])[None, :]
    pop = np.log(s1["population"] / s0["population"])
    aff = np.log((s1["gdp"] / s1["population"]) / (s0["gdp"] / s0["population"]))
    inten = np.log((es1 / s1["gdp"]) / (es0 / s0["gdp"]))
    mix = np.log((e1 / es1) / (e0 / es0))
    fac = np.log(s1["ef"] / s0["ef"])
    p0, p1 = s0["process"], s1["process"]
    wp = _log_mean(p1, p0)
    proc_int = np.log((p1 / s1["gdp"]) / (p0 / s0["gdp"]))
    effects = np.stack(
        [
            (w * pop).sum(axis=1) + wp * pop,
            (w * aff).sum(axis=1) + wp * aff,
            (w * inten).sum(axis=1),
            (w * mix).sum(axis=1),
            (w * fac * ~secondary).sum(axis=1),
            (w * fac * secondary).sum(axis=1),
            wp * proc_int,
        ],
        axis=1,
    )
    change = (c1 - c0).sum(axis=1) + (p1 - p0)
    out = xr.Dataset(
        coords={"sector": s0["sectors"], "factor": list(FACTORS)},
        attrs={"start": start, "end": end},
    )
    out["effect"] = (("sector", "factor"), effects)
    out["effect"].attrs.update(units="t CO2", description="LMDI-I additive effect")
    out["change"] = ("sector", change)
    out["change"].attrs.update(
        units="t CO2", description="change of direct, process and allocated electricity CO2"
    )
    out["unallocated_change"] = ((), (s1["total"] - s0["total"]) - float(change.sum()))
    out["unallocated_change"].attrs.update(
        units="t CO2", description="change of LP sectors not allocated to end uses"
    )
    return out

"""Helpers for testing models built with lowcarbon-sim (used by our own tests too).

* :func:`tiny_scenario` builds a one-year scenario from a few technology rows, with flat or
  daily-periodic profiles, no packaged data, solvable in well under a second;
* :func:`fixed_generator` is the row of a non-extendable dispatchable generator with a given
  marginal cost, burning :data:`FREE_FUEL` (price 0, no CO2) unless told otherwise;
* :func:`assert_results_close` compares two results Datasets variable by variable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import xarray as xr

from lowcarbon_sim.scenario.load import load_scenario
from lowcarbon_sim.units import HOURS_PER_YEAR

HOURS = HOURS_PER_YEAR

FREE_FUEL: dict[str, dict[str, float]] = {"f": {"price": 0.0, "emission_factor": 0.0}}
"""A fuel ``f`` that costs nothing and emits nothing: ``tiny_scenario(..., fuels=FREE_FUEL)``."""


def fixed_generator(marginal: float, capacity: float, **fields: Any) -> dict[str, Any]:
    """The row of a non-extendable dispatchable generator: ``capacity`` MW existing, variable
    cost ``marginal`` yuan/MWh, fuel ``f`` (see :data:`FREE_FUEL`) unless ``fuel=`` is given;
    further ``fields`` are added to the row as they are."""
    return {
        "class": "dispatchable",
        "fuel": fields.pop("fuel", "f"),
        "extendable": False,
        "existing_capacity": capacity,
        "vom": marginal,
        **fields,
    }


def daily_profile(day: Sequence[float]) -> list[float]:
    """Repeat a 24-value day over the 8760 hours of a year."""
    if len(day) != 24:
        raise ValueError("a daily profile has 24 values")
    return list(np.tile(np.asarray(day, dtype=float), 365))


def tiny_scenario(
    techs: Mapping[str, Mapping[str, Any]],
    demand_mw: float | Sequence[float] = 100.0,
    *,
    year: int = 2030,
    fuels: Mapping[str, Mapping[str, Any]] | None = None,
    profiles: Mapping[str, Sequence[float]] | None = None,
    days: int = 1,
    mode: str = "representative_days",
    discount_rate: float = 0.05,
    policy: Mapping[str, Any] | None = None,
    load_shedding_cost: float = 1e5,
    overrides: Mapping[str, Any] | None = None,
):
    """A validated one-year scenario (a decision year; costs not discounted).

    Parameters
    ----------
    techs
        Technology rows as in YAML (``{"class": "dispatchable", "fuel": ...}``).
    demand_mw
        Flat demand (MW) or a 24-value daily shape in MW repeated over the year.
    profiles
        Extra hourly profiles (8760 values, or 24 values repeated daily) by name.
    """
    if np.ndim(demand_mw) == 0:
        demand = [float(demand_mw)] * HOURS
    else:
        demand = daily_profile(demand_mw) if len(demand_mw) == 24 else list(demand_mw)
    prof = {"load": {"values": demand}}
    for name, values in (profiles or {}).items():
        vals = daily_profile(values) if len(values) == 24 else list(values)
        prof[name] = {"values": vals}
    annual = float(np.sum(demand))
    tree = {
        "name": "tiny",
        "dataset": None,
        "years": {"first": year, "last": year, "last_historical": year - 1},
        "time": {"mode": mode, "days": days},
        "economics": {
            "discount_rate": discount_rate,
            "base_year": year,
            "load_shedding_cost": load_shedding_cost,
        },
        "demand": {"electricity": annual, "profile": "load"},
        "profiles": prof,
        "power": {
            "techs": {k: dict(v) for k, v in techs.items()},
            "fuels": {k: dict(v) for k, v in (fuels or {}).items()},
        },
        "policy": {"reserve_margin": None, **(policy or {})},
    }
    return load_scenario(data=tree, overrides=overrides)


def assert_results_close(
    a: xr.Dataset,
    b: xr.Dataset,
    rtol: float = 1e-6,
    atol: float = 1e-6,
    variables: Sequence[str] | None = None,
) -> None:
    """Assert that two results Datasets hold the same numbers (and units) for ``variables``."""
    names = variables or sorted(set(a.data_vars) & set(b.data_vars))
    for name in names:
        if a[name].dtype.kind not in "fiub":
            continue
        assert a[name].attrs.get("units") == b[name].attrs.get("units"), f"units of {name}"
        np.testing.assert_allclose(
            a[name].values, b[name].values, rtol=rtol, atol=atol, err_msg=name
        )

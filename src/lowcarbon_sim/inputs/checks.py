"""Finite or refused: every number that reaches the LP, checked once the inputs are built.

The schema checks each key's type, unit and range; some numbers only exist after profiles
are read and scaled and the sector modules have run (a load profile of zeros makes a demand
of NaN; ``profiles.load.scale: 1e300`` overflows; ``capex: 1e308`` turns the cost into
``inf``). :func:`check_inputs` looks at every numeric inputs variable and names the scenario
key behind a bad value, so a scenario that validates does not fail later on its data.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.technology import TECH_FIELDS
from lowcarbon_sim.units import TECH, YEAR

#: Largest magnitude a coefficient or bound of the LP may have: beyond it the solver's
#: tolerances (1e-7 relative) lose every digit of the smaller numbers in a row.
MAX_MAGNITUDE = 1e15
#: Inputs where NaN means "not set" (no limit, no cap, no target); besides these, NaN is
#: allowed in a technology field whose default is NaN and in any inputs variable whose
#: ``nan_means`` attribute says what NaN stands for.
NAN_ALLOWED = frozenset(
    {
        "max_full_load_hours",
        "min_full_load_hours",
        "co2_cap",
        "reserve_margin",
        "min_nonfossil_share",
    }
)
#: Inputs where +inf means "no upper limit" (besides these: any ``*_max`` input and a
#: technology field whose default is +inf).
INF_ALLOWED = frozenset(
    {"build_max", "capacity_max", "fuel_max_use", "co2_injection_max", "co2_use_max",
     "co2_storage_step_capacity", "capturable_co2"}
)
#: Scenario keys behind inputs that are not technology fields.
KEYS = {
    "demand": "demand.electricity / profiles (the demand profile and its scale)",
    "annual_demand": "demand.electricity",
    "peak_demand": "demand.peak / profiles (the demand profile)",
    "hydrogen_demand": "sectors (hydrogen demand)",
    "availability": "profiles (the technology's availability profile and its scale)",
    "fuel_price": "power.fuels.<fuel>.price",
    "fuel_cost": "power.fuels.<fuel>.price / power.techs.<tech>.efficiency",
    "emission_intensity": "power.fuels.<fuel>.emission_factor",
    "co2_price_given": "policy.co2_price",
    "co2_cap": "policy.co2_cap",
    "exogenous_emissions": "sectors (emissions outside the LP)",
    "objective_weight": "economics.discount_rate",
}


def _key(name: str, da: xr.DataArray, index: tuple[int, ...]) -> str:
    """The scenario key behind element ``index`` of inputs variable ``name``."""
    by_input = {f.input_name: f.name for f in TECH_FIELDS.values()}
    coords = {dim: da[dim].values[i] for dim, i in zip(da.dims, index, strict=True)}
    where = f" in {int(coords[YEAR])}" if YEAR in coords else ""
    if TECH in coords:
        tech = str(coords[TECH])
        field = by_input.get(name, name)
        return f"power.techs.{tech}.{field}{where}"
    return f"{KEYS.get(name, name)}{where}"


def check_profiles(profiles: dict[str, np.ndarray], demand_profile: str) -> None:
    """Refuse hourly profiles that are not finite after scaling, and a demand profile that
    sums to zero (demand is scaled to it), naming ``profiles.<name>``.

    Raises
    ------
    ScenarioError
        One problem per bad profile.
    """
    problems = []
    for name, values in profiles.items():
        with np.errstate(over="ignore", invalid="ignore"):
            total = float(np.sum(values, dtype=float))
        if not np.all(np.isfinite(values)) or not np.isfinite(total):
            problems.append(
                (f"profiles.{name}", "values (times `scale`) overflow or are not finite; "
                 "expected finite hourly values")
            )
        elif np.abs(values).max() > MAX_MAGNITUDE:
            problems.append(
                (f"profiles.{name}", f"values (times `scale`) reach {np.abs(values).max():g}; "
                 f"expected values below {MAX_MAGNITUDE:g}")
            )
        elif name == demand_profile and total <= 0:
            problems.append(
                (f"profiles.{name}", "the demand profile sums to zero; expected a shape with "
                 "positive values to scale the annual demand to")
            )
    if problems:
        raise ScenarioError(problems)


def check_inputs(inputs: xr.Dataset) -> None:
    """Refuse inputs with a value the LP cannot take, naming the scenario key.

    Raises
    ------
    ScenarioError
        One problem per inputs variable: NaN or infinity where a number is needed, or a
        magnitude above :data:`MAX_MAGNITUDE`.
    """
    problems: list[tuple[str, str]] = []
    # technology fields whose "unset" is NaN or +inf (the table's defaults) may hold those
    unset_nan = {f.input_name for f in TECH_FIELDS.values() if np.isnan(f.default)}
    unset_inf = {f.input_name for f in TECH_FIELDS.values() if f.default == np.inf}
    for name, da in inputs.data_vars.items():
        if da.dtype.kind != "f" or da.size == 0:
            continue
        values = da.values
        nan_ok = name in NAN_ALLOWED or name in unset_nan or "nan_means" in da.attrs
        bad = np.isnan(values) if not nan_ok else np.zeros(values.shape, bool)
        inf = np.isinf(values)
        inf_ok = name in INF_ALLOWED or name in unset_inf or str(name).endswith("_max")
        bad |= inf & ~((values > 0) & inf_ok)
        bad |= np.isfinite(values) & (np.abs(values) > MAX_MAGNITUDE)
        if not bad.any():
            continue
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        value = values[index]
        unit = da.attrs.get("units", "")
        expected = (
            f"a finite number below {MAX_MAGNITUDE:g} {unit}".rstrip()
            if np.isfinite(value)
            else "a finite number"
        )
        problems.append(
            (
                _key(str(name), da, index),
                f"gives {value:g} {unit} in the model input '{name}' ({int(bad.sum())} "
                f"value(s)); expected {expected}",
            )
        )
    if problems:
        raise ScenarioError(problems)

"""Overrides shared by the benchmarks: the Hunan data cut to its power system."""

from __future__ import annotations

# Technologies whose yearly build limits would stop a few decision years from reaching the
# 2030 system.
BUILD_LIMITED = ("coal_new", "gas", "wind", "solar", "pumped_hydro", "battery")
HYDROGEN_CLASSES = {"electrolyser", "hydrogen_supply", "hydrogen_storage"}
# Classes the PyPSA mirror of benchmarks/vs_pypsa.py does not build (heat, demand response).
UNMIRRORED_CLASSES = {
    "interruptible",
    "demand_shift",
    "heat_boiler",
    "heat_pump",
    "chp_backpressure",
    "chp_extraction",
}
# Technology fields of mechanisms that the mirror does not build: clustered unit commitment,
# monthly reservoirs, import delivery bands. Each has its own differential test against
# PyPSA in tests/model; the benchmark times the core that both sides share.
UNMIRRORED_FIELDS = (
    "min_stable_output",
    "startup_cost",
    "startup_fuel",
    "ramp_limit_up",
    "ramp_limit_down",
    "min_up_time",
    "min_down_time",
    "inflow",
    "reservoir_capacity",
    "min_flow",
    "run_of_river",
    "delivery_band",
    # yearly build in tranches at rising capex: the mirror builds at one capex
    "build_steps",
    # new capacity running part of its build year: PyPSA's runs the whole year
    "first_year_availability",
)


def _techs() -> dict:
    from lowcarbon_sim.data import dataset_tree

    return dataset_tree("hunan")["power"]["techs"]


def unlimited_build() -> dict:
    """No per-year build limits on the technologies that have them."""
    return {f"power.techs.{t}.build_max": None for t in BUILD_LIMITED if t in _techs()}


def without_hydrogen_and_ccus() -> dict:
    """Remove the hydrogen and CCUS rows of the Hunan data (read from the data set, so the
    list follows the data) and the industrial capture sources."""
    from lowcarbon_sim.data import dataset_tree

    power = dataset_tree("hunan")["power"]
    carriers = {f for f, cfg in power["fuels"].items() if cfg.get("carrier")}
    drop = [
        name
        for name, tech in power["techs"].items()
        if tech.get("class") in HYDROGEN_CLASSES
        or "capture_rate" in tech
        or tech.get("fuel") in carriers
    ]
    return {
        **{f"power.techs.{t}": None for t in drop},
        **{f"power.fuels.{f}": None for f in carriers},
        "ccus.sources": None,
    }


def _unset(field: str) -> float | None:
    """The value that switches a field's mechanism off: its default where the schema has a
    number (0 start-up cost), else ``None``."""
    import math

    from lowcarbon_sim.technology import TECH_FIELDS

    spec = TECH_FIELDS.get(field)
    if spec is None or not math.isfinite(spec.default):
        return None
    return spec.default


def core_power_system() -> dict:
    """The power system that the PyPSA mirror builds too: no heat sector, no demand-response
    rows, no retrofit options, no new line with an hours limit, no fuel limits, and no unit
    commitment, reservoir months, import delivery bands or build tranches (hydro keeps its
    annual energy budget, imports their annual hours)."""
    techs = _techs()
    drop = [
        name
        for name, tech in techs.items()
        if tech.get("class") in UNMIRRORED_CLASSES
        or tech.get("retrofit_of")
        # new capacity with an hours limit (a new UHV line): PyPSA's e_sum_max is absolute
        or (tech.get("extendable", True) and "max_full_load_hours" in tech)
    ]
    fields = {
        f"power.techs.{name}.{field}": _unset(field)
        for name, tech in techs.items()
        if name not in drop
        for field in UNMIRRORED_FIELDS
        if field in tech
    }
    from lowcarbon_sim.data import dataset_tree

    fuel_limits = {
        f"power.fuels.{f}.max_use": None
        for f, cfg in dataset_tree("hunan")["power"]["fuels"].items()
        if "max_use" in cfg
    }
    return {
        **{f"power.techs.{t}": None for t in drop},
        **fields,
        **fuel_limits,
        "heat.demand": 0.0,
    }

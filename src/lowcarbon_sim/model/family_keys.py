"""What sets the right-hand side of every constraint family: scenario keys or data rows.

A block registers each constraint component with a
:class:`~lowcarbon_sim.model.blocks.base.ConstraintFamily`; where the block names no keys,
:func:`complete` fills them in from :data:`FAMILY_KEYS` at registration, so that
``lowcarbon-sim explain``, the infeasibility diagnosis and :func:`what_would_it_take` can
name the YAML key (or packaged data row, via the key's ``*figures.csv`` row) behind every
row. Two kinds:

* ``keys``: user limits (full-load hours, fuel limits, CCUS capture, storage volumes and
  injection): :func:`~lowcarbon_sim.model.elastic.what_would_it_take` may relax them;
* ``data``: inputs of physics and accounting (demand, availability, inflows, delivery bands,
  structural balances whose right-hand side is zero and whose terms come from the named
  keys): named in messages, never relaxed.

Build limits (``power.techs.<tech>.build_min``/``build_max``) and the CCUS ``build_max``
are bounds of the build variables, not rows: :data:`BOUND_KEYS` names them. The committed
pipeline (``power.pipeline``) is neither: it adds to the existing capacity.
``tests/model/test_family_keys.py`` fails if a family of a built model has neither.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

_T = "power.techs.{tech}"

#: Component name -> (keys: user limits, data: inputs behind the right-hand side).
FAMILY_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # balances: demand on the right-hand side
    "electricity_balance": ((), ("demand.electricity.{year}", "demand.profile", "demand.peak")),
    "hydrogen_balance": ((), ("hydrogen.demand.{year}", "hydrogen.delivery")),
    "hydrogen_delivery": ((), ("hydrogen.demand.{year}",)),
    "heat_balance": ((), ("heat.demand.{year}",)),
    # capacity
    "capacity.retrofit_limit": ((), (f"{_T}.existing_capacity", f"{_T}.retrofit_of")),
    # dispatch
    "dispatch.available": ((), (f"{_T}.availability", f"{_T}.availability_scale")),
    "dispatch.must_run": ((f"{_T}.min_output",), ()),
    "dispatch.annual_energy": (
        (f"{_T}.min_full_load_hours.{{year}}", f"{_T}.max_full_load_hours.{{year}}"),
        (),
    ),
    "dispatch.annual_energy_max": ((f"{_T}.max_full_load_hours.{{year}}",), ()),
    "dispatch.fuel_limit": (("power.fuels.{fuel}.max_use.{year}",), ()),
    # storage (electricity and hydrogen): structural, sized by the technology's fields
    **{
        f"{s}.{c}": ((), (f"{_T}.efficiency", f"{_T}.energy_to_power", f"{_T}.existing_capacity"))
        for s in ("storage", "hydrogen_storage")
        for c in (
            "soc_balance",
            "charge_limit",
            "discharge_limit",
            "energy_limit",
            "day_balance",
            "high_bound",
            "low_bound",
            "day_upper",
            "day_lower",
        )
    },
    "demand_response.window_balance": ((), (f"{_T}.window", f"{_T}.availability")),
    "heat.available": ((), (f"{_T}.availability",)),
    "heat.must_run": ((f"{_T}.min_output",), ()),
    "heat.annual_energy": (
        (f"{_T}.min_full_load_hours.{{year}}", f"{_T}.max_full_load_hours.{{year}}"),
        (),
    ),
    "heat.annual_energy_max": ((f"{_T}.max_full_load_hours.{{year}}",), ()),
    "heat.pq_region": ((), (f"{_T}.power_to_heat",)),
    # CCUS
    "ccus.capture_limit": (
        ("ccus.sources.{source}.capturable.{year}", "ccus.sources.{source}.available_from"),
        (),
    ),
    "ccus.step_volume": (("ccus.storage.steps.{step}.capacity",), ()),
    "ccus.injection": (("ccus.storage.injection_max.{year}",), ()),
    "ccus.co2_balance": ((), ("ccus.use.max.{year}", "ccus.storage.steps")),
    # hydro and import contracts
    "hydro.ror_use": ((), (f"{_T}.run_of_river",)),
    "hydro.balance": ((), (f"{_T}.inflow.{{year}}", f"{_T}.inflow_shape")),
    "hydro.min_flow": ((), (f"{_T}.min_flow",)),
    # structural: a representative hour's output split over the months it stands for
    "hydro.split_link": ((), (f"{_T}.inflow_shape", "time.days")),
    "import_contracts.band_min": ((), (f"{_T}.delivery_band",)),
    "import_contracts.band_max": ((), (f"{_T}.delivery_band",)),
    "import_contracts.monthly": (
        (f"{_T}.min_full_load_hours.{{year}}", f"{_T}.max_full_load_hours.{{year}}"),
        (f"{_T}.contract_monthly_shape",),
    ),
    # unit commitment: technology fields
    **{
        f"commitment.{c}": ((), (f"{_T}.{field}",))
        for c, field in (
            ("committed_available", "availability"),
            ("stable", "min_stable_output"),
            ("committed_max", "min_stable_output"),
            ("startup", "startup_cost"),
            ("ramp_up", "ramp_limit_up"),
            ("ramp_down", "ramp_limit_down"),
            ("min_up", "min_up_time"),
            ("shutdown", "min_down_time"),
            ("min_down", "min_down_time"),
        )
    },
    # a user limit (generation plans), which what_would_it_take may relax
    "commitment.committed_min": ((f"{_T}.min_commitment.{{year}}",), ()),
    "hydrogen_origin.z_output": ((), (f"{_T}.fuel", "power.fuels.{tech}.carrier")),
}

#: Limits set as bounds of variables (not rows): variable -> keys.
BOUND_KEYS: dict[str, tuple[str, ...]] = {
    "capacity.build": (
        f"{_T}.build_min.{{year}}",
        f"{_T}.build_max.{{year}}",
    ),
    "ccus.build": ("ccus.sources.{source}.build_max.{year}",),
}


def complete(name: str, family: Any) -> Any:
    """``family`` with the keys and data of :data:`FAMILY_KEYS` where it names none."""
    keys, data = FAMILY_KEYS.get(name, ((), ()))
    changes = {}
    if not family.keys and keys:
        changes["keys"] = keys
    if not getattr(family, "data", ()) and data:
        changes["data"] = data
    return replace(family, **changes) if changes else family

"""Golden LP tests per block: the LP of tiny systems against stored baselines.

As Calliope's ``tests/math``, each case builds a tiny system aimed at one block of the LP
(capacity, dispatch, storage, hydrogen, ccus, policy, balance with shedding, objective) and
compares the whole LP, and separately each block's share of it, with a baseline in
``tests/model/golden/<case>.lp.txt``. A pure refactor of ``lowcarbon_sim.model`` leaves every
baseline unchanged; a change of the mathematics shows which rows of which block changed.

How the systems are made
    :func:`lowcarbon_sim.testing.tiny_scenario` -> :func:`lowcarbon_sim.build_inputs` ->
    :func:`lowcarbon_sim.model.build.build_model`, the public path. Between the last two the
    inputs are cut down to 4 time steps of the one representative day (hours 0, 6, 12, 18,
    each standing for 2190 h) and, where storage is linked across days, a 3-day day
    sequence: the scenario schema allows no fewer than 24 hours, and 4 steps keep the
    baselines short enough to read. (The cases solve, but they test the LP, not optima.)

What is compared, and why this format
    The baselines are a canonical text format written here, rather than Pyomo's ``.lp``
    output (``model.write(..., symbolic_solver_labels=True)``): an LP file mangles names
    (``dispatch_p(coal_2030_0)``), keeps the model's order of rows and terms, so a
    reordering refactor would rewrite it, and would need a parser to be compared. Nor is it
    the library's ``compile_model`` (a refactor may move it). Every active constraint is read
    with :func:`pyomo.repn.generate_standard_repn` into one line, e.g.::

        row capacity.capacity_limit[gas,2030]: +1.0 capacity.build[gas,2030] <= +60.0

    with the constant of the body moved to the right-hand side, terms sorted by variable
    name, and a ranged constraint written as two rows (``>=`` and ``<=``). Each variable of
    the LP has a ``bound`` line (lower, upper), the objective an ``objective`` line (sense),
    one ``obj`` line per term and an ``obj_constant`` line. Numbers are written exactly
    (``repr``); lines are sorted by name, so a regenerated file diffs cleanly.

    The comparison is order-insensitive and ignores constraint names: each row becomes
    (sense, rhs, sorted {variable name: coefficient}), ``>=`` rows are negated into ``<=``
    and equalities signed so that their first term is positive (so ``a - b == 0`` and
    ``b - a == 0`` are the same row), numbers rounded to 10 significant digits (1e-9
    relative, coefficients below 1e-12 dropped); the multisets of these rows are compared.
    Variables are identified by their Pyomo names (``dispatch.p[coal,2030,0]``), which the
    refactor keeps. Bounds and objective terms are compared by variable name and value.

    Each entry belongs to a block by the Pyomo name of its row or variable: the sub-blocks
    ``capacity``, ``dispatch``, ``storage``, ``hydrogen_storage``, ``shedding``, ``ccus``;
    ``balance`` for ``electricity_balance``, ``hydrogen_balance``, ``hydrogen_delivery`` and
    ``hydrogen_delivered``; ``policy`` for ``co2_cap``, ``reserve_margin`` and
    ``nonfossil_share``; ``build_groups`` for the yearly limits of groups of technologies;
    ``objective`` for the objective's terms. ``test_block`` compares each
    block's entries on their own, so a failure names the block.

Regenerate the baselines after an intended change of the LP with
``pytest tests/model/test_golden_lp.py --regen-golden`` and review the diff of
``tests/model/golden/``.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyomo.environ as pyo
import pytest
import xarray as xr
from pyomo.repn import generate_standard_repn

from lowcarbon_sim import build_inputs
from lowcarbon_sim.model.build import build_model
from lowcarbon_sim.testing import fixed_generator as gen
from lowcarbon_sim.testing import tiny_scenario
from lowcarbon_sim.units import TIME

GOLDEN = Path(__file__).parent / "golden"
STEPS = (0, 6, 12, 18)  # hours of the representative day kept
LINKED_DAYS = 3  # days of the year kept where storage is linked across days
DIGITS = 10  # significant digits compared (1e-9 relative)
TINY = 1e-12  # coefficients below this are compared as absent (rounding noise)
SHOWN = 20  # differing entries listed in a failure message, each way

BLOCKS = (
    "capacity",
    "dispatch",
    "storage",
    "hydrogen_storage",
    "shedding",
    "ccus",
    "balance",
    "policy",
    "objective",
    "build_groups",
)
# top-level components of the model and the block they belong to
TOP_LEVEL = {
    "electricity_balance": "balance",
    "hydrogen_balance": "balance",
    "hydrogen_delivery": "balance",
    "hydrogen_delivered": "balance",
    "co2_cap": "policy",
    "reserve_margin": "policy",
    "nonfossil_share": "policy",
}


# --------------------------------------------------------------------------------------
# Canonical LP entries


@dataclass(frozen=True)
class Entry:
    """One row, variable bound or objective item of an LP.

    ``key`` is what is compared (no constraint name), ``text`` the line of the golden file,
    ``block`` the block it belongs to.
    """

    block: str
    key: tuple
    text: str


def _num(x: float) -> str:
    """A number rounded to :data:`DIGITS` significant digits, as compared (no ``-0``)."""
    return format(float(x) + 0.0, f".{DIGITS}g")


def _signed(x: float) -> str:
    """A number written exactly with its sign, as in the golden files."""
    return format(float(x) + 0.0, "+")


def block_of(name: str) -> str:
    """The block of a Pyomo component name (``dispatch.p[g,2030,0]`` -> ``dispatch``)."""
    top = name.split("[", 1)[0].split(".", 1)[0]
    return TOP_LEVEL.get(top, top)


def row_entry(name: str, terms: dict[str, float], sense: str, rhs: float) -> Entry:
    """The entry of the row ``sum(terms) sense rhs`` (sense ``<=``, ``>=`` or ``==``)."""
    terms = {v: c for v, c in terms.items() if c != 0}
    names = sorted(terms)
    coefs = [terms[v] for v in names]
    text = " ".join(f"{_signed(c)} {v}" for v, c in zip(names, coefs, strict=True))
    text = f"row {name}: {text} {sense} {_signed(rhs)}"
    # canonical: <= or ==, equalities with a positive first coefficient
    sign = 1.0
    if sense == ">=" or (sense == "==" and coefs and coefs[0] < 0):
        sign = -1.0
    canon_sense = "<=" if sense == ">=" else sense
    key = (
        "row",
        canon_sense,
        _num(sign * rhs),
        tuple((v, _num(sign * c)) for v, c in zip(names, coefs, strict=True) if abs(c) > TINY),
    )
    return Entry(block_of(name), key, text)


def bound_entry(name: str, lower: float | None, upper: float | None) -> Entry:
    lo = -np.inf if lower is None else float(lower)
    up = np.inf if upper is None else float(upper)
    return Entry(
        block_of(name), ("bound", name, _num(lo), _num(up)), f"bound {name}: {lo!r} {up!r}"
    )


def objective_entries(sense: str, terms: dict[str, float], constant: float) -> list[Entry]:
    out = [Entry("objective", ("objective", sense), f"objective {sense}")]
    out += [
        Entry("objective", ("obj", v, _num(c)), f"obj {_signed(c)} {v}")
        for v, c in sorted(terms.items())
        if abs(c) > TINY
    ]
    out.append(Entry("objective", ("obj_constant", _num(constant)), f"obj_constant {constant!r}"))
    return out


def _linear(expr) -> tuple[dict[str, float], float, dict[str, pyo.Var]]:
    repn = generate_standard_repn(expr, quadratic=False)
    if not repn.is_linear():
        raise AssertionError(f"not linear: {expr}")
    terms: dict[str, float] = {}
    variables = {}
    for v, c in zip(repn.linear_vars, repn.linear_coefs, strict=True):
        terms[v.name] = terms.get(v.name, 0.0) + float(c)
        variables[v.name] = v
    return terms, float(pyo.value(repn.constant)), variables


def lp_entries(model: pyo.ConcreteModel) -> list[Entry]:
    """The canonical entries of every active constraint, objective and variable of ``model``."""
    entries: list[Entry] = []
    variables: dict[str, pyo.Var] = {}
    for con in model.component_data_objects(pyo.Constraint, active=True, descend_into=True):
        terms, constant, used = _linear(con.body)
        variables.update(used)
        if con.equality:
            entries.append(row_entry(con.name, terms, "==", pyo.value(con.upper) - constant))
            continue
        if con.has_lb():
            entries.append(row_entry(con.name, terms, ">=", pyo.value(con.lower) - constant))
        if con.has_ub():
            entries.append(row_entry(con.name, terms, "<=", pyo.value(con.upper) - constant))
    objectives = list(model.component_data_objects(pyo.Objective, active=True))
    assert len(objectives) == 1, "one active objective"
    obj = objectives[0]
    terms, constant, used = _linear(obj.expr)
    variables.update(used)
    sense = "minimize" if obj.sense == pyo.minimize else "maximize"
    entries += objective_entries(sense, terms, constant)
    entries += [bound_entry(n, v.lb, v.ub) for n, v in variables.items()]
    return entries


def write_golden(path: Path, case: str, entries: Iterable[Entry]) -> None:
    """Write the entries as a golden file: a header, then the lines sorted by kind and name."""
    order = {"objective": 0, "obj": 1, "obj_constant": 2, "row": 3, "bound": 4}

    def sort_key(text: str) -> tuple[int, str]:
        kind = text.split(" ", 1)[0]
        # objective terms by variable name, rows and bounds by their name
        return order[kind], text.rsplit(" ", 1)[-1] if kind == "obj" else text

    lines = sorted((e.text for e in entries), key=sort_key)
    header = [
        f"# Golden LP of the case '{case}' of tests/model/test_golden_lp.py.",
        "# Compared order-insensitively, constraint names ignored (see the test module).",
        "# Regenerate: pytest tests/model/test_golden_lp.py --regen-golden",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(header + lines) + "\n")


def parse_line(line: str) -> list[Entry]:
    """The entry (or entries) of one line of a golden file."""
    kind, rest = line.split(" ", 1)
    if kind == "objective":
        return [Entry("objective", ("objective", rest), line)]
    if kind == "obj":
        coef, name = rest.split(" ", 1)
        return objective_entries("minimize", {name: float(coef)}, 0.0)[1:2]
    if kind == "obj_constant":
        return [Entry("objective", ("obj_constant", _num(float(rest))), line)]
    name, body = rest.split(": ", 1)
    tokens = body.split()
    if kind == "bound":
        return [bound_entry(name, float(tokens[0]), float(tokens[1]))]
    if kind == "row":
        *pairs, sense, rhs = tokens
        terms = {pairs[i + 1]: float(pairs[i]) for i in range(0, len(pairs), 2)}
        return [row_entry(name, terms, sense, float(rhs))]
    raise ValueError(f"unknown line in a golden file: {line!r}")


def read_golden(path: Path) -> list[Entry]:
    entries = []
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            entries += parse_line(line)
    return entries


def differences(
    baseline: Iterable[Entry], new: Iterable[Entry], block: str | None = None
) -> tuple[list[str], list[str]]:
    """Lines only in ``baseline`` and only in ``new`` (as multisets of canonical keys),
    restricted to the entries of ``block`` when given."""
    base = [e for e in baseline if block is None or e.block == block]
    now = [e for e in new if block is None or e.block == block]
    only_base = Counter(e.key for e in base) - Counter(e.key for e in now)
    only_new = Counter(e.key for e in now) - Counter(e.key for e in base)

    def lines(entries: list[Entry], keys: Counter) -> list[str]:
        out = []
        left = Counter(keys)
        for e in entries:
            if left[e.key] > 0:
                left[e.key] -= 1
                out.append(e.text)
        return sorted(out)

    return lines(base, only_base), lines(now, only_new)


def mismatch_message(what: str, path: Path, only_base: list[str], only_new: list[str]) -> str:
    parts = [
        f"{what}: the LP differs from the baseline {path.name} "
        f"({len(only_base)} entries only in the baseline, {len(only_new)} only in the new model)"
    ]
    for title, lines in (("only in the baseline", only_base), ("only in the new model", only_new)):
        if lines:
            parts.append(f"{title}:")
            parts += [f"  {line}" for line in lines[:SHOWN]]
            if len(lines) > SHOWN:
                parts.append(f"  ... and {len(lines) - SHOWN} more")
    parts.append("If the change is intended: pytest tests/model/test_golden_lp.py --regen-golden")
    return "\n".join(parts)


# --------------------------------------------------------------------------------------
# The tiny systems


def small(scenario, days: int | None = None) -> xr.Dataset:
    """The inputs of ``scenario`` cut to the time steps :data:`STEPS` of its one
    representative day (renumbered from 0, weights scaled to 8760 h in all) and, when
    ``days`` is given, to the first ``days`` days of the year's day sequence."""
    ds = build_inputs(scenario)
    ds = ds.isel({TIME: list(STEPS)}).assign_coords({TIME: np.arange(len(STEPS))})
    # the kept steps stand for the whole year, as annual demand and energy limits assume
    ds["timestep_weight"] = ds["timestep_weight"] * (24 / len(STEPS))
    if days is not None:
        ds = ds.isel(original_period=slice(0, days))
    return ds


FUELS = {
    "f": {"price": 0.0, "emission_factor": 0.0},
    "coal": {"price": 100.0, "emission_factor": 0.34},
    "gas": {"price": 200.0, "emission_factor": 0.2},
    "biomass": {
        "price": 50.0,
        "emission_factor": 0.0,
        "co2_content": 0.4,
        "fossil": False,
        "max_use": 4.0e5,
    },
}
DEMAND = [80.0] * 6 + [100.0] * 6 + [120.0] * 6 + [90.0] * 6  # MW by hour of the day
SUN = [0.0] * 6 + [0.6] * 6 + [0.8] * 6 + [0.1] * 6
WIND = [0.5] * 6 + [0.3] * 6 + [0.2] * 6 + [0.7] * 6
PROFILES = {"sun": SUN, "wind": WIND}
TWO_YEARS = {"years.last": 2031}
MILESTONES = {"years.last": 2032, "years.milestones": [2030, 2032]}


def case_capacity() -> xr.Dataset:
    """Existing fleet retiring, new build with build and capacity limits, lifetimes, a
    retrofit, a build group (gas and solar together, 2030 only); two milestone years (2030
    stands for 2 years)."""
    techs = {
        "coal": gen(5.0, {2030: 100.0, 2032: 60.0}, fuel="coal", efficiency=0.4, fom=100.0),
        "gas": {
            "class": "dispatchable",
            "fuel": "gas",
            "efficiency": 0.5,
            "capex": 3000.0,
            "fom": 50.0,
            "lifetime": 2,  # built in 2030, retired before 2032
            "build_min": 5.0,
            "build_max": {2030: 20.0, 2032: 40.0},
            "capacity_max": 60.0,
        },
        "solar": {
            "class": "variable",
            "availability": "sun",
            "existing_capacity": 10.0,
            "capex": 4000.0,
            "lifetime": 25,
            "capacity_min": {2030: 20.0, 2032: 50.0},
        },
        "coal_ccs": {
            "class": "dispatchable",
            "fuel": "coal",
            "efficiency": 0.34,
            "capex": 1000.0,
            "capture_rate": 0.9,
            "retrofit_of": "coal",
        },
    }
    over = {
        **MILESTONES,
        "ccus.storage.steps": {"site": {"capacity": 1e9, "cost": 10.0}},
        "power.build_groups": {"new": {"techs": ["gas", "solar"], "build_max": {2030: 15.0}}},
    }
    return small(tiny_scenario(techs, DEMAND, fuels=FUELS, profiles=PROFILES, overrides=over))


def case_dispatch(wind: list[float] = WIND, coal_vom: float = 5.0) -> xr.Dataset:
    """Availability, must-run (fixed and extendable capacity), full-load-hour limits (hydro
    budget, import with both limits), a fuel limit (biomass). ``wind`` (p.u. by hour of the
    day) and ``coal_vom`` (yuan/MWh) are varied by the tests of the comparison."""
    techs = {
        "coal": gen(coal_vom, 80.0, fuel="coal", efficiency=0.4, min_output=0.3),
        "chp": {
            "class": "dispatchable",
            "fuel": "gas",
            "efficiency": 0.45,
            "capex": 3000.0,
            "min_output": 0.5,
        },
        "wind": {"class": "variable", "availability": "wind", "capex": 5000.0},
        "hydro": {
            "class": "hydro",
            "availability": "sun",
            "extendable": False,
            "existing_capacity": 50.0,
            "max_full_load_hours": 3000.0,
        },
        "line": {
            "class": "import",
            "price": 300.0,
            "capex": 2000.0,
            "min_full_load_hours": 2000.0,
            "max_full_load_hours": 6000.0,
        },
        "bio": gen(10.0, 20.0, fuel="biomass", efficiency=0.3),
        "bio_new": {"class": "dispatchable", "fuel": "biomass", "efficiency": 0.35},
    }
    profiles = {**PROFILES, "wind": wind}
    return small(tiny_scenario(techs, DEMAND, fuels=FUELS, profiles=profiles, overrides=TWO_YEARS))


def case_storage() -> xr.Dataset:
    """A new battery, existing pumped hydro (fixed: bounds), and long-duration storage linked
    across a 3-day year."""
    techs = {
        "coal": gen(5.0, 150.0, fuel="coal", efficiency=0.4),
        "battery": {
            "class": "storage",
            "energy_to_power": 4.0,
            "efficiency_charge": 0.95,
            "efficiency_discharge": 0.9,
            "standing_loss": 0.001,
            "capex": 1000.0,
            "capex_energy": 800.0,
            "vom": 2.0,
        },
        "phs": {
            "class": "storage",
            "extendable": False,
            "existing_capacity": 30.0,
            "energy_to_power": 6.0,
            "efficiency_charge": 0.87,
            "efficiency_discharge": 0.87,
        },
        "seasonal": {
            "class": "storage",
            "energy_to_power": 48.0,
            "efficiency_charge": 0.8,
            "efficiency_discharge": 0.8,
            "standing_loss": 0.0001,
            "capex": 500.0,
        },
    }
    scenario = tiny_scenario(techs, DEMAND, fuels=FUELS, profiles=PROFILES)
    return small(scenario, days=LINKED_DAYS)


def _hydrogen_techs() -> dict:
    return {
        "solar": {"class": "variable", "availability": "sun", "capex": 3000.0},
        "coal": gen(50.0, 200.0, fuel="coal", efficiency=0.4),
        "ely": {"class": "electrolyser", "efficiency": 0.6, "capex": 2000.0, "lifetime": 20},
        "gasifier": {"class": "hydrogen_supply", "fuel": "coal", "efficiency": 0.6, "vom": 30.0},
        "tank": {
            "class": "hydrogen_storage",
            "energy_to_power": 12.0,
            "capex_energy": 50.0,
            "efficiency_charge": 0.95,
        },
        "fuel_cell": {"class": "dispatchable", "fuel": "h2", "efficiency": 0.5, "capex": 4000.0},
    }


H2_FUELS = {**FUELS, "h2": {"carrier": "hydrogen"}}


def case_hydrogen() -> xr.Dataset:
    """Electrolyser, hydrogen supply, hydrogen storage and a fuel cell; flat delivery of the
    hydrogen demand."""
    over = {**TWO_YEARS, "hydrogen.demand": {2030: 2000.0, 2031: 3000.0}}
    return small(
        tiny_scenario(_hydrogen_techs(), DEMAND, fuels=H2_FUELS, profiles=PROFILES, overrides=over)
    )


def case_hydrogen_flexible() -> xr.Dataset:
    """As ``hydrogen`` with flexible delivery (annual total only)."""
    over = {"hydrogen.demand": 2000.0, "hydrogen.delivery": "flexible"}
    return small(
        tiny_scenario(_hydrogen_techs(), DEMAND, fuels=H2_FUELS, profiles=PROFILES, overrides=over)
    )


def case_ccus() -> xr.Dataset:
    """Capture on a retrofit and on BECCS, an industrial source with capture capacity and
    electricity, two storage steps with an injection limit, CO2 use; province-wide cap."""
    techs = {
        "coal": gen(5.0, 100.0, fuel="coal", efficiency=0.4),
        "coal_ccs": {
            "class": "dispatchable",
            "fuel": "coal",
            "efficiency": 0.34,
            "vom": 23.0,
            "capture_rate": 0.9,
            "retrofit_of": "coal",
        },
        "beccs": gen(10.0, 20.0, fuel="biomass", efficiency=0.3, capture_rate=0.9),
    }
    over = {
        **TWO_YEARS,
        "ccus.sources": {
            "kiln": {
                "capturable": {2030: 1e6, 2031: 9e5},
                "capture_rate": 0.85,
                "capex": 300.0,
                "fom": 10.0,
                "vom": 50.0,
                "electricity": 0.1,
                "lifetime": 20,
                "build_max": 5e5,
            }
        },
        "ccus.storage": {
            "steps": {
                "cheap": {"capacity": 1e6, "cost": 10.0},
                "dear": {"capacity": 1e8, "cost": 40.0},
            },
            "injection_max": 8e5,
            "transport_cost": 5.0,
        },
        "ccus.use": {"max": 1e4, "cost": -5.0, "permanence": 0.25},
        "policy.co2_price": {2030: 80.0, 2031: 100.0},
        "policy.co2_cap": 5e5,
        "policy.co2_cap_scope": "province",
    }
    return small(tiny_scenario(techs, DEMAND, fuels=FUELS, profiles=PROFILES, overrides=over))


def case_policy() -> xr.Dataset:
    """CO2 cap, reserve margin with capacity credits, minimum non-fossil share with a partly
    non-fossil import, and a CO2 price."""
    techs = {
        "coal": gen(5.0, 100.0, fuel="coal", efficiency=0.4),
        "gas": {"class": "dispatchable", "fuel": "gas", "efficiency": 0.5, "capex": 3000.0},
        "wind": {
            "class": "variable",
            "availability": "wind",
            "capex": 5000.0,
            "capacity_credit": 0.1,
        },
        "line": {
            "class": "import",
            "price": 300.0,
            "existing_capacity": 20.0,
            "extendable": False,
            "nonfossil_fraction": 0.5,
            "capacity_credit": 0.8,
        },
    }
    policy = {
        "co2_cap": {2030: 2.0e5, 2031: 1.5e5},
        "reserve_margin": 0.15,
        "min_nonfossil_share": {2030: 0.3, 2031: 0.4},
        "co2_price": 60.0,
    }
    return small(
        tiny_scenario(
            techs, DEMAND, fuels=FUELS, profiles=PROFILES, policy=policy, overrides=TWO_YEARS
        )
    )


def case_balance() -> xr.Dataset:
    """The electricity balance with load shedding at the value of lost load."""
    techs = {"coal": gen(5.0, 90.0, fuel="coal", efficiency=0.4), "wind": gen(0.0, 30.0)}
    return small(tiny_scenario(techs, DEMAND, fuels=FUELS, load_shedding_cost=2.0e4))


def case_objective() -> xr.Dataset:
    """Every kind of cost over discounted milestone years: annuities and fixed O&M of new and
    existing capacity, variable O&M, fuel, import price, CO2 price, storage O&M, shedding."""
    techs = {
        "coal": gen(5.0, 100.0, fuel="coal", efficiency=0.4, fom=120.0),
        "gas": {
            "class": "dispatchable",
            "fuel": "gas",
            "efficiency": 0.5,
            "capex": {2030: 3000.0, 2032: 2800.0},
            "fom": 60.0,
            "vom": 3.0,
            "lifetime": 30,
        },
        "line": {"class": "import", "price": {2030: 300.0, 2032: 350.0}, "capex": 2000.0},
        "battery": {
            "class": "storage",
            "energy_to_power": 2.0,
            "capex": 800.0,
            "capex_energy": 900.0,
            "fom": 10.0,
            "vom": 1.0,
            "lifetime": 12,
        },
    }
    over = {**MILESTONES, "policy.co2_price": {2030: 50.0, 2032: 90.0}}
    return small(
        tiny_scenario(
            techs, DEMAND, fuels=FUELS, discount_rate=0.07, load_shedding_cost=3.0e4, overrides=over
        )
    )


CASES: dict[str, Callable[[], xr.Dataset]] = {
    "capacity": case_capacity,
    "dispatch": case_dispatch,
    "storage": case_storage,
    "hydrogen": case_hydrogen,
    "hydrogen_flexible": case_hydrogen_flexible,
    "ccus": case_ccus,
    "policy": case_policy,
    "balance": case_balance,
    "objective": case_objective,
}


@functools.cache
def case_entries(case: str) -> tuple[Entry, ...]:
    return tuple(lp_entries(build_model(CASES[case]())))


def golden_path(case: str) -> Path:
    return GOLDEN / f"{case}.lp.txt"


def baseline(case: str) -> list[Entry]:
    """The entries of the golden file of ``case``."""
    path = golden_path(case)
    if not path.exists():
        pytest.fail(f"{path} is missing: run pytest {__file__} --regen-golden", pytrace=False)
    return read_golden(path)


# --------------------------------------------------------------------------------------
# Tests


@pytest.mark.parametrize("case", list(CASES))
def test_whole_lp(case, regen_golden):
    """The whole LP of each case equals its baseline (names ignored)."""
    path = golden_path(case)
    new = case_entries(case)
    if regen_golden:
        write_golden(path, case, new)
    only_base, only_new = differences(baseline(case), new)
    if only_base or only_new:
        pytest.fail(mismatch_message(f"case '{case}'", path, only_base, only_new), pytrace=False)


@pytest.mark.parametrize("block", BLOCKS)
@pytest.mark.parametrize("case", list(CASES))
def test_block(case, block, regen_golden):
    """Each block's rows, bounds and objective terms in each case equal the baseline's."""
    if regen_golden:
        pytest.skip("baselines are being rewritten")
    path = golden_path(case)
    only_base, only_new = differences(baseline(case), case_entries(case), block)
    if only_base or only_new:
        what = f"case '{case}', block '{block}'"
        pytest.fail(mismatch_message(what, path, only_base, only_new), pytrace=False)


FOCUS = {
    "capacity": ("capacity",),
    "dispatch": ("dispatch",),
    "storage": ("storage",),
    "hydrogen": ("dispatch", "hydrogen_storage", "balance"),
    "hydrogen_flexible": ("hydrogen_storage", "balance"),
    "ccus": ("ccus", "policy"),
    "policy": ("policy",),
    "balance": ("balance", "shedding"),
    "objective": ("objective",),
}


@pytest.mark.parametrize("case", list(CASES))
def test_case_exercises_its_block(case):
    """Each case has rows of the block it is aimed at (the baselines are not empty where it
    matters)."""
    entries = case_entries(case)
    for block in FOCUS[case]:
        kinds = {e.key[0] for e in entries if e.block == block}
        expected = {"objective": "obj", "shedding": "bound"}.get(block, "row")
        assert expected in kinds, f"case '{case}' has no {expected} of block '{block}'"


# --------------------------------------------------------------------------------------
# The comparison itself


def test_comparison_ignores_order_names_and_sign_of_rows():
    """Rows rearranged (sides swapped, >= turned into <=, renamed, reordered) compare equal;
    a changed coefficient does not."""

    def lp(flip: bool, coef: float = 2.0) -> list[Entry]:
        m = pyo.ConcreteModel()
        m.x = pyo.Var(bounds=(0, 5))
        m.y = pyo.Var(within=pyo.NonNegativeReals)
        if flip:
            m.b = pyo.Constraint(expr=m.y + 1 == m.x)
            m.a = pyo.Constraint(expr=-coef * m.y - m.x >= -4)
        else:
            m.first = pyo.Constraint(expr=m.x + coef * m.y <= 4)
            m.second = pyo.Constraint(expr=m.x - m.y - 1 == 0)
        m.objective = pyo.Objective(expr=m.x + 3 * m.y + 7)
        return lp_entries(m)

    assert differences(lp(False), lp(True)) == ([], [])
    only_base, only_new = differences(lp(False), lp(True, coef=2.5))
    assert only_base == ["row first: +1.0 x +2.0 y <= +4.0"]
    assert only_new == ["row a: -1.0 x -2.5 y >= -4.0"]


def test_golden_file_round_trip(tmp_path):
    """What is written reads back as the same entries."""
    entries = case_entries("storage")
    path = tmp_path / "storage.lp.txt"
    write_golden(path, "storage", entries)
    assert differences(read_golden(path), entries) == ([], [])
    assert len(read_golden(path)) == len(entries)


def test_a_changed_availability_shows_in_its_block_only():
    """The comparison is not vacuous: the wind availability of one kept time step changed in
    a freshly built model gives one differing row a year, reported in the dispatch block."""
    wind = list(WIND)
    wind[6:12] = [0.25] * 6  # time step 1 is hour 6
    base = baseline("dispatch")
    new = lp_entries(build_model(case_dispatch(wind=wind)))
    only_base, only_new = differences(base, new)
    assert len(only_base) == len(only_new) == 2  # the wind row of each year
    assert all(line.startswith("row dispatch.available[wind,") for line in only_base + only_new)
    assert differences(base, new, "dispatch") == (only_base, only_new)
    for block in set(BLOCKS) - {"dispatch"}:
        assert differences(base, new, block) == ([], []), block
    message = mismatch_message("case 'dispatch'", golden_path("dispatch"), only_base, only_new)
    assert "only in the baseline:" in message and "only in the new model:" in message
    assert "-0.3 capacity.build[wind,2030] " in message  # the baseline's row
    assert f"{only_new[0].split()[2]} capacity.build[wind,2030] " in message
    assert float(only_new[0].split()[2]) == pytest.approx(-0.25)


def test_a_changed_cost_shows_in_the_objective():
    """A changed variable cost changes objective terms and nothing else."""

    base = baseline("dispatch")
    new = lp_entries(build_model(case_dispatch(coal_vom=6.0)))
    only_base, only_new = differences(base, new, "objective")
    assert len(only_base) == len(only_new) == 8  # coal output in 4 steps of 2 years
    assert all(" dispatch.p[coal," in line for line in only_base + only_new)
    assert differences(base, new) == (only_base, only_new)

"""Which HiGHS algorithm to run on a model, and which one ran (the HiPO probe).

Depends on no other ``lowcarbon_sim.model`` module; :mod:`~lowcarbon_sim.model.highs` uses it.
"""

from __future__ import annotations

import functools

import numpy as np
import pyomo.core as pyo

__all__ = [
    "CROSSOVER_OFF_MIN_TIMESTEPS",
    "IPM_MIN_TIMESTEPS",
    "OBJECTIVE_SCALE_TARGET",
    "SIMPLEX_SCALE_STRATEGY",
    "algorithm_name",
    "algorithm_that_ran",
    "default_algorithm",
    "default_crossover",
    "hipo_available",
    "objective_scale_exponent",
]

# HiGHS algorithm by the length of a year's chronology, measured on the Hunan system
# (docs/performance.md): dual simplex solved the multi-year representative-day LP (12 days x
# 24 h, 6 decision years) in 6.4 s against 43 s for interior point; on one year of N hours
# interior point caught up near 1,500 hours and won from there (2190 h: 9.2 s against 30 s;
# 8760 h: dual simplex unfinished after 485 s). Dual simplex pays for every hour the few
# year-long rows (CO2 cap, annual energy, fuel limits) tie together. A user's
# `solver.options: {solver: ...}` always wins. HiGHS's "ipm" runs HiPO (interior point by
# direct factorisation) where highspy-extras is installed, IPX otherwise: on the 8760-hour
# Hunan year 70-100 s against 180-280 s (docs/performance.md).
IPM_MIN_TIMESTEPS = 2000


# Crossover after the interior point, by the length of a year's chronology. On the 8760-hour
# Hunan year (issue 20) crossover took about half of HiGHS's time; without it the objective
# moved by 1e-10 (relative), new build by 3e-5 MW, prices by 0.003 yuan/MWh and annual
# energies not at all; only hourly dispatch and storage throughput moved, which are not
# unique at a vertex either. The solution's quality (primal and dual infeasibility,
# objective gap) goes into the results' attributes. Below a full year the interior point
# runs rarely and crossover is cheap, so it stays on.
CROSSOVER_OFF_MIN_TIMESTEPS = 8760


# Scaling of the LP before dual simplex (HiGHS's `simplex_scale_strategy`; 4 = max value
# scaling). On the default Hunan LP (161k rows, unit commitment on four coal rows, build
# tranches) it halved HiGHS's CPU time against HiGHS's choice (3): 150k to 83k iterations,
# about 64 to 33 CPU-s, the same objective; on a variant without build tranches 38 to 25 CPU-s
# (docs/performance.md). A user's `solver.options.simplex_scale_strategy` wins.
SIMPLEX_SCALE_STRATEGY = 4


# Objective scaling before dual simplex (HiGHS's `user_objective_scale`, a power of two),
# chosen from the LP's own costs by `objective_scale_exponent`: the largest |cost| is scaled
# down into (target/2, target]. HiGHS's dual simplex perturbs the costs by an amount that
# grows with the largest cost and compares reduced costs with absolute tolerances, so cost
# magnitudes alone change its path. On the shipped scenarios (costs up to 8.4e6 yuan/MW) the
# 2**-10 this target gives cut dual simplex from 125k to 66k iterations on the baseline, 146k
# to 71k in drought, 95k to 65k with a CO2 cap, within 3 % on the others; objectives equal
# to 3e-12; any exponent from 2**-4 to 2**-16 did about as well on the baseline
# (docs/performance.md). A user's `solver.options.user_objective_scale` wins.
OBJECTIVE_SCALE_TARGET = 1e4


def objective_scale_exponent(cost: np.ndarray, target: float = OBJECTIVE_SCALE_TARGET) -> int:
    """HiGHS's ``user_objective_scale`` for an LP with costs ``cost`` (objective
    coefficients in any unit, e.g. yuan per MWh): the exponent ``e <= 0`` that brings the
    largest finite nonzero ``|cost| * 2**e`` into ``(target / 2, target]``; 0 when no cost is
    above ``target`` (costs are never scaled up: that direction was not measured) or all are
    zero."""
    c = np.abs(np.asarray(cost, dtype=float))
    c = c[np.isfinite(c) & (c > 0)]
    if c.size == 0 or c.max() <= target:
        return 0
    return int(np.floor(np.log2(target / c.max())))


def default_crossover(model: pyo.ConcreteModel, solver_option: str) -> str:
    """HiGHS's ``run_crossover`` for a model solved by ``solver_option``: ``"choose"`` for an
    interior point (``"ipm"``) on ``CROSSOVER_OFF_MIN_TIMESTEPS`` time steps a year or
    more (HiGHS then skips crossover when the interior-point solution meets its tolerances,
    and runs it when not: with ``"off"`` an imprecise interior point ended in status
    'unknown' on a full-year test system), else ``"on"``."""
    steps = getattr(model, "T", None)
    n_steps = len(steps) if isinstance(steps, pyo.Set) else 0
    if solver_option == "ipm" and n_steps >= CROSSOVER_OFF_MIN_TIMESTEPS:
        return "choose"
    return "on"


def default_algorithm(model: pyo.ConcreteModel) -> str:
    """HiGHS's algorithm for a model: ``"ipm"`` for long chronologies (``IPM_MIN_TIMESTEPS``
    time steps in a year or more), else ``"simplex"``. A model without the time-step set
    ``T`` of :func:`lowcarbon_sim.build_model` gets dual simplex."""
    steps = getattr(model, "T", None)
    n_steps = len(steps) if isinstance(steps, pyo.Set) else 0
    return "ipm" if n_steps >= IPM_MIN_TIMESTEPS else "simplex"


@functools.cache
def hipo_available() -> bool:
    """Whether this HiGHS build runs HiPO (``pip install highspy[extras]``); probed once on
    a two-column LP. HiGHS accepts the option either way: without the extras it refuses at
    run, and with extras built for another HiGHS version it falls back to simplex quietly,
    so the probe asks for interior-point iterations."""
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("solver", "hipo")
    h.setOptionValue("presolve", "off")
    h.addVar(0.0, 1.0)
    h.addVar(0.0, 1.0)
    h.changeColCost(0, 1.0)
    h.changeColCost(1, 2.0)
    h.addRow(1.0, highspy.kHighsInf, 2, np.array([0, 1], dtype=np.int32), np.ones(2))
    return (
        h.run() == highspy.HighsStatus.kOk
        and h.getModelStatus().name == "kOptimal"
        and h.getInfo().ipm_iteration_count > 0
    )


def algorithm_name(solver_option: str) -> str:
    """The HiGHS algorithm that a value of the ``solver`` option runs on an LP."""
    if solver_option == "ipm":
        return "hipo" if hipo_available() else "ipx"
    return "simplex" if solver_option in ("choose", "simplex") else solver_option


def algorithm_that_ran(solver_option: str, ipm_iterations: int, simplex_iterations: int) -> str:
    """:func:`algorithm_name`, corrected by HiGHS's iteration counts: an interior point that
    made no iteration while simplex made some was a fallback to simplex."""
    name = algorithm_name(solver_option)
    if name in ("hipo", "ipx") and ipm_iterations == 0 and simplex_iterations > 0:
        return "simplex"
    return name

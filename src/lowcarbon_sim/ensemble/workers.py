"""How many worker processes an ensemble or sweep uses, and how many threads each.

On a local cluster the default is chosen from the machine: one solver thread per core in
all, BLAS thread pools pinned to the worker's share so that numpy/scipy and HiGHS do not
oversubscribe the cores, and enough members per worker for the live model
(:mod:`lowcarbon_sim.model.live`) to pay off: a worker's first member is a cold solve (plus
the worker's imports), the following ones are warm starts.

Why not one worker per core on a small machine: measured on a 2-core machine (issue 20),
``--workers 2`` took 0.88x-1.26x the wall time of one worker and 10-30 % more CPU per
member: each worker process pays its own imports (about 1.5 s) and cold first solve, the two
solvers share the memory bandwidth and caches, and any other load takes a core from one of
them. With a live model a single worker solves the later members several times faster, so
on two cores or fewer the default is one worker with both cores as solver threads.

Depends on nothing in ``lowcarbon_sim``; :mod:`~lowcarbon_sim.ensemble.runner` uses it.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "BLAS_ENV",
    "MEMBERS_PER_WORKER",
    "WorkerPlan",
    "cores",
    "pinned_threads",
    "plan_workers",
]

# members per worker below which another worker does not pay for its start and cold solve
MEMBERS_PER_WORKER = 4
# environment variables read by the BLAS / OpenMP thread pools at their start
BLAS_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@dataclass(frozen=True)
class WorkerPlan:
    """Workers and threads for a run of members, with the sentence that explains them.

    Attributes
    ----------
    workers
        Worker processes (1: the members run one after another).
    threads
        Solver (HiGHS) and BLAS threads per worker.
    note
        What was chosen and why (printed by the CLI, logged by the runner).
    warning
        Set when the requested count is likely slower than fewer workers.
    """

    workers: int
    threads: int
    note: str
    warning: str = ""


def cores() -> int:
    """Cores this process may run on (its CPU affinity where the OS tells)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def plan_workers(n_members: int, requested: int | None, n_cores: int | None = None) -> WorkerPlan:
    """The workers and threads for ``n_members`` members on this machine.

    ``requested`` ``None`` chooses: one worker on 2 cores or fewer, else one per
    ``MEMBERS_PER_WORKER`` members up to the core count; threads share the cores out
    (``cores // workers``). A requested count is kept, with a ``warning`` when it is more
    workers than cores, or 2 or more workers on 2 cores or fewer.
    """
    n = n_cores or cores()
    members = max(1, n_members)
    if requested is None:
        workers = 1 if n <= 2 else max(1, min(n, math.ceil(members / MEMBERS_PER_WORKER)))
        threads = max(1, n // workers)
        why = (
            "one worker on a machine of 2 cores or fewer (more were measured slower)"
            if n <= 2
            else f"about {MEMBERS_PER_WORKER} members per worker, at most one per core"
        )
        note = (
            f"{workers} worker(s) x {threads} solver thread(s) on {n} core(s) for "
            f"{n_members} member(s): {why}; set --workers to choose"
        )
        return WorkerPlan(workers, threads, note)
    workers = max(1, int(requested))
    threads = max(1, n // workers)
    note = f"{workers} worker(s) x {threads} solver thread(s) on {n} core(s) (as requested)"
    warning = ""
    if workers > 1 and n <= 2:
        warning = (
            f"{workers} workers on {n} cores are usually slower than 1 here (measured "
            "0.88x-1.26x the wall time, 10-30 % more CPU per member): each worker pays its "
            "own imports and cold first solve, the solvers share memory bandwidth, and any "
            "other load takes a core from one of them; one worker keeps the model live and "
            "warm-starts every member after the first. Leave --workers unset to let the "
            "machine decide."
        )
    elif workers > n:
        warning = (
            f"{workers} workers on {n} cores: the workers take turns on the cores, which "
            "costs time without adding speed; leave --workers unset to let the machine decide"
        )
    return WorkerPlan(workers, threads, note, warning)


@contextlib.contextmanager
def pinned_threads(threads: int) -> Iterator[None]:
    """Limit the BLAS / OpenMP thread pools of this process to ``threads`` (threadpoolctl
    when installed; the environment variables of :data:`BLAS_ENV` are set for pools not yet
    started)."""
    for key in BLAS_ENV:
        os.environ.setdefault(key, str(threads))
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=threads):
        yield

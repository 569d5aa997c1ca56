"""Running many members of a scenario in parallel (Dask) and combining their results.

:func:`run_ensemble` samples the scenario's uncertain parameters and hands the members to
:func:`execute`, which sweeps (:func:`~lowcarbon_sim.ensemble.sweep.run_sweep`) share. The
work is split by job; imports run one way, from the top of this list down to this module:

* :mod:`~lowcarbon_sim.ensemble.plan`: the base scenario and the members (their tokens);
* :mod:`~lowcarbon_sim.ensemble.backends`: serial, local Dask cluster or remote scheduler;
* :mod:`~lowcarbon_sim.ensemble.store`: the output folder, member files, resume;
* :mod:`~lowcarbon_sim.ensemble.combine`: all members along one ``sample`` dimension.

The names that used to live here are re-exported, so ``from lowcarbon_sim.ensemble.runner
import ...`` keeps working.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import sys
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xarray as xr

from lowcarbon_sim.ensemble.backends import SYNCHRONOUS, Outcome, backend
from lowcarbon_sim.ensemble.combine import COMBINED_VARIABLES, combine, reduce_member
from lowcarbon_sim.ensemble.plan import Member, load_base_scenario, member_token, plan_members
from lowcarbon_sim.ensemble.spec import (
    UncertaintyConfig,
    apply_overrides,
    base_tree,
    check_against,
    spec_json,
)
from lowcarbon_sim.ensemble.store import (
    MEMBERS_DIR,
    PLAN_FILE,
    member_state,
    members_to_run,
    write_failure,
    write_member,
    write_plan,
)
from lowcarbon_sim.ensemble.workers import BLAS_ENV, WorkerPlan, pinned_threads, plan_workers
from lowcarbon_sim.errors import LowCarbonSimError, ScenarioError, SolveError

__all__ = [
    "COMBINED_VARIABLES",
    "MEMBERS_DIR",
    "PLAN_FILE",
    "SYNCHRONOUS",
    "EnsembleResults",
    "Member",
    "Outcome",
    "combine",
    "execute",
    "member_token",
    "release_live_model",
    "run_ensemble",
    "run_member",
]

log = logging.getLogger(__name__)


@dataclass
class EnsembleResults:
    """The outcome of :func:`run_ensemble` or :func:`~lowcarbon_sim.ensemble.sweep.run_sweep`.

    Attributes
    ----------
    dataset
        The combined ``xarray.Dataset``: dimension ``sample`` (one per member, failed ones
        hold NaN), the member's parameter values as coordinates named by their dotted keys,
        a ``status`` coordinate (``ok``/``failed``), and the variables of
        :data:`~lowcarbon_sim.ensemble.combine.COMBINED_VARIABLES` plus ``peak_year`` and
        ``peak_emissions`` per sample.
    path
        Where the combined NetCDF was written.
    out_dir
        The output folder.
    members
        The planned members.
    failures
        Failure records by member index (``error_type``, ``message``, ``diagnosis``...).
    n_run, n_skipped
        Members run by this call, and members reused from an earlier call (resume).
    seconds
        Wall-clock time of the member runs of this call, s.
    workers
        The workers and threads used, with the sentence saying why
        (:class:`~lowcarbon_sim.ensemble.workers.WorkerPlan`).
    """

    dataset: xr.Dataset
    path: Path
    out_dir: Path
    members: list[Member]
    failures: dict[int, dict[str, Any]] = field(default_factory=dict)
    n_run: int = 0
    n_skipped: int = 0
    seconds: float = 0.0
    workers: WorkerPlan | None = None

    @property
    def n_ok(self) -> int:
        """Number of members with results."""
        return len(self.members) - len(self.failures)

    def summary(self) -> dict[str, Any]:
        """Peak distribution, target probabilities and sensitivity tables (pandas)."""
        from lowcarbon_sim.ensemble.summary import summarize

        return summarize(self.dataset)

    def summary_text(self) -> str:
        """The summary as printable text."""
        from lowcarbon_sim.ensemble.summary import summary_text

        return summary_text(self.dataset)

    def __repr__(self) -> str:
        return (
            f"<EnsembleResults {self.n_ok}/{len(self.members)} members ok, "
            f"{len(self.failures)} failed, at {self.path}>"
        )


# --------------------------------------------------------------------------------------
# public entry point


def run_ensemble(
    scenario: Any,
    samples: int | None = None,
    *,
    workers: int | None = None,
    scheduler: Any = None,
    out_dir: str | Path = "out/ensemble",
    resume: bool = True,
    rerun_failed: bool = False,
    progress: bool = True,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    keep_hourly: bool = False,
    live: bool = True,
) -> EnsembleResults:
    """Sample the scenario's uncertain parameters and run every member in parallel.

    Parameters
    ----------
    scenario
        A scenario YAML path or a :class:`~lowcarbon_sim.Scenario` with an ``uncertainty:``
        section (see :mod:`lowcarbon_sim.ensemble.spec`).
    samples
        Number of members (Latin hypercube points); default ``uncertainty.samples``.
    workers
        Worker processes of the local Dask cluster; ``None`` chooses from the machine
        (:func:`~lowcarbon_sim.ensemble.workers.plan_workers`: one solver thread per core,
        BLAS threads pinned) and says what it chose in ``EnsembleResults.workers``.
    scheduler
        ``None``: start a local cluster of ``workers`` processes; an address such as
        ``"tcp://10.0.0.5:8786"``: use that running Dask scheduler (its workers need
        lowcarbon-sim installed); a ``distributed.Client``: use it; ``"synchronous"``: run in
        this process, one member after another, without Dask (debugging).
    out_dir
        Output folder: ``members/`` and ``ensemble.nc`` are written there.
    resume
        Skip members already finished (result or failure record) by an earlier call with the
        same scenario, seed and sample count. ``False`` runs every member again.
    rerun_failed
        Run only the members recorded as failed (e.g. after a fix); finished ones are kept.
    progress
        Show a progress bar over members on stderr.
    seed
        Overrides ``uncertainty.seed``.
    overrides
        Dotted-key overrides applied to the scenario file before sampling.
    keep_hourly
        Keep time-resolved variables in the member files (off: annual results only).
    live
        Keep one HiGHS model alive per worker and warm-start each member from the basis of
        the nearest member solved (:mod:`lowcarbon_sim.model.live`); ``False`` solves every
        member from scratch.

    Returns
    -------
    EnsembleResults

    Raises
    ------
    ScenarioError
        No uncertain parameters, no sample count, or a parameter that does not fit its key.
    SolveError
        Every member failed (each failure is recorded in ``members/*.failed.json``).
    """
    from lowcarbon_sim.ensemble.sampling import sample_parameters

    scen = load_base_scenario(scenario, overrides)
    spec = scen.uncertainty or UncertaintyConfig()
    where = scen.source_file
    if not spec.parameters:
        raise ScenarioError(
            [
                (
                    "uncertainty.parameters",
                    "no uncertain parameters declared; expected e.g. "
                    "'power.techs.wind.capex: {distribution: uniform, low: 3600, high: 5200}'",
                )
            ],
            file=where,
        )
    n = samples if samples is not None else spec.samples
    if n is None or n < 1:
        raise ScenarioError(
            [("uncertainty.samples", f"expected a sample count >= 1 (--samples), got {n!r}")],
            file=where,
        )
    info = check_against(scen, spec, sweep={})
    seed = spec.seed if seed is None else int(seed)
    _, draws = sample_parameters(dict(spec.parameters), n, seed)
    members = plan_members(scen, draws, spec.parameters, info)
    plan = {
        "kind": "ensemble",
        "seed": seed,
        "samples": n,
        "uncertainty": json.loads(spec_json(spec)),
    }
    return execute(
        scen,
        members,
        out_dir=out_dir,
        plan=plan,
        combined_name="ensemble.nc",
        workers=workers,
        scheduler=scheduler,
        resume=resume,
        rerun_failed=rerun_failed,
        progress=progress,
        keep_hourly=keep_hourly,
        live=live,
    )


# --------------------------------------------------------------------------------------
# running members


# the live HiGHS model of this process (a Dask worker, or the caller's process); one is
# enough: whatever LP it holds, a member whose LP has the same structure gets exactly its
# own numbers pushed, and any other member is solved fresh
_LIVE: dict[str, Any] = {}


def release_live_model() -> None:
    """Drop this process's live HiGHS model (its memory) after a run of members."""
    _LIVE.clear()


def run_member(
    tree: Mapping[str, Any],
    overrides: Mapping[str, Any],
    keep_hourly: bool,
    live: bool = True,
    threads: int | None = None,
) -> dict:
    """Run one member (on a Dask worker or in process); never raises a model error.

    With ``live`` the HiGHS solve goes through this process's
    :class:`~lowcarbon_sim.model.live.LiveModel` (the member's results say
    ``solver_live_mode`` ``warm`` or ``fresh`` and why). ``threads`` limits the BLAS thread
    pools (``None``: unchanged). HiGHS keeps its own thread count: its scheduler is
    set once per process, and a later, different ``threads`` option makes its run fail.

    Returns ``{"ok": True, "dataset": Dataset, "seconds": s}`` or ``{"ok": False,
    "error_type": ..., "exit_code": ..., "status": ..., "message": ..., "diagnosis": [...],
    "seconds": s}`` (plus ``traceback`` for an unexpected exception).
    """
    from lowcarbon_sim.model.live import LiveModel, live_model
    from lowcarbon_sim.pipeline import run
    from lowcarbon_sim.scenario.load import validate_tree

    t0 = time.perf_counter()
    try:
        scenario = validate_tree(apply_overrides(tree, overrides))
        with contextlib.ExitStack() as stack:
            if threads is not None:
                stack.enter_context(pinned_threads(threads))
            if live:
                stack.enter_context(live_model(_LIVE.setdefault("model", LiveModel())))
            ds = run(scenario).dataset
        if not keep_hourly:
            hourly = [v for v in ds.variables if "timestep" in ds[v].dims and v != "timestep"]
            ds = ds.drop_vars(hourly)
            if "timestep" in ds.dims and not any("timestep" in ds[v].dims for v in ds.data_vars):
                ds = ds.drop_dims("timestep")
            unlimited = ds.encoding.get("unlimited_dims")
            if unlimited:  # keep only dimensions still present (else a write warning)
                ds.encoding["unlimited_dims"] = {d for d in unlimited if d in ds.dims}
        return {"ok": True, "dataset": ds, "seconds": time.perf_counter() - t0}
    except LowCarbonSimError as exc:
        return {
            "ok": False,
            "error_type": type(exc).__name__,
            "exit_code": exc.exit_code,
            "status": getattr(exc, "status", None),
            "message": str(exc),
            "diagnosis": list(getattr(exc, "diagnosis", []) or []),
            "seconds": time.perf_counter() - t0,
        }
    except Exception as exc:  # a bug or an environment problem: recorded, never fatal
        return {
            "ok": False,
            "error_type": type(exc).__name__,
            "exit_code": 1,
            "status": "unexpected",
            "message": f"unexpected {type(exc).__name__}: {exc}",
            "diagnosis": [],
            "traceback": traceback.format_exc(),
            "seconds": time.perf_counter() - t0,
        }


def execute(
    scenario: Any,
    members: list[Member],
    *,
    out_dir: str | Path,
    plan: Mapping[str, Any],
    combined_name: str,
    workers: int = 1,
    scheduler: Any = None,
    resume: bool = True,
    rerun_failed: bool = False,
    progress: bool = True,
    keep_hourly: bool = False,
    live: bool = True,
    order: Callable[[Member], Any] | None = None,
) -> EnsembleResults:
    """Run the members not yet finished, record each outcome, then combine all members.

    ``workers`` ``None`` chooses from the machine (see :func:`run_ensemble`); ``order``
    sorts the members to run (a sweep runs its values in order, so each warm start begins
    at the neighbouring value); ``live`` as in :func:`run_ensemble`.
    """
    out = Path(out_dir)
    mdir = out / MEMBERS_DIR
    mdir.mkdir(parents=True, exist_ok=True)
    write_plan(out, scenario, members, plan)

    done = {m.index: member_state(mdir, m) for m in members}
    todo = members_to_run(members, done, resume, rerun_failed)
    n_skipped = len(members) - len(todo)
    if n_skipped:
        log.info("resuming: %d of %d members already finished", n_skipped, len(members))
    if order is not None:
        todo = sorted(todo, key=order)
    tree = base_tree(scenario)
    local = scheduler is None or scheduler == SYNCHRONOUS
    if scheduler == SYNCHRONOUS:
        plan_w = plan_workers(len(todo), 1)
    elif local:
        plan_w = plan_workers(len(todo), workers)
    else:  # a remote cluster: its workers are its own
        plan_w = WorkerPlan(workers or 1, 1, "workers of the given Dask scheduler")
    log.info("ensemble: %s", plan_w.note)
    if plan_w.warning:
        log.warning("%s", plan_w.warning)
    member_fn = functools.partial(run_member, live=live, threads=plan_w.threads if local else None)
    env = {key: str(plan_w.threads) for key in BLAS_ENV}
    t0 = time.perf_counter()
    bar = _bar(len(todo), progress)
    n_failed_now = 0
    reduced: dict[int, xr.Dataset] = {}
    try:
        with backend(plan_w.workers, scheduler if todo else SYNCHRONOUS, member_fn, env) as runner:
            for m, outcome in runner(tree, todo, keep_hourly):
                if outcome["ok"]:
                    write_member(mdir, m, outcome)
                    reduced[m.index] = reduce_member(outcome["dataset"])
                    done[m.index] = "ok"
                else:
                    n_failed_now += 1
                    write_failure(mdir, m, outcome)
                    reduced.pop(m.index, None)
                    done[m.index] = "failed"
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(failed=n_failed_now, refresh=False)
    finally:
        if bar is not None:
            bar.close()
        release_live_model()  # in-process runs: free the HiGHS model
    seconds = time.perf_counter() - t0
    dataset, failures = combine(scenario, members, mdir, plan, done, reduced)
    path = out / combined_name
    if failures and len(failures) == len(members):
        first = failures[min(failures)]
        raise SolveError(
            f"all {len(members)} members failed (reasons in {mdir}/*.failed.json); "
            f"member {min(failures)}: {first['message']}",
            status=str(first.get("status") or "error"),
        )
    from lowcarbon_sim.results.io import write_netcdf

    write_netcdf(dataset, path)
    return EnsembleResults(
        dataset=dataset,
        path=path,
        out_dir=out,
        members=members,
        failures=failures,
        n_run=len(todo),
        n_skipped=n_skipped,
        seconds=seconds,
        workers=plan_w,
    )


def _bar(total: int, progress: bool):
    """A tqdm bar over members on stderr, or ``None`` without ``progress``."""
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="members", unit="member", file=sys.stderr, dynamic_ncols=True)

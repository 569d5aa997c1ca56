"""Running many members of a scenario in parallel (Dask) and combining their results.

Layout of an output folder::

    DIR/plan.json                    what was planned: scenario, seed, members and their values
    DIR/members/member_0007.nc       one finished member (written atomically)
    DIR/members/member_0007.failed.json   one failed member: error type, message, diagnosis
    DIR/ensemble.nc (or sweep.nc)    all members along a `sample` dimension

A member is identified by a *token*: the hash of the base scenario and the member's overrides.
Resuming skips every member whose file (result or failure record) carries the same token, so a
changed scenario, seed or sample count never mixes stale members into a new ensemble.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from lowcarbon_sim.ensemble.spec import (
    UncertaintyConfig,
    apply_overrides,
    base_tree,
    check_against,
    override_value,
    spec_json,
)
from lowcarbon_sim.errors import LowCarbonSimError, ScenarioError, SolveError

log = logging.getLogger(__name__)

MEMBERS_DIR = "members"
PLAN_FILE = "plan.json"
SYNCHRONOUS = "synchronous"

# Variables gathered from each member into the combined file (those present are kept).
COMBINED_VARIABLES = (
    "emissions",
    "total_emissions",
    "capacity",
    "generation",
    "storage_energy_capacity",
    "co2_price",
    "total_cost",
    "annual_cost",
    "captured_co2",
    "hydrogen_production",
    "final_energy",
    "gdp",
    "target_value",
    "target_threshold",
    "target_met",
)


@dataclass(frozen=True)
class Member:
    """One planned run: its index, its sampled inputs and the overrides they become.

    Attributes
    ----------
    index
        Position in the ensemble (``member_0007`` is index 7).
    parameters
        The sampled value of each uncertain input by dotted key (a factor for ``apply:
        scale``), in the key's schema unit.
    overrides
        The dotted-key values written into the scenario for this member.
    token
        Hash of the base scenario and ``overrides``: what resume compares.
    """

    index: int
    parameters: dict[str, Any]
    overrides: dict[str, Any]
    token: str

    @property
    def name(self) -> str:
        """``member_0007``."""
        return f"member_{self.index:04d}"


def member_token(base_hash: str, overrides: Mapping[str, Any]) -> str:
    """SHA-256 (hex, first 16 characters) of the base scenario hash and the overrides."""
    text = json.dumps({"base": base_hash, "overrides": overrides}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class EnsembleResults:
    """The outcome of :func:`run_ensemble` or :func:`~lowcarbon_sim.ensemble.sweep.run_sweep`.

    Attributes
    ----------
    dataset
        The combined ``xarray.Dataset``: dimension ``sample`` (one per member, failed ones
        hold NaN), the member's parameter values as coordinates named by their dotted keys,
        a ``status`` coordinate (``ok``/``failed``), and the variables of
        :data:`COMBINED_VARIABLES` plus ``peak_year`` and ``peak_emissions`` per sample.
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
    """

    dataset: xr.Dataset
    path: Path
    out_dir: Path
    members: list[Member]
    failures: dict[int, dict[str, Any]] = field(default_factory=dict)
    n_run: int = 0
    n_skipped: int = 0
    seconds: float = 0.0

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
    workers: int = 1,
    scheduler: Any = None,
    out_dir: str | Path = "out/ensemble",
    resume: bool = True,
    rerun_failed: bool = False,
    progress: bool = True,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    keep_hourly: bool = False,
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
        Worker processes of the local Dask cluster (one thread each).
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

    scen = _load(scenario, overrides)
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
    members = _members(scen, draws, spec.parameters, info)
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
    )


# --------------------------------------------------------------------------------------
# planning


def _load(scenario: Any, overrides: Mapping[str, Any] | None):
    from lowcarbon_sim.scenario.load import load_scenario
    from lowcarbon_sim.scenario.schema import Scenario

    if isinstance(scenario, Scenario):
        if overrides:
            from lowcarbon_sim.scenario.load import validate_tree

            tree = apply_overrides(
                scenario.model_dump(mode="json", by_alias=True, exclude_unset=True), overrides
            )
            if scenario.source_file:
                tree["source_file"] = scenario.source_file
            return validate_tree(tree, default_file=scenario.source_file)
        return scenario
    return load_scenario(scenario, overrides)


def _members(
    scenario: Any,
    draws: Sequence[Mapping[str, Any]],
    dists: Mapping[str, Any] | None,
    info: Mapping[str, Mapping[str, Any]],
) -> list[Member]:
    """Members from sampled (or swept, ``dists=None``) values."""
    from lowcarbon_sim.scenario.load import scenario_hash

    base_hash = scenario_hash(scenario)
    members = []
    for i, draw in enumerate(draws):
        over = {}
        for key, value in draw.items():
            if dists is not None:
                k = info[key]
                over[key] = override_value(dists[key], value, k["current"], k["integer"])
            else:
                over[key] = value
        members.append(Member(i, dict(draw), over, member_token(base_hash, over)))
    return members


# --------------------------------------------------------------------------------------
# running members


def run_member(tree: Mapping[str, Any], overrides: Mapping[str, Any], keep_hourly: bool) -> dict:
    """Run one member (on a Dask worker or in process); never raises a model error.

    Returns ``{"ok": True, "dataset": Dataset, "seconds": s}`` or ``{"ok": False,
    "error_type": ..., "exit_code": ..., "status": ..., "message": ..., "diagnosis": [...],
    "seconds": s}`` (plus ``traceback`` for an unexpected exception).
    """
    from lowcarbon_sim.pipeline import run
    from lowcarbon_sim.scenario.load import validate_tree

    t0 = time.perf_counter()
    try:
        scenario = validate_tree(apply_overrides(tree, overrides))
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


Outcome = tuple[Member, dict]


@contextmanager
def _backend(workers: int, scheduler: Any) -> Iterator[Callable[..., Iterator[Outcome]]]:
    """Yield ``runner(tree, members, keep_hourly) -> iterator of (member, outcome)``."""
    if scheduler == SYNCHRONOUS:

        def serial(tree, members, keep_hourly):
            for m in members:
                yield m, run_member(tree, m.overrides, keep_hourly)

        yield serial
        return

    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - dask is a dependency of the extra
        raise ScenarioError(
            [
                (
                    "workers",
                    "parallel runs need dask[distributed]: pip install 'lowcarbon-sim[dask]'"
                    f" ({exc})",
                )
            ]
        ) from None

    def runner_for(client):
        def parallel(tree, members, keep_hourly):
            tree_future = client.scatter([tree])[0] if members else None
            futures = {}
            submitted = []
            for m in members:
                fut = client.submit(
                    run_member,
                    tree_future,
                    m.overrides,
                    keep_hourly,
                    key=f"lcs-{m.name}-{m.token}",
                    pure=False,
                )
                futures[fut.key] = m
                submitted.append(fut)
            for fut in as_completed(submitted):
                m = futures[fut.key]
                try:
                    out = fut.result()
                except Exception as exc:  # the worker died, or the task could not be sent
                    out = {
                        "ok": False,
                        "error_type": type(exc).__name__,
                        "exit_code": 1,
                        "status": "worker",
                        "message": f"the Dask task failed: {type(exc).__name__}: {exc}",
                        "diagnosis": [],
                        "seconds": float("nan"),
                    }
                fut.release()
                yield m, out

        return parallel

    if scheduler is None:
        if workers < 1:
            raise ScenarioError([("workers", f"expected at least 1 worker, got {workers}")])
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield runner_for(client)
    elif isinstance(scheduler, str):
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ScenarioError(
                [("scheduler", f"cannot reach the Dask scheduler at {scheduler!r} ({exc})")]
            ) from None
        with client:
            yield runner_for(client)
    else:  # an existing distributed.Client
        yield runner_for(scheduler)


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
) -> EnsembleResults:
    """Run the members not yet finished, record each outcome, then combine all members."""
    from lowcarbon_sim.results.io import atomic_write
    from lowcarbon_sim.scenario.load import scenario_hash

    out = Path(out_dir)
    mdir = out / MEMBERS_DIR
    mdir.mkdir(parents=True, exist_ok=True)
    record = {
        **plan,
        "scenario": scenario.name,
        "source_file": scenario.source_file,
        "scenario_hash": scenario_hash(scenario),
        "members": [
            {
                "index": m.index,
                "token": m.token,
                "parameters": m.parameters,
                "overrides": m.overrides,
            }
            for m in members
        ],
    }
    text = json.dumps(record, indent=1, default=str)
    atomic_write(out / PLAN_FILE, lambda p: p.write_text(text))

    done = {m.index: _state(mdir, m) for m in members}
    if rerun_failed:
        todo = [m for m in members if done[m.index] == "failed"]
    elif resume:
        todo = [m for m in members if done[m.index] is None]
    else:
        todo = list(members)
    n_skipped = len(members) - len(todo)
    if n_skipped:
        log.info("resuming: %d of %d members already finished", n_skipped, len(members))
    tree = base_tree(scenario)
    t0 = time.perf_counter()
    bar = _bar(len(todo), progress)
    n_failed_now = 0
    reduced: dict[int, xr.Dataset] = {}
    try:
        with _backend(workers, scheduler if todo else SYNCHRONOUS) as runner:
            for m, outcome in runner(tree, todo, keep_hourly):
                if outcome["ok"]:
                    _write_member(mdir, m, outcome)
                    reduced[m.index] = _reduce(outcome["dataset"])
                    done[m.index] = "ok"
                else:
                    n_failed_now += 1
                    _write_failure(mdir, m, outcome)
                    reduced.pop(m.index, None)
                    done[m.index] = "failed"
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(failed=n_failed_now, refresh=False)
    finally:
        if bar is not None:
            bar.close()
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
    )


def _bar(total: int, progress: bool):
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="members", unit="member", file=sys.stderr, dynamic_ncols=True)


def _state(mdir: Path, m: Member) -> str | None:
    """``"ok"``, ``"failed"`` or ``None`` (not run, or run for another scenario/sample)."""
    nc = mdir / f"{m.name}.nc"
    if nc.is_file():
        try:  # h5py reads one attribute without opening every variable (xarray would)
            import h5py

            with h5py.File(nc, "r") as f:
                token = f.attrs.get("ensemble_member_token")
            if isinstance(token, bytes):
                token = token.decode()
            if token == m.token:
                return "ok"
        except Exception:  # unreadable: run again
            log.warning("%s is unreadable; running the member again", nc)
    failed = mdir / f"{m.name}.failed.json"
    if failed.is_file():
        try:
            if json.loads(failed.read_text()).get("token") == m.token:
                return "failed"
        except (OSError, ValueError):
            pass
    return None


def _write_member(mdir: Path, m: Member, outcome: Mapping[str, Any]) -> None:
    from lowcarbon_sim.results.io import write_netcdf

    ds = outcome["dataset"].copy()
    ds.attrs.update(
        ensemble_member=m.index,
        ensemble_member_token=m.token,
        ensemble_parameters=json.dumps(m.parameters, sort_keys=True, default=str),
        ensemble_overrides=json.dumps(m.overrides, sort_keys=True, default=str),
        ensemble_seconds=round(float(outcome["seconds"]), 3),
    )
    write_netcdf(ds, mdir / f"{m.name}.nc")
    (mdir / f"{m.name}.failed.json").unlink(missing_ok=True)


def _write_failure(mdir: Path, m: Member, outcome: Mapping[str, Any]) -> None:
    from lowcarbon_sim.results.io import atomic_write

    rec = {
        "index": m.index,
        "token": m.token,
        "parameters": m.parameters,
        "overrides": m.overrides,
        **{k: v for k, v in outcome.items() if k not in ("ok", "dataset")},
    }
    text = json.dumps(rec, indent=1, default=str)
    atomic_write(mdir / f"{m.name}.failed.json", lambda p: p.write_text(text))
    (mdir / f"{m.name}.nc").unlink(missing_ok=True)
    log.info("%s failed: %s", m.name, outcome.get("message"))


# --------------------------------------------------------------------------------------
# combining


def combine(
    scenario: Any,
    members: Sequence[Member],
    mdir: Path,
    plan: Mapping[str, Any],
    states: Mapping[int, str | None] | None = None,
    reduced: Mapping[int, xr.Dataset] | None = None,
) -> tuple[xr.Dataset, dict[int, dict[str, Any]]]:
    """Gather the finished members into one Dataset along ``sample``.

    Failed members stay in the ``sample`` dimension with NaN values and ``status="failed"``.
    ``states`` (member index -> ``"ok"``/``"failed"``/``None``) and ``reduced`` (the combined
    variables of members still in memory) spare reading files again.
    """
    from lowcarbon_sim import __version__
    from lowcarbon_sim.results.io import read_netcdf
    from lowcarbon_sim.scenario.load import scenario_hash

    parts: list[xr.Dataset] = []
    failures: dict[int, dict[str, Any]] = {}
    status: list[str] = []
    errors: list[str] = []
    for m in members:
        nc = mdir / f"{m.name}.nc"
        state = states[m.index] if states is not None else _state(mdir, m)
        if state == "ok":
            part = (reduced or {}).get(m.index)
            if part is None:
                part = _reduce(read_netcdf(nc))
            parts.append(part.expand_dims(sample=[m.index]))
            status.append("ok")
            errors.append("")
            continue
        failed = mdir / f"{m.name}.failed.json"
        rec = json.loads(failed.read_text()) if failed.is_file() else {"message": "not run"}
        failures[m.index] = rec
        status.append("failed")
        errors.append(f"{rec.get('error_type', '')}: {rec.get('message', '')}"[:500])
    index = [m.index for m in members]
    if parts:
        ds = xr.concat(parts, dim="sample", join="outer", combine_attrs="drop_conflicts")
        ds = ds.reindex(sample=index)
    else:
        ds = xr.Dataset(coords={"sample": index})
    for name in ds.data_vars:
        if "units" not in ds[name].attrs and parts and name in parts[0]:
            ds[name].attrs = dict(parts[0][name].attrs)
    ds = ds.assign_coords(sample=("sample", index, {"description": "ensemble member index"}))
    keys = list(members[0].parameters) if members else []
    for key in keys:
        values = [m.parameters[key] for m in members]
        ds.coords[key] = ("sample", _coord_values(values), {"description": f"sampled {key}"})
    ds.encoding = {}
    ds.coords["status"] = ("sample", np.array(status, dtype=str))
    ds.coords["error"] = ("sample", np.array(errors, dtype=str))
    ds.attrs = {
        "scenario": scenario.name,
        "scenario_hash": scenario_hash(scenario),
        "kind": plan.get("kind", "ensemble"),
        "parameters": json.dumps(keys),
        "plan": json.dumps(plan, sort_keys=True, default=str),
        "n_members": len(members),
        "n_ok": len(members) - len(failures),
        "n_failed": len(failures),
        "lowcarbon_sim_version": __version__,
    }
    return ds, failures


def _reduce(ds: xr.Dataset) -> xr.Dataset:
    """The combined variables of one member, plus its peak year and peak emissions."""
    keep = [v for v in COMBINED_VARIABLES if v in ds.data_vars]
    out = ds[keep]
    for v in list(out.data_vars):
        if out[v].dtype == bool:
            out[v] = out[v].astype(float).assign_attrs(ds[v].attrs)
    if "total_emissions" in ds:
        total = ds["total_emissions"]
        peak_year = int(total["year"].values[int(np.argmax(total.values))])
        peak = float(total.max())
        last = float(total.isel(year=-1))
    else:
        peak_year = int(ds.attrs.get("peak_year", -1))
        peak = float(ds.attrs.get("peak_emissions", np.nan))
        last = float(ds["emissions"].sum("sector").isel(year=-1)) if "emissions" in ds else np.nan
    out = out.assign(
        peak_year=xr.DataArray(
            float(peak_year), attrs={"units": "year", "description": "year of highest emissions"}
        ),
        peak_emissions=xr.DataArray(
            peak, attrs={"units": "t CO2", "description": "highest annual province emissions"}
        ),
        final_year_emissions=xr.DataArray(
            last, attrs={"units": "t CO2", "description": "province emissions in the last year"}
        ),
        objective=xr.DataArray(
            float(ds.attrs.get("objective", np.nan)),
            attrs={"units": "yuan", "description": "objective: discounted system cost"},
        ),
    )
    out.attrs = {}
    out.encoding = {}
    return out


def _coord_values(values: list[Any]) -> np.ndarray:
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return np.asarray(values, dtype=float)
    if all(isinstance(v, bool) for v in values):
        return np.asarray(values, dtype=bool)
    return np.asarray([json.dumps(v) if isinstance(v, (dict, list)) else str(v) for v in values])

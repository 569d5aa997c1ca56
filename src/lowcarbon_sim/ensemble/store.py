"""The output folder of an ensemble or sweep: the plan, one file per member, resume.

Layout::

    DIR/plan.json                    what was planned: scenario, seed, members and their values
    DIR/members/member_0007.nc       one finished member (written atomically)
    DIR/members/member_0007.failed.json   one failed member: error type, message, diagnosis
    DIR/ensemble.nc (or sweep.nc)    all members along a `sample` dimension

Resuming skips every member whose file (result or failure record) carries the member's
token (:func:`~lowcarbon_sim.ensemble.plan.member_token`).

Depends on :mod:`~lowcarbon_sim.ensemble.plan`; :mod:`~lowcarbon_sim.ensemble.combine` and
:mod:`~lowcarbon_sim.ensemble.runner` build on it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from lowcarbon_sim.ensemble.plan import Member

__all__ = [
    "MEMBERS_DIR",
    "PLAN_FILE",
    "failure_file",
    "member_file",
    "member_state",
    "members_to_run",
    "read_failure",
    "write_failure",
    "write_member",
    "write_plan",
]

log = logging.getLogger(__name__)

MEMBERS_DIR = "members"
PLAN_FILE = "plan.json"


def member_file(mdir: Path, m: Member) -> Path:
    """The NetCDF file of a finished member in the members folder ``mdir``."""
    return mdir / f"{m.name}.nc"


def failure_file(mdir: Path, m: Member) -> Path:
    """The JSON failure record of a failed member in the members folder ``mdir``."""
    return mdir / f"{m.name}.failed.json"


def write_plan(
    out: Path, scenario: Any, members: Sequence[Member], plan: Mapping[str, Any]
) -> None:
    """Write ``out/plan.json`` atomically: ``plan``, the scenario and every member."""
    from lowcarbon_sim.results.io import atomic_write
    from lowcarbon_sim.scenario.load import scenario_hash

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


def member_state(mdir: Path, m: Member) -> str | None:
    """``"ok"``, ``"failed"`` or ``None`` (not run, or run for another scenario/sample)."""
    nc = member_file(mdir, m)
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
    failed = failure_file(mdir, m)
    if failed.is_file():
        try:
            if json.loads(failed.read_text()).get("token") == m.token:
                return "failed"
        except (OSError, ValueError):
            pass
    return None


def members_to_run(
    members: Sequence[Member],
    states: Mapping[int, str | None],
    resume: bool,
    rerun_failed: bool,
) -> list[Member]:
    """The members to run, given each one's :func:`member_state` by index.

    ``rerun_failed``: only the failed ones; ``resume``: those not finished; else all.
    """
    if rerun_failed:
        return [m for m in members if states[m.index] == "failed"]
    if resume:
        return [m for m in members if states[m.index] is None]
    return list(members)


def write_member(mdir: Path, m: Member, outcome: Mapping[str, Any]) -> None:
    """Write a finished member's dataset (with its token and values in the attributes)."""
    from lowcarbon_sim.results.io import write_netcdf

    ds = outcome["dataset"].copy()
    ds.attrs.update(
        ensemble_member=m.index,
        ensemble_member_token=m.token,
        ensemble_parameters=json.dumps(m.parameters, sort_keys=True, default=str),
        ensemble_overrides=json.dumps(m.overrides, sort_keys=True, default=str),
        ensemble_seconds=round(float(outcome["seconds"]), 3),
    )
    write_netcdf(ds, member_file(mdir, m))
    failure_file(mdir, m).unlink(missing_ok=True)


def write_failure(mdir: Path, m: Member, outcome: Mapping[str, Any]) -> None:
    """Write a failed member's record atomically (and drop an older result file)."""
    from lowcarbon_sim.results.io import atomic_write

    rec = {
        "index": m.index,
        "token": m.token,
        "parameters": m.parameters,
        "overrides": m.overrides,
        **{k: v for k, v in outcome.items() if k not in ("ok", "dataset")},
    }
    text = json.dumps(rec, indent=1, default=str)
    atomic_write(failure_file(mdir, m), lambda p: p.write_text(text))
    member_file(mdir, m).unlink(missing_ok=True)
    log.info("%s failed: %s", m.name, outcome.get("message"))


def read_failure(mdir: Path, m: Member) -> dict[str, Any]:
    """A member's failure record, or ``{"message": "not run"}`` when it has none."""
    failed = failure_file(mdir, m)
    return json.loads(failed.read_text()) if failed.is_file() else {"message": "not run"}

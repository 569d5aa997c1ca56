"""Where members run: in this process, on a local Dask cluster, or on a running scheduler.

:func:`backend` yields a function ``(tree, members, keep_hourly) -> iterator of (member,
outcome)`` that runs the member function it was given on each member and yields outcomes as
they finish. The member function (:func:`~lowcarbon_sim.ensemble.runner.run_member`) is
passed in, so this module does not import the runner.

Depends on :mod:`~lowcarbon_sim.ensemble.plan`; :mod:`~lowcarbon_sim.ensemble.runner` uses it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from lowcarbon_sim.ensemble.plan import Member
from lowcarbon_sim.errors import ScenarioError

__all__ = ["SYNCHRONOUS", "Outcome", "backend"]

SYNCHRONOUS = "synchronous"

Outcome = tuple[Member, dict]
# run_member(tree, overrides, keep_hourly) -> outcome dict (never raises a model error)
MemberFunction = Callable[[Mapping[str, Any], Mapping[str, Any], bool], dict]


@contextmanager
def backend(
    workers: int,
    scheduler: Any,
    run_member: MemberFunction,
    env: Mapping[str, str] | None = None,
) -> Iterator[Callable[..., Iterator[Outcome]]]:
    """Yield ``runner(tree, members, keep_hourly) -> iterator of (member, outcome)``.

    ``scheduler`` is :data:`SYNCHRONOUS` (one member after another in this process),
    ``None`` (a local cluster of ``workers`` processes, one thread each), a scheduler
    address or a ``distributed.Client``. ``run_member`` must be importable by the workers
    (a module-level function, or a ``functools.partial`` of one). ``env`` is set in the
    local cluster's worker processes before they start (e.g. BLAS thread counts). Members
    are submitted with decreasing priority, so the workers take them in the given order (a
    sweep's neighbouring values follow each other on a worker's live model).
    """
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
            for i, m in enumerate(members):
                fut = client.submit(
                    run_member,
                    tree_future,
                    m.overrides,
                    keep_hourly,
                    key=f"lcs-{m.name}-{m.token}",
                    pure=False,
                    priority=len(members) - i,
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
                env=dict(env or {}),
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

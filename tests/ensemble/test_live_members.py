"""Ensembles and sweeps on a live HiGHS model give the results of fresh solves; workers.

Each member's file says how it was solved (``solver_live_mode``: the first is ``fresh``,
the next ones ``warm``); objectives equal the fresh run's to 1e-9 (relative).
"""

import pytest

from lowcarbon_sim.ensemble.runner import run_ensemble
from lowcarbon_sim.ensemble.sweep import run_sweep
from lowcarbon_sim.ensemble.workers import plan_workers
from lowcarbon_sim.results.io import read_netcdf
from lowcarbon_sim.testing import assert_results_close

PRICE = {"distribution": "uniform", "low": 0.0, "high": 300.0}
GAS_PRICE = {"distribution": "uniform", "low": 0.8, "high": 1.3, "apply": "scale"}
COMPARED = ["capacity", "generation", "emissions", "total_cost"]


def _members(out, n):
    return [read_netcdf(out / "members" / f"member_{i:04d}.nc") for i in range(n)]


def _same(fresh_out, live_out, n):
    for f, g in zip(_members(fresh_out, n), _members(live_out, n), strict=True):
        assert g.attrs["objective"] == pytest.approx(f.attrs["objective"], rel=1e-9)
        assert_results_close(f, g, rtol=1e-6, atol=1e-3, variables=COMPARED)


def test_sweep_live_equals_fresh_and_runs_values_in_order(tiny, tmp_path):
    path = tiny.write(tmp_path / "s")
    kw = {"scheduler": "synchronous", "progress": False}
    values = [300, 50, 200, 100, 150, 250]  # run ascending: 0, 50, 100 ...
    fresh = run_sweep(path, "policy.co2_price", values, out_dir=tmp_path / "f", live=False, **kw)
    live = run_sweep(path, "policy.co2_price", values, out_dir=tmp_path / "l", **kw)
    n = len(live.members)
    _same(tmp_path / "f", tmp_path / "l", n)
    modes = {m.parameters["policy.co2_price"]: m for m in live.members}
    files = {p: read_netcdf(tmp_path / "l" / "members" / f"{m.name}.nc") for p, m in modes.items()}
    assert files[0.0].attrs["solver_live_mode"] == "fresh"  # the lowest value runs first
    assert all(files[p].attrs["solver_live_mode"] == "warm" for p in values)
    assert files[300].attrs["solver_live_strategy"] == "primal"  # only costs changed
    assert "solver_live_mode" not in _members(tmp_path / "f", 1)[0].attrs
    assert fresh.workers.workers == 1


def test_ensemble_live_equals_fresh(tiny, tmp_path):
    unc = {"seed": 2, "parameters": {"policy.co2_price": PRICE, "power.fuels.gas.price": GAS_PRICE}}
    path = tiny.write(tmp_path / "s", unc)
    kw = {"scheduler": "synchronous", "progress": False}
    run_ensemble(path, 6, out_dir=tmp_path / "f", live=False, **kw)
    run_ensemble(path, 6, out_dir=tmp_path / "l", **kw)
    _same(tmp_path / "f", tmp_path / "l", 6)
    modes = [m.attrs["solver_live_mode"] for m in _members(tmp_path / "l", 6)]
    assert modes == ["fresh"] + ["warm"] * 5


def test_workers_from_the_machine_and_a_warning_for_two_on_two_cores():
    small = plan_workers(16, None, n_cores=2)
    assert (small.workers, small.threads) == (1, 2) and "2 core" in small.note
    big = plan_workers(16, None, n_cores=8)
    assert (big.workers, big.threads) == (4, 2)  # 4 members per worker
    assert plan_workers(2, None, n_cores=8).workers == 1
    two = plan_workers(16, 2, n_cores=2)
    assert two.workers == 2 and two.threads == 1 and "slower" in two.warning
    assert plan_workers(16, 4, n_cores=8).warning == ""
    assert "take turns" in plan_workers(16, 12, n_cores=8).warning

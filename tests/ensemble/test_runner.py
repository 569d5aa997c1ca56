"""Running ensembles in process: combined file, failures, resume, re-running failed members.

The synchronous scheduler runs members in this process, so runs can be counted; the Dask
cluster is tested in test_dask.py.
"""

import json

import numpy as np
import pytest

from lowcarbon_sim.ensemble.runner import run_ensemble
from lowcarbon_sim.errors import SolveError
from lowcarbon_sim.results.io import read_netcdf

PRICE = {"distribution": "uniform", "low": 0.0, "high": 300.0}
# coal is existing capacity: its fixed O&M changes cost, never the dispatch
COAL_FOM = {"distribution": "uniform", "low": 10.0, "high": 90.0}


def _run(path, out, n, **kw):
    return run_ensemble(path, n, scheduler="synchronous", out_dir=out, progress=False, **kw)


def test_combined_file_dims_coords_and_sensitivity_sign(tiny, tmp_path):
    unc = {"seed": 5, "parameters": {"policy.co2_price": PRICE, "power.techs.coal.fom": COAL_FOM}}
    path = tiny.write(tmp_path / "s", unc)
    res = _run(path, tmp_path / "out", 5)
    ds = read_netcdf(tmp_path / "out" / "ensemble.nc")
    assert ds.sizes["sample"] == 5 and list(ds["sample"].values) == list(range(5))
    assert list(ds["status"].values) == ["ok"] * 5
    for name in (
        "emissions",
        "capacity",
        "generation",
        "co2_price",
        "total_cost",
        "total_emissions",
        "peak_year",
        "peak_emissions",
    ):
        assert "sample" in ds[name].dims and ds[name].attrs.get("units"), name
    assert ds["capacity"].dims == ("sample", "year", "tech")
    # the coordinates hold the sampled inputs, and each member really ran with them
    prices = ds["policy.co2_price"].values
    assert len(set(np.floor(prices / 60))) == 5  # one in each fifth of 0..300 (LHS)
    np.testing.assert_allclose(ds["co2_price"].sel(year=2030).values, prices)
    for m in res.members:
        member = read_netcdf(tmp_path / "out" / "members" / f"member_{m.index:04d}.nc")
        assert json.loads(member.attrs["ensemble_parameters"]) == m.parameters
    # emissions are the fuels': coal 0.34/0.4, gas 0.2/0.55 t CO2 per MWh of electricity
    gen = ds["generation"].sel(year=2030)
    expected = (
        gen.sel(tech="coal") * tiny.COAL_EF / tiny.COAL_EFF
        + gen.sel(tech="gas") * tiny.GAS_EF / tiny.GAS_EFF
    )
    np.testing.assert_allclose(ds["peak_emissions"], expected, rtol=1e-9)
    # a higher CO2 price never raises emissions here: negative rank correlation
    sens = res.summary()["sensitivity"]
    row = sens[(sens.parameter == "policy.co2_price") & (sens.output == "peak_emissions")]
    assert row["spearman"].item() < -0.8 and row["prcc"].item() < 0
    # the peak year cannot vary in a one-year model: no correlation is claimed
    assert sens[sens.output == "peak_year"]["spearman"].isna().all()
    assert "policy.co2_price (-" in res.summary_text()


def test_failed_member_is_recorded_and_the_others_kept_then_rerun_alone(
    tiny, tmp_path, run_counter
):
    # gas may hold at most 200 MW; a capacity_min of 500 MW cannot hold: infeasible
    unc = {
        "parameters": {
            "power.techs.gas.capacity_min": {
                "distribution": "discrete",
                "values": [0.0, 10.0, 500.0],
            }
        }
    }
    path = tiny.write(tmp_path / "s", unc)
    res = _run(path, tmp_path / "out", 3)
    assert run_counter.calls == 3
    [bad] = [m for m in res.members if m.parameters["power.techs.gas.capacity_min"] == 500.0]
    rec = json.loads((tmp_path / "out" / "members" / f"{bad.name}.failed.json").read_text())
    assert rec["error_type"] == "InfeasibleError" and rec["status"] == "infeasible"
    assert "capacity_min" in rec["message"] and rec["overrides"] == bad.overrides
    assert not (tmp_path / "out" / "members" / f"{bad.name}.nc").exists()
    good = [m for m in res.members if m is not bad]
    for m in good:
        assert (tmp_path / "out" / "members" / f"{m.name}.nc").is_file()
    assert set(res.failures) == {bad.index} and res.n_ok == 2
    ds = res.dataset
    assert ds["status"].sel(sample=bad.index).item() == "failed"
    assert "InfeasibleError" in ds["error"].sel(sample=bad.index).item()
    assert np.isnan(ds["total_cost"].sel(sample=bad.index)).all()
    assert np.isfinite(ds["total_cost"].sel(sample=good[0].index)).all()
    # resume runs nothing (a failure is a finished member); --rerun-failed runs it alone
    again = _run(path, tmp_path / "out", 3)
    assert run_counter.calls == 3 and again.n_skipped == 3
    rerun = _run(path, tmp_path / "out", 3, rerun_failed=True)
    assert run_counter.calls == 4 and rerun.n_run == 1 and set(rerun.failures) == {bad.index}


@pytest.mark.slow
def test_resume_skips_finished_members_and_a_new_seed_reruns(tiny, tmp_path, run_counter):
    unc = {"seed": 1, "parameters": {"policy.co2_price": PRICE}}
    path = tiny.write(tmp_path / "s", unc)
    out = tmp_path / "out"
    first = _run(path, out, 3)
    assert run_counter.calls == 3 and first.n_run == 3
    stamp = {p.name: p.stat().st_mtime_ns for p in (out / "members").glob("*.nc")}
    # as after an interruption: one member file lost
    (out / "members" / "member_0001.nc").unlink()
    second = _run(path, out, 3)
    assert run_counter.calls == 4 and second.n_run == 1 and second.n_skipped == 2
    for name in ("member_0000.nc", "member_0002.nc"):
        assert (out / "members" / name).stat().st_mtime_ns == stamp[name]
    np.testing.assert_allclose(second.dataset["total_cost"], first.dataset["total_cost"])
    # another seed gives other members: no file can be reused; resume=False reruns all
    _run(path, out, 2, seed=2)
    assert run_counter.calls == 6
    _run(path, out, 2, seed=2, resume=False)
    assert run_counter.calls == 8


def test_all_members_failing_raises_solve_error(tiny, tmp_path):
    unc = {
        "parameters": {
            "power.techs.gas.capacity_min": {"distribution": "uniform", "low": 300.0, "high": 400.0}
        }
    }
    path = tiny.write(tmp_path / "s", unc)
    with pytest.raises(SolveError, match="all 2 members failed"):
        _run(path, tmp_path / "out", 2)
    assert len(list((tmp_path / "out" / "members").glob("*.failed.json"))) == 2

"""A 2-worker local Dask cluster gives the same members as running them one by one."""

import numpy as np
import pytest

from lowcarbon_sim.ensemble.runner import run_ensemble
from lowcarbon_sim.testing import assert_results_close


@pytest.mark.slow
def test_two_worker_local_cluster_matches_serial(tiny, tmp_path):
    unc = {
        "seed": 11,
        "parameters": {
            "policy.co2_price": {"distribution": "uniform", "low": 0.0, "high": 300.0},
            "power.techs.gas.capacity_min": {
                "distribution": "discrete",
                "values": [0.0, 500.0, 0.0, 0.0],
            },
        },
    }
    path = tiny.write(tmp_path / "s", unc)
    serial = run_ensemble(
        path, 4, scheduler="synchronous", out_dir=tmp_path / "serial", progress=False
    )
    par = run_ensemble(path, 4, workers=2, out_dir=tmp_path / "dask", progress=False)
    assert par.n_run == 4
    np.testing.assert_array_equal(par.dataset["status"], serial.dataset["status"])
    # the member with capacity_min 500 MW (gas limited to 200 MW) fails on the cluster too
    assert set(par.failures) == set(serial.failures) and len(par.failures) == 1
    [bad] = par.failures
    assert par.failures[bad]["error_type"] == "InfeasibleError"
    ok = np.flatnonzero(serial.dataset["status"].values == "ok")
    assert_results_close(serial.dataset.isel(sample=ok), par.dataset.isel(sample=ok), rtol=1e-9)
    for key in ("policy.co2_price", "power.techs.gas.capacity_min"):
        np.testing.assert_array_equal(par.dataset[key], serial.dataset[key])

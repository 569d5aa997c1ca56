"""The run's imports stay trimmed (model/import_trim.py): checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

CHILD = """
import sys
import numpy as np
import xarray as xr
import lowcarbon_sim.model  # applies the trims
import scipy.linalg  # what the sector modules import
from pyomo.common.dependencies import scipy
assert scipy.sparse.csr_array is not None  # what the compiler uses still loads
ds = xr.Dataset({"a": ("x", np.arange(3.0))}, coords={"x": [1, 2, 3]})
from lowcarbon_sim.results.io import write_netcdf
write_netcdf(ds, sys.argv[1])  # xarray asks for dask's scheduler before a write
print(sorted(m for m in ("scipy.stats", "pint", "dask.array", "dask") if m in sys.modules))
import dask.array as da  # once imported, xarray sees dask arrays again
assert xr.DataArray(da.ones(3)).chunks == ((3,),)
"""


def test_no_scipy_stats_pint_or_dask_array_imported(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "a.nc")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "[]"

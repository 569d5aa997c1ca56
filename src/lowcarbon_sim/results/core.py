"""The :class:`Results` of a run: a Dataset with units, plus ways to save and summarise it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from lowcarbon_sim.errors import DataError
from lowcarbon_sim.results.io import INPUTS_GROUP, netcdf_groups, read_netcdf, write_netcdf
from lowcarbon_sim.results.layout import check_layout
from lowcarbon_sim.results.summary import summary_table
from lowcarbon_sim.units import to_display


class Results:
    """The outcome of one scenario run.

    Attributes
    ----------
    dataset
        ``xarray.Dataset`` with the variables of CONTRACT.md (every variable has ``units``).
    model
        The solved Pyomo model (``None`` for results read from a file).
    inputs
        The inputs Dataset the model was built from (for results read from a file, its
        ``inputs`` group; ``None`` for files written before results files kept the inputs).
    """

    def __init__(self, dataset: xr.Dataset, model: Any = None, inputs: xr.Dataset | None = None):
        self.dataset = dataset
        self.model = model
        self.inputs = inputs

    def __repr__(self) -> str:
        a = self.dataset.attrs
        return (
            f"<Results scenario={a.get('scenario')!r} objective={a.get('objective', np.nan):.6g}"
            f" yuan peak_year={a.get('peak_year')}>"
        )

    def to_netcdf(self, path: str | Path) -> Path:
        """Write the Dataset to ``path`` atomically (temporary file, then rename), with the
        model inputs (when known) in the file's NetCDF group ``inputs``."""
        groups = {INPUTS_GROUP: self.inputs} if self.inputs is not None else None
        return write_netcdf(self.dataset, path, groups)

    def warnings(self) -> list[str]:
        """Plain-language warnings: load shedding by year (where supply falls short)."""
        ds = self.dataset
        lines = []
        if "load_shedding_energy" in ds:
            for y, e in zip(ds["year"].values, ds["load_shedding_energy"].values, strict=True):
                if e > 1e-3 * max(1.0, float(ds["annual_demand"].sel(year=y)) * 1e-6):
                    hours = ds["load_shedding"].sel(year=y)
                    worst = int(ds["timestep_hour"].values[int(np.argmax(hours.values))])
                    shed, unit = to_display(e, "MWh")
                    lines.append(
                        f"load shedding of {shed:.4g} {unit} in {int(y)} (largest at hour "
                        f"{worst}: {float(hours.max()):.4g} MW): supply, limits or the CO2 cap "
                        "cannot meet demand there"
                    )
        return lines

    def summary(self, years: list[int] | None = None) -> str:
        """A short text table: capacity (GW) and generation (TWh) mix, emissions, cost."""
        return summary_table(self.dataset, years)


def as_dataset(results: Any) -> xr.Dataset:
    """The results Dataset of ``results`` (a Results, a Dataset or a NetCDF path)."""
    if isinstance(results, xr.Dataset):
        return results
    if isinstance(results, str | Path):
        return open_results(results).dataset
    ds = getattr(results, "dataset", None)
    if isinstance(ds, xr.Dataset):
        return ds
    raise TypeError(
        f"expected Results, xarray.Dataset or a results file path, got {type(results).__name__}"
    )


def open_results(path: str | Path) -> Results:
    """Read a results file written by :meth:`Results.to_netcdf`, with its model inputs
    (:attr:`Results.inputs`, ``None`` when the file has no ``inputs`` group).

    Raises
    ------
    DataError
        If the file is missing or not a lowcarbon-sim results file, or lacks the core of its
        layout (:mod:`lowcarbon_sim.results.layout`, naming what is missing).
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: results file not found")
    try:
        ds = read_netcdf(path)
    except Exception as exc:
        raise DataError(f"{path}: not a readable NetCDF results file ({exc})") from None
    if "lowcarbon_sim_version" not in ds.attrs:
        raise DataError(f"{path}: not a lowcarbon-sim results file (no lowcarbon_sim_version)")
    check_layout(ds, "results", path)
    inputs = None
    try:
        if INPUTS_GROUP in netcdf_groups(path):
            inputs = read_netcdf(path, group=INPUTS_GROUP)
    except Exception as exc:
        raise DataError(f"{path}: the group {INPUTS_GROUP!r} cannot be read ({exc})") from None
    return Results(ds, inputs=inputs)

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

    def _repr_html_(self) -> str:
        """Jupyter's view: key figures of the first, the peak and the last modelled year in
        display units, then the Dataset's repr (collapsed)."""
        return results_html(self.dataset)

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


#: Key figures of :func:`results_html`: (label, variable, unit of the variable, how to reduce
#: the dimensions other than ``year``; ``None`` when it has none).
KEY_FIGURES: tuple[tuple[str, str, str, str | None], ...] = (
    ("CO2 emissions, province", "total_emissions", "t CO2", None),
    ("CO2 emissions, power sector", "emissions_power", "t CO2", None),
    ("Electricity demand", "annual_demand", "MWh", None),
    ("Peak demand", "peak_demand", "MW", None),
    ("Installed capacity, electricity", "capacity", "MW", "electricity"),
    ("Non-fossil share of primary energy", "nonfossil_share", "1", "first"),
    ("System cost (annualised)", "total_cost", "yuan", None),
)


def _key_values(ds: xr.Dataset, variable: str, how: str | None) -> np.ndarray | None:
    """Values per year of one key figure, or ``None`` when the results lack it."""
    if variable not in ds:
        return None
    da = ds[variable]
    if how == "first":
        da = da.isel({d: 0 for d in da.dims if d != "year"})
    elif how == "electricity":  # generating technologies: not storage, imports, H2 or heat
        from lowcarbon_sim.technology import TECH_CLASSES

        keep = []
        for t, c in zip(ds["tech"].values, ds["tech_class"].values, strict=True):
            row = TECH_CLASSES.get(str(c))
            if row is not None and row.carrier_out == "electricity" and not row.is_storage:
                if row.iamc_category not in ("Imports", "Demand Response"):
                    keep.append(str(t))
        da = da.sel(tech=keep).sum("tech")
    return np.asarray(da.values, dtype=float)


def results_html(ds: xr.Dataset) -> str:
    """An HTML table of key figures (first, peak and last year) and the Dataset's repr.

    Units are the display units (Mt CO2, TWh, GW, bn yuan, %), values with 4 significant
    digits; rows the results do not hold are left out.
    """
    import html

    a = ds.attrs
    years = [int(y) for y in ds["year"].values] if "year" in ds.dims else []
    chosen = list(
        dict.fromkeys(
            y
            for y in [*years[:1], a.get("peak_year"), *years[-1:]]
            if y is not None and int(y) in years
        )
    )
    chosen = [int(y) for y in chosen]
    head = "".join(
        f"<th>{y}{' (peak year)' if y == a.get('peak_year') else ''}</th>" for y in chosen
    )
    body = []
    for label, variable, unit, how in KEY_FIGURES:
        values = _key_values(ds, variable, how)
        if values is None:
            continue
        if unit == "1":
            shown, cells = "%", [f"{100 * values[years.index(y)]:.1f}" for y in chosen]
        else:
            scaled, shown = to_display(values, unit)
            cells = [f"{scaled[years.index(y)]:.4g}" for y in chosen]
        body.append(
            f"<tr><td style='text-align:left'>{html.escape(label)}</td>"
            f"<td style='text-align:left'>{html.escape(shown)}</td>"
            + "".join(f"<td>{c}</td>" for c in cells)
            + "</tr>"
        )
    title = html.escape(str(a.get("scenario", "?")))
    objective, obj_unit = to_display(float(a.get("objective", np.nan)), "yuan")
    status = html.escape(str(a.get("termination_condition", "")))
    # the text repr (a few kB), not xarray's HTML view (hundreds of kB with every variable)
    dataset = f"<pre>{html.escape(repr(ds))}</pre>"
    return (
        "<div class='lowcarbon-sim-results'>"
        f"<p><b>Results</b> of scenario <code>{title}</code>"
        + (f" ({status})" if status else "")
        + f": objective {objective:.6g} {html.escape(obj_unit)}"
        + (f", emissions peak {int(a['peak_year'])}" if a.get("peak_year") is not None else "")
        + "</p>"
        "<table><thead><tr><th style='text-align:left'>key figure</th>"
        f"<th style='text-align:left'>unit</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
        f"<details><summary>Dataset</summary>{dataset}</details>"
        "</div>"
    )


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

"""Writing results files atomically, and reading them back.

A result is written to a temporary file in the target folder and moved into place with
:func:`os.replace` only when complete, so an interrupted or failed run never leaves a
half-written file and never overwrites an earlier good one.

A results file is one NetCDF-4 (HDF5) file: the results Dataset at the root and, in the
group :data:`INPUTS_GROUP`, the model inputs the run was built from (so figures, reports
and exports need neither the scenario file nor the model).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import xarray as xr

from lowcarbon_sim.errors import OutputError
from lowcarbon_sim.results.folder import describe_os_error

NETCDF_ENGINE = "h5netcdf"
#: NetCDF group of a results file holding the model inputs of the run (absent in files
#: written before lowcarbon-sim kept them).
INPUTS_GROUP = "inputs"


#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """``value`` neutralised for a CSV that a spreadsheet may open: text starting like a
    formula gets a leading apostrophe (the OWASP CSV-injection advice); numbers are not
    text and are never passed here.

    >>> spreadsheet_text("=HYPERLINK(1)"), spreadsheet_text("Emissions|CO2")
    ("'=HYPERLINK(1)", 'Emissions|CO2')
    """
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` then move the temporary file to ``path``.

    On any exception (including KeyboardInterrupt) the temporary file is removed and
    ``path`` is left as it was.

    Raises
    ------
    OutputError
        When ``path`` is a folder, or the machine refuses the write (disk full, no
        permission, read-only file system, a file where a folder is needed), naming the path.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; expected the name of a file to write")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
        )
    except OutputError:
        raise
    except OSError as exc:
        raise describe_os_error(exc, path.parent) from None
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp makes the file owner-only; give the result the permissions of a normal file
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise describe_os_error(exc, path) from exc
        raise
    return path


def _remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files of ``path`` left by writers that were killed (SIGKILL, power
    loss), recognised by the process id in their name; those of live writers are kept."""
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 :].split(".", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        tmp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows signal 0 is CTRL_C_EVENT
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists (or cannot tell): keep its file
    return True


def write_netcdf(
    ds: xr.Dataset, path: str | Path, groups: Mapping[str, xr.Dataset] | None = None
) -> Path:
    """Write ``ds`` to NetCDF at ``path`` atomically, with each Dataset of ``groups`` in the
    NetCDF group of its name (all in the one temporary file).

    The netcdf4 engine writes where it is installed and can hold the data; otherwise
    h5netcdf, which also writes what NetCDF-4 cannot (boolean attributes, complex numbers).
    Either file reads back identically (:func:`read_netcdf`).
    """

    def write_with(tmp: Path, engine: str, **kwargs) -> None:
        ds.to_netcdf(tmp, engine=engine, **kwargs)
        for name, group in (groups or {}).items():
            group.to_netcdf(tmp, mode="a", group=name, engine=engine, **kwargs)

    def write(tmp: Path) -> None:
        if _netcdf4_installed():
            try:
                return write_with(tmp, "netcdf4")
            except (TypeError, ValueError):  # NetCDF-4 cannot hold it (a boolean attribute)
                pass  # the next write starts the file afresh
        write_with(tmp, NETCDF_ENGINE, invalid_netcdf=True)

    return atomic_write(path, write)


def _netcdf4_installed() -> bool:
    """Whether the ``netCDF4`` package is there: the netcdf4 engine writes a default results
    file in half the CPU time of h5netcdf (0.6 against 1.2 s: h5netcdf looks its dimensions
    up again for every variable). The files are the same NetCDF-4 to every reader."""
    from importlib.util import find_spec

    return find_spec("netCDF4") is not None


def read_netcdf(path: str | Path, group: str | None = None) -> xr.Dataset:
    """Load a results file (or one of its groups) fully into memory (the file is closed
    afterwards)."""
    with xr.open_dataset(path, engine=NETCDF_ENGINE, group=group) as ds:
        return ds.load()


def netcdf_groups(path: str | Path) -> list[str]:
    """Names of the groups at the root of the NetCDF file ``path``."""
    import h5netcdf  # the engine of NETCDF_ENGINE, installed with xarray's h5netcdf support

    with h5netcdf.File(path, "r") as f:
        return list(f.groups)

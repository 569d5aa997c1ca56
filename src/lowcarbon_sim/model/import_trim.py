"""Keep a run from importing libraries it never uses (about 1 CPU-s of a default run).

Three imports happen behind the library's back, and all are cut here:

- Pyomo's dependency loader finalises SciPy when SciPy is first imported (by anyone) by
  importing ``scipy.stats``, ``scipy.integrate`` and ``scipy.spatial`` (0.5 CPU-s). Pyomo
  only needs ``scipy.sparse`` here (the standard-form compiler); other SciPy subpackages
  still load on first use (SciPy imports its subpackages lazily).
- xarray asks, for every array it converts, whether it is a dask array or a pint quantity,
  and imports ``dask.array`` and pint to ask (0.5-0.8 CPU-s). While a library is not
  imported no array can be one of its arrays, so the answer is "no" without the import;
  once it is imported, xarray's own check takes over.
- xarray also asks dask whether an object is a dask collection (for every index it
  builds) and which dask scheduler runs (before every NetCDF write), importing dask to ask
  (0.2 CPU-s). While dask is not imported nothing is a dask collection and no scheduler
  other than dask's default ("threaded") can have been chosen, so those are the answers
  without the import; once dask is imported xarray asks dask again.

The patches leave the libraries' behaviour unchanged; they are applied once, when
:mod:`lowcarbon_sim.model` is imported, and do nothing when the internals they touch are not
there (other library versions).
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["trim_imports"]


#: xarray's name of a duck-array library -> the module that defines its array type
_DUCK_ARRAY_MODULES = {"dask": "dask.array", "pint": "pint"}


def _scipy_sparse_only(module: Any, available: bool) -> None:
    """Pyomo's callback when SciPy is imported: only the subpackage Pyomo uses here."""
    if available:
        import scipy.sparse  # noqa: F401


class _NotImportedDuckModule:
    """Stands in xarray's cache of duck-array libraries for one not imported yet."""

    def __init__(self, name: str, module: str, cache: dict) -> None:
        self.name, self.module_name, self.cache = name, module, cache

    def _real(self) -> Any:
        from xarray.namedarray.pycompat import DuckArrayModule

        real = DuckArrayModule(self.name)
        self.cache[self.name] = real
        return real

    @property
    def type(self) -> tuple:
        """The library's array types; none while it is not imported."""
        if self.module_name not in sys.modules:
            return ()
        return self._real().type

    def __getattr__(self, attr: str) -> Any:  # module, version, available
        return getattr(self._real(), attr)


def _dask_not_imported(original: Any, answer: Any) -> Any:
    """``original`` (a function of xarray that imports dask to answer) answering ``answer``
    while dask is not imported."""
    if getattr(original, "_lcs_trimmed", False):
        return original

    def trimmed(*args: Any, **kwargs: Any) -> Any:
        if "dask" not in sys.modules:
            return answer
        return original(*args, **kwargs)

    trimmed._lcs_trimmed = True  # type: ignore[attr-defined]
    return trimmed


def trim_imports() -> None:
    """Apply the patches (idempotent)."""
    try:
        from pyomo.common import dependencies

        indicator = dependencies.scipy_available
        if getattr(indicator, "_callback", None) is dependencies._finalize_scipy:
            indicator._callback = _scipy_sparse_only
    except (ImportError, AttributeError):  # pragma: no cover - another Pyomo version
        pass
    try:
        from xarray.namedarray import pycompat

        cache = pycompat._cached_duck_array_modules
        for name, module in _DUCK_ARRAY_MODULES.items():
            if name not in cache and module not in sys.modules:
                cache[name] = _NotImportedDuckModule(name, module, cache)
    except (ImportError, AttributeError):  # pragma: no cover - another xarray version
        pass
    try:
        from xarray.backends import locks, writers
        from xarray.namedarray import utils

        utils.is_dask_collection = _dask_not_imported(utils.is_dask_collection, False)
        # xarray treats "threaded" and None (no dask installed) alike
        for module in (locks, writers):
            module.get_dask_scheduler = _dask_not_imported(module.get_dask_scheduler, "threaded")
    except (ImportError, AttributeError):  # pragma: no cover - another xarray version
        pass

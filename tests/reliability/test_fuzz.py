"""Property-based fuzz of the loader and the results readers (issue 22 item 9): whatever the
input, only lowcarbon-sim's own errors escape (a clear message, exit code 2), never a
KeyError, a RecursionError or a traceback."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lowcarbon_sim.errors import DataError, LowCarbonSimError, ScenarioError
from lowcarbon_sim.scenario.load import load_scenario

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# keys of real scenarios, so that the fuzz reaches past the unknown-key check
KEYS = [
    "name", "description", "years", "first", "last", "last_historical", "milestones", "time",
    "mode", "days", "method", "demand", "electricity", "profile", "profiles", "load", "file",
    "scale", "values", "policy", "co2_price", "co2_cap", "min_nonfossil_share",
    "reserve_margin", "power", "fuels", "coal", "price", "emission_factor", "techs", "class",
    "fuel", "existing_capacity", "extendable", "capex", "lifetime", "efficiency",
    "capacity_max", "min_full_load_hours", "availability", "solver", "extends", "dataset",
    "economics", "discount_rate", "hydrogen", "sectors", "2030", "dispatchable", "storage",
]  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "coal", "dispatchable", "package:../x.csv", "1e400", "\x00", "\ud800"]),
    st.text(max_size=12),
)
keys = st.one_of(st.sampled_from(KEYS), st.integers(1990, 2070), st.text(max_size=6))
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)
    ),
    max_leaves=30,
)


@FUZZ
@given(tree=st.dictionaries(st.sampled_from(KEYS), trees, max_size=6))
def test_random_scenario_trees_load_or_say_why(tree):
    tree = {"dataset": None, "name": "fuzz", **{k: v for k, v in tree.items() if k != "extends"}}
    try:
        load_scenario(data=tree)
    except (ScenarioError, DataError):
        pass


YAML_CHARS = st.sampled_from([*"ab:{}[],-&*!|>'\"#\n  \t0123.e%@`\\", "\x00", "\ufeff"])


@FUZZ
@given(
    text=st.one_of(
        st.text(YAML_CHARS, max_size=80),
        st.builds(
            lambda head, tail: head + tail,
            st.sampled_from(["name: x\ndataset: null\n", "extends: ", "power:\n  techs:\n    "]),
            st.text(YAML_CHARS, max_size=60),
        ),
    )
)
def test_random_yaml_texts_load_or_say_why(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("yaml") / "s.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_scenario(path)
    except (ScenarioError, DataError):
        pass


# ------------------------------------------------------------------------ results files


@pytest.fixture(scope="module")
def tiny_results(tmp_path_factory):
    """The Dataset of a solved tiny scenario (one solve for the module)."""
    from lowcarbon_sim import run
    from lowcarbon_sim.testing import tiny_scenario

    techs = {
        "coal": {"class": "dispatchable", "fuel": "coal", "existing_capacity": 150,
                 "extendable": False},
        "solar": {"class": "variable", "availability": "sol", "capex": 2200, "lifetime": 25},
    }  # fmt: skip
    sol = [0.0] * 7 + [0.5] * 10 + [0.0] * 7
    scenario = tiny_scenario(
        techs, 100.0, fuels={"coal": {"price": 100, "emission_factor": 0.34}},
        profiles={"sol": sol}, policy={"co2_price": {2030: 50.0}},
    )  # fmt: skip
    return run(scenario).dataset


def _mutations(ds: xr.Dataset):
    names = sorted(ds.variables)
    dims = sorted(ds.dims)
    one = st.sampled_from(names)
    return st.one_of(
        st.tuples(st.just("drop"), one),
        st.tuples(st.just("scalar"), one),
        st.tuples(st.just("text"), one),
        st.tuples(st.just("nan"), one),
        st.tuples(st.just("rename_dim"), st.sampled_from(dims)),
        st.tuples(st.just("empty_dim"), st.sampled_from(dims)),
        st.tuples(st.just("attr"), st.sampled_from(["results_layout_version", "scenario",
                                                    "peak_year", "lowcarbon_sim_version"])),
    )  # fmt: skip


def _mutate(ds: xr.Dataset, how: str, name: str) -> xr.Dataset:
    if how == "drop":
        return ds.drop_vars(name)
    if how == "rename_dim":
        return ds.rename_dims({name: name + "_x"}).drop_vars(name, errors="ignore")
    if how == "empty_dim":
        return ds.isel({name: slice(0, 0)})
    if how == "attr":
        out = ds.copy()
        out.attrs[name] = "???"
        return out
    if name in ds.dims:  # a coordinate: leave its dimension alone
        return ds.drop_vars(name)
    if how == "scalar":
        return ds.assign({name: xr.DataArray(1.0)})
    if how == "text":
        return ds.assign({name: ds[name].astype(str)})
    values = ds[name].values
    if values.dtype.kind != "f":
        return ds
    return ds.assign({name: ds[name].copy(data=np.full(values.shape, np.nan))})


def _read_everything(path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from lowcarbon_sim.cli.outputs import _open
    from lowcarbon_sim.export.iamc import to_iamc
    from lowcarbon_sim.plots import make_figures
    from lowcarbon_sim.report import comparison_table, markdown_report

    try:
        make_figures(_open(path, "plot"))
        markdown_report(_open(path, "report"))
        comparison_table([_open(path, "compare")] * 2)
        to_iamc(_open(path, "export"))
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")


@pytest.mark.slow
def test_mutated_results_files_are_read_or_refused(tiny_results, tmp_path_factory):
    from lowcarbon_sim.results.io import write_netcdf

    folder = tmp_path_factory.mktemp("mutants")
    counter = iter(range(10**6))

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(changes=st.lists(_mutations(tiny_results), min_size=1, max_size=3))
    def check(changes):
        ds = tiny_results
        for how, name in changes:
            if how != "rename_dim" and how != "empty_dim" and name not in ds.variables:
                continue
            if how in ("rename_dim", "empty_dim") and name not in ds.dims:
                continue
            ds = _mutate(ds, how, name)
        path = folder / f"m{next(counter)}.nc"
        try:
            write_netcdf(ds, path)
        except Exception:
            return  # not writable as NetCDF: not a file a reader can meet
        try:
            _read_everything(path)
        except LowCarbonSimError:
            pass

    check()

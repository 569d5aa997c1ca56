"""Every failure a clear error (issue 22 item 2): odd files, links, encodings, caches and
signals end in one ``error:`` line with exit code 2 (or 130 for Ctrl-C), never a traceback."""

from __future__ import annotations

import os
import signal
import warnings

import numpy as np
import pytest
from reliability_helpers import profile_csv

from lowcarbon_sim.inputs.timeseries import CACHE_ENV, CacheWarning, select_timesteps
from lowcarbon_sim.scenario.load import MAX_EXTENDS_DEPTH


def _clear(outcome, code: int = 2) -> str:
    assert outcome.code == code, outcome.err
    assert "Traceback" not in outcome.err and "internal error" not in outcome.err
    return outcome.message


def test_nul_byte_in_extends(tmp_path, tiny, cli):
    child = tmp_path / "child.yaml"
    child.write_text('extends: "tiny.yaml\\0../../etc/passwd"\n', encoding="utf-8")
    message = _clear(cli("validate", child))
    assert str(child) in message and "extends" in message and "NUL character" in message


@pytest.mark.skipif(os.name == "nt", reason="symbolic links")
def test_symlink_loop_in_extends(tmp_path, tiny, cli):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    child = tmp_path / "child.yaml"
    child.write_text("extends: loop.yaml\n", encoding="utf-8")
    message = _clear(cli("validate", child))
    assert "extends" in message and "loop.yaml" in message
    # the scenario named on the command line may be the loop itself
    message = _clear(cli("validate", loop))
    assert "loop.yaml" in message and "cannot be read" in message


def test_very_deep_extends_chain_is_limited(tmp_path, tiny, cli):
    depth = 1500
    for i in range(depth):
        parent = "tiny.yaml" if i == depth - 1 else f"s{i + 1}.yaml"
        (tmp_path / f"s{i}.yaml").write_text(f"extends: {parent}\n", encoding="utf-8")
    message = _clear(cli("validate", tmp_path / "s0.yaml"))
    assert f"inheritance deeper than {MAX_EXTENDS_DEPTH} files" in message
    assert "s0.yaml" in message
    # a chain within the limit still loads
    assert cli("validate", tmp_path / f"s{depth - MAX_EXTENDS_DEPTH + 2}.yaml").code == 0


def test_binary_profile_csv(tmp_path, tiny, cli):
    (tmp_path / "load.csv").write_bytes(bytes(range(256)) * 40)
    message = _clear(cli("validate", tiny))
    assert "load.csv" in message and "not a UTF-8 text CSV file" in message
    assert "profiles.load.file" in message


def test_profile_csv_with_nul_bytes(tmp_path, tiny, cli):
    profile_csv(tmp_path / "load.csv", cells={5: "1\x00\x00"})
    message = _clear(cli("validate", tiny))
    assert "load.csv" in message and "hour 5" in message and "expected a number" in message


def test_profile_csv_with_a_byte_order_mark_is_read(tmp_path, tiny, cli):
    path = profile_csv(tmp_path / "load.csv", value="1.0")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    outcome = cli("validate", tiny)
    assert outcome.code == 0, outcome.err


@pytest.mark.parametrize(
    ("text", "key", "what"),
    [
        ('name: "bad\\0name"\n', "name", "a NUL character at position 4"),
        ('description: "x\\ud800"\n', "description", "a lone surrogate (U+D800)"),
        (
            'power:\n  techs:\n    "gas\\0":\n      {class: dispatchable, fuel: coal}\n',
            "power.techs.gas\\x00",
            "the key name contains a NUL",
        ),
    ],
    ids=["nul-name", "surrogate-description", "nul-tech"],
)
def test_unstorable_text_is_refused_at_load(child, cli, text, key, what):
    message = _clear(cli("validate", child(text)))
    assert key in message and what in message


def test_unstorable_text_in_an_override(tiny, cli, tmp_path):
    outcome = cli("run", tiny, "--out", tmp_path / "out", "--set", 'name="a\\0b"')
    message = _clear(outcome)
    assert "name" in message and "NUL" in message
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


# ---------------------------------------------------------------- clustering cache


def _series() -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    hours = np.arange(8760)
    return [1.0 + 0.3 * np.sin(2 * np.pi * hours / 24) + 0.05 * rng.random(8760)]


@pytest.fixture
def cached(tmp_path, monkeypatch):
    """The cache folder and the one file a first clustering wrote into it."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    first = select_timesteps("representative_days", 5, _series())
    (path,) = tmp_path.glob("days-*.npz")
    return path, first


def _rebuilt(path, first):
    with pytest.warns(CacheWarning, match="unusable") as record:
        again = select_timesteps("representative_days", 5, _series())
    assert str(path) in str(record[0].message)
    np.testing.assert_array_equal(again.hour, first.hour)
    np.testing.assert_array_equal(again.weight, first.weight)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # rewritten: read back without a warning
        np.testing.assert_array_equal(
            select_timesteps("representative_days", 5, _series()).hour, first.hour
        )


def test_truncated_cache_is_a_miss(cached):
    path, first = cached
    path.write_bytes(path.read_bytes()[:40])
    _rebuilt(path, first)


@pytest.mark.parametrize(
    "arrays",
    [
        {"medoids": np.array([0, 1, 2]), "assignment": np.zeros(10, dtype=int)},
        {"medoids": np.array([0, 400, 2]), "assignment": np.zeros(365, dtype=int)},
        {"medoids": np.array([0, 1]), "assignment": np.full(365, 5)},
        {"medoids": np.array([0.5, 1.5]), "assignment": np.zeros(365, dtype=int)},
        {"assignment": np.zeros(365, dtype=int)},
    ],
    ids=["short", "day-400", "cluster-5", "floats", "no-medoids"],
)
def test_inconsistent_cache_is_a_miss(cached, arrays):
    path, first = cached
    with path.open("wb") as fh:
        np.savez(fh, **arrays)
    _rebuilt(path, first)


# ---------------------------------------------------------------- Ctrl-C


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_ctrl_c_inside_an_extension_import_is_an_interrupt(tiny, cli, monkeypatch):
    import importlib

    main_module = importlib.import_module("lowcarbon_sim.cli.main")

    def import_interrupted(args):
        # what `import highspy` does when Ctrl-C lands in its C initialisation: the
        # KeyboardInterrupt is swallowed and an ImportError raised instead
        try:
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(1000):
                pass
        except KeyboardInterrupt:
            raise ImportError('PyCapsule_Import could not import module "datetime"') from None
        raise AssertionError("no KeyboardInterrupt")

    monkeypatch.setattr(main_module, "cmd_validate", import_interrupted)
    # Python's own handler, as in a fresh `lowcarbon-sim` process: a test run earlier in the
    # same pytest worker (a dask cluster, a browser driver) may have left its own
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        outcome = cli("validate", tiny)
        assert outcome.code == 130 and outcome.err.strip() == "interrupted"
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, previous)


def test_an_import_error_without_ctrl_c_is_still_an_internal_error(tiny, cli, monkeypatch):
    import importlib

    main_module = importlib.import_module("lowcarbon_sim.cli.main")

    def broken(args):
        raise ImportError("a real bug")

    monkeypatch.setattr(main_module, "cmd_validate", broken)
    outcome = cli("validate", tiny)
    assert outcome.code == 1 and "internal error: ImportError: a real bug" in outcome.err

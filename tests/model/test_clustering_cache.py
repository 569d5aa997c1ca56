"""The on-disk cache of clustered days: read back only for the same series and settings."""

from __future__ import annotations

import numpy as np
import pytest

from lowcarbon_sim.inputs import timeseries
from lowcarbon_sim.inputs.timeseries import CACHE_ENV, select_timesteps


def _series(seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    hours = np.arange(8760)
    load = 1.0 + 0.3 * np.sin(2 * np.pi * hours / 24) + 0.2 * np.sin(2 * np.pi * hours / 8760)
    return [load + 0.05 * rng.random(8760), rng.random(8760)]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    return tmp_path


def test_second_call_reads_the_cache_and_matches(cache, monkeypatch):
    first = select_timesteps("representative_days", 6, _series(0))
    assert len(list(cache.glob("days-*.npz"))) == 1

    def no_clustering(*_args):
        raise AssertionError("clustered again although cached")

    monkeypatch.setattr(timeseries, "_tsam_days", no_clustering)
    second = select_timesteps("representative_days", 6, _series(0))
    np.testing.assert_array_equal(first.hour, second.hour)
    np.testing.assert_array_equal(first.weight, second.weight)
    np.testing.assert_array_equal(first.sequence, second.sequence)


def test_other_series_or_settings_cluster_afresh(cache):
    select_timesteps("representative_days", 6, _series(0))
    select_timesteps("representative_days", 6, _series(1))
    select_timesteps("representative_days", 7, _series(0))
    select_timesteps("representative_days", 6, _series(0), extreme_days=False)
    assert len(list(cache.glob("days-*.npz"))) == 4


def test_cache_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "off")
    monkeypatch.chdir(tmp_path)
    select_timesteps("representative_days", 5, _series(2))
    assert timeseries.cache_dir() is None
    assert not list(tmp_path.rglob("*.npz"))


def test_unwritable_cache_still_clusters(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    sel = select_timesteps("representative_days", 5, _series(3))
    assert sel.weight.sum() == pytest.approx(8760)

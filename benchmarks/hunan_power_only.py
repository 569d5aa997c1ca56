"""Overrides shared by the benchmarks: the Hunan data cut to its power system."""

from __future__ import annotations

# Technologies whose yearly build limits would stop a few decision years from reaching the
# 2030 system.
BUILD_LIMITED = ("coal_new", "gas", "wind", "solar", "pumped_hydro", "battery")
HYDROGEN_CLASSES = {"electrolyser", "hydrogen_supply", "hydrogen_storage"}


def unlimited_build() -> dict:
    """No per-year build limits on the technologies that have them."""
    return {f"power.techs.{t}.build_max": None for t in BUILD_LIMITED}


def without_hydrogen_and_ccus() -> dict:
    """Remove the hydrogen and CCUS rows of the Hunan data (read from the data set, so the
    list follows the data) and the industrial capture sources."""
    from lowcarbon_sim.data import dataset_tree

    power = dataset_tree("hunan")["power"]
    carriers = {f for f, cfg in power["fuels"].items() if cfg.get("carrier")}
    drop = [
        name
        for name, tech in power["techs"].items()
        if tech.get("class") in HYDROGEN_CLASSES
        or "capture_rate" in tech
        or tech.get("fuel") in carriers
    ]
    return {
        **{f"power.techs.{t}": None for t in drop},
        **{f"power.fuels.{f}": None for f in carriers},
        "ccus.sources": None,
    }

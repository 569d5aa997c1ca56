"""Hand-made results Datasets for figure tests that need no solve (and render identically
on every run, for the image comparisons)."""

import numpy as np
import xarray as xr

from lowcarbon_sim.sectors.lmdi import FACTORS

YEARS = [2022, 2023, 2024, 2025, 2026]
TECHS = ["coal", "wind", "solar", "battery", "import_line", "h2_smr", "heat_boiler_gas"]
CLASSES = [
    "dispatchable",
    "variable",
    "variable",
    "storage",
    "import",
    "hydrogen_supply",
    "heat_boiler",
]


def synthetic_results() -> xr.Dataset:
    """Five years (2022-2024 history), seven technologies of six classes, shares, targets."""
    n = len(YEARS)
    cap = np.array(
        [
            [20e3, 5e3, 4e3, 0.0, 8e3, 100.0, 2e3],
            [21e3, 6e3, 6e3, 500.0, 8e3, 100.0, 2e3],
            [21e3, 7e3, 9e3, 1e3, 8e3, 150.0, 2e3],
            [21e3, 9e3, 13e3, 2e3, 12e3, 200.0, 2e3],
            [20e3, 11e3, 18e3, 3e3, 12e3, 300.0, 2e3],
        ]
    )
    share = np.stack([np.linspace(0.20, 0.32, n), np.linspace(0.11, 0.19, n)], axis=1)
    ds = xr.Dataset(
        {
            "capacity": (("year", "tech"), cap, {"units": "MW"}),
            "tech_class": ("tech", CLASSES),
            "is_decision_year": ("year", [0, 0, 0, 1, 1]),
            "nonfossil_share": (("year", "counting"), share, {"units": "1"}),
            "target_value": ("target", [share[3, 0], share[4, 0], 2024.0]),
            "target_threshold": ("target", [0.22, 0.35, 2030.0]),
            "target_met": ("target", [True, False, True]),
            "target_unit": ("target", ["1", "1", "year"]),
            "target_sense": ("target", [">=", ">=", "<"]),
        },
        coords={
            "year": YEARS,
            "tech": TECHS,
            "counting": ["coal_substitution", "physical_content"],
            "target": ["nonfossil_share_2025", "nonfossil_share_2026", "peak_before"],
        },
        attrs={
            "scenario": "synthetic",
            "nonfossil_method": "coal_substitution",
            "last_historical_year": 2024,
        },
    )
    return ds


def synthetic_lmdi() -> xr.Dataset:
    """An LMDI result as :func:`lowcarbon_sim.sectors.lmdi.lmdi` returns it (t CO2)."""
    effect = np.array(
        [
            [1e6, 30e6, -20e6, -2e6, 0.0, -15e6, 0.0],
            [0.5e6, 10e6, -8e6, -1e6, 0.0, -5e6, -3e6],
        ]
    )
    out = xr.Dataset(
        {
            "effect": (("sector", "factor"), effect, {"units": "t CO2"}),
            "change": ("sector", effect.sum(axis=1), {"units": "t CO2"}),
            "unallocated_change": ((), 2e6, {"units": "t CO2"}),
        },
        coords={"sector": ["industry", "buildings"], "factor": list(FACTORS)},
        attrs={"start": 2020, "end": 2030, "start_total": 300e6},
    )
    return out


def synthetic_scorecard() -> xr.Dataset:
    """:func:`synthetic_results` plus four targets enforced in the LP: a binding non-fossil
    share (Hunan's 2030 figure), a slack CO2 total (set in the scenario), a binding
    national CO2-intensity change and a peak by 2025 with the next year 1 Mt below it."""
    ds = synthetic_results()
    names = [
        "nonfossil_share_2030",
        "co2_intensity_2020-2025",
        "co2_total_2026",
        "peak_by_2025_2026",
    ]
    kinds = ["nonfossil_share", "co2_intensity", "co2_total", "peak_by"]
    keys = [
        "policy.targets.nonfossil_share.2030",
        "policy.targets.co2_intensity.2020-2025",
        "policy.targets.co2_total.2026",
        "policy.targets.peak_by",
    ]
    ds = ds.assign_coords(policy_target=names)
    ds["policy_target_kind"] = ("policy_target", kinds)
    ds["policy_target_key"] = ("policy_target", keys)
    ds["policy_target_unit"] = ("policy_target", ["1", "1", "t CO2", "t CO2"])
    ds["policy_target_value"] = ("policy_target", [0.25, -0.18, 280e6, -1e6])
    ds["policy_target_threshold"] = ("policy_target", [0.25, -0.18, 300e6, 0.0])
    ds["policy_target_margin"] = ("policy_target", [0.0, 0.0, 20e6, 1e6])
    ds["policy_target_price"] = ("policy_target", [5.2e8, 310.0, 0.0, 0.0])
    ds["policy_target_price_unit"] = (
        "policy_target",
        ["yuan/pp", "yuan/t CO2", "yuan/t CO2", "yuan/t CO2"],
    )
    return ds

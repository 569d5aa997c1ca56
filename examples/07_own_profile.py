"""Replace a packaged hourly profile with your own CSV file.

Shows how a scenario file points a profile at your data: ``profiles.wind.file`` names a
CSV relative to the scenario file, ``column`` picks the column, ``scale`` multiplies it.
The scenario inherits everything else from the baseline with ``extends:``. Here "your"
wind availability (p.u. of capacity, 8760 hours) stands in for measured data: the packaged
shape with 20 % more output per MW in every hour, clipped at 1 p.u. The script writes the
CSV and the scenario, solves the baseline and the new scenario, and compares wind output
and cost.

Usage::

    python examples/07_own_profile.py [OUT_DIR]     # default out/07_own_profile

Writes ``weather/my_wind.csv``, ``my_wind.yaml``, ``baseline.nc`` and ``my_wind.nc`` to
OUT_DIR. ``LCS_EXAMPLE_FAST=1``: coarse, quick runs.
"""

from __future__ import annotations

import os
import sys
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

import lowcarbon_sim as lcs

ROOT = Path(__file__).resolve().parents[1]
# coarse time resolution for a quick check; not for planning results
FAST = {"time.days": 2, "years.milestones": [2020, 2024, 2025, 2027, 2030]}
PACKAGED_WIND = "data/hunan/profiles/hunan_wind_availability_pu.csv"


def main(out: Path) -> None:
    overrides = FAST if os.environ.get("LCS_EXAMPLE_FAST") == "1" else {}
    (out / "weather").mkdir(parents=True, exist_ok=True)

    # your data: one row per hour of the year, any column names; here column "cf"
    with files("lowcarbon_sim").joinpath(PACKAGED_WIND).open() as f:
        packaged = pd.read_csv(f)["wind_availability_pu"].to_numpy()
    mine = np.minimum(1.2 * packaged, 1.0)
    pd.DataFrame({"hour": np.arange(8760), "cf": mine}).to_csv(
        out / "weather" / "my_wind.csv", index=False, float_format="%.6f"
    )
    scenario_file = out / "my_wind.yaml"
    scenario_file.write_text(
        f"extends: {ROOT / 'scenarios' / 'hunan_baseline.yaml'}\n"
        "name: my_wind\n"
        "profiles:\n"
        "  wind: {file: weather/my_wind.csv, column: cf}   # relative to this file\n",
        encoding="utf-8",
    )

    runs = {}
    for name, path in (
        ("baseline", ROOT / "scenarios" / "hunan_baseline.yaml"),
        ("my_wind", scenario_file),
    ):
        runs[name] = lcs.run(path, overrides=overrides)
        runs[name].to_netcdf(out / f"{name}.nc")

    year = int(runs["baseline"].dataset["year"].values[-1])
    print(f"mean wind availability: packaged {packaged.mean():.3f}, yours {mine.mean():.3f} p.u.")
    for name, res in runs.items():
        ds = res.dataset
        wind = float(ds["generation"].sel(tech="wind", year=year)) / 1e6  # MWh -> TWh
        cap = float(ds["capacity"].sel(tech="wind", year=year)) / 1e3  # MW -> GW
        print(
            f"{name:9s} wind in {year}: {cap:6.1f} GW, {wind:6.1f} TWh; "
            f"objective {ds.attrs['objective'] / 1e9:.1f} bn yuan"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "07_own_profile")

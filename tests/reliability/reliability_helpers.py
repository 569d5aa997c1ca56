"""Shared helpers of the reliability tests (a module with a unique name: the test
folders are not packages, so ``from conftest import ...`` would be ambiguous)."""

from __future__ import annotations

from pathlib import Path

# 150 MW of coal (efficiency 1, 0.34 t CO2/MWh) serving a flat 100 MW demand in 2030.
TINY = """
name: tiny_rel
dataset: null
years: {first: 2030, last: 2030, last_historical: 2029}
time: {mode: representative_days, days: 1}
profiles: {load: {file: load.csv}}  # 8760 x 1.0
demand: {electricity: 876000, profile: load}
policy: {reserve_margin: null}
power:
  fuels: {coal: {price: 100, emission_factor: 0.34}}
  techs:
    coal: {class: dispatchable, fuel: coal, existing_capacity: 150, extendable: false}
"""


def profile_csv(
    path: Path, n: int = 8760, cells: dict[int, str] | None = None, value: str = "0.5"
) -> Path:
    """A profile CSV (``hour,value``) of ``n`` rows of ``value``, some cells replaced."""
    rows = ["hour,value"] + [f"{h},{value}" for h in range(n)]
    for hour, cell in (cells or {}).items():
        rows[hour + 1] = f"{hour},{cell}"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path

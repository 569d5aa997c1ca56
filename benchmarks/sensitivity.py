"""One-at-a-time sensitivity of 2030 CO2 to the packaged `assumption` figures.

Every scenario key that has at least one `assumption` row in the data set's figure files is
scaled by ``1 - pct`` and ``1 + pct`` (the whole series, every year), one key at a time, and
the scenario is solved again. Keys are ranked by the largest change of province CO2 in the
target year; the table (Markdown) also gives the change of power-sector CO2 and of coal
generation. A perturbation that the schema refuses (e.g. a share above 1) is reported as
``-`` for that side.

Usage (from the repository root)::

    PYTHONPATH=src python benchmarks/sensitivity.py scenarios/hunan_baseline.yaml \
        --prefix power. --pct 0.2 --days 4 --out docs/data/sensitivity_table.md

``--days`` overrides ``time.days`` and ``--milestones`` the modelled years for speed (the
ranking, not the levels, is the point); the baseline run of the table uses the same setting.

Screening (for all ~430 keys at once). ``--screen-sectors`` runs only the sector modules (no
LP, about 0.1 s a run) for every key outside ``power.``/``ccus.``/``policy.``/``economics.``
and ranks them by the bound ``|d non-power CO2| + 0.9 t/MWh x |d electricity demand|`` in the
target year (0.9 t/MWh: a coal unit's intensity, the most a MWh of demand can add to power
CO2). ``--sides high`` solves only the +pct side (a one-sided LP screen). ``--json`` writes
the raw outcomes so that a second, finer pass can be run on the keys that pass the screen
(``--keys-file``, one key a line; ``--sides low`` for the other side), and ``--merge`` prints
the table of several such passes combined.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from typing import Any

from lowcarbon_sim import run
from lowcarbon_sim.data.provenance import data_sources
from lowcarbon_sim.errors import LowCarbonSimError
from lowcarbon_sim.pipeline import sector_outputs
from lowcarbon_sim.scenario.load import load_scenario


def _value_at(scenario: Any, key: str) -> Any:
    node: Any = scenario
    for part in key.split("."):
        node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
        if node is None:
            return None
    return node


def _scaled(value: Any, factor: float) -> Any:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) * factor
    if isinstance(value, dict) and all(isinstance(v, int | float) for v in value.values()):
        return {int(y): float(v) * factor for y, v in value.items()}
    return None


def _outcome(res, year: int) -> dict[str, float]:
    ds = res.dataset
    return {
        "co2": float(ds["total_emissions"].sel(year=year)) / 1e6,
        "power_co2": float(ds["emissions_power"].sel(year=year)) / 1e6,
        "coal_twh": float(
            ds["generation"].sel(year=year, tech=[t for t in ds.tech.values if "coal" in t]).sum()
        ) / 1e6,
    }


LP_PREFIXES = ("power.", "ccus.", "policy.", "economics.")


def _sector_outcome(scenario: Any, year: int) -> dict[str, float]:
    sec = sector_outputs(scenario).sel(year=year)
    return {
        "nonpower_co2": float(sec["emissions"].sum()) / 1e6,
        "elec_twh": float(sec["electricity_demand"]) / 1e6,
    }


def _screen_sectors(args, base_over: dict[str, Any], keys: list[str], base: Any) -> list[dict]:
    ref = _sector_outcome(base, args.year)
    rows = []
    for key in keys:
        value = _value_at(base, key)
        row: dict[str, Any] = {"key": key}
        for side, factor in (("low", 1 - args.pct), ("high", 1 + args.pct)):
            new = _scaled(value, factor)
            if new is None:
                continue
            try:
                out = _sector_outcome(load_scenario(args.scenario, {**base_over, key: new}),
                                      args.year)
            except (LowCarbonSimError, ValueError) as err:
                row.setdefault("error", str(err).splitlines()[0])
                continue
            d_co2 = out["nonpower_co2"] - ref["nonpower_co2"]
            d_el = out["elec_twh"] - ref["elec_twh"]
            row[side] = {"d_nonpower_co2": d_co2, "d_elec_twh": d_el,
                         "bound": abs(d_co2) + 0.9 * abs(d_el)}
        if "low" in row or "high" in row:
            row["bound"] = max(row[s]["bound"] for s in ("low", "high") if s in row)
            rows.append(row)
    rows.sort(key=lambda r: -r["bound"])
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the sensitivity and print (or write) the ranked table."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("scenario")
    p.add_argument("--pct", type=float, default=0.2, help="relative perturbation (0.2 = +-20 %%)")
    p.add_argument("--prefix", default="", help="only keys starting with this (e.g. power.)")
    p.add_argument("--match", default=None, help="only keys matching this regular expression")
    p.add_argument("--days", type=int, default=None, help="override time.days for speed")
    p.add_argument("--year", type=int, default=2030)
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--out", default=None, help="write the Markdown table here")
    p.add_argument("--milestones", default=None, help="override years.milestones, e.g. "
                   "2020,2024,2025,2026,2027,2028,2029,2030")
    p.add_argument("--sides", choices=("both", "high", "low"), default="both")
    p.add_argument("--keys-file", default=None, help="only the keys listed in this file")
    p.add_argument("--skip-prefix", action="append", default=[],
                   help="leave out keys starting with this (repeatable)")
    p.add_argument("--screen-sectors", action="store_true",
                   help="sector modules only (no LP) for the non-LP keys; see above")
    p.add_argument("--json", default=None, help="write the raw outcomes here")
    p.add_argument("--merge", nargs="+", default=None,
                   help="only print the table of these --json outputs, combined by key")
    args = p.parse_args(argv)

    base_over: dict[str, Any] = {} if args.days is None else {"time.days": args.days}
    if args.milestones:
        base_over["years.milestones"] = [int(y) for y in args.milestones.split(",")]
    base = load_scenario(args.scenario, base_over)
    df = data_sources(base.dataset or "hunan")
    keys = sorted(
        {k for k in df.loc[df["status"] == "assumption", "key"] if k.startswith(args.prefix)}
    )
    if args.match:
        keys = [k for k in keys if re.search(args.match, k)]
    # the low/high fuel-price paths act only in their price case; a first year is not a
    # quantity to scale by 20 %
    keys = [k for k in keys if not k.endswith((".price_low", ".price_high", ".available_from"))]
    keys = [k for k in keys if not k.startswith(tuple(args.skip_prefix))] if args.skip_prefix \
        else keys
    if args.keys_file:
        with open(args.keys_file, encoding="utf-8") as fh:
            wanted = {line.strip() for line in fh if line.strip()}
        keys = [k for k in keys if k in wanted]
    if args.merge:
        ref, rows = _merge(args.merge)
        return _table(args, ref, rows)
    if args.screen_sectors:
        rows = _screen_sectors(args, base_over, [k for k in keys if not k.startswith(
            LP_PREFIXES)], base)
        for r in rows:
            print(f"{r['key']}: bound {r['bound']:.2f} Mt", flush=True)
        if args.json:
            with open(args.json, "w", encoding="utf-8") as fh:
                json.dump(rows, fh, indent=1)
        return 0
    t0 = time.perf_counter()
    ref = _outcome(run(base), args.year)
    rows = []
    for key in keys:
        value = _value_at(base, key)
        result: dict[str, Any] = {"key": key}
        for side, factor in (("low", 1 - args.pct), ("high", 1 + args.pct)):
            new = _scaled(value, factor)
            if new is None or args.sides not in ("both", side):
                result[side] = None
                continue
            try:
                s = load_scenario(args.scenario, {**base_over, key: new})
                result[side] = _outcome(run(s), args.year)
            except (LowCarbonSimError, ValueError) as err:  # refused by the schema or infeasible
                result[side] = None
                result.setdefault("error", str(err).splitlines()[0])
        if result["low"] is None and result["high"] is None:
            continue
        result["swing"] = max(
            abs(r["co2"] - ref["co2"]) for r in (result["low"], result["high"]) if r
        )
        rows.append(result)
        print(f"{key}: swing {result['swing']:.2f} Mt ({time.perf_counter() - t0:.0f} s)",
              flush=True)
    rows.sort(key=lambda r: -r["swing"])
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"ref": ref, "rows": rows}, fh, indent=1)
    return _table(args, ref, rows)


def _merge(paths: list[str]) -> tuple[dict[str, float], list[dict]]:
    """Combine the ``--json`` outputs of several passes (e.g. a +pct screen and a -pct pass)."""
    ref: dict[str, float] | None = None
    by_key: dict[str, dict] = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        ref = ref or data["ref"]
        for r in data["rows"]:
            row = by_key.setdefault(r["key"], {"key": r["key"], "low": None, "high": None})
            for side in ("low", "high"):
                row[side] = row[side] or r.get(side)
    assert ref is not None
    rows = list(by_key.values())
    for r in rows:
        r["swing"] = max(abs(s["co2"] - ref["co2"]) for s in (r["low"], r["high"]) if s)
    rows.sort(key=lambda r: -r["swing"])
    return ref, rows


def _table(args: Any, ref: dict[str, float], rows: list[dict]) -> int:
    def cell(r, field):
        return "-" if r is None else f"{r[field] - ref[field]:+.2f}"

    lines = [
        f"Baseline {args.year}: province CO2 {ref['co2']:.1f} Mt, power CO2 "
        f"{ref['power_co2']:.1f} Mt, coal generation {ref['coal_twh']:.1f} TWh "
        f"(each key scaled by -{args.pct:.0%} / +{args.pct:.0%}"
        + (f", time.days {args.days}" if args.days else "") + ").",
        "",
        "| rank | assumption key | province CO2 change, Mt (-/+) | power CO2 change, Mt "
        "(-/+) | coal generation change, TWh (-/+) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for i, r in enumerate(rows[: args.top], start=1):
        lines.append(
            f"| {i} | `{r['key']}` | {cell(r['low'], 'co2')} / {cell(r['high'], 'co2')} | "
            f"{cell(r['low'], 'power_co2')} / {cell(r['high'], 'power_co2')} | "
            f"{cell(r['low'], 'coal_twh')} / {cell(r['high'], 'coal_twh')} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

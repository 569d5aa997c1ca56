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

Full screen of the LP keys (``--all``): every numeric key under ``power.``, ``ccus.``,
``economics.`` and ``policy.`` is enumerated automatically, from the data set's figure files
(all statuses, not only assumptions) and from :data:`lowcarbon_sim.technology.TECH_FIELDS`
(every numeric field a technology row of the scenario sets, also those from
``structure.yaml``). A fuel price with ``price_low``/``price_high`` paths is moved to those
paths instead of by +-pct. Left out, and counted in the output: keys of technologies with no
capacity in any decision year of the reference run (a +-20 % change of a row the LP does not
use moves nothing unless it brings the row in; ``--keep-unused`` runs them too) and series
that only hold history years (fixed by the statistics). The table then ranks by the change of
2030 province CO2 and gives the change of the 2030 power mix (half the sum of the absolute
changes of generation by technology, TWh: the generation that moves between technologies)
and each key's status. The solves go through one live HiGHS model
(:mod:`lowcarbon_sim.model.live`): members with the same LP structure warm-start.

Plausible ranges (``--ranges``): a key with a row in the data set's ``ranges.csv``
(:mod:`lowcarbon_sim.data.ranges`: bounds read from sources, e.g. the driest and wettest
water years of the record) is scaled by each bound over the data set's default instead of by
+-pct, its history rows kept: the shipped scenarios, which hold the defaults, move to the
bounds. The range column names the bounds and their status. Keys without a range keep +-pct.

Tied keys (:data:`TIED`): a figure the data set derived *with* another one moves with it, by
the same factor, so that a perturbation does not break the calibration both come from (the
heat demand was derived from CEADs coal use with the coal boiler's efficiency; moving the
efficiency alone would move the 2020 heat CO2 off the inventory). ``--untie`` moves each key
alone, as before.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from typing import Any

from lowcarbon_sim import run
from lowcarbon_sim.data.provenance import data_sources
from lowcarbon_sim.data.ranges import plausible_ranges, scaled_from_decision_years
from lowcarbon_sim.errors import LowCarbonSimError
from lowcarbon_sim.model.live import live_model
from lowcarbon_sim.pipeline import sector_outputs
from lowcarbon_sim.scenario.load import load_scenario, parse_set_option
from lowcarbon_sim.technology import TECH_FIELDS

#: key -> keys the data set derived with it (same factor); see the module docstring
TIED: dict[str, tuple[str, ...]] = {
    "power.techs.heat_boiler_coal.efficiency": (
        "sectors.other.heat_supply.routes.all.end_uses.steam.intensity",
        "power.techs.heat_boiler_coal.existing_capacity",  # sized to that heat demand
    ),
}


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


def _ending_in_history(scenario: Any, keys: list[str], last_hist: int) -> list[str]:
    """Keys whose year series ends in a history year (at or before ``last_hist``). A series
    holds its last value after its last year, so these still set every decision year (an
    existing fleet, a price given up to 2023): they are not history-only."""
    out = []
    for k in keys:
        value = _value_at(scenario, k)
        if isinstance(value, dict) and value and max(int(y) for y in value) <= last_hist:
            out.append(k)
    return out


def _outcome(res, year: int) -> dict[str, Any]:
    ds = res.dataset
    gen = ds["generation"].sel(year=year)
    return {
        "co2": float(ds["total_emissions"].sel(year=year)) / 1e6,
        "power_co2": float(ds["emissions_power"].sel(year=year)) / 1e6,
        "coal_twh": float(
            ds["generation"].sel(year=year, tech=[t for t in ds.tech.values if "coal" in t]).sum()
        ) / 1e6,
        "gen_twh": {str(t): float(v) / 1e6 for t, v in zip(gen.tech.values, gen.values,
                                                              strict=True)},
    }


def _mix_change(out: dict[str, Any] | None, ref: dict[str, Any]) -> float | None:
    """Generation that moves between technologies, TWh: half the sum of |change| by tech."""
    if out is None or "gen_twh" not in out or "gen_twh" not in ref:
        return None
    techs = set(out["gen_twh"]) | set(ref["gen_twh"])
    return 0.5 * sum(abs(out["gen_twh"].get(t, 0.0) - ref["gen_twh"].get(t, 0.0)) for t in techs)


LP_ROOTS = ("power.", "ccus.", "economics.", "policy.")


def key_status(df) -> dict[str, str]:
    """Status of each figure key: ``assumption`` if any of its rows is, else ``derived`` if
    any is, else ``verified``."""
    out: dict[str, str] = {}
    for key, st in zip(df["key"], df["status"], strict=True):
        rank = {"assumption": 2, "derived": 1, "verified": 0}[st]
        old = out.get(key)
        if old is None or rank > {"assumption": 2, "derived": 1, "verified": 0}[old]:
            out[key] = st
    return out


def all_lp_keys(base: Any, df) -> list[str]:
    """Every numeric LP key of the scenario: the data set's figure keys under ``power.``,
    ``ccus.``, ``economics.``, ``policy.`` and every numeric TECH_FIELDS field that a
    technology row sets (structure.yaml included)."""
    keys = {k for k in df["key"] if k.startswith(LP_ROOTS)}
    for name, tech in base.power.techs.items():
        for field in TECH_FIELDS:
            if field in tech.model_fields_set and _scaled(getattr(tech, field), 1.0) is not None:
                keys.add(f"power.techs.{name}.{field}")
    keys = {k for k in keys if not k.endswith((".price_low", ".price_high", ".available_from"))}
    return sorted(k for k in keys if _scaled(_value_at(base, k), 1.0) is not None)


def _used_techs(ds, decision_years: list[int]) -> set[str]:
    cap = ds["capacity"].sel(year=decision_years)
    return {str(t) for t in cap.tech.values if float(cap.sel(tech=t).max()) > 0}


def _price_case(base: Any, key: str, side: str) -> Any:
    """The low/high price path of a fuel price key, when the data give one."""
    if not (key.startswith("power.fuels.") and key.endswith(".price")):
        return None
    return _value_at(base, key + ("_low" if side == "low" else "_high"))


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
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a scenario key for every run (e.g. time.segments=4)")
    p.add_argument("--year", type=int, default=2030)
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--out", default=None, help="write the Markdown table here")
    p.add_argument("--rank-out", default=None,
                   help="write every ranked key here, one a line, best first (for --keys-file)")
    p.add_argument("--milestones", default=None, help="override years.milestones, e.g. "
                   "2020,2024,2025,2026,2027,2028,2029,2030")
    p.add_argument("--sides", choices=("both", "high", "low"), default="both")
    p.add_argument("--keys-file", default=None, help="only the keys listed in this file")
    p.add_argument("--skip-prefix", action="append", default=[],
                   help="leave out keys starting with this (repeatable)")
    p.add_argument("--screen-sectors", action="store_true",
                   help="sector modules only (no LP) for the non-LP keys; see above")
    p.add_argument("--json", default=None, help="write the raw outcomes here")
    p.add_argument("--all", action="store_true",
                   help="every numeric LP key (figures and TECH_FIELDS), any status")
    p.add_argument("--keep-unused", action="store_true",
                   help="with --all: also keys of technologies the reference run does not use")
    p.add_argument("--untie", action="store_true",
                   help="move tied keys (TIED) alone instead of together")
    p.add_argument("--ranges", action="store_true",
                   help="move a key with a plausible range in the data set's ranges.csv to "
                   "its low and high end instead of by +-pct")
    p.add_argument("--merge", nargs="+", default=None,
                   help="only print the table of these --json outputs, combined by key")
    args = p.parse_args(argv)

    base_over: dict[str, Any] = {} if args.days is None else {"time.days": args.days}
    base_over.update(parse_set_option(pair) for pair in args.set)
    if args.milestones:
        base_over["years.milestones"] = [int(y) for y in args.milestones.split(",")]
    base = load_scenario(args.scenario, base_over)
    df = data_sources(base.dataset or "hunan")
    status = key_status(df)
    if args.all:
        keys = [k for k in all_lp_keys(base, df) if k.startswith(args.prefix)]
    else:
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
    with live_model():
        return _solve_all(args, base_over, base, keys, status)


def _solve_all(args, base_over, base, keys, status) -> int:
    t0 = time.perf_counter()
    ref_res = run(base)
    ref = _outcome(ref_res, args.year)
    last_hist = base.years.last_historical
    held = set(_ending_in_history(base, keys, last_hist))
    if args.all:
        decision = [int(y) for y in ref_res.dataset.year.values if y > last_hist]
        used = _used_techs(ref_res.dataset, decision)
        unused = [k for k in keys if k.startswith("power.techs.")
                  and k.split(".")[2] not in used]
        if float(ref_res.dataset["captured_co2_industry"].sum()) <= 0:
            unused += [k for k in keys if k.startswith("ccus.sources.")]  # no capture used
        skipped = set() if args.keep_unused else set(unused)
        print(f"{len(keys)} keys; left out: {len(skipped)} of unused technologies or capture "
              f"sources; {len(held)} series end in a "
              "history year (their value held into the decision years is scaled)", flush=True)
        keys = [k for k in keys if k not in skipped]
    ranges = plausible_ranges(base.dataset or "hunan") if args.ranges else {}
    rows = []
    for key in keys:
        value = _value_at(base, key)
        result: dict[str, Any] = {"key": key, "status": status.get(key, "structure")}
        for side, factor in (("low", 1 - args.pct), ("high", 1 + args.pct)):
            new = _price_case(base, key, side) if args.all else None
            tied: tuple[str, ...] = ()
            if new is not None:
                result.setdefault("range", "price case")
            elif key in ranges:
                rng = ranges[key]
                new = scaled_from_decision_years(value, rng.factor(side), last_hist)
                bounds = f"{rng.low:,.12g}-{rng.high:,.12g}{rng.unit_suffix}"
                result["range"] = f"{bounds} (ranges.csv, {rng.status})"
            else:
                new = _scaled(value, factor)
                if key in held and new is not None:
                    new = scaled_from_decision_years(value, factor, last_hist)
                    held_range = f"-/+{args.pct:.0%} of the value held after {last_hist}"
                    result.setdefault("range", held_range)
                tied = () if args.untie else TIED.get(key, ())
            if new is None or args.sides not in ("both", side):
                result[side] = None
                continue
            over = {**base_over, key: new}
            over.update({t: _scaled(_value_at(base, t), factor) for t in tied})
            if tied:
                result["range"] = f"-/+{args.pct:.0%} with " + ", ".join(f"`{t}`" for t in tied)
            try:
                s = load_scenario(args.scenario, over)
                result[side] = _outcome(run(s), args.year)
            except (LowCarbonSimError, ValueError) as err:  # refused by the schema or infeasible
                result[side] = None
                result.setdefault("error", str(err).splitlines()[0])
        if result["low"] is None and result["high"] is None:
            continue
        result["swing"] = max(
            abs(r["co2"] - ref["co2"]) for r in (result["low"], result["high"]) if r
        )
        result["mix_swing"] = max(
            (_mix_change(r, ref) or 0.0) for r in (result["low"], result["high"]) if r
        )
        rows.append(result)
        print(f"{key}: swing {result['swing']:.2f} Mt, mix {result['mix_swing']:.2f} TWh "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)
        if args.json:  # written as it goes, so an interrupted screen keeps its rows
            with open(args.json, "w", encoding="utf-8") as fh:
                json.dump({"ref": ref, "rows": rows}, fh, indent=1)
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
            row = by_key.setdefault(r["key"], {"key": r["key"], "low": None, "high": None,
                                               "status": r.get("status", "")})
            if r.get("range"):
                row["range"] = r["range"]
            for side in ("low", "high"):
                row[side] = row[side] or r.get(side)
    assert ref is not None
    rows = list(by_key.values())
    for r in rows:
        r["swing"] = max(abs(s["co2"] - ref["co2"]) for s in (r["low"], r["high"]) if s)
        r["mix_swing"] = max((_mix_change(s, ref) or 0.0) for s in (r["low"], r["high"]) if s)
    rows.sort(key=lambda r: -r["swing"])
    return ref, rows


def _table(args: Any, ref: dict[str, float], rows: list[dict]) -> int:
    def cell(r, field):
        return "-" if r is None else f"{r[field] - ref[field]:+.2f}"

    def mix(r):
        m = _mix_change(r, ref)
        return "-" if m is None else f"{m:.2f}"

    lines = [
        f"Baseline {args.year}: province CO2 {ref['co2']:.1f} Mt, power CO2 "
        f"{ref['power_co2']:.1f} Mt, coal generation {ref['coal_twh']:.1f} TWh "
        + ("(each key over its range in the data set's ranges.csv where it has one, else "
           if args.ranges else "(each key ")
        + f"scaled by -{args.pct:.0%} / +{args.pct:.0%}"
        + (f", time.days {args.days}" if args.days else "")
        + "".join(f", {pair}" for pair in args.set) + ").",
        "",
        "| rank | key | status | range | province CO2 change, Mt (-/+) | power CO2 change, Mt "
        "(-/+) | coal generation change, TWh (-/+) | power mix moved, TWh (-/+) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for i, r in enumerate(rows[: args.top], start=1):
        lines.append(
            f"| {i} | `{r['key']}` | {r.get('status', '')} | "
            f"{r.get('range', f'-/+{args.pct:.0%}')} | "
            f"{cell(r['low'], 'co2')} / {cell(r['high'], 'co2')} | "
            f"{cell(r['low'], 'power_co2')} / {cell(r['high'], 'power_co2')} | "
            f"{cell(r['low'], 'coal_twh')} / {cell(r['high'], 'coal_twh')} | "
            f"{mix(r['low'])} / {mix(r['high'])} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if getattr(args, "rank_out", None):
        with open(args.rank_out, "w", encoding="utf-8") as fh:
            fh.write("".join(f"{r['key']}\n" for r in rows))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

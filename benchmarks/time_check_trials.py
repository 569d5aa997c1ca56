"""Representative-day settings tried against one saved 8760-hour reference.

Each trial solves the scenario with one ``time:`` setting (seconds each) and compares it with
the full-year solution saved by ``benchmarks/time_check_table.py`` (no 8760-hour solve here),
printing one line per trial: 2030 power CO2 error, new-build mismatch, solar and battery
build. The table of docs/time_aggregation.md ("Settings tried") came from::

    python benchmarks/time_check_table.py hunan_baseline --one-year 2030   # saves the reference
    python benchmarks/time_check_trials.py --days 12,14,16,18,20,24 \\
        --net-load solar=0.29,wind=0.22                                    # the trials

``--net-load`` adds, for each number of days, the trial with ``time.net_load`` at those
shares next to the default features. ``--grid 48x6,36x8`` tries days x segments a day
(``time.segments``) instead of ``--days``; the segmented table of docs/time_aggregation.md
came from::

    python benchmarks/time_check_trials.py --grid 12x24,24x12,36x8,48x6,72x4,96x3
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from time_check_table import ROOT, _reference_ok, one_year


def main(argv: list[str] | None = None) -> int:
    from lowcarbon_sim.ensemble.time_check import check_time_aggregation
    from lowcarbon_sim.scenario.load import load_scenario, parse_set_option

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("scenario", nargs="?", default="hunan_baseline")
    p.add_argument("--days", default="12,24", help="comma-separated numbers of days")
    p.add_argument("--grid", metavar="DxK,...", help="days x segments a day, e.g. 48x6,36x8")
    p.add_argument("--net-load", metavar="NAME=SHARE,...", help="also try time.net_load")
    p.add_argument("--one-year", type=int, default=2030, help="as time_check_table.py")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--out", default=str(ROOT / "out" / "time_check"))
    args = p.parse_args(argv)
    path = ROOT / "scenarios" / f"{args.scenario}.yaml"
    base = {**one_year(path, args.one_year), **dict(map(parse_set_option, args.set))}
    ref = Path(args.out) / f"{args.scenario}.full.nc"
    if not _reference_ok(ref, load_scenario(path, base)):
        raise SystemExit(f"{ref}: no saved reference of this scenario; run time_check_table.py")
    variants: list[tuple[str, dict]] = [("default features", {})]
    if args.net_load:
        shares = {k: float(v) for k, v in (kv.split("=") for kv in args.net_load.split(","))}
        variants.append((f"net_load {args.net_load}", {"time.net_load": shares}))
    if args.grid:
        settings = [tuple(int(x) for x in dk.split("x")) for dk in args.grid.split(",")]
    else:
        settings = [(int(d), 24) for d in args.days.split(",")]
    print(
        "| days | segments | features | steps | power CO2 | new build mismatch | solar GW "
        "| battery GW | seconds |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for days, segments in settings:
        for label, extra in variants:
            setting = {"time.days": days, "time.segments": segments, **extra}
            scenario = load_scenario(path, {**base, **setting})
            c = check_time_aggregation(scenario, reference=ref)
            t = c.table.set_index("quantity")["aggregated"]
            print(
                f"| {days} | {segments} | {label} | {c.steps['aggregated']} | "
                f"{100 * c.co2_error:+.1f} % | {100 * c.build_error:.1f} % | "
                f"{t.get('  new solar', float('nan')):.1f} | "
                f"{t.get('  new battery', float('nan')):.1f} | "
                f"{c.seconds.get('aggregated', float('nan')):.0f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

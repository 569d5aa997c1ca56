"""``lowcarbon-sim check-time``: a scenario's time aggregation against the full year
(:func:`lowcarbon_sim.ensemble.time_check.check_time_aggregation`)."""

from __future__ import annotations

import argparse
import sys
import time

#: Exit code of `check-time` when an error exceeds its tolerance.
CHECK_FAILED = 5


def cmd_check_time(args: argparse.Namespace) -> int:
    """Solve SCENARIO with its time setting and with 8760 hours; print the table; exit 0 on
    pass, 5 on fail (so scripts and CI can ask for the check)."""
    from lowcarbon_sim.ensemble.time_check import check_time_aggregation
    from lowcarbon_sim.scenario.load import load_scenario, parse_set_option

    start = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - start:6.1f} s] {message}", file=sys.stderr, flush=True)

    scenario = load_scenario(args.scenario, dict(parse_set_option(p) for p in args.set or []))
    check = check_time_aggregation(
        scenario,
        year=args.year,
        reference=args.reference,
        co2_tolerance=args.co2_tolerance / 100.0,
        build_tolerance=args.build_tolerance / 100.0,
        co2_floor=args.co2_floor * 1e6,
        progress=say,
        save_reference=args.save_reference,
    )
    if args.csv:
        print(check.table.to_csv(index=False), end="")
        print(check.verdict(), file=sys.stderr)
    else:
        print(check)
    return 0 if check.passed else CHECK_FAILED


def add_check_time_command(sub, common: argparse.ArgumentParser) -> None:
    """Register ``check-time`` on the sub-command parser ``sub``."""
    p = sub.add_parser(
        "check-time",
        parents=[common],
        help="compare a scenario's representative days with the 8760-hour solve",
        description="Solve SCENARIO with its time setting and with all 8760 hours, and print "
        "power CO2, new build by technology and cost with their errors; exit 5 when the CO2 "
        "or new-build error exceeds its tolerance. The 8760-hour solve of a multi-year "
        "scenario takes long (docs/time_aggregation.md): save it with --save-reference and "
        "reuse it with --reference.",
    )
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a key")
    p.add_argument("--year", type=int, default=2030, help="check year (default 2030)")
    p.add_argument(
        "--reference", metavar="RESULTS_NC", help="a saved 8760-hour results file of SCENARIO"
    )
    p.add_argument(
        "--save-reference", metavar="RESULTS_NC", help="write the 8760-hour results here"
    )
    p.add_argument("--co2-tolerance", type=float, default=10.0, help="percent (default 10)")
    p.add_argument(
        "--co2-floor",
        type=float,
        default=1.0,
        help="Mt CO2: a power-CO2 difference this small passes whatever its percentage "
        "(net CO2 near zero, BECCS; default 1)",
    )
    p.add_argument(
        "--build-tolerance",
        type=float,
        default=5.0,
        help="percent of the 8760-hour total new build (default 5)",
    )
    p.add_argument("--csv", action="store_true", help="print the table as CSV")
    p.set_defaults(func=cmd_check_time)

"""The ``lowcarbon-sim`` command: a thin layer over the public functions.

Exit codes: 0 success, 2 invalid input, 3 infeasible/unbounded model or solver failure,
4 the machine refused a write (disk full, permissions), 5 `check-time` found an error
above its tolerance.
Errors print one message on stderr; ``--debug`` shows the traceback.

The stages (scenario loading with pydantic, the pipeline with Pyomo and xarray, plots with
matplotlib) are imported inside the commands that use them, on purpose: ``lowcarbon-sim
--help`` and a mistyped command answer in a fraction of a second.
"""

from __future__ import annotations

import argparse
import gc
import signal
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from lowcarbon_sim import __version__
from lowcarbon_sim.cli.explain import add_explain_command
from lowcarbon_sim.cli.outputs import (
    add_output_commands,
    add_plot_options,
    add_xlsx_option,
    parse_formats,
    save_run_figures,
    write_xlsx,
)
from lowcarbon_sim.cli.time_check import add_check_time_command
from lowcarbon_sim.ensemble.cli import add_commands as add_ensemble_commands
from lowcarbon_sim.errors import InputError, LowCarbonSimError, ScenarioWarning

#: Room the figures of ``run --plots`` may take (bytes), for the free-space check.
FIGURES_BYTES = 64 * 2**20


def _progress(start: float):
    def say(message: str) -> None:
        print(f"[{time.perf_counter() - start:6.1f} s] {message}", file=sys.stderr, flush=True)

    return say


def _overrides(pairs: list[str] | None) -> dict:
    from lowcarbon_sim.scenario.load import parse_set_option

    return dict(parse_set_option(p) for p in pairs or [])


def cmd_run(args: argparse.Namespace) -> int:
    from lowcarbon_sim.model.gc_pause import gc_paused
    from lowcarbon_sim.pipeline import run
    from lowcarbon_sim.results.folder import prepare_target, run_folder
    from lowcarbon_sim.results.scorecard import write_scorecard_csv
    from lowcarbon_sim.results.summary import summary_csv
    from lowcarbon_sim.scenario.load import load_scenario

    start = time.perf_counter()
    say = _progress(start)
    # every option is checked before the solve: a bad one never costs a run or a folder
    out = prepare_target(args.out)
    if args.plots:
        parse_formats(args.plot_format)
    scenario = load_scenario(args.scenario, _overrides(args.set))
    say(f"scenario '{scenario.name}' loaded from {args.scenario}")
    results = run(scenario, progress=say)
    # results, summary and figures appear together in OUT, or OUT stays as it was
    need = 1.5 * results.dataset.nbytes + (FIGURES_BYTES if args.plots else 0)
    # no collections while writing either: the model is still alive (see pipeline.run)
    with run_folder(out, need) as folder, gc_paused():
        results.to_netcdf(folder / "results.nc")
        (folder / "summary.csv").write_text(summary_csv(results.dataset), encoding="utf-8")
        write_scorecard_csv(results.dataset, folder / "scorecard.csv")
        save_run_figures(results, args, say, folder=folder)
        if args.xlsx:
            write_xlsx(results, folder / "results.xlsx")
    say(f"wrote {out / 'results.nc'} and {out / 'summary.csv'}")
    for line in results.warnings():
        print(f"warning: {line}", file=sys.stderr)
    print(results.summary())
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    import yaml

    from lowcarbon_sim.scenario.load import load_scenario, scenario_to_dict

    scenario = load_scenario(args.scenario, _overrides(args.set))
    from lowcarbon_sim.pipeline import check_scenario

    check_scenario(scenario)  # profiles, sector shares, solver: what loading cannot see
    if args.show:
        print(yaml.safe_dump(scenario_to_dict(scenario), sort_keys=False, allow_unicode=True))
    n = len(scenario.power.techs)
    print(
        f"{args.scenario}: valid scenario '{scenario.name}' ({n} technologies, years "
        f"{scenario.years.first}-{scenario.years.last}, history to "
        f"{scenario.years.last_historical})"
    )
    return 0


def _unknown_dataset(name: str) -> InputError:
    """The error for ``--dataset NAME`` when no packaged data set has that name."""
    from lowcarbon_sim.data import available_datasets

    return InputError(
        f"--dataset: no packaged data set '{name}'; expected one of {available_datasets()}"
    )


def cmd_data(args: argparse.Namespace) -> int:
    from lowcarbon_sim.data.provenance import data_sources, format_sources

    if args.peaks is not None:
        return _print_peaks(args)
    if args.calibration is not None:
        return _print_calibration(args)
    if args.ranges:
        return _print_ranges(args)
    try:
        table = data_sources(args.dataset)
    except KeyError:
        raise _unknown_dataset(args.dataset) from None
    if args.key:
        table = table[table["key"].astype(str).str.contains(args.key, regex=False)]
    if args.assumptions:
        table = table[table["status"] == "assumption"]
    if args.csv:
        print(table.to_csv(index=False), end="")
    else:
        print(format_sources(table))
    return 0


def _print_ranges(args: argparse.Namespace) -> int:
    """`data --ranges`: the plausible ranges of the data set's figures (ranges.csv)."""
    from dataclasses import asdict

    import pandas as pd

    from lowcarbon_sim.data.ranges import format_ranges, plausible_ranges

    try:
        ranges = list(plausible_ranges(args.dataset).values())
    except KeyError:
        raise _unknown_dataset(args.dataset) from None
    if args.key:
        ranges = [r for r in ranges if args.key in r.key]
    if args.csv:
        print(pd.DataFrame([asdict(r) for r in ranges]).to_csv(index=False), end="")
    else:
        print(format_ranges(ranges), end="")
    return 0


def _print_peaks(args: argparse.Namespace) -> int:
    """`data --peaks [SCENARIO]`: scaled demand peaks against the sourced peak loads."""
    from lowcarbon_sim.pipeline import format_peak_report, peak_report
    from lowcarbon_sim.scenario.load import load_scenario

    if args.peaks:
        scenario = load_scenario(args.peaks, _overrides(args.set))
    else:
        scenario = load_scenario(data={"dataset": args.dataset}, overrides=_overrides(args.set))
    table = peak_report(scenario)
    print(table.to_csv(index=False) if args.csv else format_peak_report(table), end="\n")
    return 0


def _print_calibration(args: argparse.Namespace) -> int:
    """`data --calibration [SCENARIO]`: history years against the province statistics."""
    from lowcarbon_sim.pipeline import calibration_report, format_calibration_report
    from lowcarbon_sim.scenario.load import load_scenario

    path = args.calibration or "scenarios/hunan_baseline.yaml"
    scenario = load_scenario(path, _overrides(args.set))
    table = calibration_report(scenario)
    print(table.to_csv(index=False) if args.csv else format_calibration_report(table), end="\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``lowcarbon-sim`` (sub-commands register here)."""
    parser = argparse.ArgumentParser(
        prog="lowcarbon-sim",
        description="Energy-system scenarios for a province's carbon-peak pathway.",
    )
    parser.add_argument("--version", action="version", version=f"lowcarbon-sim {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", parents=[common], help="solve a scenario and write DIR/results.nc")
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument("--out", default="out", help="output folder (default: out)")
    p.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help="override a scenario key, e.g. --set policy.co2_price=100",
    )

    add_plot_options(p)
    add_xlsx_option(p)
    p.set_defaults(func=cmd_run)

    add_explain_command(sub, common)
    add_check_time_command(sub, common)

    p = sub.add_parser("validate", parents=[common], help="check a scenario without solving")
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a key")
    p.add_argument("--show", action="store_true", help="print the fully resolved scenario")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("data", parents=[common], help="list where each packaged default comes from")
    p.add_argument("--dataset", default="hunan", help="packaged data set (default: hunan)")
    p.add_argument("--assumptions", action="store_true", help="only the rows that are assumptions")
    p.add_argument("--key", help="only keys containing this text, e.g. power.techs.wind")
    p.add_argument("--csv", action="store_true", help="print the table as CSV")
    p.add_argument(
        "--peaks",
        nargs="?",
        const="",
        metavar="SCENARIO",
        help="instead: each year's demand peak (load shape scaled to the year's demand, and "
        "after demand.peak calibration) against the sourced peak loads; of SCENARIO, or of "
        "the data set's defaults",
    )
    p.add_argument(
        "--calibration",
        nargs="?",
        const="",
        metavar="SCENARIO",
        help="instead: run SCENARIO (default scenarios/hunan_baseline.yaml) and compare its "
        "history years (province and sector CO2, energy, electricity) with the statistics",
    )
    p.add_argument(
        "--ranges",
        action="store_true",
        help="instead: the plausible ranges of figures (the data set's ranges.csv, as "
        "benchmarks/sensitivity.py --ranges uses them), with --key and --csv",
    )
    p.add_argument(
        "--set", action="append", metavar="KEY=VALUE", help="override a key (--peaks, ...)"
    )
    p.set_defaults(func=cmd_data)

    add_ensemble_commands(sub, common)  # `ensemble` and `sweep`
    add_output_commands(sub, common)  # `plot`, `compare`, `report`, `export`
    return parser


@contextmanager
def _scenario_warnings_as_lines() -> Iterator[None]:
    """Print scenario warnings as one line (``warning: ...``), not with a source line, every
    time and whatever filter the process set (a ``-W error`` or a test runner's would turn
    the advice into an "internal error"); the previous warning display and filters come
    back afterwards (``main`` may run many times in a process)."""
    with warnings.catch_warnings():
        warnings.simplefilter("always", ScenarioWarning)
        shown = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):
            if issubclass(category, ScenarioWarning):
                print(f"warning: {message}", file=sys.stderr)
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        yield


@contextmanager
def _sigint_noted() -> Iterator[list[int]]:
    """Note each SIGINT (Ctrl-C) in the list it yields, then raise KeyboardInterrupt as
    Python's own handler does; the previous handler comes back afterwards. Only in the
    main thread, and only where SIGINT has Python's default handler."""
    noted: list[int] = []
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield noted
        return

    def handler(signum, frame):
        noted.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def main(argv: list[str] | None = None, *, process_ends: bool = False) -> int:
    """Entry point; returns the exit code.

    ``process_ends``: the process exits right after (the console script, :func:`entry`).
    A ``run`` then keeps the garbage collector off: the pipeline pauses it anyway, and the
    one collection after the run would walk the whole model again (0.1 CPU-s of the default
    run) only to free memory that the exit frees.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if process_ends and args.func is cmd_run:
        gc.disable()
    debug = bool(getattr(args, "debug", False))
    interrupted: list[int] = []
    try:
        with _scenario_warnings_as_lines(), _sigint_noted() as interrupted:
            return int(args.func(args) or 0)
    except LowCarbonSimError as exc:
        if debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so plainly, traceback with --debug
        if interrupted:
            # Ctrl-C inside an extension's import or C code can surface as another error
            # (an ImportError from `import highspy`): it is still the user's interrupt
            print("interrupted", file=sys.stderr)
            return 130
        if debug:
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1


def entry() -> None:
    """The console script: :func:`main` (``process_ends``: a ``run`` without collections),
    then exit with its code.

    Before exiting, the objects still alive (mostly imported modules: Pyomo, xarray,
    matplotlib) are frozen out of the garbage collector, so that the interpreter's last
    collection does not walk them all: 0.6 s of a 10 s default run. Exit handlers still
    run and files are still flushed and closed.
    """
    code = main(process_ends=True)
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry()

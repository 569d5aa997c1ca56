"""The ``ensemble`` and ``sweep`` sub-commands (registered by :mod:`lowcarbon_sim.cli`).

A thin layer over :func:`~lowcarbon_sim.ensemble.runner.run_ensemble` and
:func:`~lowcarbon_sim.ensemble.sweep.run_sweep`. Exit codes: 0 when at least one member
finished (a warning lists failed members), 2 invalid input, 3 every member failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lowcarbon_sim.units import to_display


def _overrides(pairs):
    from lowcarbon_sim.scenario.load import parse_set_option

    return dict(parse_set_option(p) for p in pairs or [])


def _report_workers(res) -> None:
    """Say which workers and threads ran, and why (stderr)."""
    plan = getattr(res, "workers", None)
    if plan is not None and res.n_run:
        print(f"workers: {plan.note}", file=sys.stderr)
        if plan.warning:
            print(f"note: {plan.warning}", file=sys.stderr)


def _report_failures(res) -> None:
    if not res.failures:
        return
    print(
        f"warning: {len(res.failures)} of {len(res.members)} members failed (reasons in "
        f"{res.out_dir / 'members'}/*.failed.json; re-run them alone with --rerun-failed):",
        file=sys.stderr,
    )
    for index, rec in sorted(res.failures.items())[:10]:
        first = str(rec.get("message", "")).splitlines()[0] if rec.get("message") else ""
        print(f"  member {index}: {rec.get('error_type', '')}: {first}", file=sys.stderr)
    if len(res.failures) > 10:
        print(f"  ... and {len(res.failures) - 10} more", file=sys.stderr)


def _save_figures(figures: dict, folder: Path) -> None:
    from lowcarbon_sim.results.io import atomic_write

    for name, fig in figures.items():
        atomic_write(folder / f"{name}.png", lambda p, f=fig: f.savefig(p, dpi=120, format="png"))


def cmd_ensemble(args: argparse.Namespace) -> int:
    from lowcarbon_sim.ensemble.runner import run_ensemble
    from lowcarbon_sim.ensemble.summary import sensitivity, write_summary

    res = run_ensemble(
        args.scenario,
        args.samples,
        workers=args.workers,
        scheduler=args.scheduler,
        out_dir=args.out,
        resume=not args.no_resume,
        rerun_failed=args.rerun_failed,
        progress=not args.no_progress,
        seed=args.seed,
        overrides=_overrides(args.set),
        live=not args.fresh,
    )
    write_summary(res.dataset, res.out_dir)
    if args.plots:
        from lowcarbon_sim.ensemble import plots

        figs = {
            "fan_chart": plots.fan_chart(res.dataset),
            "peak_year": plots.peak_year_histogram(res.dataset),
        }
        sens = sensitivity(res.dataset)
        for out in ("peak_year", "peak_emissions", "final_year_emissions"):
            if sens[sens["output"] == out]["spearman"].notna().any():
                figs[f"tornado_{out}"] = plots.tornado(sens, out)
        _save_figures(figs, res.out_dir / "plots")
    print(res.summary_text())
    print(
        f"wrote {res.path} ({res.n_run} members run, {res.n_skipped} reused, {res.seconds:.1f} s)"
    )
    _report_workers(res)
    _report_failures(res)
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from lowcarbon_sim.ensemble.sweep import is_carbon_price_key, price_key_year, run_sweep

    res = run_sweep(
        args.scenario,
        args.key,
        args.values,
        workers=args.workers,
        scheduler=args.scheduler,
        out_dir=args.out,
        resume=not args.no_resume,
        rerun_failed=args.rerun_failed,
        progress=not args.no_progress,
        overrides=_overrides(args.set),
        live=not args.fresh,
    )
    print(f"wrote {res.path} ({res.n_run} members run, {res.n_skipped} reused)")
    figures = {}
    if is_carbon_price_key(res.key) and res.n_ok >= 2:
        from lowcarbon_sim.results.io import atomic_write

        curve, by_year, options = res.mac_curve(), res.abatement_by_year(), res.mac_options()
        for name, table in (
            ("mac_curve", curve),
            ("mac_curve_by_year", by_year),
            ("mac_options", options),
        ):
            text = table.to_csv(index=False)
            atomic_write(res.out_dir / f"{name}.csv", lambda p, t=text: p.write_text(t))
        year = price_key_year(res.key) or int(by_year["year"].max())
        one = by_year[by_year["year"] == year]
        shown = curve.assign(
            **{
                f"abatement_{year}_Mt": to_display(one["abatement"].values, "t CO2")[0],
                "emissions_Mt": to_display(curve["emissions"], "t CO2")[0],
                "abatement_Mt": to_display(curve["abatement"], "t CO2")[0],
            }
        )[["price", f"abatement_{year}_Mt", "emissions_Mt", "abatement_Mt"]]
        print(
            f"Abatement against {curve.attrs['reference_price']:g} yuan/t CO2: in {year} "
            f"(Mt CO2/yr), and emissions and abatement {curve.attrs['sums']} (Mt CO2):"
        )
        print(shown.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        print(
            f"wrote {res.out_dir / 'mac_curve.csv'} (summed over the years), "
            f"{res.out_dir / 'mac_curve_by_year.csv'} (per year) and "
            f"{res.out_dir / 'mac_options.csv'}"
        )
        if args.plots:
            from lowcarbon_sim.ensemble import plots

            figures["mac_curve"] = plots.abatement_curves(by_year, curve, year=year)
    if args.plots and res.n_ok >= 1:
        from lowcarbon_sim.ensemble import plots

        figures["sweep_emissions"] = plots.sweep_emissions(res.dataset, res.key)
    if figures:
        _save_figures(figures, res.out_dir / "plots")
        print(f"wrote {len(figures)} figures to {res.out_dir / 'plots'}")
    _report_workers(res)
    _report_failures(res)
    return 0


def cmd_alternatives(args: argparse.Namespace) -> int:
    from lowcarbon_sim.ensemble.alternatives import alternatives_table, run_alternatives

    out = Path(args.out)
    ds = run_alternatives(
        args.scenario,
        args.objective,
        slack=args.slack,
        overrides=_overrides(args.set),
        out=out / "alternatives.nc",
    )
    table = alternatives_table(ds)
    print(f"Near-optimal alternatives within {100 * args.slack:g} % of the least cost:")
    print(table.to_string())
    text = table.to_csv()
    from lowcarbon_sim.results.io import atomic_write

    atomic_write(out / "alternatives.csv", lambda p: p.write_text(text))
    print(f"wrote {out / 'alternatives.nc'} and {out / 'alternatives.csv'}")
    return 0


def add_commands(sub, common: argparse.ArgumentParser) -> None:
    """Register ``ensemble`` and ``sweep`` on the sub-parsers of ``lowcarbon-sim``."""

    def shared(p: argparse.ArgumentParser, out: str) -> None:
        p.add_argument("scenario", help="scenario YAML file")
        p.add_argument(
            "--workers",
            type=int,
            default=None,
            help="local Dask worker processes (default: chosen from the machine's cores, "
            "which it prints)",
        )
        p.add_argument(
            "--fresh",
            action="store_true",
            help="solve every member from scratch (default: one live HiGHS model per "
            "worker, warm-started from the nearest member solved)",
        )
        p.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            default=None,
            help="address of a running Dask scheduler (e.g. tcp://host:8786) instead of a "
            "local cluster; 'synchronous' runs in this process without Dask",
        )
        p.add_argument("--out", default=out, help=f"output folder (default: {out})")
        p.add_argument(
            "--rerun-failed", action="store_true", help="run only the members that failed"
        )
        p.add_argument(
            "--no-resume", action="store_true", help="run every member again (no resume)"
        )
        p.add_argument("--no-progress", action="store_true", help="no progress bar")
        p.add_argument("--plots", action="store_true", help="write PNG figures to OUT/plots")
        p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a key")

    p = sub.add_parser(
        "ensemble",
        parents=[common],
        help="run Latin hypercube samples of the scenario's uncertain parameters",
    )
    shared(p, "out/ensemble")
    p.add_argument("--samples", type=int, default=None, help="number of members")
    p.add_argument("--seed", type=int, default=None, help="sampling seed (default: scenario's)")
    p.set_defaults(func=cmd_ensemble)

    p = sub.add_parser(
        "sweep",
        parents=[common],
        help="run the scenario over values of one key (a CO2-price sweep gives the MAC curve)",
    )
    shared(p, "out/sweep")
    p.add_argument(
        "--key",
        default=None,
        help="dotted key to sweep, e.g. policy.co2_price or policy.co2_price.2030 (a carbon "
        "price gives the MAC curve, per year and summed over the years)",
    )
    p.add_argument("--values", nargs="+", default=None, help="values of --key (YAML scalars)")
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser(
        "alternatives",
        parents=[common],
        help="near-optimal alternatives (MGA): designs within a cost slack that minimise or "
        "maximise chosen capacities or emissions",
    )
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument(
        "--slack", type=float, default=0.05, help="cost slack, fraction (default 0.05: 5 %%)"
    )
    p.add_argument(
        "--objective",
        action="append",
        required=True,
        metavar="SENSE:WHAT",
        help="min:capacity:coal, max:capacity:wind+solar, min:emissions ... (repeatable)",
    )
    p.add_argument("--out", default="out/alternatives", help="output folder")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a key")
    p.set_defaults(func=cmd_alternatives)

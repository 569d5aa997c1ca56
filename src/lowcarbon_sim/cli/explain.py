"""``lowcarbon-sim explain``: what would it take (infeasible scenario) or what binds
(a results file or a feasible scenario), in scenario keys and numbers."""

from __future__ import annotations

import argparse
from pathlib import Path


def _results_lines(ds) -> list[str]:
    from lowcarbon_sim.model.diagnose import _amount

    lines = []
    if "policy_target" in ds.coords:
        lines.append("Targets enforced in the LP (price: annual cost in the target's year):")
        for t in ds["policy_target"].values:
            r = ds.sel(policy_target=t)
            price = float(r["policy_target_price"])
            state = "binding" if price > 0 else "slack"
            lines.append(
                f"  {t}: value {float(r['policy_target_value']):.4g}, threshold "
                f"{float(r['policy_target_threshold']):.4g}, margin "
                f"{float(r['policy_target_margin']):.4g} ({state}); price {price:,.4g} "
                f"{r['policy_target_price_unit'].values} — set by `{r['policy_target_key'].values}`"
            )
    if "binding_limit" in ds.coords and ds.sizes["binding_limit"]:
        lines.append("Binding user limits, by the yearly saving from relaxing each by 1 %:")
        for b in ds["binding_limit"].values:
            r = ds.sel(binding_limit=b)
            unit = str(r["binding_limit_unit"].values)
            note = str(r["binding_limit_note"].values)
            lines.append(
                f"  `{r['binding_limit_key'].values}`: {r['binding_limit_family'].values}; "
                f"shadow price {float(r['binding_limit_dual']):,.4g} yuan/{unit}, 1 % relaxation "
                f"saves {float(r['binding_limit_value_1pct']):,.4g} yuan/yr (limit "
                f"{_amount(float(r['binding_limit_rhs']), unit)}) [{b}]"
                + (f"; the limit is {note}" if note else "")
            )
    elif "binding_limit" in ds.coords:
        lines.append("No user limit binds: the costs alone decide.")
    from lowcarbon_sim.results.scorecard import scorecard_lines

    lines += scorecard_lines(ds)  # each target with its source, in its own unit
    return lines or ["The results file carries no targets or binding limits (older file?)."]


def _data_source(key: str) -> str:
    """The source of the packaged figure behind ``key`` (first match), or ''."""
    try:
        from lowcarbon_sim.data import figures

        for row in figures("hunan"):
            if row.get("key") and key.startswith(row["key"]):
                return f"{row.get('status', '')}: {row.get('source', '')}"
    except Exception:  # provenance is an extra
        return ""
    return ""


def cmd_explain(args: argparse.Namespace) -> int:
    path = Path(args.target)
    if path.suffix == ".nc":
        from lowcarbon_sim.results.core import open_results

        print("\n".join(_results_lines(open_results(path).dataset)))
        return 0
    from lowcarbon_sim.errors import InfeasibleError
    from lowcarbon_sim.model.elastic import what_would_it_take
    from lowcarbon_sim.pipeline import run
    from lowcarbon_sim.scenario.load import load_scenario

    scenario = load_scenario(path, dict(_pairs(args.set)))
    built = []
    try:
        # no whole-model diagnosis: the elastic question below is the one asked
        results = run(scenario, customize=lambda m, _i: built.append(m), diagnose=False)
    except InfeasibleError:
        relax = what_would_it_take(built[0])
        print(f"'{scenario.name}' is infeasible.")
        if not relax:
            print(
                "Relaxing the scenario's limits alone does not make it feasible; see the "
                "diagnosis of `lowcarbon-sim run`."
            )
            return 3
        print(
            "What would it take (smallest relative relaxations that make it feasible; each "
            "value is rounded towards the safe side):"
        )
        for r in relax:
            print(f"  {r}")
            for k in r.keys:
                src = _data_source(k)
                if src:
                    print(f"    data: {src}")
        return 3
    print("\n".join(_results_lines(results.dataset)))
    return 0


def _pairs(pairs):
    from lowcarbon_sim.scenario.load import parse_set_option

    return [parse_set_option(p) for p in pairs or []]


def add_explain_command(sub, common) -> None:
    """Register ``explain``."""
    p = sub.add_parser(
        "explain",
        parents=[common],
        help="what binds (results.nc or scenario), or what would make a scenario feasible",
    )
    p.add_argument("target", help="results.nc of a run, or a scenario YAML file")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a key")
    p.set_defaults(func=cmd_explain)

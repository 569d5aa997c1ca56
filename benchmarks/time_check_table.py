"""The representative-day accuracy table of docs/time_aggregation.md, for every shipped scenario.

For each scenario (``scenarios/*.yaml``; ``hunan_uncertainty`` as its base member, the file
without sampling) this runs :func:`lowcarbon_sim.ensemble.time_check.check_time_aggregation`:
the scenario with its own ``time:`` setting against the same scenario with 8760 hours, and
writes the tables between the markers ``<!-- time-check:start -->`` and
``<!-- time-check:end -->`` of docs/time_aggregation.md. Regenerate after any change of data
or defaults::

    python benchmarks/time_check_table.py                      # every scenario, writes the doc
    python benchmarks/time_check_table.py hunan_baseline       # one scenario
    python benchmarks/time_check_table.py --no-solve-reference # only scenarios with a saved one

The reference (8760-hour) solutions are saved in ``OUT/<scenario>.full.nc`` and reused on
the next run when their scenario (with the 8760-hour setting) is unchanged; delete them to
force a new solve. ``--set KEY=VALUE`` applies to both sides: the default drops the history
years (``years.first=2025``), which leaves every decision year and every 2030 figure as it is
(history years carry no decision; docs/time_aggregation.md shows the check) and cuts the
8760-hour LP by five elevenths.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "time_aggregation.md"
START, END = "<!-- time-check:start -->", "<!-- time-check:end -->"
#: Overrides applied to both sides by default (see the module docstring).
DEFAULT_SET = ["years.first=2025"]


def reference_key(scenario) -> str:
    """What the 8760-hour solution depends on: the scenario without its time setting (the
    number of days, the method ... do not change a full-year solve)."""
    import hashlib

    full = scenario.model_dump(mode="json", exclude_none=True, exclude={"time", "dataset"})
    text = json.dumps(full, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _reference_ok(path: Path, scenario) -> bool:
    """Whether the saved 8760-hour results at ``path`` are of ``scenario`` (by
    :func:`reference_key`, kept beside it in ``<path>.key``)."""
    key = path.with_suffix(".key")
    return path.is_file() and key.is_file() and key.read_text() == reference_key(scenario)


def one_year(path: Path, year: int) -> dict:
    """Overrides reducing a scenario to the one decision year ``year``: it builds in that year
    all it needs, so the per-year build limits (``build_max``, MW/yr) are lifted (as in
    benchmarks/time_aggregation.py); a CO2 cap path (t CO2) becomes its value in ``year``.
    New build runs the whole year (``first_year_availability`` 1): the proxy's build stands
    for a fleet built up over the years before, not for one year's additions, which would
    run only part of it (decision 15) and so be built 1/share times over."""
    from lowcarbon_sim.scenario.load import load_scenario
    from lowcarbon_sim.scenario.types import series_values

    base = load_scenario(path)
    lifted = {
        f"power.techs.{n}.build_max": None
        for n, t in base.power.techs.items()
        if t.build_max is not None
    }
    whole_year = {
        f"power.techs.{n}.first_year_availability": 1.0
        for n, t in base.power.techs.items()
        if t.first_year_availability != 1.0
    }
    cap = {}
    if base.policy.co2_cap:
        # a cap path keyed to other years would fall outside the one-year horizon: the proxy
        # keeps the cap the full scenario puts on ``year`` (interpolated, held after its end)
        value = float(series_values(base.policy.co2_cap, [year])[0])
        cap = {"policy.co2_cap": None, f"policy.co2_cap.{year}": value}
    return {**lifted, **whole_year, **cap, "years.first": year, "years.last": year}


def _scenario(name: str, sets: list[str], year: int | None):
    """The scenario ``name`` with the overrides of a check (``sets``, and the one-year proxy)."""
    from lowcarbon_sim.scenario.load import load_scenario, parse_set_option

    path = ROOT / "scenarios" / f"{name}.yaml"
    overrides = dict(map(parse_set_option, sets))
    if year is not None:
        overrides = {**one_year(path, year), **overrides}
    return load_scenario(path, overrides)


def lp_fingerprint(name: str, sets: list[str], year: int | None = None) -> str:
    """SHA-256 of the compiled LP of the scenario at its own time setting: costs, offset,
    matrix, row and column bounds. Two scenarios with the same fingerprint solve the same LP
    (the 8760-hour LP too, as it is built from the same data), so one check stands for both."""
    import hashlib

    import numpy as np
    import scipy.sparse as sp

    from lowcarbon_sim.inputs import build_inputs
    from lowcarbon_sim.model.build import build_model
    from lowcarbon_sim.model.highs import compile_model
    from lowcarbon_sim.pipeline import sector_outputs

    scenario = _scenario(name, sets, year)
    sf = compile_model(build_model(build_inputs(scenario, sector_outputs(scenario))))
    a = sp.csr_matrix(sf.A)
    digest = hashlib.sha256()
    for part in (
        sf.c,
        [sf.offset],
        a.indptr,
        a.indices,
        a.data,
        sf.row_lower,
        sf.row_upper,
        sf.col_lower,
        sf.col_upper,
    ):
        digest.update(np.ascontiguousarray(part, dtype=float).tobytes())
    return digest.hexdigest()


def check_one(
    name: str, sets: list[str], out: Path, solve_reference: bool, year: int | None = None
) -> dict | None:
    """Check one scenario; its record (table as Markdown, verdict, seconds) or None. With
    ``year``, both sides are reduced to that one decision year (:func:`one_year`)."""
    from lowcarbon_sim.ensemble.time_check import check_time_aggregation

    scenario = _scenario(name, sets, year)
    if year is not None:
        sets = [*sets, f"one decision year {year} (build_max lifted)"]
    ref = out / f"{name}.full.nc"
    have = _reference_ok(ref, scenario)
    if not have and not solve_reference:
        print(f"{name}: no saved 8760-hour reference, skipped", file=sys.stderr)
        return None
    t0 = time.perf_counter()
    check = check_time_aggregation(
        scenario,
        reference=ref if have else None,
        save_reference=None if have else ref,
        progress=lambda m: print(f"  {name}: {m}", file=sys.stderr, flush=True),
    )
    if not have:
        ref.with_suffix(".key").write_text(reference_key(scenario))
    record = {
        "scenario": name,
        "setting": check.setting,
        "set": sets,
        "passed": check.passed,
        "co2_error": check.co2_error,
        "build_error": check.build_error,
        "steps": check.steps,
        "seconds": {**check.seconds, "wall": time.perf_counter() - t0},
        "markdown": check.markdown(),
        "verdict": check.verdict(),
    }
    (out / f"{name}.check.json").write_text(json.dumps(record, indent=1))
    print(str(check), flush=True)
    return record


def section(records: list[dict], missing: list[str]) -> str:
    """The Markdown between the markers: one table per scenario checked."""
    parts = []
    for r in records:
        if r.get("same_as"):
            parts.append(
                f"### {r['scenario']}\n\nThe same LP as {r['same_as']} with the same overrides: "
                "their compiled LPs at the representative days are identical (costs, matrix, "
                "row and column bounds; `lp_fingerprint` in the script), so the check of "
                f"{r['same_as']} is this scenario's too.\n\n**{r['verdict']}**\n"
            )
            continue
        secs = r["seconds"]
        timing = ", ".join(f"{k} {v:.0f} s" for k, v in secs.items() if k != "wall")
        ref_note = "8760-hour solution reused" if "full year" not in secs else ""
        sets = ", ".join(f"`{s}`" for s in r["set"])
        parts.append(
            f"### {r['scenario']}\n\n"
            f"{r['setting']} ({r['steps']['aggregated']} time steps a year) against 8760 h; "
            f"both with {sets or 'no override'}. Time: {timing or ref_note}"
            f"{'; ' + ref_note if timing and ref_note else ''}.\n\n"
            f"{r['markdown']}\n\n**{r['verdict']}**\n"
        )
    for name in missing:
        parts.append(
            f"### {name}\n\nNot checked: no 8760-hour solution of it was saved in "
            "`out/time_check/` when this section was written (see above).\n"
        )
    return "\n".join(parts)


def write_doc(text: str, doc: Path = DOC) -> None:
    """Replace the block between the markers of ``doc`` with ``text``."""
    old = doc.read_text(encoding="utf-8")
    if START not in old or END not in old:
        raise SystemExit(f"{doc}: markers {START} / {END} not found")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    doc.write_text(pattern.sub(lambda _m: f"{START}\n{text}\n{END}", old), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    from lowcarbon_sim.errors import LowCarbonSimError

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("scenarios", nargs="*", help="names in scenarios/ (default: all)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override, both sides")
    p.add_argument("--out", default=str(ROOT / "out" / "time_check"))
    p.add_argument("--no-solve-reference", action="store_true", help="only saved references")
    p.add_argument(
        "--one-year",
        type=int,
        metavar="YEAR",
        help="reduce both sides to this one decision year, build_max lifted (a cheaper proxy)",
    )
    p.add_argument("--no-doc", action="store_true", help="do not write docs/time_aggregation.md")
    args = p.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    names = args.scenarios or sorted(f.stem for f in (ROOT / "scenarios").glob("*.yaml"))
    sets = args.set if args.set is not None else ([] if args.one_year else DEFAULT_SET)
    for name in names:
        try:
            check_one(name, sets, out, not args.no_solve_reference, args.one_year)
        except LowCarbonSimError as exc:  # e.g. a cap path that --one-year cuts off
            print(f"{name}: not checked: {exc}", file=sys.stderr)
    # the doc shows every scenario's latest record, also those checked in earlier runs
    everything = sorted(f.stem for f in (ROOT / "scenarios").glob("*.yaml"))
    records, missing = [], []
    for name in everything:
        path = out / f"{name}.check.json"
        (records.append(json.loads(path.read_text())) if path.is_file() else missing.append(name))
    # a scenario left unchecked whose LP is that of a checked one shares its check
    same_sets = (
        [*sets, f"one decision year {args.one_year} (build_max lifted)"]
        if (args.one_year)
        else sets
    )
    comparable = [r for r in records if r["set"] == same_sets and not r.get("same_as")]
    prints = {r["scenario"]: lp_fingerprint(r["scenario"], sets, args.one_year) for r in comparable}
    for name in list(missing):
        mine = lp_fingerprint(name, sets, args.one_year)
        twin = next((r for r in comparable if prints[r["scenario"]] == mine), None)
        if twin is not None:
            verdict = twin["verdict"].replace(twin["scenario"], name, 1)
            records.append(
                {**twin, "scenario": name, "same_as": twin["scenario"], "verdict": verdict}
            )
            missing.remove(name)
    records.sort(key=lambda r: r["scenario"])
    if not args.no_doc:
        write_doc(section(records, missing))
        print(f"wrote {DOC}", file=sys.stderr)
    return 0 if all(r["passed"] for r in records) and not missing else 1


if __name__ == "__main__":
    sys.exit(main())

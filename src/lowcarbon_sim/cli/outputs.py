"""Sub-commands of ``lowcarbon-sim`` that turn saved results into figures, reports, tables.

``plot``, ``compare``, ``report`` and ``export`` are registered on the parser by
:func:`add_output_commands`; ``run --plots`` calls :func:`save_run_figures`. Each command
only calls public functions of :mod:`lowcarbon_sim.plots`, :mod:`lowcarbon_sim.report`
and :mod:`lowcarbon_sim.export`. Every file is written atomically. Those modules (matplotlib,
xarray, pandas) are imported inside the commands, so that the CLI starts fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from lowcarbon_sim.errors import InputError

FORMATS = ("png", "svg", "pdf")


def _agg() -> None:
    """Draw without a display (the CLI never opens windows)."""
    import matplotlib

    matplotlib.use("Agg")


def parse_formats(text: str | None) -> tuple[str, ...]:
    """``"png,svg"`` -> ``("png", "svg")``; InputError naming the option if one is unknown."""
    items = tuple(f.strip().lower() for f in (text or "png").split(",") if f.strip())
    bad = [f for f in items if f not in FORMATS]
    if bad or not items:
        raise InputError(
            f"--plot-format: expected a comma-separated list of {', '.join(FORMATS)}, got {text!r}"
        )
    return items


def add_plot_options(p: argparse.ArgumentParser) -> None:
    """``--plots`` and ``--plot-format`` for ``run``."""
    p.add_argument("--plots", action="store_true", help="also write figures to OUT/figures")
    p.add_argument(
        "--plot-format",
        default="png",
        metavar="FMT[,FMT]",
        help="figure formats: png, svg, pdf (default: png)",
    )


def lmdi_figures(results: Any, years: str | None = None) -> dict[str, Any]:
    """``{"lmdi": waterfall}`` of the LMDI decomposition of the change in CO2 from the first
    to the last modelled year (or ``"START,END"``), ``{}`` when the results lack the sector
    variables it needs. Computed here because figures never import the sector modules."""
    from lowcarbon_sim.errors import DataError
    from lowcarbon_sim.plots import plot_lmdi
    from lowcarbon_sim.results.core import as_dataset
    from lowcarbon_sim.sectors.lmdi import lmdi

    ds = as_dataset(results)
    all_years = [int(y) for y in ds["year"].values]
    if years:
        try:
            start, end = (int(y) for y in years.split(","))
        except ValueError:
            raise InputError(
                f"--lmdi-years: expected START,END, e.g. 2020,2030; got {years!r}"
            ) from None
        if start not in all_years or end not in all_years:
            raise InputError(f"--lmdi-years {years}: both years must be modelled ({all_years})")
    else:
        start, end = all_years[0], all_years[-1]
    if start == end:
        return {}
    try:
        decomposition = lmdi(ds, start, end)
    except DataError:
        if years:
            raise
        return {}  # results without sectors: no waterfall
    total = ds["total_emissions"] if "total_emissions" in ds else ds["emissions"].sum("sector")
    decomposition.attrs["start_total"] = float(total.sel(year=start))
    return {"lmdi": plot_lmdi(decomposition)}


def save_run_figures(
    results: Any, args: argparse.Namespace, say=None, folder: Path | None = None
) -> list[Path]:
    """Figures of a finished ``run`` into ``FOLDER/figures`` (``OUT/figures`` by default)
    when ``--plots`` was given."""
    if not getattr(args, "plots", False):
        return []
    from lowcarbon_sim.plots import save_all

    formats = parse_formats(args.plot_format)
    _agg()
    written = save_all(
        results, Path(folder or args.out) / "figures", formats=formats, extra=lmdi_figures(results)
    )
    if say is not None:
        say(f"wrote {len(written)} figures")
    return written


def add_xlsx_option(p: argparse.ArgumentParser) -> None:
    """``--xlsx`` for ``run``: the Excel workbook OUT/results.xlsx."""
    p.add_argument(
        "--xlsx",
        action="store_true",
        help="also write the Excel workbook OUT/results.xlsx (one sheet per table)",
    )


def write_xlsx(results: Any, path: str | Path, lang: str = "en") -> Path:
    """The Excel workbook of :mod:`lowcarbon_sim.report.workbook` at ``path``."""
    from lowcarbon_sim.report.workbook import write_workbook

    return write_workbook(results, path, lang=lang)


def _open(path: str, reader: str):
    """The results file ``path``, refused with a DataError naming what is missing when its
    layout lacks what ``reader`` (plot, compare, report, export) needs."""
    from lowcarbon_sim.results.core import open_results
    from lowcarbon_sim.results.layout import check_layout

    results = open_results(path)
    check_layout(results.dataset, reader, path)
    return results


def cmd_plot(args: argparse.Namespace) -> int:
    from lowcarbon_sim.plots import save_all
    from lowcarbon_sim.results.folder import prepare_folder

    formats = parse_formats(args.format)
    results = _open(args.results, "plot")
    prepare_folder(args.out)
    _agg()
    extra = lmdi_figures(results, args.lmdi_years)
    written = save_all(results, args.out, formats=formats, extra=extra)
    for path in written:
        print(path)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from lowcarbon_sim.report import write_comparison
    from lowcarbon_sim.results.folder import prepare_folder

    if len(args.results) < 2:
        raise InputError("compare: give at least two results files")
    names = args.names.split(",") if args.names else None
    formats = parse_formats(args.format)
    runs = [_open(p, "compare") for p in args.results]
    if names is not None and len(names) != len(runs):
        raise InputError(f"--names: {len(names)} names for {len(runs)} results files")
    prepare_folder(args.out)
    _agg()
    for path in write_comparison(runs, args.out, names=names, formats=formats, year=args.year):
        print(path)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from lowcarbon_sim.report import write_html_report, write_markdown_report
    from lowcarbon_sim.results.folder import prepare_file

    results = _open(args.results, "report")
    out = prepare_file(args.out)
    prepare_file(out.with_suffix(".md"))
    _agg()
    html_path = write_html_report(
        results,
        out,
        include_sources=not args.no_sources,
        lang=args.lang,
        extra_figures=lmdi_figures(results),
    )
    md_path = write_markdown_report(results, out.with_suffix(".md"), lang=args.lang)
    print(html_path)
    print(md_path)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from lowcarbon_sim.export.iamc import write_iamc

    if not args.iamc and not getattr(args, "xlsx", None):
        raise InputError("export: say what to write, e.g. --iamc out.csv or --xlsx out.xlsx")
    from lowcarbon_sim.results.folder import prepare_file

    runs = [_open(p, "export") for p in args.results]
    if getattr(args, "xlsx", None):
        if len(runs) != 1:
            raise InputError(f"--xlsx: give one results file, not {len(runs)}")
        prepare_file(args.xlsx, "--xlsx")
        print(write_xlsx(runs[0], args.xlsx))
        if not args.iamc:
            return 0
    prepare_file(args.iamc, "--iamc")
    kwargs = {k: v for k, v in (("model", args.model), ("region", args.region)) if v}
    print(write_iamc(runs, args.iamc, **kwargs))
    return 0


def add_output_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register ``plot``, ``compare``, ``report`` and ``export`` on the sub-parsers."""
    p = sub.add_parser("plot", parents=[common], help="draw the figures of a results file")
    p.add_argument("results", help="results.nc written by 'run'")
    p.add_argument("--out", default="figures", help="output folder (default: figures)")
    p.add_argument("--format", default="png", metavar="FMT[,FMT]", help="png, svg, pdf")
    p.add_argument(
        "--lmdi-years",
        metavar="START,END",
        help="years of the LMDI waterfall (lmdi.png; default: first and last modelled year)",
    )
    p.set_defaults(func=cmd_plot)

    p = sub.add_parser(
        "compare", parents=[common], help="compare several results files (figure and tables)"
    )
    p.add_argument("results", nargs="+", help="two or more results.nc files")
    p.add_argument("--out", default="comparison", help="output folder (default: comparison)")
    p.add_argument("--names", help="comma-separated scenario labels (default: their names)")
    p.add_argument("--year", type=int, help="year of the mix panels (default: last common)")
    p.add_argument("--format", default="png", metavar="FMT[,FMT]", help="png, svg, pdf")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser(
        "report", parents=[common], help="a self-contained HTML report (and Markdown)"
    )
    p.add_argument("results", help="results.nc written by 'run'")
    p.add_argument("--out", default="report.html", help="HTML file (Markdown beside it, .md)")
    p.add_argument("--no-sources", action="store_true", help="leave out the data-source table")
    p.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="language of names and units: en, or zh (万千瓦, 亿千瓦时, 万吨标煤)",
    )
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("export", parents=[common], help="export results to other formats")
    p.add_argument("results", nargs="+", help="one or more results.nc files")
    p.add_argument("--iamc", metavar="CSV", help="IAMC long table (pyam-readable CSV)")
    p.add_argument("--xlsx", metavar="XLSX", help="Excel workbook of one run (one sheet per table)")
    p.add_argument("--model", help="IAMC model name (default: lowcarbon-sim <version>)")
    p.add_argument("--region", help="IAMC region name (default: from the data set, e.g. Hunan)")
    p.set_defaults(func=cmd_export)

"""Reports a planner can send as one file: HTML (figures embedded) and Markdown, plus the
comparison table of several scenarios.

* :func:`html_report` / :func:`write_html_report`: one self-contained HTML page with the
  key-figure table, the policy targets, every applicable figure as an embedded PNG, the
  scenario's fully resolved settings (YAML) and the sources of the packaged data;
* :func:`markdown_report` / :func:`write_markdown_report`: the same tables as Markdown;
* :func:`comparison_table` / :func:`write_comparison`: key figures of several runs side by
  side (CSV, Markdown and the comparison figure).

Everything reads only the results Dataset, so reports rebuild from a saved ``results.nc``.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from lowcarbon_sim.data.provenance import data_sources
from lowcarbon_sim.plots.labels import format_number
from lowcarbon_sim.report.planner import (
    clean_yaml,
    dataset_name,
    description,
    history_years,
    key_figures,
    keys_set,
    target_scorecard,
    target_table,
)
from lowcarbon_sim.results.core import as_dataset
from lowcarbon_sim.results.io import atomic_write
from lowcarbon_sim.results.summary import pick_years, summary_rows
from lowcarbon_sim.units import to_display

#: Figure captions in the HTML report, by file stem of :data:`lowcarbon_sim.plots.FIGURES`.
CAPTIONS: dict[str, str] = {
    "capacity_mix": "Installed capacity by technology at year end (GW).",
    "generation_mix": "Electricity supply by technology (TWh/yr); storage charging below zero,"
    " demand as a line.",
    "emissions": "CO2 emissions by sector (Mt CO2/yr) with the peak and the targets.",
    "dispatch": "Hourly dispatch around the peak-demand hour of the last year (GW).",
    "dispatch_winter": "Hourly dispatch in winter (December to February) of the last year"
    " (GW): its representative days, or the week around its peak demand; storage charging"
    " below zero, demand as a line.",
    "dispatch_summer": "Hourly dispatch in summer (June to August) of the last year (GW):"
    " its representative days, or the week around its peak demand; storage charging below"
    " zero, demand as a line.",
    "storage": "Storage state of charge (GWh).",
    "hydrogen_flows": "Hydrogen production (above zero) and use (below zero), kt H2/yr.",
    "co2_flows": "CO2 captured (above zero) and where it goes (below zero), Mt CO2/yr.",
    "carbon_price": "Carbon price: the policy price plus the shadow price of the CO2 cap"
    " (yuan/t CO2).",
    "nonfossil_share": "Non-fossil share of primary energy (%) against the targets; the"
    " targets are checked with the solid line's counting method.",
    "lmdi": "What changed CO2 emissions between the first and the last year: LMDI-I"
    " decomposition by factor (Mt CO2/yr; red raises, green lowers emissions).",
}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.4}
h1{border-bottom:2px solid #444}h2{margin-top:1.8em;border-bottom:1px solid #bbb}
table{border-collapse:collapse;font-size:0.88em;margin:0.5em 0}
th,td{border:1px solid #ccc;padding:2px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}
tr:nth-child(even){background:#f6f6f6}
.met{color:#1e7b34;font-weight:bold}.missed{color:#b03030;font-weight:bold}
figure{margin:1em 0}figure img{max-width:100%}figcaption{font-size:0.9em;color:#555}
pre{background:#f4f4f4;padding:0.8em;overflow-x:auto;font-size:0.85em}
.meta td{text-align:left}
th.hist,td.hist{background:#ece6d6}
td.section{font-weight:bold;background:#e4ecec;text-align:left}
.note{font-size:0.9em;color:#555}
"""

#: Words of the HTML report, by language.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "scenario": "Scenario",
        "key": "Key figures",
        "targets": "Targets",
        "overrides": "What this scenario sets",
        "overrides_note": "Keys set by the scenario files and overrides on top of the "
        "packaged data set (all other numbers: the data set's sourced defaults).",
        "figures": "Figures",
        "settings": "Scenario settings (resolved)",
        "sources": "Data sources",
        "run": "Run",
        "hist": "Shaded columns: history years (to {y}, calibrated to the statistics); "
        "later years are the model's decisions.",
        "hist_md": "(h): history years (to {y}, calibrated to the statistics); later years "
        "are the model's decisions.",
        "met_of": "{m} of {n} targets met.",
        "no_targets": "No policy targets are checked in these results.",
        "target": "Target",
        "year": "Year",
        "required": "Required",
        "achieved": "Achieved",
        "status": "Status",
        "met": "met",
        "missed": "MISSED",
        "margin": "Margin",
        "binding": "In the LP",
        "price": "Price",
        "source": "Source",
    },
    "zh": {
        "scenario": "情景",
        "key": "主要指标",
        "targets": "目标完成情况",
        "overrides": "本情景的设定",
        "overrides_note": "情景文件与命令行覆盖的参数(其余数值为数据集的有出处默认值)。",
        "figures": "图表",
        "settings": "情景设定(完整)",
        "sources": "数据来源",
        "run": "运行信息",
        "hist": "阴影列:历史年份(至{y}年,按统计数据校准);其后为模型优化结果。",
        "hist_md": "(h):历史年份(至{y}年,按统计数据校准);其后为模型优化结果。",
        "met_of": "{n}项目标中完成{m}项。",
        "no_targets": "本结果未检查政策目标。",
        "target": "目标",
        "year": "年份",
        "required": "要求",
        "achieved": "实现值",
        "status": "状态",
        "met": "完成",
        "missed": "未完成",
        "margin": "余量",
        "binding": "优化约束",
        "price": "影子价格",
        "source": "出处",
    },
}


def _key_figures_html(frame: pd.DataFrame, hist_years: Sequence[int], note: str) -> str:
    """The key figures as an HTML table: section rows, history columns shaded."""
    years = [c for c in frame.columns if isinstance(c, int | np.integer)]

    def cls(y: int) -> str:
        return ' class="hist"' if y in hist_years else ""

    head = "".join(f"<th{cls(y)}>{int(y)}</th>" for y in years)
    out = [f'<table class="key"><thead><tr><th></th><th></th>{head}</tr></thead><tbody>']
    section = None
    for row in frame.to_dict("records"):
        if row["section"] != section:
            section = row["section"]
            out.append(
                f'<tr><td class="section" colspan="{len(years) + 2}">'
                f"{html.escape(str(section))}</td></tr>"
            )
        cells = "".join(
            f"<td{cls(y)}>{format_number(row[y], int(row['decimals']))}</td>" for y in years
        )
        out.append(
            f"<tr><td>{html.escape(str(row['label']))}</td>"
            f"<td>{html.escape(str(row['unit']))}</td>{cells}</tr>"
        )
    out.append("</tbody></table>")
    if hist_years:
        out.append(f'<p class="note">{html.escape(note)}</p>')
    return "".join(out)


#: Scorecard columns after the status: margin, binding or not, price, source.
_EXTRA = ("margin", "binding", "price", "source")


def _scorecard_html(card: pd.DataFrame, words: dict[str, str]) -> str:
    head = "".join(
        f"<th>{html.escape(words[k])}</th>"
        for k in ("target", "year", "required", "achieved", "status", *_EXTRA)
        if k in card or k in ("target", "year", "required", "achieved", "status")
    )
    rows = []
    for r in card.to_dict("records"):
        status = (
            f'<span class="met">{html.escape(words["met"])}</span>'
            if r["met"]
            else f'<span class="missed">{html.escape(words["missed"])}</span>'
        )
        rows.append(
            "<tr>"
            + "".join(
                f"<td>{html.escape(str(r[k]))}</td>"
                for k in ("target", "year", "required", "achieved")
            )
            + f"<td>{status}</td>"
            + "".join(f"<td>{html.escape(str(r[k]))}</td>" for k in _EXTRA if k in r)
            + "</tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def summary_frame(results: Any, years: Sequence[int] | None = None) -> pd.DataFrame:
    """The key figures of :func:`lowcarbon_sim.report.summary_rows` as a table.

    Columns ``label``, ``unit`` and one per year (the years of the terminal summary by
    default: first, last historical, 2025 and last); capacities GW, energy TWh, CO2 Mt,
    price yuan/t CO2, cost bn yuan.
    """
    ds = as_dataset(results)
    ys = pick_years(ds, list(years) if years else None)
    rows = summary_rows(ds, ys)
    frame = pd.DataFrame(
        [[label, unit, *values] for label, unit, values in rows],
        columns=["label", "unit", *[str(y) for y in ys]],
    )
    return frame


def markdown_text(value: Any) -> str:
    """``value`` as text safe inside Markdown: HTML special characters escaped (Markdown
    passes raw HTML through), the characters of links, code spans and table cells
    (``[ ] ` |``) backslash-escaped, line breaks as spaces.

    >>> markdown_text("<img src=x onerror=alert(1)>|[a](javascript:x)")
    '&lt;img src=x onerror=alert(1)&gt;\\|\\[a\\](javascript:x)'
    """
    text = html.escape(str(value), quote=False)
    for ch in "\\`[]|":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.splitlines())


def markdown_table(frame: pd.DataFrame, float_format: str = "{:.4g}") -> str:
    """A pipe table (GitHub Markdown) of ``frame``; numbers written with ``float_format``."""

    def cell(v: Any) -> str:
        if isinstance(v, bool | np.bool_):
            return "yes" if v else "no"
        if isinstance(v, float | np.floating):
            return "" if np.isnan(v) else float_format.format(float(v))
        return markdown_text(v)

    head = "| " + " | ".join(markdown_text(c) for c in frame.columns) + " |"
    align = (
        "|"
        + "|".join(
            " ---: "
            if pd.api.types.is_numeric_dtype(frame[c]) and frame[c].dtype != bool
            else " --- "
            for c in frame.columns
        )
        + "|"
    )
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(False)]
    return "\n".join([head, align, *body])


def _meta(ds: xr.Dataset) -> list[tuple[str, str]]:
    keys = (
        "scenario",
        "solver",
        "solver_version",
        "termination_condition",
        "objective",
        "peak_year",
        "peak_emissions",
        "time_mode",
        "lowcarbon_sim_version",
        "scenario_hash",
    )
    # large amounts in plan units, never in scientific notation
    scaled = {"objective": (1e9, " bn yuan (discounted)"), "peak_emissions": (1e6, " Mt CO2")}
    out = []
    for k in keys:
        if k in ds.attrs:
            v = ds.attrs[k]
            if k in scaled:
                text = format_number(float(v) / scaled[k][0], 1) + scaled[k][1]
            elif isinstance(v, float | np.floating) and float(v).is_integer():
                text = str(int(v))
            elif isinstance(v, int | np.integer):
                text = str(int(v))
            else:
                text = str(v)
            out.append((k.replace("_", " "), text))
    dataset = dataset_name(ds)
    if dataset:
        out.insert(1, ("data set", dataset))
    return out


def _key_figures_markdown(frame: pd.DataFrame, hist_years: Sequence[int]) -> str:
    """The key figures of :func:`~lowcarbon_sim.report.planner.key_figures` as a pipe
    table: a bold row per section, numbers at the row's precision, history years marked."""
    years = [c for c in frame.columns if isinstance(c, int | np.integer)]
    head = ["", "unit", *(f"{int(y)}{' (h)' if y in hist_years else ''}" for y in years)]
    lines = [
        "| " + " | ".join(head) + " |",
        "| --- | --- |" + " ---: |" * len(years),
    ]
    section = None
    for row in frame.to_dict("records"):
        if row["section"] != section:
            section = row["section"]
            lines.append(f"| **{markdown_text(section)}** |" + " |" * (len(years) + 1))
        cells = [format_number(row[y], int(row["decimals"])) for y in years]
        lines.append(
            "| "
            + " | ".join([markdown_text(row["label"]), markdown_text(row["unit"]), *cells])
            + " |"
        )
    return "\n".join(lines)


def markdown_report(results: Any, years: Sequence[int] | None = None, lang: str = "en") -> str:
    """A Markdown summary of a run, with the tables of the HTML report
    (:mod:`lowcarbon_sim.report.planner`): the scenario's description and run facts, the
    key figures in plan units (every year by default, zero rows left out, history years
    marked "(h)"), the target scorecard and what the scenario sets on top of its data set.
    """
    words = _WORDS[lang] if lang in _WORDS else _WORDS["en"]
    ds = as_dataset(results)
    name = markdown_text(ds.attrs.get("scenario", "scenario"))
    lines = [f"# lowcarbon-sim results: {name}", ""]
    text = description(ds)
    if text:
        lines += [markdown_text(text), ""]
    lines += [f"- **{markdown_text(k)}**: {markdown_text(v)}" for k, v in _meta(ds)]
    hist = history_years(ds)
    frame = key_figures(results, lang=lang, years=years)
    lines += ["", f"## {words['key']}", "", _key_figures_markdown(frame, hist), ""]
    if hist:
        lines += [markdown_text(words["hist_md"].format(y=hist[-1])), ""]
    lines += [f"## {words['targets']}", ""]
    card = target_scorecard(ds, lang=lang)
    if len(card):
        met = int(card["met"].sum())
        lines += [words["met_of"].format(m=met, n=len(card)), ""]
        shown = card.assign(met=[words["met"] if m else words["missed"] for m in card["met"]])
        shown.columns = [
            words[k] for k in ("target", "year", "required", "achieved", "status", *_EXTRA)
        ][: len(shown.columns)]
        lines += [markdown_table(shown), ""]
    else:
        lines += [words["no_targets"], ""]
    overrides = keys_set(ds)
    if len(overrides):
        lines += [f"## {words['overrides']}", "", words["overrides_note"], ""]
        lines += [markdown_table(overrides), ""]
    return "\n".join(lines)


def figure_png_base64(fig: Any, dpi: int = 110) -> str:
    """``fig`` rendered as PNG and encoded as base64 text (for a ``data:`` URI)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _sources_html(ds: xr.Dataset) -> str:
    dataset = dataset_name(ds)
    if dataset is None:
        if "dataset" in ds.attrs or not ds.attrs.get("scenario_keys_set"):
            return (
                "<p>The scenario uses no packaged data set: every number is in its YAML above.</p>"
            )
        return "<p>The results file does not name its data set.</p>"
    try:
        frame = data_sources(dataset)
    except Exception as exc:  # a report is still useful without the sources table
        return (
            f"<p>Sources of data set <code>{html.escape(dataset)}</code> unavailable: "
            f"{html.escape(str(exc))}</p>"
        )
    counts = frame["status"].value_counts()
    summary = ", ".join(f"{int(n)} {html.escape(str(s))}" for s, n in counts.items())
    table = frame.to_html(index=False, na_rep="", border=0, escape=True)
    return (
        f"<p>Data set <code>{html.escape(dataset)}</code>: {len(frame)} figures and profiles "
        f"({summary}). Figures marked <em>assumption</em> deserve review first.</p>"
        f"<details><summary>All sources</summary>{table}</details>"
    )


def _frame_html(frame: pd.DataFrame) -> str:
    def fmt(v: float) -> str:
        return f"{v:,.4g}"

    # every string from the scenario or the results is escaped; only the status spans below
    # are markup of our own
    out = frame.copy()
    out.columns = [html.escape(str(c)) for c in out.columns]
    out.index = [html.escape(str(i)) for i in out.index]
    for c in out.columns:
        if not pd.api.types.is_numeric_dtype(out[c]):
            out[c] = [html.escape(v) if isinstance(v, str) else v for v in out[c]]
    if "met" in out:
        out["met"] = [
            f'<span class="{"met" if m else "missed"}">{"met" if m else "MISSED"}</span>'
            for m in out["met"]
        ]
    return out.to_html(index=False, na_rep="", border=0, float_format=fmt, escape=False)


def html_report(
    results: Any,
    years: Sequence[int] | None = None,
    include_sources: bool = True,
    dpi: int = 110,
    include_figures: bool = True,
    lang: str = "en",
    extra_figures: Mapping[str, Any] | None = None,
) -> str:
    """A self-contained HTML page about one run (no external files, scripts or links).

    Sections: the scenario's description and run facts, the key figures in plan units
    (every year; history years shaded; rows that are zero throughout left out), the target
    scorecard, what the scenario sets on top of its data set, the figures, the resolved
    scenario YAML (collapsed) and the sources of the packaged data set.

    Parameters
    ----------
    results
        :class:`~lowcarbon_sim.results.core.Results`, a results Dataset or a NetCDF path.
    years
        Years of the key-figure table (default: every modelled year).
    include_sources
        Add the table of data sources of the scenario's packaged data set
        (:func:`lowcarbon_sim.data.provenance.data_sources`).
    dpi
        Resolution of the embedded PNG figures, dots per inch.
    include_figures
        Embed the figures (leave them out for a quick tables-only page).
    lang
        ``en``, or ``zh`` for Chinese names and plan units (万千瓦, 亿千瓦时, 万吨标煤).
    extra_figures
        Further figures by stem, embedded after the others (the CLI passes the LMDI
        waterfall, which needs the sector modules that reports do not import).

    Returns
    -------
    str
        The HTML document. Figures are ``<img src="data:image/png;base64,...">``.
    """
    # matplotlib only for the HTML report (the Markdown report and tables need none)
    from lowcarbon_sim.plots import make_figures

    words = _WORDS[lang] if lang in _WORDS else _WORDS["en"]
    frame = key_figures(results, lang=lang, years=years)
    ds = as_dataset(results)
    name = html.escape(str(ds.attrs.get("scenario", "scenario")))
    hist = history_years(ds)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}"><head><meta charset="utf-8">',
        f"<title>lowcarbon-sim report: {name}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(words['scenario'])} {name}</h1>",
    ]
    text = description(ds)
    if text:
        parts.append(f'<p class="description">{html.escape(text)}</p>')
    parts += [
        f"<h2>{html.escape(words['key'])}</h2>",
        _key_figures_html(frame, hist, words["hist"].format(y=hist[-1] if hist else "")),
        f"<h2>{html.escape(words['targets'])}</h2>",
    ]
    card = target_scorecard(ds, lang=lang)
    if len(card):
        met = int(card["met"].sum())
        parts.append(f"<p>{html.escape(words['met_of'].format(m=met, n=len(card)))}</p>")
        parts.append(_scorecard_html(card, words))
    else:
        parts.append(f"<p>{html.escape(words['no_targets'])}</p>")
    overrides = keys_set(ds)
    if len(overrides):
        parts.append(f"<h2>{html.escape(words['overrides'])}</h2>")
        parts.append(f'<p class="note">{html.escape(words["overrides_note"])}</p>')
        parts.append(_frame_html(overrides))
    figures = make_figures(ds, extra_figures) if include_figures else {}
    if figures:
        parts.append(f"<h2>{html.escape(words['figures'])}</h2>")
    for stem, fig in figures.items():
        data = figure_png_base64(fig, dpi=dpi)
        caption = html.escape(CAPTIONS.get(stem, stem))
        parts.append(
            f'<figure id="fig-{stem}"><img alt="{stem}" src="data:image/png;base64,{data}">'
            f"<figcaption>{caption}</figcaption></figure>"
        )
    parts.append(f"<h2>{html.escape(words['run'])}</h2>")
    parts.append(
        '<table class="meta">'
        + "".join(
            f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in _meta(ds)
        )
        + "</table>"
    )
    parts.append(f"<h2>{html.escape(words['settings'])}</h2>")
    text = ds.attrs.get("scenario_yaml")
    if text:
        parts.append(
            "<details><summary>Scenario YAML with every default filled in</summary>"
            f"<pre>{html.escape(clean_yaml(str(text)))}</pre></details>"
        )
    else:
        parts.append("<p>The results file does not hold the scenario settings.</p>")
    if include_sources:
        parts.append(f"<h2>{html.escape(words['sources'])}</h2>")
        parts.append(_sources_html(ds))
    version = html.escape(str(ds.attrs.get("lowcarbon_sim_version", "")))
    parts.append(f"<p><small>Made by lowcarbon-sim {version}</small></p></body></html>")
    return "\n".join(parts)


def write_html_report(results: Any, path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`html_report` to ``path`` atomically (UTF-8); returns the path."""
    text = html_report(results, **kwargs)
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_markdown_report(results: Any, path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`markdown_report` to ``path`` atomically (UTF-8); returns the path."""
    text = markdown_report(results, **kwargs)
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def comparison_table(
    results: Sequence[Any], names: Sequence[str] | None = None, year: int | None = None
) -> pd.DataFrame:
    """Key figures of several runs side by side.

    Parameters
    ----------
    results
        Results, Datasets or NetCDF paths.
    names
        Column labels (default: each run's ``scenario`` attribute, made unique).
    year
        Year of the capacity and generation rows (default: the last year all runs model).

    Returns
    -------
    pandas.DataFrame
        Columns ``metric``, ``unit`` and one per scenario. Rows: peak year, peak and final
        emissions (Mt CO2), cumulative emissions over the modelled years weighted by
        ``year_weight`` (Mt CO2), carbon price in ``year`` (yuan/t CO2), cumulative system
        cost (bn yuan, undiscounted, weighted by ``year_weight``), the objective (bn yuan,
        discounted), capacity (GW) and generation (TWh) by technology in ``year``, and one
        row per target (1 met, 0 missed) when the runs check targets.
    """
    from lowcarbon_sim.plots.compare import common_year, scenario_labels

    datasets = [as_dataset(r) for r in results]
    labels = scenario_labels(datasets, names)
    year = common_year(datasets, year)
    rows: dict[tuple[str, str], list[float]] = {}

    def put(metric: str, unit: str, i: int, value: float) -> None:
        rows.setdefault((metric, unit), [np.nan] * len(datasets))[i] = value

    def put_shown(metric: str, i: int, value: float, unit: str) -> None:
        """Put ``value`` given in the model's ``unit`` in its display unit."""
        shown_value, shown = to_display(value, unit)
        put(metric, shown, i, shown_value)

    for i, ds in enumerate(datasets):
        total = ds["total_emissions"] if "total_emissions" in ds else ds["emissions"].sum("sector")
        weight = ds["year_weight"] if "year_weight" in ds else xr.ones_like(total)
        peak = ds.attrs.get("peak_year")
        peak = int(peak) if peak is not None else int(total["year"][int(np.argmax(total.values))])
        put("peak year", "year", i, peak)
        put_shown("peak emissions", i, float(total.sel(year=peak)), "t CO2")
        put_shown(f"emissions {year}", i, float(total.sel(year=year)), "t CO2")
        put_shown("cumulative emissions", i, float((total * weight).sum()), "t CO2")
        if "co2_price" in ds:
            put(f"carbon price {year}", "yuan/t CO2", i, float(ds["co2_price"].sel(year=year)))
        if "total_cost" in ds:
            cost = float((ds["total_cost"] * weight).sum())
            put_shown("cumulative system cost", i, cost, "yuan")
        if "objective" in ds.attrs:
            put_shown("objective (discounted)", i, float(ds.attrs["objective"]), "yuan")
    for variable, unit in (("capacity", "MW"), ("generation", "MWh")):
        for i, ds in enumerate(datasets):
            if variable not in ds:
                continue
            for t in ds["tech"].values:
                value = float(ds[variable].sel(year=year, tech=t))
                put_shown(f"{variable} {year} {t}", i, value, unit)
    for i, ds in enumerate(datasets):
        targets = target_table(ds)
        if "met" in targets:
            for t, met in zip(targets["target"], targets["met"], strict=True):
                put(f"target met: {t}", "1", i, float(bool(met)))
    frame = pd.DataFrame(
        [[metric, unit, *values] for (metric, unit), values in rows.items()],
        columns=["metric", "unit", *labels],
    )
    return frame


def write_comparison(
    results: Sequence[Any],
    outdir: str | Path,
    names: Sequence[str] | None = None,
    formats: Sequence[str] = ("png",),
    year: int | None = None,
) -> list[Path]:
    """Write ``comparison.csv``, ``comparison.md`` and the comparison figure to ``outdir``.

    Returns the files written (each atomically).
    """
    from lowcarbon_sim.plots import plot_comparison, save_figure

    datasets = [as_dataset(r) for r in results]
    outdir = Path(outdir)
    frame = comparison_table(datasets, names, year)
    written = [
        atomic_write(outdir / "comparison.csv", lambda p: frame.to_csv(p, index=False)),
        atomic_write(
            outdir / "comparison.md",
            lambda p: p.write_text(markdown_table(frame) + "\n", encoding="utf-8"),
        ),
    ]
    fig = plot_comparison(datasets, names, year)
    written += [save_figure(fig, outdir / f"comparison.{fmt}") for fmt in formats]
    return written

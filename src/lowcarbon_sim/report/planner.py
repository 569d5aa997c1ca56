"""The tables a planner reads, in plan units and words: key figures, the target scorecard,
what the scenario sets, and the data set it was built on.

Read by the HTML report (:mod:`lowcarbon_sim.report.html`) and the Excel workbook
(:mod:`lowcarbon_sim.report.workbook`). Numbers come from
:func:`lowcarbon_sim.results.summary.indicators` (model units); here they are converted to
plan units (:mod:`lowcarbon_sim.plots.labels`) and named, in English or Chinese.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from lowcarbon_sim.plots.labels import (
    check_lang,
    format_number,
    plan_unit,
    target_label,
    tech_label,
)
from lowcarbon_sim.results.core import as_dataset
from lowcarbon_sim.results.summary import indicators

#: Row names of the key-figure table, by language.
INDICATOR_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "demand": "Electricity demand",
        "peak_demand": "Peak demand",
        "load_shedding": "Load shedding",
        "curtailment": "Wind and solar curtailed",
        "curtailment_rate": "Curtailment rate",
        "reserve_margin": "Reserve margin (firm capacity over peak)",
        "hydrogen_demand": "Hydrogen demand",
        "total_emissions": "Total CO2 emissions",
        "captured_co2": "CO2 captured",
        "nonfossil_share": "Non-fossil share of primary energy",
        "primary_energy": "Primary energy",
        "co2_price": "Carbon price",
        "average_price": "Average electricity price (demand-weighted)",
        "peak_price": "Highest hourly electricity price",
        "system_cost": "System cost (annualised)",
        "storage_cycles": "storage cycles (equivalent full)",
        "reserve_only": "share held for reserve only",
    },
    "zh": {
        "demand": "全社会用电量",
        "peak_demand": "最大负荷",
        "load_shedding": "切负荷电量",
        "curtailment": "弃风弃光电量",
        "curtailment_rate": "弃风弃光率",
        "reserve_margin": "备用率",
        "hydrogen_demand": "氢需求",
        "total_emissions": "二氧化碳排放总量",
        "captured_co2": "CO2捕集量",
        "nonfossil_share": "非化石能源占一次能源比重",
        "primary_energy": "一次能源消费",
        "co2_price": "碳价",
        "average_price": "平均电价(按负荷加权)",
        "peak_price": "最高小时电价",
        "system_cost": "系统年化成本",
        "storage_cycles": "等效满充放次数",
        "reserve_only": "仅作备用容量占比",
    },
}

#: Section titles of the key-figure table, by language.
SECTION_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "capacity": "Installed capacity (year end)",
        "generation": "Electricity supply",
        "balance": "Demand and balance",
        "operation": "Full-load hours",
        "hydrogen": "Hydrogen",
        "emissions": "CO2 emissions",
        "energy": "Primary energy",
        "prices": "Prices and cost",
    },
    "zh": {
        "capacity": "装机容量(年末)",
        "generation": "发电量(含外来电)",
        "balance": "用电与平衡",
        "operation": "利用小时数",
        "hydrogen": "氢能",
        "emissions": "二氧化碳排放",
        "energy": "一次能源",
        "prices": "价格与成本",
    },
}

_SECTOR_ZH = {"power": "电力", "industry": "工业", "buildings": "建筑", "transport": "交通"}

#: Decimals shown per model unit (others: one).
_DECIMALS = {"h": 0, "yuan/t CO2": 0, "yuan/MWh": 0}


def _row_label(name: str, item: str, lang: str) -> str:
    if name in ("capacity", "generation", "full_load_hours", "hydrogen_production"):
        return tech_label(item, lang)
    if name in ("storage_cycles", "reserve_only"):  # per technology: say which
        return f"{tech_label(item, lang)}: {INDICATOR_LABELS[lang][name]}"
    if name == "emissions":
        return _SECTOR_ZH.get(item, item) if lang == "zh" else item.replace("_", " ").capitalize()
    return INDICATOR_LABELS[lang].get(name, name.replace("_", " "))


def key_figures(
    results: Any,
    lang: str = "en",
    years: Sequence[int] | None = None,
    hide_zero: bool = True,
) -> pd.DataFrame:
    """The planner's key figures in plan units, every modelled year by default.

    Parameters
    ----------
    results
        Results (its model inputs give the reserve margin), a results Dataset or a path.
    lang
        ``en`` (GW, TWh, Mt CO2, kt H2, bn yuan, %) or ``zh`` (万千瓦, 亿千瓦时, 万吨CO2,
        万吨氢, 亿元, 万吨标煤 for primary energy, %).
    years
        Years to show (default: all).
    hide_zero
        Leave out rows that round to zero in every year.

    Returns
    -------
    pandas.DataFrame
        Columns ``section``, ``name`` (indicator id), ``item`` (technology or sector id),
        ``label``, ``unit``, ``decimals`` (for display) and one column per year (int).
    """
    check_lang(lang)
    ds = as_dataset(results)
    inputs = getattr(results, "inputs", None)
    ys = [int(y) for y in ds["year"].values] if not years else [int(y) for y in years]
    records = []
    for row in indicators(ds, inputs, ys):
        divisor, unit = plan_unit(row.unit, lang)
        values = row.values / divisor
        decimals = _DECIMALS.get(row.unit, 1)
        finite = values[np.isfinite(values)]
        if hide_zero and (not finite.size or np.all(np.abs(finite) < 0.5 * 10.0**-decimals)):
            continue
        records.append(
            [
                SECTION_LABELS[lang].get(row.section, row.section),
                row.name,
                row.item,
                _row_label(row.name, row.item, lang),
                unit,
                decimals,
                *values,
            ]
        )
    return pd.DataFrame(
        records, columns=["section", "name", "item", "label", "unit", "decimals", *ys]
    )


def target_table(results: Any) -> pd.DataFrame:
    """The policy targets checked in a run: one row per label of the ``target`` dimension.

    Columns ``target``, ``value`` (achieved), ``threshold`` (required), ``met`` (bool), plus
    any other per-target coordinate or variable of the results (``target_unit``,
    ``target_year``, ...). Empty (no rows) when the results hold no targets.
    """
    ds = as_dataset(results)
    if "target" not in ds.dims:
        return pd.DataFrame(columns=["target", "value", "threshold", "met"])
    frame = pd.DataFrame({"target": [str(t) for t in ds["target"].values]})
    for column, name in (
        ("value", "target_value"),
        ("threshold", "target_threshold"),
        ("met", "target_met"),
    ):
        if name in ds:
            frame[column] = ds[name].values
    if "met" in frame:
        frame["met"] = frame["met"].astype(bool)
    extra = [
        n
        for n in (*ds.coords, *ds.data_vars)
        if ds[n].dims == ("target",)
        and n not in ("target", "target_value", "target_threshold", "target_met")
    ]
    for n in extra:
        frame[n.removeprefix("target_")] = ds[n].values
    return frame


def target_scorecard(results: Any, lang: str = "en") -> pd.DataFrame:
    """The policy targets as a planner reads them.

    Columns ``target`` (words), ``year``, ``required`` and ``achieved`` (text: fractions as
    percentages, years as plain integers, CO2 in plan units), ``met`` (bool), then
    ``margin`` (text, percentage points for shares and changes), ``binding`` ("binding",
    "slack" or "checked after the solve"), ``price`` (text in the target's own unit: yuan
    per percentage point, yuan/tce, yuan/t CO2; 0 where slack) and ``source`` (document and
    article of the packaged target row, :func:`lowcarbon_sim.results.scorecard.scorecard`).
    Rows: the targets checked after the solve, then those enforced in the LP. Empty when
    the results have no targets.
    """
    from lowcarbon_sim.results.scorecard import scorecard

    check_lang(lang)
    frame = target_table(results)
    columns = [
        "target", "year", "required", "achieved", "met", "margin", "binding", "price", "source"
    ]
    card = scorecard(results)
    checks = {str(r["key"]): r for r in card.to_dict("records") if not r["in_lp"]}
    rows = []
    for i, t in enumerate(frame["target"]):
        unit = str(frame["unit"][i]) if "unit" in frame else "1"
        sense = str(frame["sense"][i]) if "sense" in frame else ""
        sense = sense.replace("<=", "≤").replace(">=", "≥")

        def show(v: float, unit: str = unit) -> str:
            if unit == "year":
                return str(round(float(v)))
            divisor, shown = plan_unit(unit, lang)
            return f"{format_number(float(v) / divisor, 1)} {shown}"

        year = frame["year"][i] if "year" in frame else None
        if year is None or pd.isna(year):
            found = re.findall(r"(?:19|20)\d\d", str(t))
            year = found[-1] if found else ""
        name = str(t)
        key = "sectors.targets." + (
            name if name == "peak_before" else ".".join(name.rsplit("_", 1))
        )
        match = checks.get(key)
        rows.append(
            [
                target_label(t, lang),
                str(int(year)) if str(year) else "",
                f"{sense} {show(frame['threshold'][i])}".strip(),
                show(frame["value"][i]),
                bool(frame["met"][i]) if "met" in frame else False,
                _margin_text(match) if match else "",
                "checked after the solve",
                "",
                _source_text(match) if match else "",
            ]
        )
    for r in card.to_dict("records"):
        if not r["in_lp"]:
            continue
        sense = r["sense"].replace("<=", "≤").replace(">=", "≥")
        rows.append(
            [
                r["target"],
                r["period"].split("-")[-1],
                f"{sense} {_number_text(r['threshold'], r['unit'])}",
                _number_text(r["achieved"], r["unit"]),
                bool(r["met"]),
                _margin_text(r),
                "binding" if r["binding"] else "slack",
                f"{format_number(float(r['price']), 0)} {r['price_unit']}",
                _source_text(r),
            ]
        )
    return pd.DataFrame(rows, columns=columns)


def _number_text(x: float, unit: str) -> str:
    if unit == "year":
        return str(round(float(x)))
    return f"{format_number(float(x), 1 if unit in ('%', 'pp') else 2)} {unit}"


def _margin_text(r: dict) -> str:
    return _number_text(float(r["margin"]), str(r["margin_unit"]))


def _source_text(r: dict) -> str:
    scope = f"[{r['scope']}] " if r.get("scope") else ""
    return scope + str(r["document"]) + (f", {r['article']}" if r.get("article") else "")


def keys_set(results: Any) -> pd.DataFrame:
    """The keys the scenario files and overrides set on top of the packaged data set.

    Columns ``key`` (dotted path), ``value`` (text, floats without binary noise) and
    ``set in`` (the file's name, or ``override`` for ``--set``). Empty for results files
    that do not record them (``scenario_keys_set`` attribute).
    """
    ds = as_dataset(results)
    text = ds.attrs.get("scenario_keys_set")
    rows = []
    for key, value, where in json.loads(str(text)) if text else []:
        if key in ("name", "description"):
            continue
        shown = plain_number(value) if isinstance(value, float) else value
        rows.append([str(key), str(shown), str(where)])
    return pd.DataFrame(rows, columns=["key", "value", "set in"])


def plain_number(value: float) -> str:
    """A float without binary noise: ``0.31579999999999997`` -> ``0.3158``."""
    return f"{float(value):.12g}"


def clean_yaml(text: str) -> str:
    """YAML text with float noise rounded to 12 significant digits."""
    return re.sub(
        r"(?<![\w.])-?\d+\.\d{13,}(?:e[-+]?\d+)?",
        lambda m: plain_number(float(m.group(0))),
        text,
    )


def description(results: Any) -> str | None:
    """The scenario's ``description`` from its saved YAML, on one line."""
    import yaml

    text = as_dataset(results).attrs.get("scenario_yaml")
    value = (yaml.safe_load(str(text)) or {}).get("description") if text else None
    return " ".join(str(value).split()) if value else None


def dataset_name(results: Any) -> str | None:
    """The packaged data set a run was built on: the results' ``dataset`` attribute (empty:
    none), else a ``dataset`` in the saved scenario YAML; ``None`` when neither says."""
    import yaml

    ds = as_dataset(results)
    if "dataset" in ds.attrs:
        return str(ds.attrs["dataset"]) or None
    text = ds.attrs.get("scenario_yaml")
    value = (yaml.safe_load(str(text)) or {}).get("dataset") if text else None
    return str(value) if value else None


def history_years(ds: xr.Dataset) -> list[int]:
    """The modelled years up to the last historical year (calibrated to statistics)."""
    last = ds.attrs.get("last_historical_year")
    if last is None:
        return []
    return [int(y) for y in ds["year"].values if int(y) <= int(last)]

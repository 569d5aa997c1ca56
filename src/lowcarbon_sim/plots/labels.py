"""Names and units a planner reads: technology display names and plan units, in English or
Chinese.

Figures and reports never show a scenario's snake_case ids when a readable name exists. A
technology's name is, in order: the exact name in :data:`TECH_NAMES` (per language), else its
``_``-separated words with the abbreviations of :data:`WORDS` written as such
(``coal_ccs_retrofit`` -> "Coal CCS retrofit"), else, for Chinese, the English name.
The technology-class table (:mod:`lowcarbon_sim.technology`) gives the group names
(``display_name``: "Imports", "Hydrogen plants").

Plan units (:data:`PLAN_UNITS`): what the model holds in MW, MWh, t CO2 and yuan is shown in
GW, TWh, Mt CO2 and bn yuan, or with ``lang="zh"`` in 万千瓦, 亿千瓦时, 万吨 and 亿元, the
units of Chinese plans; primary energy in 万吨标煤 (tce of 29.3076 GJ).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

from lowcarbon_sim.technology import TECH_CLASSES
from lowcarbon_sim.units import TCE_MWH

LANGS = ("en", "zh")

#: Words written as abbreviations in English technology names.
WORDS: dict[str, str] = {
    "smr": "SMR",
    "ccs": "CCS",
    "ccus": "CCUS",
    "beccs": "BECCS",
    "h2": "H2",
    "pem": "PEM",
    "ac": "AC",
    "dc": "DC",
    "pv": "PV",
    "ccgt": "CCGT",
    "ocgt": "OCGT",
    "chp": "CHP",
    "uhv": "UHV",
}

#: Display names of the technologies of the shipped data set, by language.
TECH_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "coal_new": "Coal (new build)",
        "coal_usc": "Coal ultra-supercritical",
        "coal_sc": "Coal supercritical",
        "coal_subcritical": "Coal subcritical",
        "coal_small": "Coal small and captive",
        "pumped_hydro": "Pumped hydro",
        "import_qishao": "Import Qishao (UHV DC)",
        "import_central_ac": "Import Central China (AC)",
        "import_ningxia": "Import Ningxia (UHV DC)",
        "fuel_cell": "Fuel cell",
        "electrolyser_alkaline": "Electrolyser (alkaline)",
        "electrolyser_pem": "Electrolyser (PEM)",
        "h2_coal_gasification": "H2 from coal",
        "h2_coal_gasification_ccs": "H2 from coal with CCS",
        "h2_smr": "H2 from gas (SMR)",
        "h2_byproduct": "H2 by-product",
        "h2_tank": "H2 tank",
        "interruptible_load": "Interruptible load",
        "demand_shift": "Shifted demand",
        "load_shedding": "Load shedding",
    },
    "zh": {
        "coal": "煤电",
        "coal_new": "新建煤电",
        "coal_usc": "超超临界煤电",
        "coal_sc": "超临界煤电",
        "coal_subcritical": "亚临界煤电",
        "coal_small": "小型及自备煤电",
        "gas": "气电",
        "biomass": "生物质发电",
        "hydro": "水电",
        "wind": "风电",
        "solar": "光伏",
        "pumped_hydro": "抽水蓄能",
        "battery": "新型储能",
        "import_qishao": "祁韶直流",
        "import_central_ac": "华中交流",
        "import_ningxia": "宁电入湘",
        "coal_ccs_retrofit": "煤电CCS改造",
        "coal_ccs": "煤电CCS",
        "gas_ccs": "气电CCS",
        "beccs": "生物质CCS",
        "fuel_cell": "燃料电池",
        "electrolyser_alkaline": "碱性电解槽",
        "electrolyser_pem": "PEM电解槽",
        "h2_coal_gasification": "煤制氢",
        "h2_coal_gasification_ccs": "煤制氢CCS",
        "h2_smr": "天然气制氢",
        "h2_byproduct": "工业副产氢",
        "h2_tank": "储氢罐",
        "interruptible_load": "可中断负荷",
        "demand_shift": "需求响应转移",
        "load_shedding": "切负荷",
    },
}

#: Plan units by model unit: ``{lang: {model unit: (divisor, shown unit)}}``.
PLAN_UNITS: dict[str, dict[str, tuple[float, str]]] = {
    "en": {
        "MW": (1e3, "GW"),
        "MWh": (1e6, "TWh"),
        "MWh_primary": (1e6, "TWh"),
        "t CO2": (1e6, "Mt CO2"),
        "t H2": (1e3, "kt H2"),
        "yuan": (1e9, "bn yuan"),
        "yuan/t CO2": (1.0, "yuan/t CO2"),
        "yuan/MWh": (1.0, "yuan/MWh"),
        "h": (1.0, "h"),
        "1": (0.01, "%"),
    },
    "zh": {
        "MW": (10.0, "万千瓦"),
        "MWh": (1e5, "亿千瓦时"),
        "MWh_primary": (1e4 * TCE_MWH, "万吨标煤"),
        "t CO2": (1e4, "万吨CO2"),
        "t H2": (1e4, "万吨氢"),
        "yuan": (1e8, "亿元"),
        "yuan/t CO2": (1.0, "元/吨CO2"),
        "yuan/MWh": (1.0, "元/兆瓦时"),
        "h": (1.0, "小时"),
        "1/yr": (1.0, "次/年"),
        "1": (0.01, "%"),
    },
}


def check_lang(lang: str) -> str:
    """``lang`` if known (``en``, ``zh``), else ValueError naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r}: expected one of {', '.join(LANGS)}")
    return lang


def tech_label(tech: str, lang: str = "en") -> str:
    """Display name of technology ``tech``.

    >>> tech_label("coal_ccs_retrofit"), tech_label("h2_smr"), tech_label("wind", "zh")
    ('Coal CCS retrofit', 'H2 from gas (SMR)', '风电')
    """
    tech = str(tech)
    name = TECH_NAMES.get(check_lang(lang), {}).get(tech)
    if name is None and lang != "en":
        return tech_label(tech, "en")
    if name is not None:
        return name
    words = [WORDS.get(w.lower(), w) for w in tech.split("_") if w]
    if not words:
        return tech
    first = words[0] if words[0].isupper() else words[0][:1].upper() + words[0][1:]
    return " ".join([first, *words[1:]])


def sector_label(sector: str, lang: str = "en") -> str:
    """Display name of an emitting sector (``land_use`` -> "Land use", ``ccus`` -> "CCUS").

    >>> sector_label("power"), sector_label("ccus"), sector_label("industry", "zh")
    ('Power', 'CCUS', '工业')
    """
    sector = str(sector)
    if check_lang(lang) == "zh" and sector in SECTOR_NAMES_ZH:
        return SECTOR_NAMES_ZH[sector]
    words = [WORDS.get(w.lower(), w) for w in sector.split("_") if w]
    if not words:
        return sector
    first = words[0] if words[0].isupper() else words[0][:1].upper() + words[0][1:]
    return " ".join([first, *words[1:]])


#: Chinese names of the emitting sectors.
SECTOR_NAMES_ZH: dict[str, str] = {
    "power": "电力",
    "industry": "工业",
    "buildings": "建筑",
    "transport": "交通",
    "agriculture": "农业",
    "construction": "建筑业",
    "heat": "供热",
    "hydrogen": "制氢",
    "ccus": "CCUS",
    "other": "其他",
}


#: Display names of the policy targets, by id pattern (the ids of
#: :mod:`lowcarbon_sim.inputs.targets` and :mod:`lowcarbon_sim.results.province`) and language;
#: ``{0}``, ``{1}`` are the pattern's years.
TARGET_NAMES: tuple[tuple[str, dict[str, str]], ...] = (
    (
        r"nonfossil_share_(\d{4})",
        {"en": "Non-fossil share of primary energy {0}", "zh": "非化石能源占一次能源比重({0}年)"},
    ),
    (
        r"energy_intensity_(\d{4})-(\d{4})",
        {"en": "Energy use per unit of GDP, change {0}-{1}", "zh": "单位GDP能耗变化({0}-{1}年)"},
    ),
    (
        r"co2_intensity_(\d{4})-(\d{4})",
        {"en": "CO2 per unit of GDP, change {0}-{1}", "zh": "单位GDP二氧化碳排放变化({0}-{1}年)"},
    ),
    (r"co2_total_(\d{4})", {"en": "Total CO2 emissions {0}", "zh": "二氧化碳排放总量({0}年)"}),
    (r"energy_total_(\d{4})", {"en": "Total energy use {0}", "zh": "能源消费总量({0}年)"}),
    (
        r"peak_by_(\d{4})_(\d{4})",
        {"en": "CO2 peak by {0}: {1} not above {0}", "zh": "{0}年前达峰:{1}年排放不高于{0}年"},
    ),
    (r"peak_before(?:_\d{4})?", {"en": "Peak of CO2 emissions", "zh": "二氧化碳排放达峰"}),
)


def target_label(target: str, lang: str = "en") -> str:
    """Display name of a policy target id (:data:`TARGET_NAMES`; other ids as words, with
    ``co2`` as CO2).

    >>> target_label("nonfossil_share_2030"), target_label("co2_2030")
    ('Non-fossil share of primary energy 2030', 'CO2 2030')
    >>> target_label("co2_intensity_2020-2025", "zh")
    '单位GDP二氧化碳排放变化(2020-2025年)'
    """
    target = str(target)
    check_lang(lang)
    for pattern, names in TARGET_NAMES:
        m = re.fullmatch(pattern, target)
        if m:
            return names.get(lang, names["en"]).format(*m.groups())
    words = {**WORDS, "co2": "CO2", "nonfossil": "non-fossil", "gdp": "GDP"}
    parts = [words.get(w.lower(), w) for w in target.split("_") if w]
    if not parts:
        return target
    first = parts[0] if parts[0][:1].isupper() else parts[0][:1].upper() + parts[0][1:]
    return " ".join([first, *parts[1:]])


def tech_labels(techs: Iterable[str], lang: str = "en") -> dict[str, str]:
    """``{tech: display name}``, made unique (a clash keeps the id in brackets)."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    for t in techs:
        label = tech_label(t, lang)
        out[str(t)] = label if label not in seen else f"{label} ({t})"
        seen.add(out[str(t)])
    return out


def class_label(cls: str) -> str:
    """Display name of a technology class from the table (the class id when unknown)."""
    row = TECH_CLASSES.get(str(cls))
    return row.display_name if row is not None and row.display_name else str(cls)


def plan_unit(unit: str, lang: str = "en") -> tuple[float, str]:
    """``(divisor, shown unit)`` of a model ``unit`` in plan units (identity if unknown)."""
    return PLAN_UNITS[check_lang(lang)].get(unit, (1.0, unit))


def to_plan(values, unit: str, lang: str = "en"):
    """``values`` in the model's ``unit`` converted to plan units; returns ``(values, unit)``."""
    divisor, shown = plan_unit(unit, lang)
    return np.asarray(values, dtype=float) / divisor, shown


def format_number(value: float, decimals: int = 1) -> str:
    """A number as a planner writes it: fixed decimals, thousands separators, no scientific
    notation, ``-0.0`` as ``0.0``, NaN as an empty string.

    >>> format_number(588103000000.0 / 1e9), format_number(-1e-17), format_number(2021, 0)
    ('588.1', '0.0', '2,021')
    """
    v = float(value)
    if not np.isfinite(v):
        return "" if np.isnan(v) else ("∞" if v > 0 else "-∞")
    text = f"{v:,.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text[1:].replace(",", "")) == 0 else text

"""One colour per technology, sector and carrier, the same in every figure and scenario.

Colours are looked up in tables, never chosen by ``if`` branches on names. A technology's
colour is, in order of preference:

1. the scenario's own colour (the ``color`` key of the technology, stored in the results
   variable ``tech_color``);
2. :data:`TECH_COLOURS` for the technology's name, then for each ``_``-separated word of the
   name (``import_qishao`` -> ``import``, ``coal_ccs`` -> ``coal``);
3. :data:`TECH_COLOURS` for the technology's fuel (``tech_fuel``);
4. the colour of its class in the technology-class table (:mod:`lowcarbon_sim.technology`);
5. a colour of matplotlib's ``tab20`` palette picked by a stable hash of the name.

Where two technologies would share a colour from steps 2-5, the later ones are shaded
lighter or darker so that every stack stays readable. A technology keeps its colour across
scenarios because the rules above depend only on its name and attributes.

Sectors use :data:`SECTOR_COLOURS`, with the same hash fallback, and carriers
:data:`CARRIER_COLOURS`.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping

import numpy as np
from matplotlib import colormaps
from matplotlib import colors as mcolors

from lowcarbon_sim.technology import TECH_CLASSES, class_attribute

#: Colours by technology name, name word or fuel (hex RGB).
TECH_COLOURS: dict[str, str] = {
    "coal": "#4d4d4d",
    "lignite": "#6b4e2e",
    "gas": "#e6a532",
    "ccgt": "#e6a532",
    "ocgt": "#f2c46d",
    "oil": "#8c564b",
    "diesel": "#8c564b",
    "nuclear": "#d62728",
    "biomass": "#3c8c3c",
    "beccs": "#1f6f3f",
    "waste": "#7a9a3a",
    "hydro": "#2a6fdb",
    "ror": "#4f8fe8",
    "wind": "#7ec8e3",
    "onwind": "#7ec8e3",
    "offwind": "#3b8eb0",
    "solar": "#f5d000",
    "pv": "#f5d000",
    "csp": "#e8a300",
    "pumped": "#1b3f8b",
    "pumped_hydro": "#1b3f8b",
    "phs": "#1b3f8b",
    "battery": "#b05cc6",
    "import": "#c0392b",
    "imports": "#c0392b",
    "electrolyser": "#17becf",
    "electrolyzer": "#17becf",
    "alkaline": "#17becf",
    "pem": "#5fd3de",
    "smr": "#9a7d0a",
    "fuel_cell": "#6ac3b0",
    "fuelcell": "#6ac3b0",
    "hydrogen": "#00a6a6",
    "h2": "#00a6a6",
    "ccs": "#6c3483",
    "ccus": "#6c3483",
    "dac": "#a569bd",
    "load_shedding": "#ff00ff",
}

#: Colours by sector (emissions and final energy figures).
SECTOR_COLOURS: dict[str, str] = {
    "power": "#4d4d4d",
    "industry": "#c0392b",
    "buildings": "#e6a532",
    "transport": "#2a6fdb",
    "agriculture": "#3c8c3c",
    "construction": "#8c564b",
    "heat": "#e377c2",
    "other": "#9e9e9e",
    "process": "#7b241c",
    "land_use": "#1e8449",
    "hydrogen": "#00a6a6",
    "ccus": "#6c3483",
}

#: Colours by energy carrier.
CARRIER_COLOURS: dict[str, str] = {
    "electricity": "#f5d000",
    "hydrogen": "#00a6a6",
    "coal": "#4d4d4d",
    "oil": "#8c564b",
    "gas": "#e6a532",
    "biomass": "#3c8c3c",
    "heat": "#e377c2",
    "co2": "#6c3483",
}

_FALLBACK = "tab20"


def _hashed(name: str) -> str:
    """A stable colour of the fallback palette for ``name`` (same in every Python run)."""
    cmap = colormaps[_FALLBACK]
    return mcolors.to_hex(cmap(zlib.crc32(name.encode()) % cmap.N))


def _shade(colour: str, step: int) -> str:
    """``colour`` made lighter (odd ``step``) or darker (even ``step``) by 18 % per step pair."""
    rgb = np.asarray(mcolors.to_rgb(colour))
    amount = 0.18 * ((step + 1) // 2)
    if step % 2:
        out = rgb + (1.0 - rgb) * amount
    else:
        out = rgb * (1.0 - amount)
    return mcolors.to_hex(np.clip(out, 0.0, 1.0))


def _lookup(name: str, table: Mapping[str, str]) -> str | None:
    key = name.lower()
    if key in table:
        return table[key]
    for word in key.replace("-", "_").split("_"):
        if word in table:
            return table[word]
    return None


def tech_colours(
    techs: Iterable[str],
    classes: Iterable[str] | None = None,
    fuels: Iterable[str] | None = None,
    given: Iterable[str] | None = None,
) -> dict[str, str]:
    """Colour (hex RGB string) of each technology.

    Parameters
    ----------
    techs
        Technology names.
    classes, fuels, given
        Optional per-technology class, fuel and scenario colour ("" where unset), in the order
        of ``techs``.

    Returns
    -------
    dict
        ``{tech: "#rrggbb"}``; scenario colours are kept as given (converted to hex).

    Examples
    --------
    >>> tech_colours(["coal", "import_qishao"])
    {'coal': '#4d4d4d', 'import_qishao': '#c0392b'}
    >>> c = tech_colours(["import_a", "import_b"])
    >>> c["import_a"] != c["import_b"]
    True
    """
    names = [str(t) for t in techs]
    n = len(names)
    classes = [str(c) for c in classes] if classes is not None else [""] * n
    fuels = [str(f) for f in fuels] if fuels is not None else [""] * n
    given = [str(g) for g in given] if given is not None else [""] * n
    out: dict[str, str] = {}
    used: dict[str, int] = {}
    for name, cls, fuel, own in zip(names, classes, fuels, given, strict=True):
        if own:
            out[name] = mcolors.to_hex(own)
            used[out[name]] = used.get(out[name], 0) + 1
            continue
        base = (
            _lookup(name, TECH_COLOURS)
            or (TECH_COLOURS.get(fuel.lower()) if fuel else None)
            or _class_colour(cls)
            or _hashed(name)
        )
        count = used.get(base, 0)
        out[name] = base if count == 0 else _shade(base, count)
        used[base] = count + 1
    return out


def _class_colour(cls: str) -> str | None:
    row = TECH_CLASSES.get(cls)
    return row.colour if row is not None else None


def dataset_tech_colours(ds) -> dict[str, str]:
    """:func:`tech_colours` for the technologies of a results Dataset (uses its attributes)."""

    def attr(name: str):
        return ds[name].values if name in ds else None

    return tech_colours(
        ds["tech"].values, attr("tech_class"), attr("tech_fuel"), attr("tech_color")
    )


def sector_colours(sectors: Iterable[str]) -> dict[str, str]:
    """Colour of each sector from :data:`SECTOR_COLOURS` (hash fallback for others).

    >>> sector_colours(["power", "industry"])
    {'power': '#4d4d4d', 'industry': '#c0392b'}
    """
    return {str(s): _lookup(str(s), SECTOR_COLOURS) or _hashed(str(s)) for s in sectors}


def tech_order(ds) -> list[str]:
    """Technologies sorted for stacking: by their class's ``stack_order`` in the
    technology-class table, dataset order within a class.

    Classes not in the table come last, in dataset order.
    """
    techs = [str(t) for t in ds["tech"].values]
    if "tech_class" not in ds:
        return techs
    rank = class_attribute(ds["tech_class"].values, "stack_order", default=float("inf"))
    pos = sorted(range(len(techs)), key=lambda i: (rank[i], i))
    return [techs[i] for i in pos]

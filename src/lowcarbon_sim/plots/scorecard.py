"""The target scorecard as a figure: each target a row, its margin against its threshold.

One horizontal bar per row of :func:`lowcarbon_sim.results.scorecard.scorecard`: the margin
divided by the size of the threshold (the achieved value where the threshold is 0, as the
rise allowed after a peak year), so that shares, intensity changes and totals share one
axis; right of 0 the target is met. Each row's label names the target and its source scope
(Hunan, national, or the scenario); the text beside the bar gives achieved against
threshold in the target's own unit, and for targets enforced in the LP whether it binds and
its price (yuan/pp, yuan/tce, yuan/t CO2).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from lowcarbon_sim.plots._common import as_dataset, new_axes, scenario_name
from lowcarbon_sim.results.scorecard import scorecard

__all__ = ["has_scorecard", "plot_scorecard"]

#: Bar colours: met with room, binding (met at the limit, with a price), missed.
COLOURS = {"slack": "#3c8c3c", "binding": "#d08c20", "missed": "#c03030"}
#: Normalised margins are clipped to this, so one far-off target does not squash the rest.
CLIP = 1.0
_SCOPES = {"hunan": "Hunan", "national": "national", "": "scenario"}


def has_scorecard(results: Any) -> bool:
    """Whether the results carry any target (enforced or checked)."""
    ds = as_dataset(results)
    return bool(ds.sizes.get("policy_target", 0) or ds.sizes.get("target", 0))


def _fmt(x: float, unit: str) -> str:
    if unit == "year":
        return str(round(x))
    if unit in ("%", "pp"):
        return f"{x:,.1f} {unit}"
    return f"{x:,.4g} {unit}"


def _state(r: dict) -> str:
    if not r["met"]:
        return "missed"
    return "binding" if r["binding"] else "slack"


def _normalised(r: dict) -> float:
    size = max(abs(r["threshold"]), 0.0)
    if r["unit"] == "year" or size == 0:
        size = abs(r["achieved"]) if r["unit"] != "year" else 10.0  # years: per decade
    if size == 0:
        return 0.0
    return float(np.clip(r["margin"] / size, -CLIP, CLIP))


def _row_text(r: dict) -> str:
    sense = str(r["sense"]).replace("<=", "≤").replace(">=", "≥")
    text = f"{_fmt(r['achieved'], r['unit'])} vs {sense} {_fmt(r['threshold'], r['unit'])}"
    if r["in_lp"]:
        state = "binding" if r["binding"] else "slack"
        if not r["met"]:
            state = "missed"
        price = r["price"]
        money = f"{price:,.0f}" if abs(price) >= 100 else f"{price:,.3g}"
        text += f"; {state}, price {money} {r['price_unit']}"
    else:
        text += "; checked after the solve" + ("" if r["met"] else " (MISSED)")
    return text


def plot_scorecard(results: Any, ax: Axes | None = None) -> Figure:
    """The scorecard figure of a run (see the module docstring)."""
    ds = as_dataset(results)
    card: pd.DataFrame = scorecard(ds)
    rows = card.to_dict("records")[::-1]  # first target at the top
    height = 1.2 + 0.55 * max(len(rows), 1)
    fig, ax = new_axes(ax, figsize=(12.0, height))
    if not rows:
        ax.text(0.5, 0.5, "no targets in this run", ha="center", va="center")
        ax.set_axis_off()
        return fig
    y = np.arange(len(rows))
    values = [_normalised(r) for r in rows]
    colours = [COLOURS[_state(r)] for r in rows]
    ax.barh(y, values, color=colours, height=0.6)
    ax.axvline(0.0, color="black", linewidth=0.8)
    # the scope of the document only where the threshold is the document's
    labels = [
        f"{r['target']} [{_SCOPES.get(r['scope'] if r['from_source'] else '', r['scope'])}"
        + ("" if r["in_lp"] else ", checked")
        + "]"
        for r in rows
    ]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(-CLIP * 1.05, CLIP * 1.05)
    # binding targets sit at 0 margin: a marker shows them where no bar does
    for yi, r in zip(y, rows, strict=True):
        if _state(r) == "binding":
            ax.plot(0.0, yi, marker="D", color=COLOURS["binding"], markersize=7)
        # right of the axes: achieved against threshold in the target's unit, and the price
        ax.text(
            1.02, yi, _row_text(r), va="center", fontsize=7.5,
            transform=ax.get_yaxis_transform(),
        )
    ax.set_xticks([-1.0, -0.5, 0.0, 0.5, 1.0])
    ax.set_xlabel("margin / threshold (right of 0: met; clipped at ±1)")
    handles = [
        Patch(color=c, label=lab)
        for lab, c in (
            ("met with room", COLOURS["slack"]),
            ("binding (priced)", COLOURS["binding"]),
            ("missed", COLOURS["missed"]),
        )
    ]
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=3,
        fontsize=8,
        frameon=False,
    )
    ax.set_title(f"Target scorecard: {scenario_name(ds)}", pad=24)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    return fig

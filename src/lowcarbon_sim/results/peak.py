"""The emission peak: over all modelled years, and among the decision years, with a plateau.

Definition (docs/results.md, "The emission peak"). For a set of years :math:`S` with
emissions :math:`E_y` and the plateau tolerance :math:`\\tau` (:data:`PLATEAU_TOLERANCE`,
1 %):

.. math::

    M_S = \\max_{y \\in S} E_y, \\qquad
    \\text{peak year}_S = \\min \\{\\, y \\in S : E_y \\ge (1 - \\tau)\\, M_S \\,\\}

i.e. the first year of the plateau: the first year whose emissions come within 1 % of the
highest. Two sets are reported:

* all modelled years (``peak_year_all``, ``peak_emissions_all``): history included;
* the decision years, after ``years.last_historical`` (``peak_year_decision``,
  ``peak_emissions_decision``): the peak the model decides. History years have fixed
  outcomes, so this is the one that can respond to a scenario; targets (``peak_before``)
  and the ensemble's peak statistics use it.

A peak in the last modelled year (``peaked = False``) means emissions are still rising (or
on a plateau that starts in the last year): the peak lies at or beyond the horizon.
``peak_year`` and ``peak_emissions`` are the decision-year values when the run has decision
years and the all-years values otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["PLATEAU_TOLERANCE", "Peak", "find_peak", "peak_attrs"]

#: Emissions within this fraction of the maximum count as the plateau (p.u.).
PLATEAU_TOLERANCE = 0.01


@dataclass(frozen=True)
class Peak:
    """A peak of an emission path."""

    year: int
    """First year of the plateau (emissions >= (1 - tolerance) x maximum)."""
    emissions: float
    """Emissions in that year, t CO2."""
    maximum: float
    """Highest emissions of the years considered, t CO2."""
    peaked: bool
    """True when the peak year is before the last year considered."""


def find_peak(years, emissions, tolerance: float = PLATEAU_TOLERANCE) -> Peak | None:
    """The plateau peak of ``emissions`` (t CO2) over ``years``; None when no years.

    >>> find_peak([2025, 2026, 2027, 2028], [300.0, 303.5, 304.0, 290.0])
    Peak(year=2026, emissions=303.5, maximum=304.0, peaked=True)
    >>> find_peak([2025, 2026], [300.0, 310.0]).peaked
    False
    """
    years = np.asarray(years, dtype=int)
    values = np.asarray(emissions, dtype=float)
    if years.size == 0:
        return None
    top = float(np.nanmax(values))
    # top - tolerance*|top|: a maximum of zero within round-off (-1e-12) is still a peak
    i = int(np.flatnonzero(values >= top - tolerance * abs(top))[0])
    return Peak(int(years[i]), float(values[i]), top, bool(years[i] < years.max()))


def peak_attrs(
    years, emissions, last_historical: int | None, tolerance: float = PLATEAU_TOLERANCE
) -> dict[str, float | int | str]:
    """Results attributes of the peak (see the module docstring).

    Parameters
    ----------
    years, emissions
        Modelled years and province emissions (t CO2) per year.
    last_historical
        ``years.last_historical``; later years are decision years (None: none are).
    """
    years = np.asarray(years, dtype=int)
    values = np.asarray(emissions, dtype=float)
    everything = find_peak(years, values, tolerance)
    out: dict[str, float | int | str] = {"peak_plateau_tolerance": float(tolerance)}
    if everything is None:
        return out
    out.update(
        peak_year_all=everything.year,
        peak_emissions_all=everything.emissions,
        peaked_all=int(everything.peaked),
    )
    decision = years > last_historical if last_historical is not None else years < years.min()
    chosen, basis = everything, "all_years"
    if decision.any():
        dec = find_peak(years[decision], values[decision], tolerance)
        out.update(
            peak_year_decision=dec.year,
            peak_emissions_decision=dec.emissions,
            peaked_decision=int(dec.peaked),
        )
        chosen, basis = dec, "decision_years"
    out.update(
        peak_year=chosen.year,
        peak_emissions=chosen.emissions,
        peaked=int(chosen.peaked),
        peak_basis=basis,
    )
    return out

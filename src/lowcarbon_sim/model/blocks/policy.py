r"""Policy block: CO2 cap, planning reserve margin, minimum non-fossil share.

.. math::

   \sum_{\text{blocks}} \mathrm{CO2}_y + X_y \le \overline{C}_y \qquad (\text{dual: CO2
   shadow price})

   \sum_g \kappa_g K_{g,y} \ge (1 + r_y)\, \hat D_y

   \sum_g \phi_g \sum_t w_t\, p_{g,y,t} \ge s_y\, \sum_t w_t D_{y,t}

with exogenous emissions :math:`X` (the sectors', when the cap covers the province),
capacity credit :math:`\kappa`, reserve margin :math:`r`, annual peak demand
:math:`\hat D`, non-fossil fraction :math:`\phi` and minimum share :math:`s`. Each applies
only in the years where it is set (decision years).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import ConstraintFamily, register
from lowcarbon_sim.model.index import ModelIndex
from lowcarbon_sim.model.user_units import UserAmount


def _pos(ix: ModelIndex, row: dict) -> int:
    """Position of a row's year."""
    return ix.year_pos[int(row["year"])]


def _share_key(
    ix: ModelIndex, key: str, share: np.ndarray, base: np.ndarray
) -> Callable[..., UserAmount]:
    """The ``user`` converter of a per-year share row (``share x base <= LP quantity``): the
    key ``key.<year>`` moves by the relaxation over ``base`` (an input, so exact), in %."""

    def amount(row: dict, _up, _lim, change: float) -> UserAmount:
        i = _pos(ix, row)
        return UserAmount(
            f"{key}.{row['year']}", share[i], share[i] + change / base[i], "%", upper=False
        )

    return amount


def add_policy(m: pyo.ConcreteModel, ix: ModelIndex, blocks) -> None:
    """Add the CO2 cap, reserve margin and non-fossil share constraints to ``m``, from the
    blocks' contributions (emissions, firm capacity, non-fossil output)."""
    cap = ix.array("co2_cap")
    exo = ix.array("exogenous_emissions")
    cap_years = [y for y in ix.years if np.isfinite(cap[ix.year_pos[y]])]
    m.co2_cap_years = pyo.Set(initialize=cap_years, ordered=True)

    def co2_rule(_m, y):
        total = sum(blk.emissions(getattr(_m, blk.name), y) for blk in blocks)
        return total <= float(cap[ix.year_pos[y]] - exo[ix.year_pos[y]])

    m.co2_cap = pyo.Constraint(
        m.co2_cap_years, rule=co2_rule, doc="CO2 cap, t CO2/yr (dual: shadow price)"
    )
    def cap_note(row: dict) -> str:
        i = _pos(ix, row)
        if exo[i] == 0:
            return ""
        return (
            f"the cap of {cap[i] / 1e6:,.1f} Mt CO2 minus {exo[i] / 1e6:,.1f} Mt CO2 of sector "
            "emissions outside the LP (the cap covers the province)"
        )

    register(
        m,
        m.co2_cap,
        ConstraintFamily(
            "CO2 cap",
            ("year",),
            "t CO2",
            keys=("policy.co2_cap.{year}",),
            rhs_note=cap_note,
            # the key is the cap itself: the LP's right-hand side plus the sectors' emissions
            user=lambda row, _up, _lim, change: UserAmount(
                f"policy.co2_cap.{row['year']}",
                cap[_pos(ix, row)] / 1e6,
                (cap[_pos(ix, row)] + change) / 1e6,
                "Mt CO2",
                upper=True,
            ),
        ),
    )

    margin = ix.array("reserve_margin")
    peak = ix.array("peak_demand")
    rm_years = [y for y in ix.years if np.isfinite(margin[ix.year_pos[y]])]
    m.reserve_years = pyo.Set(initialize=rm_years, ordered=True)

    def reserve_rule(_m, y):
        i = ix.year_pos[y]
        firm = sum(blk.firm_capacity(getattr(_m, blk.name), y) for blk in blocks)
        return firm >= float((1 + margin[i]) * peak[i])

    m.reserve_margin = pyo.Constraint(
        m.reserve_years, rule=reserve_rule, doc="firm capacity above peak demand, MW"
    )
    register(
        m,
        m.reserve_margin,
        ConstraintFamily(
            "planning reserve margin (firm capacity >= (1 + margin) x peak demand)",
            ("year",),
            "MW",
            keys=("policy.reserve_margin.{year}", "power.techs.<tech>.capacity_credit"),
            user=_share_key(ix, "policy.reserve_margin", margin, peak),
        ),
    )

    share = ix.array("min_nonfossil_share")
    annual = ix.array("annual_demand")
    nf_years = [y for y in ix.years if np.isfinite(share[ix.year_pos[y]])]
    m.nonfossil_years = pyo.Set(initialize=nf_years, ordered=True)

    def nonfossil_rule(_m, y):
        i = ix.year_pos[y]
        output = sum(blk.nonfossil_output(getattr(_m, blk.name), y) for blk in blocks)
        return output >= float(share[i] * annual[i])

    m.nonfossil_share = pyo.Constraint(
        m.nonfossil_years, rule=nonfossil_rule, doc="non-fossil electricity, MWh/yr"
    )
    register(
        m,
        m.nonfossil_share,
        ConstraintFamily(
            "minimum non-fossil share of electricity supply",
            ("year",),
            "MWh",
            keys=("policy.min_nonfossil_share.{year}",),
            # demand is an input: the share moves by the relaxation over annual demand
            user=_share_key(ix, "policy.min_nonfossil_share", share, annual),
        ),
    )

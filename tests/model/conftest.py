"""Shared fixtures of the model tests: a one-bus system built twice, as a PyPSA network and
as our technology rows, for the tests that compare a mechanism with PyPSA's."""

import logging

import numpy as np
import pytest


@pytest.fixture
def one_bus_pair():
    """Factory ``(demand, gens, discount_rate, lifetime, carriers=None, units=None) ->
    (network, techs, profiles)``: one bus, 24 snapshots weighted 365 (a year of one day), a
    load of ``demand`` (MW per hour) and extendable generators ``gens`` = {name: (capex
    yuan/kW, marginal cost yuan/MWh, availability p.u. per hour)}. PyPSA's capital cost is
    the annuity of capex over ``lifetime`` (years) at ``discount_rate``; our rows are
    ``variable`` with the same capex, lifetime, cost and availability (profile
    ``a_<name>``), to be run at the same discount rate. ``carriers`` maps names to PyPSA
    carriers (default: the name); ``units`` gives a row's unit size (MW), as PyPSA's
    ``p_nom_mod`` and our ``unit_size``."""
    pypsa = pytest.importorskip("pypsa")
    logging.getLogger("pypsa").setLevel(logging.ERROR)
    logging.getLogger("linopy").setLevel(logging.ERROR)

    def build(demand, gens, discount_rate, lifetime, carriers=None, units=None):
        annuity = discount_rate / (1 - (1 + discount_rate) ** -lifetime)
        carriers = carriers or {name: name for name in gens}
        units = units or {}
        n = pypsa.Network()
        n.set_snapshots(range(24))
        n.snapshot_weightings.loc[:, ["objective", "generators"]] = 365.0
        n.add("Bus", "b")
        n.add("Carrier", list(dict.fromkeys(carriers.values())))
        n.add("Load", "d", bus="b", p_set=np.asarray(demand))
        techs, profiles = {}, {}
        for name, (capex, mc, avail) in gens.items():
            n.add(
                "Generator",
                name,
                bus="b",
                carrier=carriers[name],
                p_nom_extendable=True,
                p_nom_mod=units.get(name, 0.0),
                capital_cost=annuity * capex * 1000,
                marginal_cost=mc,
                p_max_pu=np.asarray(avail),
            )
            profiles[f"a_{name}"] = avail
            techs[name] = {
                "class": "variable",
                "availability": f"a_{name}",
                "vom": mc,
                "capex": capex,
                "lifetime": lifetime,
                **({"unit_size": units[name]} if name in units else {}),
            }
        return n, techs, profiles

    return build

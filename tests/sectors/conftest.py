"""Tiny hand-made sector scenarios (no packaged data)."""

import pytest

from lowcarbon_sim.scenario.load import load_scenario


def tiny(sectors: dict, economy: dict | None = None, years=(2020, 2022), **extra):
    """A scenario with no data set, the given sectors and a flat economy."""
    data = {
        "dataset": None,
        "years": {"first": years[0], "last": years[1], "last_historical": years[0]},
        "economy": economy
        or {"gdp_base": 100.0, "population": 1.0, "urbanisation": 0.5, "gdp_growth": 0.0},
        "sectors": {
            "carriers": {
                "coal": {"emission_factor": 0.3, "fossil": True},
                "gas": {"emission_factor": 0.2, "fossil": True},
                "electricity": {"primary": False},
                "hydrogen": {"primary": False},
            },
            **sectors,
        },
        "profiles": {"load": {"values": [1.0] * 8760}},
        **extra,
    }
    return load_scenario(data=data)


@pytest.fixture
def make():
    return tiny

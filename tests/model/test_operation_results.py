"""Operation indicators of the results: storage cycles, full-load hours, reserve-only capacity
(issue 17: "every built plant runs or is explained", "equivalent full cycles per year")."""

import numpy as np
import pytest
import xarray as xr

from lowcarbon_sim.model.extract_operation import RESERVE_ONLY_HOURS, put_operation


def results() -> xr.Dataset:
    techs = ["coal", "gas", "battery", "electrolyser_pem", "wind"]
    classes = ["dispatchable", "dispatchable", "storage", "electrolyser", "variable"]
    gen = np.array([[4.0e6, 50.0 * 1000, 300.0 * 1000, 0.0, 0.0]])  # MWh
    cap = np.array([[1000.0, 1000.0, 1000.0, 500.0, 0.0]])  # MW
    e_cap = np.array([[0.0, 0.0, 2000.0, 0.0, 0.0]])  # MWh
    return xr.Dataset(
        {
            "generation": (("year", "tech"), gen),
            "capacity": (("year", "tech"), cap),
            "storage_energy_capacity": (("year", "tech"), e_cap),
            "tech_class": ("tech", classes),
        },
        coords={"year": [2030], "tech": techs},
    )


def test_cycles_hours_and_reserve_only_by_hand():
    out = put_operation(results())
    at = out.sel(year=2030)
    # 300 GWh discharged from 2 GWh of storage: 150 equivalent full cycles
    assert float(at["storage_cycles"].sel(tech="battery")) == pytest.approx(150.0)
    assert np.isnan(float(at["storage_cycles"].sel(tech="coal")))
    assert float(at["full_load_hours"].sel(tech="coal")) == pytest.approx(4000.0)
    # gas: 50 h < 100 h, built for the reserve margin; coal and the battery run
    assert RESERVE_ONLY_HOURS == 100.0
    flags = at["reserve_only"].to_series().to_dict()
    assert flags == {"coal": 0, "gas": 1, "battery": 0, "electrolyser_pem": 0, "wind": 0}
    # no capacity (wind) and no electricity output (electrolyser): no hours
    assert np.isnan(float(at["full_load_hours"].sel(tech="wind")))
    assert np.isnan(float(at["full_load_hours"].sel(tech="electrolyser_pem")))

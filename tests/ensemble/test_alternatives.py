"""Near-optimal alternatives (MGA) against a hand computation.

Flat demand of 100 MW served by two extendable base-load plants, coal cheaper than gas per
MWh delivered. The optimum builds 100 MW of coal at cost C*. Any mix of x MW coal and
100 - x MW gas costs (x C* + (100 - x) G) / 100, with G the all-gas cost (both plants run
flat out, so cost is linear in the mix). Within a 5 % budget the least coal is
x = 100 (G - 1.05 C*) / (G - C*). The most gas is at least what the 5 % buys as idle
capacity next to the coal fleet, 0.05 C* / F with F the fixed cost of a MW of gas (from a
solve with 10 MW of gas imposed).
"""

import pytest

from lowcarbon_sim import run
from lowcarbon_sim.ensemble.alternatives import (
    alternatives_table,
    parse_objective,
    run_alternatives,
)
from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.testing import tiny_scenario

FUELS = {
    "coal": {"price": 150.0, "emission_factor": 0.9},
    "gas": {"price": 300.0, "emission_factor": 0.4},
}


def scenario(coal_max=None, gas_min=None):
    coal = {"class": "dispatchable", "fuel": "coal", "capex": 4000.0, "vom": 5.0}
    gas = {"class": "dispatchable", "fuel": "gas", "capex": 2500.0}
    if coal_max is not None:
        coal["capacity_max"] = coal_max
    if gas_min is not None:
        gas["capacity_min"] = gas_min
    techs = {"coal": coal, "gas": gas}
    return tiny_scenario(techs, 100.0, fuels=FUELS)


def test_least_coal_and_most_gas_within_five_percent_by_hand(tmp_path):
    c_star = run(scenario()).dataset.attrs["objective"]
    all_gas = run(scenario(coal_max=0.0)).dataset.attrs["objective"]
    assert all_gas > 1.05 * c_star  # the budget binds
    x = 100 * (all_gas - 1.05 * c_star) / (all_gas - c_star)
    fixed_gas = (run(scenario(gas_min=10.0)).dataset.attrs["objective"] - c_star) / 10
    ds = run_alternatives(
        scenario(),
        ["min:capacity:coal", "max:capacity:gas", "min:emissions"],
        slack=0.05,
        out=tmp_path / "alt.nc",
    )
    assert list(ds["spores"].values) == [
        "optimum",
        "min:capacity:coal",
        "max:capacity:gas",
        "min:emissions",
    ]
    cap = ds["capacity"].sel(year=2030)
    assert float(cap.sel(spores="optimum", tech="coal")) == pytest.approx(100.0, rel=1e-6)
    assert float(cap.sel(spores="min:capacity:coal", tech="coal")) == pytest.approx(x, rel=1e-6)
    most_gas = float(cap.sel(spores="max:capacity:gas", tech="gas"))
    assert most_gas >= 0.05 * c_star / fixed_gas * (1 - 1e-6)
    # least emissions within the budget: the same mix (gas emits less per MWh)
    assert float(cap.sel(spores="min:emissions", tech="coal")) == pytest.approx(x, rel=1e-6)
    # the costs: the optimum's is the objective, the alternatives use the whole budget
    assert float(ds["spores_cost"][0]) == pytest.approx(c_star, rel=1e-9)
    assert ds["spores_cost_increase"].values[1:] == pytest.approx([0.05] * 3, rel=1e-6)
    # one live model: the first alternative adds the budget row (fresh), then warm starts
    assert list(ds["spores_solve"].values) == ["fresh", "fresh", "warm", "warm"]
    assert (tmp_path / "alt.nc").is_file()
    table = alternatives_table(ds)
    assert table.loc["min:capacity:coal", "cost +%"] == pytest.approx(5.0, abs=1e-3)


def test_objective_syntax():
    assert parse_objective("max:capacity:wind+solar").techs == ("wind", "solar")
    with pytest.raises(ScenarioError, match="expected min: or max:"):
        parse_objective("capacity:coal")
    with pytest.raises(ScenarioError, match="unknown technology"):
        run_alternatives(scenario(), ["min:capacity:nuclear"])


def test_cli_writes_the_table_and_the_dataset(tiny, tmp_path, capsys):
    from lowcarbon_sim.cli import main

    path = tiny.write(tmp_path / "s")
    out = tmp_path / "alt"
    code = main(
        [
            "alternatives",
            str(path),
            "--slack",
            "0.1",
            "--objective",
            "min:emissions",
            "--objective",
            "max:capacity:solar+battery",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "within 10 % of the least cost" in text and "min:emissions" in text
    assert (out / "alternatives.nc").is_file() and (out / "alternatives.csv").is_file()
    assert main(["alternatives", str(path), "--objective", "least:coal"]) == 2
    # existing capacity only: nothing to decide, an input error (exit 2)
    assert main(["alternatives", str(path), "--objective", "min:capacity:coal"]) == 2
    assert "nothing to decide" in capsys.readouterr().err

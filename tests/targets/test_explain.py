"""`lowcarbon-sim explain` on the shipped target variants: keys and numbers a planner can
act on, for an infeasible and a feasible scenario."""

from pathlib import Path

import pytest

from lowcarbon_sim.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_explain_infeasible_names_the_key_and_amount(capsys):
    code = main(["explain", str(ROOT / "examples" / "hunan_targets_infeasible.yaml")])
    out = capsys.readouterr().out
    assert code == 3
    assert "raise `policy.targets.co2_total.2030` by at least" in out
    assert "Mt CO2" in out


@pytest.mark.slow
def test_explain_feasible_ranks_binding_limits(capsys):
    code = main(["explain", str(ROOT / "examples" / "hunan_targets.yaml")])
    out = capsys.readouterr().out
    assert code == 0
    assert "nonfossil_share_2030: value 0.45" in out and "(binding); price" in out
    assert "yuan/pp" in out
    # the binding user limits are ranked with the keys that set them
    assert "Binding user limits" in out and "`policy.targets.nonfossil_share.2030`" in out


def test_explain_results_file(tmp_path, capsys):
    from test_target_constraints import system

    from lowcarbon_sim import run

    res = run(system({"co2_total": {2030: 0.5 * 0.85 * 100 * 8760}}))
    path = res.to_netcdf(tmp_path / "results.nc")
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "`policy.targets.co2_total.2030`" in out
    assert "co2_total_2030" in out and "yuan/t CO2" in out

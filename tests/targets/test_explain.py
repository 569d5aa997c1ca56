"""`lowcarbon-sim explain` on the shipped target variants: keys and numbers a planner can
act on, for an infeasible and a feasible scenario."""

import re
from pathlib import Path

import pytest

from lowcarbon_sim.cli.main import main
from lowcarbon_sim.errors import InfeasibleError
from lowcarbon_sim.pipeline import run
from lowcarbon_sim.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def _feasible(path: Path, key: str, value: float) -> bool:
    """Whether the scenario at ``path`` with ``key`` set to ``value`` solves."""
    try:
        run(load_scenario(path, {key: value}), diagnose=False)
    except InfeasibleError:
        return False
    return True


def _printed(out: str, key: str, unit: str) -> float:
    """The value `explain` printed for ``key``, in ``unit``."""
    way = rf"(?:raise|lower) `{re.escape(key)}` to at (?:least|most) "
    m = re.search(way + rf"(-?[\d,.]+) {unit}", out)
    assert m, out
    return float(m.group(1).replace(",", ""))


@pytest.mark.slow
def test_explain_infeasible_names_the_key_and_amount(capsys):
    path = ROOT / "examples" / "hunan_targets_infeasible.yaml"
    code = main(["explain", str(path)])
    out = capsys.readouterr().out
    assert code == 3
    key = "policy.targets.co2_total.2030"
    value = _printed(out, key, "Mt CO2")  # in the unit the example is written in
    assert "(now 150.0 Mt CO2;" in out and 150 < value < 400
    # checked independently: the printed total solves, 1 % of the change short of it not
    assert _feasible(path, key, value * 1e6)
    assert not _feasible(path, key, (150 + 0.99 * (value - 150)) * 1e6)


@pytest.mark.slow
def test_explain_infeasible_share_in_percent(capsys):
    # the feasible variant (45 % in 2030) asked for 100 %: beyond what the LP can reach (the
    # sectors' own coal, oil and gas are constants of the primary energy). Any share below
    # 100 % is reachable at some price since wind and solar builds are priced in tranches
    # instead of capped (90 % solved, at about 2.0e11 yuan per percentage point)
    path = ROOT / "examples" / "hunan_targets.yaml"
    key = "policy.targets.nonfossil_share.2030"
    code = main(["explain", str(path), "--set", f"{key}=1.0"])
    out = capsys.readouterr().out
    assert code == 3
    value = _printed(out, key, "%") / 100
    assert "(now 100.0 %;" in out and "approximate: converted at the primary energy" in out
    assert 0.3 < value < 1.0
    # the printed share solves; it is converted at the elastic solution's primary energy,
    # a sufficient relaxation, not the smallest: 1 % of the change short of it still solved
    # here (the tiny-system test, where the elastic point is the best share, checks both)
    assert _feasible(path, key, value)


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


def test_binding_limit_reports_the_side_that_binds():
    """Full-load hours are one row with a minimum and a maximum: the limit reported is the
    side that binds. ``a`` (10 yuan/MWh) must run 6,000 h although ``b`` (5) is cheaper:
    its minimum binds (600 GWh, not the 800 of its maximum), with a dual of 10 - 5."""
    from lowcarbon_sim import run as run_scenario
    from lowcarbon_sim.testing import FREE_FUEL, fixed_generator, tiny_scenario

    def limits(a_hours, b_hours):
        techs = {
            "a": fixed_generator(10.0, 100.0, min_full_load_hours=a_hours[0],
                                 max_full_load_hours=a_hours[1]),
            "b": fixed_generator(5.0, 100.0, min_full_load_hours=b_hours[0],
                                 max_full_load_hours=b_hours[1]),
        }
        ds = run_scenario(tiny_scenario(techs, 100.0, fuels=FREE_FUEL)).dataset
        return dict(zip(ds["binding_limit_key"].values.tolist(),
                        zip(ds["binding_limit_rhs"].values, ds["binding_limit_dual"].values,
                            strict=True), strict=True))

    got = limits((6000, 8000), (0, 8760))
    rhs, dual = got["power.techs.a.min_full_load_hours.2030 or "
                    "power.techs.a.max_full_load_hours.2030"]
    assert rhs == pytest.approx(600_000.0) and dual == pytest.approx(5.0)
    # b capped at 3,000 h: its maximum binds (300 GWh), a fills the rest at 10 - 5
    got = limits((0, 8760), (1000, 3000))
    rhs, dual = got["power.techs.b.min_full_load_hours.2030 or "
                    "power.techs.b.max_full_load_hours.2030"]
    assert rhs == pytest.approx(300_000.0) and dual == pytest.approx(5.0)

"""`lowcarbon-sim ensemble` and `sweep`: outputs, warnings and exit codes (0, 2, 3)."""

import pytest

from lowcarbon_sim.cli import main

PRICE = {"distribution": "uniform", "low": 0.0, "high": 300.0}


def test_ensemble_some_members_fail_exit_0_with_warning(tiny, tmp_path, capsys):
    unc = {
        "parameters": {
            "policy.co2_price": PRICE,
            "power.techs.gas.capacity_min": {"distribution": "discrete", "values": [0.0, 500.0]},
        }
    }
    path = tiny.write(tmp_path / "s", unc)
    out = tmp_path / "out"
    code = main(
        [
            "ensemble",
            str(path),
            "--samples",
            "2",
            "--scheduler",
            "synchronous",
            "--out",
            str(out),
            "--no-progress",
            "--plots",
        ]
    )
    cap = capsys.readouterr()
    assert code == 0, cap.err
    assert "warning: 1 of 2 members failed" in cap.err and "InfeasibleError" in cap.err
    assert "Traceback" not in cap.err
    assert "1/2 members ok" in cap.out
    assert (out / "ensemble.nc").is_file() and (out / "summary_peak.csv").is_file()
    assert (out / "plots" / "fan_chart.png").is_file()
    # --rerun-failed runs the failed member alone (still infeasible, still exit 0)
    code = main(
        [
            "ensemble",
            str(path),
            "--samples",
            "2",
            "--scheduler",
            "synchronous",
            "--out",
            str(out),
            "--no-progress",
            "--rerun-failed",
        ]
    )
    assert code == 0 and "(1 members run, 1 reused" in capsys.readouterr().out


def test_ensemble_all_members_fail_exit_3(tiny, tmp_path, capsys):
    unc = {
        "parameters": {
            "power.techs.gas.capacity_min": {"distribution": "uniform", "low": 300.0, "high": 400.0}
        }
    }
    path = tiny.write(tmp_path / "s", unc)
    code = main(
        [
            "ensemble",
            str(path),
            "--samples",
            "2",
            "--scheduler",
            "synchronous",
            "--out",
            str(tmp_path / "out"),
            "--no-progress",
        ]
    )
    err = capsys.readouterr().err
    assert code == 3 and "all 2 members failed" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ensemble", "{path}", "--samples", "2"], "power.techs.nope"),
        (["sweep", "{plain}", "--key", "policy.co2_price", "--values", "-1"], "-1"),
        (["ensemble", "{missing}", "--samples", "2"], "file not found"),
    ],
)
def test_bad_input_exit_2(tiny, tmp_path, capsys, args, expected):
    unc = {"parameters": {"power.techs.nope.capex": PRICE}}
    files = {
        "path": tiny.write(tmp_path / "s", unc),
        "plain": tiny.write(tmp_path / "p"),
        "missing": tmp_path / "missing.yaml",
    }
    argv = [a.format(**files) for a in args]
    code = main(
        [*argv, "--scheduler", "synchronous", "--out", str(tmp_path / "o"), "--no-progress"]
    )
    err = capsys.readouterr().err
    assert code == 2 and expected in err and err.startswith("error: ")


def test_sweep_over_the_scenario_grid(tiny, tmp_path, capsys):
    unc = {"sweep": {"power.techs.solar.capex": [2500, 3500]}}
    path = tiny.write(tmp_path / "s", unc)
    code = main(
        [
            "sweep",
            str(path),
            "--scheduler",
            "synchronous",
            "--out",
            str(tmp_path / "out"),
            "--no-progress",
        ]
    )
    assert code == 0 and "2 members run" in capsys.readouterr().out
    assert not (tmp_path / "out" / "mac_curve.csv").exists()  # not a price sweep

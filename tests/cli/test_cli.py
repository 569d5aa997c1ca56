"""The command line: exit codes, one-line errors without tracebacks, written results."""

import subprocess
import sys
import textwrap

import pytest

from lowcarbon_sim.cli import main
from lowcarbon_sim.results.core import open_results


def tiny_yaml(tmp_path, extra="", policy="{reserve_margin: null}"):
    values = ", ".join(["1.0"] * 8760)
    text = textwrap.dedent(f"""
        name: tiny_cli
        dataset: null
        years: {{first: 2030, last: 2030, last_historical: 2029}}
        time: {{mode: representative_days, days: 1}}
        profiles: {{load: {{values: [{values}]}}}}
        demand: {{electricity: 876000, profile: load}}
        policy: {policy}
        power:
          fuels: {{coal: {{price: 100, emission_factor: 0.34}}}}
          techs:
            coal: {{class: dispatchable, fuel: coal, existing_capacity: 150, extendable: false}}
    """) + textwrap.dedent(extra)
    path = tmp_path / "tiny.yaml"
    path.write_text(text)
    return path


def test_run_writes_results_and_summary(tmp_path, capsys):
    path = tiny_yaml(tmp_path)
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 0
    res = open_results(tmp_path / "out" / "results.nc")
    assert float(res.dataset["generation"].sel(year=2030, tech="coal")) == pytest.approx(876000)
    assert (tmp_path / "out" / "summary.csv").read_text().startswith("label,unit,2030")
    assert "capacity coal [GW]" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (
            ["--set", "power.techs.coal.existing_capacity=-1"],
            "power.techs.coal.existing_capacity: Input should be greater than or equal to 0",
        ),
        (["--set", "power.techs.coal.class=fusion"], "power.techs.coal.class"),
        (["--set", "power.techs.coal.capx=1"], "did you mean 'capex'"),
        (["--set", "years.first=abc"], "years.first"),
        (["--set", "novalue"], "--set expects KEY=VALUE"),
    ],
)
def test_bad_input_exits_2_with_one_message(tmp_path, capsys, args, fragment):
    path = tiny_yaml(tmp_path)
    assert main(["validate", str(path), *args]) == 2
    err = capsys.readouterr().err
    assert fragment in err
    assert "Traceback" not in err
    assert err.startswith("error: ")


def test_missing_file_and_yaml_syntax_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 2
    assert "file not found" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1,\n")
    assert main(["validate", str(bad)]) == 2
    assert "YAML syntax error at line" in capsys.readouterr().err


def test_infeasible_exits_3_and_names_constraint_and_hour(tmp_path, capsys):
    # 150 MW of must-run coal cannot be absorbed by 100 MW of demand in any hour
    path = tiny_yaml(tmp_path)
    assert (
        main(
            [
                "run",
                str(path),
                "--out",
                str(tmp_path / "o"),
                "--set",
                "power.techs.coal.min_output=1.0",
            ]
        )
        == 3
    )
    err = capsys.readouterr().err
    assert "infeasible" in err
    assert "hour " in err and "electricity balance" in err
    assert "50" in err  # the surplus, MW
    assert not (tmp_path / "o" / "results.nc").exists()


def test_too_tight_cap_is_met_by_shedding_and_says_so(tmp_path, capsys):
    # one policy mapping: a second `policy:` key would be refused as a duplicate
    path = tiny_yaml(tmp_path, policy="{reserve_margin: null, co2_cap: {2030: 1000}}")
    assert main(["run", str(path), "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert "warning: load shedding" in err and "2030" in err


def test_collector_stays_off_only_for_a_run_before_the_process_ends(tmp_path, capsys):
    # the console script's run leaves collections to the exit; an in-process call (a
    # notebook, these tests, a validate) gets the collector back as it was
    import gc

    path = tiny_yaml(tmp_path)
    assert gc.isenabled()
    try:
        assert main(["run", str(path), "--out", str(tmp_path / "a")]) == 0
        assert gc.isenabled()
        assert main(["validate", str(path)], process_ends=True) == 0
        assert gc.isenabled()
        assert main(["run", str(path), "--out", str(tmp_path / "b")], process_ends=True) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    capsys.readouterr()


def test_failed_run_keeps_the_earlier_good_result(tmp_path):
    good = tiny_yaml(tmp_path)
    out = tmp_path / "out"
    assert main(["run", str(good), "--out", str(out)]) == 0
    before = (out / "results.nc").read_bytes()
    assert (
        main(["run", str(good), "--out", str(out), "--set", "power.techs.coal.min_output=1"]) == 3
    )
    assert (out / "results.nc").read_bytes() == before
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


def test_unknown_solver_lists_available_ones(tmp_path, capsys):
    path = tiny_yaml(tmp_path)
    assert (
        main(["run", str(path), "--out", str(tmp_path / "o"), "--set", "solver.name=nosuchsolver"])
        == 2
    )
    err = capsys.readouterr().err
    assert "solver 'nosuchsolver' is not available" in err and "highs" in err


def test_python_dash_m_works(tmp_path):
    path = tiny_yaml(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "lowcarbon_sim", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "valid scenario 'tiny_cli'" in proc.stdout


def test_console_entry_passes_exit_code_and_writes_complete_files(tmp_path):
    # entry() freezes the objects out of the collector before exiting: the exit code must
    # still be main()'s and the results written before exit must be whole
    path = tiny_yaml(tmp_path)
    out = tmp_path / "out"
    ok = subprocess.run(
        [sys.executable, "-m", "lowcarbon_sim", "run", str(path), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "capacity coal [GW]" in ok.stdout
    res = open_results(out / "results.nc")
    assert float(res.dataset["generation"].sel(year=2030, tech="coal")) == pytest.approx(876000)
    bad = subprocess.run(
        [sys.executable, "-m", "lowcarbon_sim", "validate", str(tmp_path / "missing.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr


def test_data_lists_sources_and_assumptions(capsys):
    assert main(["data", "--key", "power.techs.wind.lifetime"]) == 0
    out = capsys.readouterr().out
    assert "power.techs.wind.lifetime" in out and "assumption" in out
    assert main(["data", "--assumptions", "--csv"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()[1:]
    assert rows and all(",assumption," in r for r in rows)


def test_data_ranges_lists_bounds_around_the_default(capsys):
    assert main(["data", "--ranges", "--key", "coal_usc.efficiency"]) == 0
    out = capsys.readouterr().out
    assert "power.techs.coal_usc.efficiency: 0.419 .. 0.431 .. 0.443" in out
    assert out.strip().endswith("1 ranges")
    assert main(["data", "--ranges", "--csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "key,low,high,unit,source,status,note,default" and len(lines) > 5
    assert main(["data", "--ranges", "--dataset", "atlantis"]) == 2
    assert "atlantis" in capsys.readouterr().err


def test_data_unknown_dataset_is_an_input_error(capsys):
    assert main(["data", "--dataset", "atlantis"]) == 2
    assert "atlantis" in capsys.readouterr().err

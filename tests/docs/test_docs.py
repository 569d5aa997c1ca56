"""The docs site builds strictly, its generated pages match the code, and every example and
every runnable docs snippet runs.

* ``mkdocs build --strict`` (warnings are errors) into a temporary folder; skipped when the
  ``docs`` extra (mkdocs, mkdocs-material, mkdocstrings-python) is not installed.
* The generator ``docs/gen_reference.py`` (a MkDocs hook) is checked on its own: every schema
  key appears in the scenario reference with its unit, the math conversion, the data table.
* Every ``examples/*.py`` runs in a subprocess with ``LCS_EXAMPLE_FAST=1`` (coarse time
  resolution) and writes the files its docstring promises.
* Every ```` ```python ```` block in ``docs/**/*.md`` whose first line is ``# run`` is executed
  from the repository root (the convention for "this snippet is tested").
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
RUN_MARK = "# run"
_BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.M | re.S)

# Files each example must write into the output folder it is given (fast mode).
EXAMPLE_OUTPUTS = {
    "01_run_baseline_and_plot.py": [
        "results.nc",
        "summary.txt",
        "report.html",
        "figures/capacity_mix.png",
        "figures/emissions.png",
        "figures/dispatch.png",
    ],
    "02_compare_baseline_with_cap.py": [
        "baseline.nc",
        "cap.nc",
        "comparison.png",
        "comparison.csv",
        "comparison.md",
    ],
    "03_carbon_price_sweep.py": ["sweep.nc", "mac_curve.csv", "mac_options.csv", "mac_curve.png"],
    "04_custom_constraint.py": ["reference.nc", "hard_limit.nc", "penalty.nc", "wind_2027.csv"],
    "05_ensemble.py": ["ensemble.nc", "summary_peak.csv", "fan_chart.png", "peak_years.png"],
    "06_hydrogen_ccus.py": ["results.nc", "hydrogen_flows.png", "co2_flows.png", "iamc.csv"],
    "07_own_profile.py": ["weather/my_wind.csv", "my_wind.yaml", "baseline.nc", "my_wind.nc"],
}


def _gen():
    """docs/gen_reference.py as a module."""
    spec = importlib.util.spec_from_file_location("gen_reference", DOCS / "gen_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen():
    return _gen()


# --------------------------------------------------------------------------------------
# the site


@pytest.mark.slow
def test_site_builds_strictly(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    pytest.importorskip("mkdocstrings_handlers.python")
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", site],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]

    reference = (site / "reference" / "scenario" / "index.html").read_text(encoding="utf-8")
    assert "co2_cap_scope" in reference and "yuan/kW" in reference
    equations = (site / "model" / "equations" / "index.html").read_text(encoding="utf-8")
    assert 'class="arithmatex"' in equations
    # MathJax comes with the site: offline readers see the equations
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', equations)
    assert not [s for s in scripts if "//" in s], scripts
    assert any(s.endswith("javascripts/mathjax/tex-svg.js") for s in scripts), scripts
    assert (site / "javascripts" / "mathjax" / "tex-svg.js").stat().st_size > 1_000_000
    assert "electricity_balance" in equations and "ccus.co2_balance" in equations
    data = (site / "data" / "hunan" / "index.html").read_text(encoding="utf-8")
    assert "power.techs.coal_usc.existing_capacity" in data
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    for path in (
        "scenario.load.load_scenario",
        "pipeline.run",
        "inputs.build_inputs",
        "model.build.build_model",
        "model.build.add_to_objective",
        "model.solve.solve_model",
        "results.core.Results",
        "results.core.open_results",
        "plots.plot_emissions",
        "export.iamc.to_iamc",
        "ensemble.runner.run_ensemble",
    ):
        assert f'id="lowcarbon_sim.{path}"' in api, path
    # the README's two commands are on the home page, and no reST role leaked into the API
    assert "lowcarbon-sim run scenarios/hunan_baseline.yaml" in _text(site / "index.html")
    assert ":func:" not in api and ":class:" not in api
    # the "# run" markers are stripped from the rendered pages
    started = _text(site / "getting-started" / "index.html")
    assert "lcs.open_results" in started and RUN_MARK not in started


def test_nav_and_scripts_are_local_and_unique():
    """Each page once in the navigation; no script from the network (docs read offline)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !relative tags: read them as plain strings
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)

    def pages(items):
        for item in items:
            for value in item.values() if isinstance(item, dict) else [item]:
                yield from pages(value) if isinstance(value, list) else [value]

    listed = list(pages(config["nav"]))
    assert len(listed) == len(set(listed)), sorted(p for p in listed if listed.count(p) > 1)
    for script in config["extra_javascript"]:
        assert "//" not in script, script
        assert (DOCS / script).is_file(), script


def test_dir_lists_the_public_api():
    import lowcarbon_sim

    names = dir(lowcarbon_sim)
    assert {"run", "load_scenario", "open_results", "Results", "run_sweep"} <= set(names)
    assert "Any" not in names and "annotations" not in names and "import_module" not in names
    assert all(hasattr(lowcarbon_sim, n) for n in names)


def _text(path: Path) -> str:
    """The text of an HTML page (tags removed: highlighted code is split into spans)."""
    raw = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))
    return html.unescape(raw)


# --------------------------------------------------------------------------------------
# the generator


def test_rst_math_becomes_arithmatex(gen):
    doc = (
        "Title.\n\nSection\n-------\nCost :math:`\\sum_t w_t\n p_t` here.\n\n"
        ".. math::\n\n   a = b\n\n   c \\le d\n\nafter ``code``.\n"
    )
    md = gen.rst_to_markdown(doc)
    assert "**Section**" in md
    assert "$\\sum_t w_t\n p_t$" in md  # an inline role spanning two lines
    assert md.count("$$\n") == 4  # two display equations, one per paragraph
    assert "$$\na = b\n$$" in md and "$$\nc \\le d\n$$" in md
    assert "`code`" in md and "``" not in md
    # the API pages keep numpydoc section underlines for mkdocstrings
    assert "Section\n-------" in gen.rst_to_markdown(doc, sections=False)


def test_every_schema_key_is_in_the_reference_with_its_unit(gen):
    from lowcarbon_sim.scenario.schema import FuelConfig, PolicyConfig, Scenario, TechConfig

    page = gen.scenario_reference()
    rows = {}
    for line in page.splitlines():
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        if line.startswith("| `") and len(cells) == 5:
            rows.setdefault(cells[0].strip("`"), []).append(cells)
    for model in (Scenario, TechConfig, FuelConfig, PolicyConfig):
        for name, info in model.model_fields.items():
            if not info.exclude:
                assert (info.alias or name) in rows, f"{model.__name__}.{name} missing"
    # optional series carry their unit too (the field's annotation is `series | None`)
    assert any(r[2] == "`MW`" and r[3] == "`null`" for r in rows["build_max"])
    assert any(r[2] == "`yuan/kW`" and r[3] == "`0`" for r in rows["capex"])
    assert any(r[2] == "`t CO2`" for r in rows["co2_cap"])
    assert any(r[3] == "`0.15`" and "≥ 0, ≤ 2" in r[1] for r in rows["reserve_margin"])
    assert any(r[3] == "required" for r in rows["class"])
    assert "## `power.techs.<name>` {#techconfig}" in page


def test_data_page_lists_every_sourced_number(gen):
    from lowcarbon_sim.data.provenance import data_sources

    page = gen.hunan_data_page("hunan")
    table_rows = [line for line in page.splitlines() if line.startswith("| `") and "|" in line]
    figures = data_sources("hunan")
    status_rows = 3  # the status count table
    assert len(table_rows) - status_rows == len(figures)
    assert f"| total | {len(figures)} |" in page


def test_readme_section_is_quoted(gen):
    text = gen.readme_section("Two commands")
    assert "lowcarbon-sim run scenarios/hunan_baseline.yaml" in text
    assert "python -m pytest" in text
    with pytest.raises(ValueError, match="no section"):
        gen.readme_section("No such section")


# --------------------------------------------------------------------------------------
# examples


def test_every_example_is_covered_and_documented():
    scripts = sorted(p.name for p in EXAMPLES.glob("*.py"))
    assert scripts == sorted(EXAMPLE_OUTPUTS)
    for name in scripts:
        text = (EXAMPLES / name).read_text(encoding="utf-8")
        assert text.startswith('"""'), f"{name} needs a docstring saying what it shows"
        assert "import lowcarbon_sim as lcs" in text
        assert "LCS_EXAMPLE_FAST" in text


@pytest.mark.slow
@pytest.mark.parametrize("script", sorted(EXAMPLE_OUTPUTS))
def test_example_runs_and_writes_its_outputs(script, tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "LCS_EXAMPLE_FAST": "1", "MPLBACKEND": "Agg"}
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / script), str(out)],
        cwd=tmp_path,  # examples find the scenarios from their own location
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, f"{script}:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    missing = [f for f in EXAMPLE_OUTPUTS[script] if not (out / f).is_file()]
    assert not missing, f"{script} did not write {missing}"
    assert all((out / f).stat().st_size > 0 for f in EXAMPLE_OUTPUTS[script])
    assert proc.stdout.strip(), f"{script} printed no summary"


# --------------------------------------------------------------------------------------
# runnable snippets in the docs


def runnable_blocks() -> list[tuple[str, int, str]]:
    """(file relative to docs/, line, code) of every ```python block starting with ``# run``."""
    found = []
    for md in sorted(DOCS.rglob("*.md")):
        text = md.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            code = match.group(1)
            if code.splitlines() and code.splitlines()[0].strip() == RUN_MARK:
                line = text.count("\n", 0, match.start()) + 2
                found.append((str(md.relative_to(DOCS)), line, code))
    return found


BLOCKS = runnable_blocks()


def test_the_docs_have_runnable_blocks():
    pages = {page for page, _, _ in BLOCKS}
    assert len(BLOCKS) >= 5 and len(pages) >= 3, BLOCKS


@pytest.mark.parametrize(("page", "line", "code"), BLOCKS, ids=[f"{p}:{n}" for p, n, _ in BLOCKS])
def test_docs_block_runs(page, line, code, monkeypatch):
    monkeypatch.chdir(ROOT)  # blocks name files relative to the repository root
    compiled = compile(code, f"docs/{page}:{line}", "exec")
    exec(compiled, {"__name__": "__docs__"})

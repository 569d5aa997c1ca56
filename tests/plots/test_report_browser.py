"""The HTML report of a real small run, opened in headless Chromium (Playwright driving the
system's browser): it renders without console errors, its main sections are in the rendered
DOM, every embedded figure decodes, and a screenshot is not blank.

Chromium comes from the system (Debian's ``chromium`` package, installed by ``.ci/run``; or
the path in ``LOWCARBON_CHROMIUM``); Playwright's own browser download is not used. Locally
the test is skipped when Playwright or the browser is missing; under CI (``CI`` set) that is
a failure, so the check cannot silently drop out.
"""

import io
import os
import shutil

import numpy as np
import pytest
import yaml

from lowcarbon_sim.report import write_html_report

pytestmark = pytest.mark.slow

#: Executables tried, in order, when ``LOWCARBON_CHROMIUM`` is not set.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DESCRIPTION = "A tiny test system: coal, gas, solar, a battery and an import line."


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the browser test (.ci/run installs chromium)")
    pytest.skip(reason)


def browser_path() -> str:
    """The Chromium executable (skip locally, fail under CI, when there is none)."""
    given = os.environ.get("LOWCARBON_CHROMIUM")
    if given:
        return given
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    _missing(f"no Chromium found ({', '.join(BROWSERS)})")
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the Python package playwright is not installed (pip install -e '.[dev]')")
    path = browser_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path)
        yield b
        b.close()


@pytest.fixture(scope="module")
def planner_results(rich):
    """The tiny run as a planner's results (``rich``: with sector emissions and targets, one
    missed), described and on the packaged data set (so the sources table is filled)."""
    ds = rich.copy()
    tree = yaml.safe_load(ds.attrs["scenario_yaml"])
    ds.attrs["scenario_yaml"] = yaml.safe_dump({**tree, "description": DESCRIPTION})
    ds.attrs["dataset"] = "hunan"
    return ds


def render(browser, path, width: int = 1200):
    """Open ``path``; return the page, the console messages and the page errors."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    console: list[tuple[str, str]] = []
    errors: list[str] = []
    failed: list[str] = []
    page.on("console", lambda m: console.append((m.type, m.text)))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    return page, console, errors, failed


def not_blank(png: bytes) -> tuple[float, float]:
    """(grey-level standard deviation, share of non-white pixels) of a PNG screenshot."""
    from PIL import Image

    grey = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)
    return float(grey.std()), float((grey < 245).mean())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_renders_in_a_browser_with_every_section(browser, planner_results, tmp_path, lang):
    path = write_html_report(planner_results, tmp_path / "report.html", lang=lang)
    page, console, errors, failed = render(browser, path)
    try:
        assert errors == [], errors
        assert [m for m in console if m[0] in ("error", "warning")] == []
        assert failed == []  # self-contained: nothing fetched
        assert page.title() == "lowcarbon-sim report: tiny"
        assert "tiny" in page.inner_text("h1")
        headings = page.locator("h2").all_inner_texts()
        words = (
            ["Key figures", "Targets", "Figures", "Run", "Data sources"]
            if lang == "en"
            else ["主要指标", "目标完成情况", "图表", "运行信息", "数据来源"]
        )
        assert [w for w in words if w not in headings] == [], headings
        # the description, shown (not just in the source)
        assert page.locator("p.description").inner_text() == DESCRIPTION
        assert page.locator("p.description").is_visible()
        # key figures: a section row and technology rows with numbers in every year column
        key = page.locator("table.key")
        assert key.is_visible()
        header = key.locator("thead th").all_inner_texts()
        assert header[2:] == ["2028", "2029", "2030"]
        assert key.locator("td.section").count() >= 3
        solar = "Solar" if lang == "en" else "光伏"
        row = key.locator("tr", has=page.locator(f"td:text-is('{solar}')")).first
        cells = row.locator("td").all_inner_texts()
        assert len(cells) == 5 and all(c.strip() for c in cells[2:])
        # the scorecard: three targets, one missed, display names
        card = page.locator("h2", has_text=words[1]).locator("xpath=following-sibling::table[1]")
        assert card.locator("tbody tr").count() == 3
        cells = [c.strip() for c in card.locator("tbody td").all_inner_texts()]
        missed = "MISSED" if lang == "en" else "未完成"
        assert cells.count(missed) == 1
        if lang == "en":
            assert "CO2 2030" in card.locator("tbody td:first-child").all_inner_texts()
        # every figure decoded by the browser, at a real size, with its caption
        figures = page.locator("figure")
        n = figures.count()
        assert n >= 5
        sizes = page.eval_on_selector_all(
            "figure img", "els => els.map(e => [e.complete, e.naturalWidth, e.naturalHeight])"
        )
        assert len(sizes) == n
        assert all(ok and w > 200 and h > 100 for ok, w, h in sizes), sizes
        assert all(t.strip() for t in figures.locator("figcaption").all_inner_texts())
        # sources: the data set named, its table collapsed but there
        sources = page.locator("h2", has_text=words[-1]).locator("xpath=following-sibling::p[1]")
        assert "hunan" in sources.inner_text()
        assert page.locator("details table").count() >= 1
        # the page fits the window: no sideways scrolling of the tables
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # a screenshot of the whole page is not blank
        png = page.screenshot(full_page=True)
        (tmp_path / f"report_{lang}.png").write_bytes(png)
        spread, inked = not_blank(png)
        assert spread > 20 and inked > 0.05, (spread, inked)
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height > 900 * n / 2  # the figures are laid out, not collapsed
    finally:
        page.close()

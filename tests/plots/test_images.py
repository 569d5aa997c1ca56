"""Image comparison of a few figures drawn from hand-made results (no solve, so the images
are the same on every run).

With pytest-mpl: ``python -m pytest --mpl tests/plots/test_images.py`` compares each figure
with ``tests/plots/baseline/<test name>.png`` (RMS tolerance :data:`TOLERANCE`); regenerate
the baselines after an intended change with
``python -m pytest --mpl-generate-path=tests/plots/baseline tests/plots/test_images.py``.
Without ``--mpl`` the same baselines are compared by :func:`test_images_match_baselines`
(matplotlib's own ``compare_images``), so the default test run checks them too.
"""

from pathlib import Path

import matplotlib
import pytest
from matplotlib.testing.compare import compare_images
from synthetic import synthetic_lmdi, synthetic_results, synthetic_scorecard

from lowcarbon_sim.plots import (
    plot_capacity_mix,
    plot_lmdi,
    plot_nonfossil_share,
    plot_scorecard,
)

BASELINE = Path(__file__).parent / "baseline"
#: RMS difference allowed (0-255 grey levels): text rendering differs a little between
#: FreeType versions; a moved bar, a lost legend entry or a changed colour is far above it.
TOLERANCE = 3.0

FIGURES = {
    "test_capacity_mix_image": lambda: plot_capacity_mix(synthetic_results()),
    "test_nonfossil_share_image": lambda: plot_nonfossil_share(synthetic_results()),
    "test_lmdi_image": lambda: plot_lmdi(synthetic_lmdi()),
    "test_scorecard_image": lambda: plot_scorecard(synthetic_scorecard()),
}

try:  # the marker is pytest-mpl's; without the plugin the tests below still run
    import pytest_mpl  # noqa: F401

    image_compare = pytest.mark.mpl_image_compare(
        baseline_dir="baseline", tolerance=TOLERANCE, style="default", savefig_kwargs={"dpi": 80}
    )
except ImportError:  # pragma: no cover

    def image_compare(f):
        return f


@pytest.fixture(autouse=True)
def _same_style():
    with matplotlib.rc_context(matplotlib.rcParamsDefault):
        matplotlib.use("Agg")
        yield


@image_compare
def test_capacity_mix_image():
    return FIGURES["test_capacity_mix_image"]()


@image_compare
def test_nonfossil_share_image():
    return FIGURES["test_nonfossil_share_image"]()


@image_compare
def test_lmdi_image():
    return FIGURES["test_lmdi_image"]()


@image_compare
def test_scorecard_image():
    return FIGURES["test_scorecard_image"]()


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_images_match_baselines(name, tmp_path):
    expected = BASELINE / f"{name}.png"
    actual = tmp_path / f"{name}.png"
    FIGURES[name]().savefig(actual, dpi=80)
    result = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert result is None, result

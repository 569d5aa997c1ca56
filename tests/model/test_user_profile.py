"""A user's own CSV profile replaces a packaged one from YAML and moves the result.

The scenario file lives in a temporary folder, extends the shipped baseline and names
``profiles.wind.file`` relative to itself (the test runs from another working directory).
The user's series is the packaged wind shape, read from a column ``cf`` and scaled by 1.3:
30 % more wind per MW in every hour. With the same fleet and costs, more wind energy displaces
fuel and imports, so wind output rises and the system cost falls.
"""

import numpy as np
import pytest

from lowcarbon_sim import load_scenario, run
from lowcarbon_sim.data import package_path
from lowcarbon_sim.data.profiles import read_profile

PACKAGED = read_profile(
    package_path("hunan/profiles/hunan_wind_availability_pu.csv"), "wind_availability_pu"
)
# One decision year over its first week: a small LP that still builds and dispatches wind.
SMALL = """
years: {first: 2030, last: 2030}
time: {mode: hours, hours: 168}
"""


def write_scenario(folder, baseline_path, profile_block: str):
    (folder / "weather").mkdir()
    path = folder / "mine.yaml"
    path.write_text(f"extends: {baseline_path}\nname: mine\n{SMALL}{profile_block}")
    return path


@pytest.fixture(scope="module")
def runs(tmp_path_factory, baseline_path):
    folder = tmp_path_factory.mktemp("user_profile")
    path = write_scenario(
        folder,
        baseline_path,
        "profiles:\n  wind: {file: weather/my_wind.csv, column: cf, scale: 1.3}\n",
    )
    hours = np.arange(8760)
    # clip so that 1.3 x the series stays within 0..1 p.u.
    values = np.minimum(PACKAGED, 0.769)  # 1.3 x 0.769 < 1
    lines = ["hour,other,cf"] + [f"{h},0.5,{v:.6f}" for h, v in zip(hours, values, strict=True)]
    (folder / "weather" / "my_wind.csv").write_text("\n".join(lines) + "\n")
    reference = folder / "reference.yaml"
    reference.write_text(f"extends: {baseline_path}\nname: reference\n{SMALL}")
    return {
        "values": values,
        "user": run(load_scenario(path)),
        "packaged": run(load_scenario(reference)),
    }


def test_the_user_file_is_read_relative_to_the_scenario(runs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not the scenario's folder
    avail = runs["user"].inputs["availability"].sel(tech="wind").values
    # the first 168 hours, rescaled so they keep the full year's mean (that of 1.3 x cf),
    # never above the full series' maximum: scale and clip until the mean holds
    full = 1.3 * runs["values"]
    expected = full[:168]
    for _ in range(100):
        expected = np.clip(expected * full.mean() / expected.mean(), 0, full.max())
    assert expected.mean() == pytest.approx(full.mean(), rel=1e-9)
    np.testing.assert_allclose(avail, expected, rtol=1e-6)
    packaged = runs["packaged"].inputs["availability"].sel(tech="wind").values
    assert not np.allclose(avail, packaged)


def test_windier_profile_raises_wind_output_and_lowers_cost(runs):
    user, packaged = runs["user"].dataset, runs["packaged"].dataset
    wind = "generation", {"tech": "wind", "year": 2030}
    more = float(user[wind[0]].sel(wind[1])) / float(packaged[wind[0]].sel(wind[1]))
    assert more > 1.05
    assert user.attrs["objective"] < packaged.attrs["objective"]
    assert float(user["emissions_power"].sum()) <= float(packaged["emissions_power"].sum()) + 1


def test_a_gap_in_the_user_file_is_refused_with_file_and_row(tmp_path, baseline_path):
    from lowcarbon_sim.errors import DataError

    path = write_scenario(
        tmp_path, baseline_path, "profiles:\n  wind: {file: weather/gappy.csv, column: cf}\n"
    )
    rows = ["hour,cf"] + [f"{h},{'' if h == 100 else 0.3}" for h in range(8760)]
    (tmp_path / "weather" / "gappy.csv").write_text("\n".join(rows) + "\n")
    with pytest.raises(DataError, match=r"gappy\.csv \(from profiles\.wind\.file\).*hour 100"):
        run(load_scenario(path))

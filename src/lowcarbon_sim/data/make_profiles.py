"""Make the synthetic Hunan wind and solar availability profiles (seeded, deterministic).

Run ``python -m lowcarbon_sim.data.make_profiles`` to rewrite
``data/hunan/profiles/hunan_{solar,wind}_availability_pu.csv``; the same bytes come out on
every run. Both series are SYNTHETIC: shapes from physics and stated assumptions, scaled to
the sourced 2020 full-load hours of Hunan (solar 902 h, wind 2,028 h; Wind/CEC series in
energyandcleanair/china_co2, see the profiles README).

Solar
    pvlib solar position and Ineichen clear-sky irradiance for Changsha (28.23 N, 112.94 E,
    50 m; Linke turbidity from pvlib's climatology), transposed to a fixed plane tilted 20 deg
    facing south (isotropic sky). Clouds: a daily clearness factor from a seeded AR(1) process
    (lag-1 correlation 0.6) whose monthly mean follows the assumed cloudiness of Hunan
    (overcast, rainy spring; sunnier July-September); within a day, seeded hourly noise.
    The diffuse share rises as the sky darkens. Output = plane-of-array irradiance / 1000
    W/m2 with a cell-temperature derate (-0.4 %/K over 25 C, cells 25 K above a seasonal
    ambient), clipped to 1, then scaled to 902 full-load hours.
Wind
    Hourly hub-height wind speed from a seeded Ornstein-Uhlenbeck process in Gaussian space
    (hourly persistence 0.97) mapped to Weibull marginals (shape 2) whose scale follows an
    assumed seasonal cycle (windier winter and spring, calm summer) and a diurnal cycle
    (stronger in the afternoon and night at ridge-top sites); through a generic 3-MW-class
    power curve (cut-in 3 m/s, rated 11 m/s, cut-out 25 m/s) and scaled to 2,028 full-load
    hours.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from lowcarbon_sim.units import HOURS_PER_YEAR

HOURS = HOURS_PER_YEAR
LATITUDE, LONGITUDE, ALTITUDE = 28.23, 112.94, 50.0
SOLAR_FLH = 902.0
WIND_FLH = 2028.0
SOLAR_SEED = 20200902
WIND_SEED = 20202028
# assumed monthly mean clearness factor (share of clear-sky irradiance reaching the panels)
CLEARNESS = np.array([0.42, 0.40, 0.42, 0.48, 0.52, 0.55, 0.68, 0.70, 0.64, 0.58, 0.50, 0.45])
# assumed monthly relative wind speed and diurnal shape (hour 0..23, China Standard Time)
WIND_SEASON = np.array([1.10, 1.12, 1.10, 1.05, 0.95, 0.88, 0.85, 0.86, 0.92, 1.00, 1.06, 1.10])
WIND_DIURNAL = 1 + 0.08 * np.cos(2 * np.pi * (np.arange(24) - 15) / 24)
FOLDER = Path(__file__).resolve().parent / "hunan" / "profiles"


def _month_of_hour() -> np.ndarray:
    days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    return np.repeat(np.arange(12), days * 24)


def _ar1(innovations: np.ndarray, rho: float) -> np.ndarray:
    """AR(1) series ``x[0] = 0``, ``x[t] = rho * x[t-1] + innovations[t-1]`` (length n + 1)."""
    from scipy import signal

    return signal.lfilter([1.0], [1.0, -rho], np.concatenate([[0.0], innovations]))


def _scale_to_hours(raw: np.ndarray, target: float) -> np.ndarray:
    """Scale so that the sum is ``target`` full-load hours, keeping values within 0..1."""
    x = raw.copy()
    for _ in range(50):  # clipping at 1 lowers the sum; iterate to the fixed point
        x = np.clip(x * target / x.sum(), 0.0, 1.0)
        if abs(x.sum() - target) < 1e-9 * target:
            break
    return x


def solar_profile(seed: int = SOLAR_SEED) -> np.ndarray:
    """Synthetic hourly PV output for Changsha, scaled to 902 full-load hours.

    Parameters
    ----------
    seed
        Seed of the cloudiness process (:func:`numpy.random.default_rng`); the packaged file
        uses ``SOLAR_SEED``.

    Returns
    -------
    numpy.ndarray
        8760 values in p.u. of installed capacity (0..1), hour 0 = 1 January 00:00 China
        Standard Time; the sum is 902 h.
    """
    import pandas as pd
    import pvlib

    rng = np.random.default_rng(seed)
    # hour-beginning stamps; evaluate the sun at the middle of each hour
    times = pd.date_range("2019-01-01 00:30", periods=HOURS, freq="h", tz="Asia/Shanghai")
    site = pvlib.location.Location(LATITUDE, LONGITUDE, tz="Asia/Shanghai", altitude=ALTITUDE)
    sun = site.get_solarposition(times)
    clear = site.get_clearsky(times, model="ineichen")
    month = _month_of_hour()
    # daily clearness: AR(1) around the monthly mean in logit space
    day_month = month[::24]
    z = _ar1(np.sqrt(1 - 0.6**2) * rng.normal(size=364), 0.6)
    mean = CLEARNESS[day_month]
    logit = np.log(mean / (1 - mean)) + 0.9 * z
    daily = 1 / (1 + np.exp(-logit))
    hourly = np.clip(np.repeat(daily, 24) * (1 + 0.15 * rng.normal(size=HOURS)), 0.05, 1.0)
    ghi = clear["ghi"].to_numpy() * hourly
    diffuse_share = np.clip(1.0 - 0.9 * hourly, 0.15, 1.0)
    dhi = ghi * diffuse_share
    cosz = np.clip(np.cos(np.radians(sun["apparent_zenith"].to_numpy())), 0.05, None)
    dni = np.where(sun["apparent_zenith"].to_numpy() < 89, (ghi - dhi) / cosz, 0.0)
    poa = pvlib.irradiance.get_total_irradiance(
        surface_tilt=20,
        surface_azimuth=180,
        solar_zenith=sun["apparent_zenith"],
        solar_azimuth=sun["azimuth"],
        dni=dni,
        ghi=ghi,
        dhi=dhi,
        albedo=0.2,
        model="isotropic",
    )["poa_global"].to_numpy()
    ambient = 17 + 11 * np.cos(2 * np.pi * (np.arange(HOURS) / HOURS - 0.55))
    derate = 1 - 0.004 * (ambient + 25 * poa / 1000 - 25)
    raw = np.clip(np.nan_to_num(poa / 1000 * derate), 0.0, 1.0)
    return _scale_to_hours(raw, SOLAR_FLH)


def wind_profile(seed: int = WIND_SEED) -> np.ndarray:
    """Synthetic hourly onshore wind output for Hunan, scaled to 2,028 full-load hours.

    Parameters
    ----------
    seed
        Seed of the wind-speed process (:func:`numpy.random.default_rng`); the packaged file
        uses ``WIND_SEED``.

    Returns
    -------
    numpy.ndarray
        8760 values in p.u. of installed capacity (0..1), hour 0 = 1 January 00:00 China
        Standard Time; the sum is 2,028 h.
    """
    from scipy import special

    rng = np.random.default_rng(seed)
    rho = 0.97
    noise = rng.normal(size=HOURS) * np.sqrt(1 - rho**2)
    g = _ar1(noise[1:], rho)
    u = np.clip(0.5 * (1 + special.erf(g / np.sqrt(2))), 1e-9, 1 - 1e-9)
    hour_of_day = np.arange(HOURS) % 24
    scale = 7.0 * WIND_SEASON[_month_of_hour()] * WIND_DIURNAL[hour_of_day]
    speed = scale * (-np.log(1 - u)) ** (1 / 2.0)  # Weibull, shape 2
    power = np.clip((speed**3 - 3.0**3) / (11.0**3 - 3.0**3), 0.0, 1.0)
    power[(speed < 3.0) | (speed > 25.0)] = 0.0
    return _scale_to_hours(power, WIND_FLH)


def write_profile(path: Path, column: str, values: np.ndarray) -> None:
    """Write ``hour,<column>`` with values rounded to 6 decimals."""
    lines = [f"hour,{column}"] + [f"{h},{v:.6f}" for h, v in enumerate(values)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    """Rewrite the two packaged CSV files."""
    write_profile(
        FOLDER / "hunan_solar_availability_pu.csv", "solar_availability_pu", solar_profile()
    )
    write_profile(FOLDER / "hunan_wind_availability_pu.csv", "wind_availability_pu", wind_profile())


if __name__ == "__main__":
    main()

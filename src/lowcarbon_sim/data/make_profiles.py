"""Make the synthetic Hunan wind and solar availability profiles (seeded, deterministic).

Run ``python -m lowcarbon_sim.data.make_profiles`` to rewrite
``data/hunan/profiles/hunan_{solar,wind}_availability_pu.csv``; the same bytes come out on
every run. Both series are SYNTHETIC: shapes from physics and stated assumptions, scaled to
the sourced full-load hours of Hunan (solar 902 h, 2020; wind 2,131 h, the mean of
2020-2023; Wind/CEC series in energyandcleanair/china_co2, see the profiles README). The
model scales them to each history year's hours with ``availability_scale``.

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
    A fleet of eight wind farms. Hourly hub-height wind speed at each farm from a seeded
    Ornstein-Uhlenbeck process in Gaussian space (hourly persistence 0.97): a component
    common to the province (correlation 0.6 between farms) plus a local one, mapped to
    Weibull marginals (shape 2) whose scale follows a seasonal factor per month, an assumed
    diurnal cycle (stronger in the afternoon and night at ridge-top sites) and a farm factor
    (0.75..1.25: sites differ); through a generic 3-MW-class power curve (cut-in 3 m/s,
    rated 11 m/s, cut-out 25 m/s). The fleet output is ``tanh(k x mean farm output)``: a
    smooth saturation standing for wakes, electrical losses and units out of service, so
    that the fleet never reaches its installed capacity; ``k`` is chosen so that the year
    sums to 2,131 full-load hours (mean of the sourced 2020-2023 Hunan utilisation hours
    2,028, 2,080, 2,144, 2,271). The seasonal factors are fitted (fixed point) so that each
    month's share of the year equals the mean share of the CEC's monthly utilisation hours
    of 2019-2023 (``monthly_generation.csv``, January and February as one value). Fleet
    maximum 0.787 (assumed cap 0.85 in any year after the per-year ``availability_scale``;
    see the profiles README).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from lowcarbon_sim.units import DAYS_IN_MONTH, HOURS_PER_YEAR

HOURS = HOURS_PER_YEAR
LATITUDE, LONGITUDE, ALTITUDE = 28.23, 112.94, 50.0
SOLAR_FLH = 902.0
WIND_FLH = 2131.0  # mean of 2,028 (2020), 2,080, 2,144, 2,271 (2023) h
# wind fleet: farms, correlation of their weather, spread of their mean wind speed
WIND_FARMS, WIND_CORRELATION, WIND_SITE_SPREAD = 8, 0.6, 0.25
SOLAR_SEED = 20200902
WIND_SEED = 20202028
# assumed monthly mean clearness factor (share of clear-sky irradiance reaching the panels)
CLEARNESS = np.array([0.42, 0.40, 0.42, 0.48, 0.52, 0.55, 0.68, 0.70, 0.64, 0.58, 0.50, 0.45])
# assumed diurnal shape of the wind speed (hour 0..23, China Standard Time)
WIND_DIURNAL = 1 + 0.08 * np.cos(2 * np.pi * (np.arange(24) - 15) / 24)
FOLDER = Path(__file__).resolve().parent / "hunan" / "profiles"


def _month_of_hour() -> np.ndarray:
    return np.repeat(np.arange(12), np.array(DAYS_IN_MONTH) * 24)


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


def wind_month_shares(folder: Path = FOLDER.parent) -> np.ndarray:
    """Share of a typical year's wind full-load hours in each month (12 values, sum 1).

    The mean of the yearly shares of ``full_load_hours.wind`` in ``monthly_generation.csv``
    (CEC utilisation hours of Hunan's wind plants, 2019-2023); January and February come as
    one value and are split by their days.
    """
    from lowcarbon_sim.data.monthly import monthly_shapes

    shapes = monthly_shapes(folder, "full_load_hours.wind")
    return np.asarray(shapes[max(shapes)])


def wind_profile(seed: int = WIND_SEED) -> np.ndarray:
    """Synthetic hourly output of Hunan's onshore wind fleet: 2,131 full-load hours a year,
    spread over the months as the CEC's monthly utilisation hours of 2019-2023.

    Parameters
    ----------
    seed
        Seed of the wind-speed processes (:func:`numpy.random.default_rng`); the packaged
        file uses ``WIND_SEED``.

    Returns
    -------
    numpy.ndarray
        8760 values in p.u. of installed capacity (0..1, maximum about 0.8), hour 0 =
        1 January 00:00 China Standard Time; the sum is 2,131 h.
    """
    from scipy import optimize, special

    rng = np.random.default_rng(seed)
    rho = 0.97

    def gaussian_process() -> np.ndarray:
        return _ar1(rng.normal(size=HOURS - 1) * np.sqrt(1 - rho**2), rho)

    common = gaussian_process()
    farms = [
        np.sqrt(WIND_CORRELATION) * common + np.sqrt(1 - WIND_CORRELATION) * gaussian_process()
        for _ in range(WIND_FARMS)
    ]
    # standard Weibull (shape 2) quantiles of each farm's hourly Gaussian weather
    weibull = [
        (-np.log(1 - np.clip(0.5 * (1 + special.erf(g / np.sqrt(2))), 1e-9, 1 - 1e-9))) ** 0.5
        for g in farms
    ]
    farm_factor = 1 + WIND_SITE_SPREAD * np.linspace(-1, 1, WIND_FARMS)
    month = _month_of_hour()
    diurnal = WIND_DIURNAL[np.arange(HOURS) % 24]
    # the CEC series gives January and February as one value: fit them as one group
    group = np.maximum(month - 1, 0)
    target = np.bincount(np.maximum(np.arange(12) - 1, 0), wind_month_shares())

    def fleet_output(season: np.ndarray) -> np.ndarray:
        scale = 7.0 * season[group] * diurnal
        fleet = np.zeros(HOURS)
        for factor, w in zip(farm_factor, weibull, strict=True):
            speed = factor * scale * w
            power = np.clip((speed**3 - 3.0**3) / (11.0**3 - 3.0**3), 0.0, 1.0)
            power[(speed < 3.0) | (speed > 25.0)] = 0.0
            fleet += power / WIND_FARMS
        k = optimize.brentq(lambda k: np.tanh(k * fleet).sum() - WIND_FLH, 0.1, 20.0, xtol=1e-14)
        return np.tanh(k * fleet)

    # seasonal wind-speed factors fitted so the monthly shares match the statistics
    season = np.ones(11)
    for _ in range(200):
        out = fleet_output(season)
        shares = np.bincount(group, out) / out.sum()
        if np.abs(shares / target - 1).max() < 1e-9:
            break
        season *= (target / shares) ** 0.5
    return out


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

"""Scenario schema of the economy and the sector modules (``economy:`` and ``sectors:``).

Every sector is described by the same kind of row, a *subsector*:

* an **activity** path (physical output in t, floor area in m2, a vehicle stock, or an index
  of value added with 2020 = 1), given for some years and extended by a growth rate or by a
  macro driver (GDP, population) raised to an elasticity;
* **routes** (technology pathways: blast furnace vs. scrap-EAF vs. hydrogen DRI, petrol vs.
  electric cars) whose shares move over time;
* per route, **end uses** with an energy intensity per unit of activity, a **fuel mix** (the
  share of each carrier, moving over time) and optionally a conversion efficiency per carrier
  (a heat pump's coefficient of performance), plus process emissions (clinker calcination)
  and the share of direct CO2 that is capturable by CCUS;
* an optional **stock model** (vehicles): the activity is the stock, route shares follow from
  the sales shares of new vehicles and a survival curve.

Numbers are read in the unit each field declares; energy may be written with any energy unit
(``"545 kgce"``, ``"17 GJ"``, ``"0.15 kWh"``), meaning per unit of the subsector's activity.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from lowcarbon_sim.scenario.types import StrictModel, Unit, quantity, series
from lowcarbon_sim.units import ENERGY_UNITS, parse_amount

#: Macro drivers of activity (the rest of `SubsectorConfig.driver` names subsectors).
MACRO_DRIVERS = ("gdp", "population", "urban_population", "rural_population")
#: Order in which the sections are computed: a subsector may follow one of an earlier section.
SECTIONS = ("industry", "buildings", "transport", "other")
SHARE_TOLERANCE = 1e-6
_PERIOD = re.compile(r"^\d{4}-\d{4}$")


def amount(unit: str, table: dict[str, float], **bounds: float) -> Any:
    """A float in ``unit``; a string ``"<number> <u>"`` with ``u`` a key of ``table`` is
    converted (``table[u]`` is the factor to ``unit``). A trailing ``/<activity unit>`` is
    allowed and only documents what the number is per."""

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            return parse_amount(value, unit, table)
        if isinstance(value, bool):
            raise ValueError(f"expected a number in {unit}, got a boolean")
        return value

    return Annotated[
        float, BeforeValidator(convert), Field(allow_inf_nan=False, **bounds), Unit(unit)
    ]


def amount_series(unit: str, table: dict[str, float], **bounds: float) -> Any:
    """A value per year (one number, or ``{year: value}``) read with :func:`amount`."""
    q = amount(unit, table, **bounds)
    return Annotated[q | dict[int, q], Unit(unit)]


ENERGY = amount_series("MWh", ENERGY_UNITS, ge=0)
SHARE = series("1", ge=0, le=1)
RATE = series("1", ge=-0.5, le=0.5)


def _activity_number(value: Any) -> Any:
    """An activity: a number, or ``"<number> <label>"`` whose label names the activity unit
    (informational: it must match the subsector's `activity_unit`, checked there)."""
    if isinstance(value, str):
        head = value.strip().split(None, 1)
        try:
            return float(head[0])
        except (ValueError, IndexError):
            raise ValueError(f"expected a number (and a unit label), got {value!r}") from None
    return value


_ACTIVITY = Annotated[float, BeforeValidator(_activity_number), Field(allow_inf_nan=False, ge=0)]
PLAIN = _ACTIVITY | dict[int, _ACTIVITY]
MILLION = amount_series("million", {"million": 1.0, "persons": 1e-6, "": 1.0}, ge=0)
CO2_PER_UNIT = amount_series("t CO2", {"t CO2": 1.0, "kg CO2": 1e-3}, ge=0)


# --------------------------------------------------------------------------------------
# economy


class EconomyConfig(StrictModel):
    """Macro drivers of the province: GDP and population (drive activity and intensities)."""

    base_year: int = 2020
    """Year of `gdp_base`; GDP in other years follows `gdp_growth` (constant base-year
    prices)."""
    gdp_base: quantity("yuan", ge=0) = 0.0
    """GDP in `base_year`, yuan at constant base-year prices (`"4154.26 bn yuan"` accepted)."""
    gdp_growth: RATE = 0.0
    """Real GDP growth over the previous year, 1/yr, for the years after `base_year`."""
    population: MILLION = 0.0
    """Year-end permanent population, million persons."""
    urbanisation: SHARE = 0.0
    """Share of the population living in towns and cities, p.u."""


# --------------------------------------------------------------------------------------
# sectors


class CarrierConfig(StrictModel):
    """An energy carrier used by the sectors (coal, oil, gas, electricity, heat, ...)."""

    emission_factor: series("t CO2/MWh", ge=0) = 0.0
    """Direct CO2 per MWh of final energy burnt, t CO2/MWh (`kg CO2/GJ`, `t CO2/tce`
    accepted); 0 for electricity, heat and hydrogen, whose emissions arise upstream."""
    fossil: bool = False
    """Whether the carrier is a fossil fuel (counts as fossil primary energy)."""
    primary: bool = True
    """Whether final use of the carrier counts as primary energy (False for secondary
    carriers: electricity, heat, hydrogen, whose inputs are counted where they are made)."""


class EndUseConfig(StrictModel):
    """One end use of a route: energy intensity, fuel mix and conversion efficiencies."""

    intensity: ENERGY = 0.0
    """Energy needed per unit of activity, MWh per activity unit, before conversion losses:
    final energy of a carrier is `intensity x share / efficiency` (with every efficiency 1
    the intensity is final energy)."""
    shares: dict[str, SHARE] = Field(default_factory=dict)
    """Share of each carrier in the end use, p.u., per year; they sum to 1 (see `balance`)."""
    balance: str | None = None
    """Carrier whose share is 1 minus the others' (so raising one share lowers it); when
    unset the given shares must sum to 1."""
    efficiency: dict[str, series("1", gt=0, le=10)] = Field(default_factory=dict)
    """Conversion efficiency by carrier relative to the intensity's basis, p.u. (a heat
    pump's COP of 3 against a resistance heater's 1); 1 when not given."""
    per_material: bool = False
    """Whether the end use scales with the route's `material_ratio` (kiln fuel per t of
    clinker when the activity is cement)."""
    non_energy: bool = False
    """Whether the end use's carriers are not burnt: feedstock, asphalt, lubricants and
    other non-energy use, or fuel lost in storage, transport and conversion. They count as
    final and primary energy (Chinese energy statistics include them) but emit no combustion
    CO2 (emission inventories such as CEADs leave them out)."""
    emission_factors: dict[str, series("t CO2/MWh", ge=0)] = Field(default_factory=dict)
    """Direct CO2 per MWh burnt of a carrier in this end use, t CO2/MWh (`kg CO2/GJ`,
    `t CO2/tce` accepted), per year, replacing the carrier's `emission_factor` here: for a
    sector whose fuel energy comes from an energy balance and whose CO2 from an inventory
    that converts the same fuel with other heat values and factors."""


class RouteConfig(StrictModel):
    """A technology pathway of a subsector, with its share of the activity."""

    share: SHARE = 0.0
    """Share of the subsector's activity made by this route, p.u., per year (for a stock
    model: the share of the base-year stock)."""
    sales_share: SHARE = 0.0
    """Stock model only: share of new vehicles sold, p.u., per year."""
    end_uses: dict[str, EndUseConfig] = Field(default_factory=dict)
    """End uses by name (space_heating, process_heat, traction, ...)."""
    process_emissions: CO2_PER_UNIT = 0.0
    """Non-combustion CO2 per unit of material, t CO2 (clinker calcination per t clinker)."""
    material_ratio: series("1", ge=0, le=10) = 1.0
    """Units of material per unit of activity, p.u. (clinker-to-cement ratio); multiplies
    `process_emissions` and the end uses marked `per_material`."""
    capturable_share: SHARE = 0.0
    """Share of the route's direct CO2 (combustion and process) in streams that a CCUS
    plant could capture, p.u. (offered to the LP as `capturable_co2`, not subtracted)."""


class StockModelConfig(StrictModel):
    """A vehicle stock model: sales fill the gap between the stock path and survivors."""

    distance: amount_series("km", {"km": 1.0, "thousand km": 1e3}, ge=0) = 0.0
    """Distance driven per vehicle and year, km/yr."""
    lifetime: quantity("yr", gt=0) = 15.0
    """Scale of the Weibull survival curve, years (age at which exp(-1) = 37 % survive)."""
    shape: quantity("1", gt=0) = 3.0
    """Shape of the Weibull survival curve."""
    survival: list[Annotated[float, Field(ge=0, le=1)]] | None = None
    """Explicit share of vehicles surviving at age 0, 1, 2, ... (replaces the Weibull
    curve; age 0 must be 1; zero beyond the list)."""

    @model_validator(mode="after")
    def _check(self) -> StockModelConfig:
        if self.survival is not None:
            if not self.survival or abs(self.survival[0] - 1.0) > 1e-9:
                raise ValueError("survival: the share surviving at age 0 must be 1")
            if any(b > a + 1e-12 for a, b in zip(self.survival, self.survival[1:], strict=False)):
                raise ValueError("survival: shares must not rise with age")
        return self


class SubsectorConfig(StrictModel):
    """A subsector: activity x routes x end uses x fuel mix, plus process emissions."""

    description: str = ""
    """Free text."""
    sector: str | None = None
    """Sector the subsector's emissions and energy are reported under (default: the name
    of the section it is listed in)."""
    inventory_group: str | None = None
    """Group of the emission inventory (CEADs) it is compared with in the calibration
    (default: `sector`)."""
    activity_unit: str = "index (base year = 1)"
    """What one unit of activity is (t crude steel, m2 floor area, vehicle, ...)."""
    activity: PLAIN | None = None
    """Activity in the years given (a single number is the base-year value), per
    `activity_unit`; between given years linear, after the last one `growth` or the
    `driver`."""
    growth: RATE | None = None
    """Growth of activity per year after the last given year, 1/yr."""
    driver: str | None = None
    """What drives activity after the last given year (when `growth` is unset): a macro
    driver (`gdp`, `population`, `urban_population`, `rural_population`), the name of a
    subsector of an earlier section (industry, buildings, transport, other, in that order),
    or one of its routes as `subsector.route` (e.g. `steel.bf_bof` for the steelworks' own
    units burning blast-furnace gas); activity grows as driver^`elasticity`."""
    elasticity: float = 1.0
    """Elasticity of activity to the driver."""
    efficiency_gain: series("1", ge=-0.2, le=0.5) = 0.0
    """Yearly fall of every intensity after the base year, 1/yr (efficiency standards,
    energy-saving programmes); compounds."""
    routes: dict[str, RouteConfig] = Field(default_factory=dict)
    """Technology pathways by name."""
    balance_route: str | None = None
    """Route whose share (and sales share) is 1 minus the others'."""
    stock_model: StockModelConfig | None = None
    """When set, `activity` is a vehicle stock, route shares come from the stock model and
    intensities are per vehicle-km."""

    @model_validator(mode="before")
    @classmethod
    def _labels(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        unit = data.get("activity_unit", "index (base year = 1)")
        given = data.get("activity")
        values = given.values() if isinstance(given, dict) else [given]
        for v in values:
            if isinstance(v, str) and len(v.strip().split(None, 1)) == 2:
                label = v.strip().split(None, 1)[1]
                if label != unit:
                    raise ValueError(
                        f"activity: unit '{label}' in {v!r} differs from activity_unit '{unit}'"
                    )
        return data

    @model_validator(mode="after")
    def _check(self) -> SubsectorConfig:
        problems = []
        if self.balance_route is not None and self.balance_route not in self.routes:
            problems.append(f"balance_route: unknown route '{self.balance_route}'")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class TargetsConfig(StrictModel):
    """Policy targets checked on the province's results."""

    energy_intensity: dict[str, quantity("1", ge=-1, le=10)] = Field(default_factory=dict)
    """Required change of primary energy per unit of GDP, p.u., keyed `"<from>-<to>"`
    (e.g. `{"2020-2025": -0.14}`)."""
    co2_intensity: dict[str, quantity("1", ge=-1, le=10)] = Field(default_factory=dict)
    """Required change of CO2 per unit of GDP, p.u., keyed `"<from>-<to>"`."""
    nonfossil_share: dict[int, quantity("1", ge=0, le=1)] = Field(default_factory=dict)
    """Least non-fossil share of primary energy, p.u., by year."""
    nonfossil_method: Literal["coal_substitution", "physical_content"] = "coal_substitution"
    """How primary electricity is counted for the non-fossil share and energy intensity:
    `coal_substitution` (Chinese statistics: at the year's coal use per kWh of thermal
    power) or `physical_content` (IEA/IPCC: 1 kWh = 3.6 MJ)."""
    coal_substitution_rate: amount_series("gce/kWh", {"gce/kWh": 1.0, "kgce/MWh": 1.0}, gt=0) = (
        305.0
    )
    """Coal equivalent of one kWh of primary electricity, gce/kWh, per year."""
    peak_before: int | None = None
    """Emissions must peak before this year (the highest year of the horizon is earlier).
    """

    @model_validator(mode="after")
    def _periods(self) -> TargetsConfig:
        for name in ("energy_intensity", "co2_intensity"):
            for period in getattr(self, name):
                if not _PERIOD.match(period):
                    raise ValueError(f"{name}.{period}: expected a period like '2020-2025'")
        return self


class SectorsConfig(StrictModel):
    """The sector modules; when ``enabled``, their electricity demand drives the LP."""

    enabled: bool = False
    """Whether sector demand replaces `demand.electricity` in the decision years."""
    carriers: dict[str, CarrierConfig] = Field(default_factory=dict)
    """Energy carriers by name, with emission factors."""
    industry: dict[str, SubsectorConfig] = Field(default_factory=dict)
    """Industrial subsectors (iron and steel, cement, non-ferrous, chemicals, other)."""
    buildings: dict[str, SubsectorConfig] = Field(default_factory=dict)
    """Buildings (urban and rural residential, commercial and public)."""
    transport: dict[str, SubsectorConfig] = Field(default_factory=dict)
    """Transport modes; road vehicles with a `stock_model`."""
    other: dict[str, SubsectorConfig] = Field(default_factory=dict)
    """The rest of the inventory: agriculture, construction, heat supply outside the LP."""
    electricity_losses: series("1", ge=0, lt=1) = 0.0
    """Grid losses and power-plant own use as a share of whole-society consumption
    (全社会用电量), p.u.; reported as final electricity of the `power` sector."""
    calibrate_electricity: bool = True
    """In the years given in `demand.electricity` up to `years.last_historical`, close the
    gap between the bottom-up electricity and the statistics with a statistical
    difference (sector `other`), held at its last historical value afterwards."""
    ev_charging_profile: (
        list[Annotated[float, Field(ge=0)]] | dict[int, Annotated[float, Field(ge=0)]] | None
    ) = None
    """Daily shape of electric-vehicle charging: 24 values, or `{hour: value}` for hours
    0..23 (any scale); the growth of vehicle electricity over the base year follows it
    instead of the load profile."""
    land_sink: series("t CO2", ge=0) = 0.0
    """Net CO2 removal by land use and forests, t CO2/yr (reported as sector `land_use`,
    negative)."""
    targets: TargetsConfig = Field(default_factory=TargetsConfig)
    """Policy targets checked on the results."""

    @model_validator(mode="after")
    def _check(self) -> SectorsConfig:
        problems = []
        known = set(self.carriers)
        for section in ("industry", "buildings", "transport", "other"):
            for sname, sub in getattr(self, section).items():
                for rname, route in sub.routes.items():
                    for ename, use in route.end_uses.items():
                        named = {c: "shares" for c in use.shares}
                        named.update({c: "efficiency" for c in use.efficiency})
                        named.update({c: "emission_factors" for c in use.emission_factors})
                        if use.balance is not None:
                            named[use.balance] = "balance"
                        for carrier, field in named.items():
                            if carrier not in known:
                                where = f"{section}.{sname}.routes.{rname}.end_uses.{ename}"
                                problems.append(
                                    f"{where}.{field}: unknown carrier '{carrier}' "
                                    f"(known: {', '.join(sorted(known)) or 'none'})"
                                )
        seen: dict[str, str] = {}
        for section in SECTIONS:
            for sname in getattr(self, section):
                if sname in seen:
                    problems.append(
                        f"{section}.{sname}: name already used under {seen[sname]} "
                        "(subsector names must be unique)"
                    )
                if sname in MACRO_DRIVERS:
                    problems.append(
                        f"{section}.{sname}: '{sname}' names a macro driver; choose another "
                        "subsector name"
                    )
                seen[sname] = section
        for i, section in enumerate(SECTIONS):
            earlier = {n for s in SECTIONS[:i] for n in getattr(self, s)}
            earlier |= {
                f"{n}.{r}"
                for s in SECTIONS[:i]
                for n, sub in getattr(self, s).items()
                for r in sub.routes
            }
            for sname, sub in getattr(self, section).items():
                drv = sub.driver
                if drv is not None and drv not in MACRO_DRIVERS and drv not in earlier:
                    problems.append(
                        f"{section}.{sname}.driver: '{drv}' is neither a macro driver "
                        f"({', '.join(MACRO_DRIVERS)}) nor a subsector or subsector.route of an "
                        "earlier section "
                        f"({', '.join(sorted(earlier)) or 'none'})"
                    )
        ev = self.ev_charging_profile
        if ev is not None and (
            len(ev) != 24 or (isinstance(ev, dict) and sorted(ev) != list(range(24)))
        ):
            problems.append("ev_charging_profile: expected 24 hourly values (hours 0..23)")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def ev_profile(self) -> list[float] | None:
        """The EV charging profile as 24 values (hour 0..23), or None."""
        ev = self.ev_charging_profile
        if isinstance(ev, dict):
            return [float(ev[h]) for h in range(24)]
        return None if ev is None else [float(v) for v in ev]

    def subsectors(self) -> dict[str, tuple[str, SubsectorConfig]]:
        """All subsectors by name, with the section each is listed in."""
        out: dict[str, tuple[str, SubsectorConfig]] = {}
        for section in ("industry", "buildings", "transport", "other"):
            for name, sub in getattr(self, section).items():
                out[name] = (section, sub)
        return out

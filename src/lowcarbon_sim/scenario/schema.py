"""The typed schema of a scenario (pydantic, unknown keys refused).

Every field's docstring says what it means and its unit; the docs' YAML reference is
generated from them. Numbers are read in the unit each field declares; a string with another
compatible unit (``"8 GW"``) is converted. Values that change over the years are *series*:
one number, or ``{year: value}`` interpolated linearly and held flat outside the given years.

Technologies are data: every entry under ``power.techs`` is a row of one of the classes of the
technology-class table (:data:`lowcarbon_sim.technology.TECH_CLASSES`); which fields a class
takes and requires is that table, not code.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator

from lowcarbon_sim.scenario.sectors import EconomyConfig, SectorsConfig
from lowcarbon_sim.scenario.targets import TargetPolicyConfig
from lowcarbon_sim.scenario.types import StrictModel, quantity, series
from lowcarbon_sim.scenario.uncertainty import UncertaintyConfig
from lowcarbon_sim.technology import COMMON_FIELDS, TECH_CLASSES

TechClassName = str
"""Name of a row of :data:`lowcarbon_sim.technology.TECH_CLASSES` (checked against the table
at validation time, so a class registered at run time validates too)."""

MW = series("MW", ge=0)
PU = quantity("1", ge=0, le=1)


SEASONS = ("all", "winter", "spring", "summer", "autumn")
"""Seasons of a delivery band: `all`, or the meteorological seasons (winter Dec-Feb, spring
Mar-May, summer Jun-Aug, autumn Sep-Nov); a season given overrides `all` in its months."""
#: Month names of a monthly shape given as a mapping, in calendar order.
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


class BandConfig(StrictModel):
    """Hourly delivery band of an import line in one season, p.u. of the line rating, as the
    dispatch schedule of a DC line sets it: a band at peak hours and one at the other hours."""

    peak_hours: tuple[int, int] = (8, 22)
    """Hours of the day counted as peak, `[start, end)` (0-24)."""
    peak_min: PU = 0.0
    """Least delivery at peak hours, p.u. of the rating."""
    peak_max: PU = 1.0
    """Most delivery at peak hours, p.u. of the rating."""
    offpeak_min: PU = 0.0
    """Least delivery at the other hours, p.u. of the rating."""
    offpeak_max: PU = 1.0
    """Most delivery at the other hours, p.u. of the rating."""


class BuildStepConfig(StrictModel):
    """One tranche of a technology's yearly new build (`build_steps`): up to `size` MW a year
    at the base `capex` plus `capex_adder` (land, grid connection, supply-chain premium of
    building faster). The model fills the tranches in order of their adder."""

    size: quantity("MW", ge=0) | None = None
    """Width of the tranche, MW of new capacity per year; unlimited when unset (only the last
    tranche in order of adder should be unlimited)."""
    capex_adder: quantity("yuan/kW", ge=0) = 0.0
    """Investment cost added to `capex` for capacity built in this tranche, yuan/kW."""


class TechConfig(StrictModel):
    """One technology: a row of data whose class decides which equations apply to it."""

    tech_class: TechClassName = Field(alias="class")
    """Technology class, a row of the technology-class table: `dispatchable` (fuel-burning:
    coal, gas, biomass), `variable` (wind, solar: hourly availability, curtailable), `hydro`
    (hourly availability and an annual energy budget), `import` (a transmission line bringing
    power from outside at a price), `storage` (pumped hydro, batteries), `electrolyser`,
    `hydrogen_supply` or `hydrogen_storage` (`lowcarbon-sim data --classes` lists them)."""
    description: str = ""
    """Free text shown in reports."""
    available_from: int | None = None
    """First year in which new capacity may be built (technology readiness, e.g. CCS
    retrofits from 2027); any decision year when unset."""
    color: str | None = None
    """Plot colour (any matplotlib colour); a default per class is used when unset."""
    existing_capacity: MW = 0.0
    """Capacity not decided by the model, MW, per year: the sourced fleet in historical years
    and what remains of it (after retirements) in later years."""
    extendable: bool = True
    """Whether the model may build new capacity of this technology after the last
    historical year."""
    capex: series("yuan/kW", ge=0) = 0.0
    """Overnight investment cost of new power capacity, yuan/kW (constant 2020 prices), by
    build year; annualised over `lifetime` at the scenario's discount rate."""
    fom: series("yuan/kW/yr", ge=0) = 0.0
    """Fixed operation and maintenance cost, yuan/kW/yr, on all installed capacity."""
    vom: series("yuan/MWh", ge=0) = 0.0
    """Variable operation and maintenance cost, yuan/MWh of output (fuel excluded)."""
    lifetime: quantity("yr", gt=0) = 25.0
    """Economic and technical lifetime of new capacity, years."""
    build_max: series("MW", ge=0) | None = None
    """Most new capacity that may be built in one year, MW/yr (unlimited when unset)."""
    build_min: series("MW", ge=0) | None = None
    """Least new capacity that must be built in one year, MW/yr."""
    unit_size: quantity("MW", gt=0) | None = None
    """Size of one indivisible unit of new build, MW: each decision year's new capacity is a
    whole number of units (a UHV line, a nuclear unit), which makes the model a MILP
    (`docs/design/decisions.md`, decision 16). Continuous new build when unset."""
    capacity_max: series("MW", ge=0) | None = None
    """Upper limit on total installed capacity, MW (resource potential, policy cap)."""
    capacity_min: series("MW", ge=0) | None = None
    """Lower limit on total installed capacity in decision years, MW (planning targets)."""
    capacity_credit: PU = 1.0
    """Share of installed capacity counted as firm for the planning reserve margin, p.u."""
    first_year_availability: PU = 1.0
    """Share of its build year that new capacity runs, p.u.: capacity counts at year end,
    but what is built during a year serves only part of it (0.5 if additions come evenly
    through the year, less if they cluster in December). Scales the year's new build in every
    operating limit of that year (output, storage, reserve), in the reserve margin and in
    what the build pays that year (annuity, fixed O&M); capacity and build limits stay on
    year-end capacity. Committed projects (`power.pipeline`) use it too unless they give
    their own `first_year_share`. 1 (the whole year, as PyPSA and TIMES count it) when
    unset."""
    nonfossil_fraction: PU | None = None
    """Share of this technology's output counted as non-fossil, p.u.; by default 0 for
    technologies burning a fossil fuel, 1 otherwise."""
    # dispatchable
    fuel: str | None = None
    """Name of the fuel burnt (a key of `fuels`); its price and emission factor apply."""
    efficiency: series("1", gt=0, le=1) = 1.0
    """Conversion efficiency (LHV): MWh electricity per MWh fuel (`dispatchable`), MWh
    hydrogen per MWh electricity (`electrolyser`) or per MWh fuel (`hydrogen_supply`)."""
    capture_rate: PU = 0.0
    """Share of the CO2 in the flue gas captured (CCS), p.u.; the captured CO2 must go to
    storage or use (`ccus`). The energy penalty of capture is in `efficiency`."""
    retrofit_of: str | None = None
    """Name of the technology whose existing capacity this one converts (a CCS retrofit):
    each MW built here is a MW taken from that technology."""
    min_output: PU = 0.0
    """Output that must always run, p.u. of installed capacity (must-run, CHP heat)."""
    # variable, hydro, import
    availability: str | PU = 1.0
    """Hourly available output per unit of capacity: the name of a profile under
    `profiles`, or one constant in p.u."""
    max_full_load_hours: series("h", ge=0, le=8760) | None = None
    """Upper limit on annual output divided by capacity, h/yr (hydro energy budget, line
    energy limit)."""
    min_full_load_hours: series("h", ge=0, le=8760) | None = None
    """Lower limit on annual output divided by capacity, h/yr (contracted imports)."""
    availability_scale: series("1", ge=0) | None = None
    """Multiplier of the hourly availability by year, p.u. (`variable`): scales the fleet
    profile to each year's statistical full-load hours (a windy or calm year); 1 when unset.
    Availability times scale must stay within 0..1."""
    # demand_shift
    shift_share: series("1", ge=0, le=1) | None = None
    """Share of each hour's demand that may be moved to other hours, p.u. (`demand_shift`);
    the moved energy comes back within `shift_window`. Cost per MWh moved: `vom`."""
    shift_window: quantity("h", gt=0, le=24) | None = None
    """Length of the windows within which shifted demand is made up, h (`demand_shift`;
    windows of consecutive hours tiling each representative day, 24 h when unset)."""
    """Lower limit on annual output divided by capacity, h/yr: contracted imports, or for a
    thermal row an optional policy input (a guaranteed-hours contract, 保障小时数); the Hunan
    data set sets none for thermal plants, whose hours are a result of the dispatch."""
    # dispatchable: linearised unit commitment (model/blocks/commitment.py)
    min_stable_output: PU | None = None
    """Minimum stable output, p.u. of committed capacity. Setting it switches on the
    linearised (clustered) unit commitment of the row: committed capacity per time step,
    start-ups, ramp limits and minimum up/down times."""
    min_commitment: series("1", ge=0, le=1) | None = None
    """Least committed capacity-hours of the year, p.u. of the available capacity-hours, by
    year (needs `min_stable_output`): the share of its available hours a fleet is kept on
    line whatever the merit order (annual generation plans, system security; when within the
    year is the dispatch's choice), so each row runs at least min_commitment x
    min_stable_output of its available energy. Unset or 0: none."""
    startup_cost: quantity("yuan/MW", ge=0) = 0.0
    """Start-up cost other than fuel (wear, water, chemicals), yuan per MW started."""
    startup_fuel: quantity("MWh/MW", ge=0) = 0.0
    """Fuel burnt to start up, MWh of fuel heat per MW started; priced and emitting as the
    row's fuel (its capture plant is taken as not running during start-up)."""
    ramp_limit_up: quantity("1/h", ge=0) | None = None
    """Largest increase of output per hour, p.u. of committed capacity per hour (none when
    unset; rows are left out where the limit cannot bind, i.e. at or above 1 - min stable
    output)."""
    ramp_limit_down: quantity("1/h", ge=0) | None = None
    """Largest decrease of output per hour, p.u. of committed capacity per hour."""
    min_up_time: quantity("h", ge=0, le=8760) = 0.0
    """Minimum up time, h: capacity started stays committed for this many hours."""
    min_down_time: quantity("h", ge=0, le=8760) = 0.0
    """Minimum down time, h: capacity shut down stays off for this many hours."""
    reserve_share: PU | None = None
    """Upward operating reserve the row can hold, p.u. of its committed capacity (rows with
    unit commitment), of its available capacity (other dispatchable and hydro rows) or of its
    power capacity (storage): what it can add within the reserve's activation time (about
    10 min; a thermal row's ramp rate times 10 min). Unset: the row holds none. Acts only
    with `power.operating_reserve` (model/blocks/operating_reserve.py)."""
    forced_outage_rate: PU = 0.0
    """Forced outage rate (unplanned outages and derating), p.u.: the available capacity of
    every hour is reduced by it (inputs/availability.py)."""
    maintenance_weeks: quantity("week", ge=0, le=52) = 0.0
    """Planned maintenance, weeks per year at full capacity, placed in the low-demand spring
    (March-May) and autumn (September-November) months as a share of the fleet off."""
    # import
    price: series("yuan/MWh", ge=0) | None = None
    """Price paid for imported electricity delivered to the province, yuan/MWh."""
    embodied_emission_intensity: series("t CO2/MWh", ge=0) = 0.0
    """CO2 emitted outside the province per MWh imported, t CO2/MWh; reported as
    `imported_emissions`, never counted in the province's inventory or CO2 cap."""
    # storage
    efficiency_charge: PU = 1.0
    """Charging efficiency, p.u. (round-trip efficiency = charge x discharge)."""
    efficiency_discharge: PU = 1.0
    """Discharging efficiency, p.u."""
    energy_to_power: quantity("h", gt=0) | None = None
    """Storage energy capacity per unit of power capacity, h (MWh per MW)."""
    standing_loss: quantity("1", ge=0, le=1) = 0.0
    """Share of stored energy lost per hour, 1/h."""
    capex_energy: series("yuan/kWh", ge=0) = 0.0
    """Investment cost of storage energy capacity, yuan/kWh, on top of `capex` (per kW)."""
    # hydro with seasons (model/blocks/hydro.py); off while `inflow` is unset
    inflow: series("MWh", ge=0) | None = None
    """Natural inflow energy of the year at the turbines, MWh/yr, spread over the months by
    `inflow_shape`; setting it makes the row a reservoir with monthly energy balances."""
    inflow_shape: list[float] | dict[int, list[float]] | None = None
    """Share of the year's inflow in each month (12 values, normalised to sum 1), or such
    shares per year (a year takes the shape of the latest year given at or before it, else the
    first); unset: the monthly means of the row's `availability` profile times the month's
    hours."""
    reservoir_capacity: quantity("MWh", ge=0) | None = None
    """Energy the reservoirs can hold from one month to the next, MWh (unset: no limit)."""
    min_flow: quantity("1", ge=0, le=1) = 0.0
    """Minimum ecological flow: least output in every hour as a share of the mean inflow rate
    of its month, p.u."""
    run_of_river: quantity("1", ge=0, le=1) = 0.0
    """Share of the inflow that cannot be stored: used in the hour it comes or spilled, p.u."""
    # import contracts (model/blocks/imports.py)
    delivery_band: dict[str, BandConfig] | None = None
    """Hourly delivery band of an import line by season (keys: `all`, `winter`, `spring`,
    `summer`, `autumn`): least and most delivery at peak and other hours, p.u. of rating."""
    contract_monthly_shape: list[float] | None = None
    """Share of the annual contracted energy in each month (12 values, normalised; or a
    mapping of the month names `jan` ... `dec`, as a data set's one-figure-per-row files give
    it); monthly delivery then lies within the share times the annual limits
    (`min_full_load_hours`, `max_full_load_hours`) times the rating."""
    # rising cost of fast build (model/blocks/build_steps.py)
    build_steps: dict[str, BuildStepConfig] | None = None
    """Tranches of the yearly new build, by name: each tranche holds up to `size` MW/yr at
    `capex` plus its `capex_adder`; the new build of a year is the sum of the tranches. Unset:
    one tranche at `capex`, limited only by `build_max` (which still applies on top)."""
    # heat and CHP
    heat_to_power: quantity("1", ge=0) | None = None
    """CHP heat per unit of electricity, MW heat per MW electric (c_b): fixed for a
    back-pressure unit (`chp_backpressure`), the back-pressure line of an extraction unit's
    operating region (`chp_extraction`: electricity >= c_b x heat)."""
    power_loss_ratio: quantity("1", ge=0) | None = None
    """Electricity lost per unit of heat extracted from an extraction CHP, MW per MW (c_v):
    electricity + c_v x heat <= capacity; fuel = (electricity + c_v x heat) / efficiency."""
    cop: series("1", gt=0) | None = None
    """Coefficient of performance of a heat pump, MW heat per MW electricity drawn (1 for an
    electric boiler)."""

    @field_validator("tech_class")
    @classmethod
    def _known_class(cls, name: str) -> str:
        if name not in TECH_CLASSES:
            raise ValueError(f"Input should be one of {', '.join(map(repr, TECH_CLASSES))}")
        return name

    @field_validator("contract_monthly_shape", mode="before")
    @classmethod
    def _months_by_name(cls, shape: Any) -> Any:
        if not isinstance(shape, dict):
            return shape
        given = {str(k).lower(): v for k, v in shape.items()}
        missing = [m for m in MONTH_NAMES if m not in given]
        unknown = sorted(set(given) - set(MONTH_NAMES))
        if missing or unknown:
            raise ValueError(
                f"expected one share for each month {', '.join(MONTH_NAMES)}"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; unknown {', '.join(unknown)}" if unknown else "")
            )
        return [given[m] for m in MONTH_NAMES]

    @field_validator("inflow_shape", "contract_monthly_shape")
    @classmethod
    def _twelve_months(cls, shape: Any) -> Any:
        for one in (shape.values() if isinstance(shape, dict) else [shape]):
            if one is not None and (len(one) != 12 or min(one) < 0 or sum(one) <= 0):
                raise ValueError("expected 12 monthly shares, none negative, not all zero")
        return shape

    @field_validator("delivery_band")
    @classmethod
    def _known_seasons(cls, band: dict | None) -> dict | None:
        unknown = sorted(set(band or ()) - set(SEASONS))
        if unknown:
            raise ValueError(f"unknown season(s) {', '.join(unknown)}; known: {', '.join(SEASONS)}")
        for season, b in (band or {}).items():
            start, end = b.peak_hours
            if not 0 <= start <= end <= 24:
                raise ValueError(f"{season}.peak_hours: expected 0 <= start <= end <= 24")
            if b.peak_min > b.peak_max or b.offpeak_min > b.offpeak_max:
                raise ValueError(f"{season}: a band's min is above its max")
        return band

    @model_validator(mode="after")
    def _fields_fit_class(self) -> TechConfig:
        row = TECH_CLASSES[self.tech_class]
        allowed = COMMON_FIELDS | row.allows
        extra = sorted(f for f in self.model_fields_set if f not in allowed)
        if extra:
            raise ValueError(
                f"field(s) {', '.join(extra)} do not apply to class '{self.tech_class}' "
                f"(it takes: {', '.join(sorted(row.allows)) or 'only the common fields'})"
            )
        missing = sorted(f for f in row.requires if getattr(self, f) is None)
        if missing:
            raise ValueError(f"class '{self.tech_class}' requires: {', '.join(missing)}")
        if self.min_commitment is not None and self.min_stable_output is None:
            raise ValueError(
                "min_commitment acts through the unit commitment: set min_stable_output too"
            )
        # capacity_min above capacity_max is left to the solve: the infeasibility diagnosis
        # names the technology and year, and ensembles record such members as infeasible
        clash = _first_excess(self.build_min, self.build_max)
        if clash is not None:
            year, lo, hi = clash
            raise ValueError(
                f"build_min: {lo:g} MW/yr{year} is above build_max {hi:g} MW/yr; "
                "expected build_min <= build_max"
            )
        return self


class FuelConfig(StrictModel):
    """A fuel burnt by dispatchable technologies."""

    price: series("yuan/MWh", ge=0) = 0.0
    """Fuel price delivered to the plant, yuan per MWh of heat (LHV); `yuan/tce` accepted."""
    emission_factor: series("t CO2/MWh", ge=0) = 0.0
    """Direct CO2 per MWh of heat burnt, t CO2/MWh (`t CO2/tce` accepted)."""
    fossil: bool = True
    """Whether the fuel is fossil (decides the default `nonfossil_fraction` of its users)."""
    primary_electricity: bool = False
    """Whether the electricity of this fuel's users counts in primary energy as primary
    electricity (at the coal-substitution rate) instead of the fuel's heat: nuclear fuel in
    Chinese energy statistics."""
    co2_content: series("t CO2/MWh", ge=0) | None = None
    """CO2 in the flue gas per MWh of heat burnt, t CO2/MWh, which capture can take; equals
    `emission_factor` when unset. Biomass: biogenic CO2 (emission factor 0) that BECCS can
    capture, so its net emissions are negative."""
    max_use: series("MWh", ge=0) | None = None
    """Most fuel all technologies together may burn in a year, MWh of heat per year (a
    resource limit, e.g. sustainable biomass residues)."""
    price_low: series("yuan/MWh", ge=0) | None = None
    """Fuel price of the low price case (`power.fuel_price_case: low`), yuan/MWh of heat."""
    price_high: series("yuan/MWh", ge=0) | None = None
    """Fuel price of the high price case (`power.fuel_price_case: high`), yuan/MWh of heat."""
    carrier: Literal["hydrogen"] | None = None
    """When set, the fuel is not bought but drawn from the model's own balance of that
    carrier (fuel cells and H2 turbines burn `hydrogen` made by electrolysers)."""


class PipelineProject(StrictModel):
    """A committed project (under construction or approved) or a planned retirement: a fixed
    change of a technology's existing capacity from its first year on (`docs/data/pipeline.md`)."""

    tech: str
    """Technology whose existing capacity the project changes (a key of `power.techs`)."""
    capacity: quantity("MW")
    """Capacity added from the first year on, MW; negative for a retirement."""
    year: int = Field(ge=2000, le=2100)
    """Expected first year in service (the year from which the capacity counts)."""
    first_year_share: PU | None = None
    """Share of its first year that the project runs, p.u. (a retirement is in effect that
    share of the year, so the retired capacity still runs 1 minus it): from commissioning
    dates where known; the technology's `first_year_availability` when unset."""
    delay: int = Field(0, ge=0, le=50)
    """Years by which the project is late: it counts from `year + delay`."""
    cancel: bool = False
    """When true, the project never enters."""
    description: str = ""
    """Free text (name, units)."""
    source: str = ""
    """Where capacity and year come from."""
    status: Literal["verified", "derived", "assumption"] = "assumption"
    """How sure the figures are, as in the data files."""
    note: str = ""
    """How a figure was derived, or why it is an assumption."""

    @property
    def first_year(self) -> int | None:
        """Year from which the project counts, after its delay (`None` when cancelled)."""
        return None if self.cancel else self.year + self.delay


class BuildGroupConfig(StrictModel):
    """A limit on the new build of several technologies together in a decision year, MW/yr:
    e.g. all the wind and solar a province connected in a year whose statistics give only
    the total (`docs/data/pipeline.md`)."""

    techs: list[str] = Field(min_length=1)
    """Technologies whose new build counts (keys of `power.techs`)."""
    build_max: quantity("MW", ge=0) | dict[int, quantity("MW", ge=0)]
    """Most new build of the group in a year, MW/yr: one number for every decision year, or
    `{year: MW}` for **the years given only** (not interpolated, not held: a limit observed
    for one year says nothing of the next). Years that are not decision years of the run
    (history, outside the horizon, between milestones) have no build and so no row: a data
    set's limit for 2025 does not stop a run that starts in 2030. A milestone year standing
    for several years takes the limit times their number."""
    description: str = ""
    """Free text: what the group is."""


class OperatingReserveConfig(StrictModel):
    """The upward operating reserve of each time step, MW: `load_share` x demand +
    `variable_share` x wind and solar output + `contingency`, held as headroom on committed
    thermal capacity, hydro and storage (each row's `reserve_share`)."""

    enabled: bool = False
    """Hold the reserve. Off by default: with the Hunan figures it binds in 4 time steps of
    the history years only (2021-2022) and adds about half to the solve time
    (docs/unit_commitment.md); `--set power.operating_reserve.enabled=true` holds it."""
    load_share: PU = 0.0
    """Share of each time step's electricity demand, p.u. (load-following reserve)."""
    variable_share: PU = 0.0
    """Share of each time step's output of the `variable` rows (wind, solar), p.u. (their
    forecast error)."""
    contingency: quantity("MW", ge=0) = 0.0
    """A fixed amount, MW: the largest single infeed that can trip (N-1)."""
    sustain_hours: quantity("h", ge=0, le=24) = 1.0
    """Hours a storage row must be able to deliver its reserve from its state of charge
    (storage cyclic within representative days; rows linked across days are bounded by their
    power only)."""


class PowerConfig(StrictModel):
    """The power system: technologies and fuels."""

    techs: dict[str, TechConfig] = Field(default_factory=dict)
    """Technologies by name; the names appear in results as the `tech` coordinate."""
    fuels: dict[str, FuelConfig] = Field(default_factory=dict)
    """Fuels by name."""
    pipeline: dict[str, PipelineProject] = Field(default_factory=dict)
    """Committed projects and planned retirements by name, added to the existing capacity of
    their technology from their first year (`--set power.pipeline.<name>.delay=2`, or
    `.cancel=true`)."""
    build_groups: dict[str, BuildGroupConfig] = Field(default_factory=dict)
    """Limits on the yearly new build of groups of technologies together, by name
    (`model/blocks/build_groups.py`)."""
    operating_reserve: OperatingReserveConfig = Field(default_factory=OperatingReserveConfig)
    """Upward operating (spinning) reserve held, when `enabled`, in every time step of every
    modelled year by the rows with a `reserve_share` (docs/unit_commitment.md)."""
    fuel_price_case: Literal["low", "central", "high"] = "central"
    """Fuel-price path used for every fuel after `years.last_historical`: `central` is
    `price`; `low` and `high` use each fuel's `price_low` / `price_high` where given (else
    `price`). History years always use `price`."""


class DemandConfig(StrictModel):
    """Electricity demand served by the power system."""

    electricity: series("MWh", ge=0) = 0.0
    """Annual electricity demand (全社会用电量, consumer side incl. losses), MWh/yr, for the
    years given (the sourced actuals); later years follow `growth_rate`."""
    growth_rate: series("1", ge=-0.5, le=0.5) = 0.0
    """Growth of annual demand per year after the last year given in `electricity`, 1/yr."""
    profile: str = "load"
    """Name of the hourly demand shape under `profiles` (scaled to each year's demand)."""
    peak: series("MW", gt=0) | None = None
    """Peak calibration: annual peak of hourly demand, MW, e.g. `{2025: 46.64 GW}`. In the
    years given, each year's hourly demand is reshaped by a power transform of the shape
    (solved by bisection) so that its maximum hits the target while its annual energy and the
    ordering of its hours stay the same; other years take the load factor of the given years
    (interpolated, held flat outside them). Unset: the shape's own peak, scaled
    (`lowcarbon-sim data --peaks` compares it with the sourced peaks; docs/calibration.md)."""


class ProfileSource(StrictModel):
    """An hourly series of 8760 values: from a CSV file, or given inline as `values`."""

    file: str | None = None
    """CSV path, relative to the scenario file that names it, or `package:<path>` for the
    data shipped with lowcarbon-sim."""
    column: str | None = None
    """Column to read; the only non-`hour` column when unset."""
    values: list[float] | None = None
    """The 8760 values themselves (instead of `file`), e.g. from Python."""
    scale: quantity("1", gt=0) = 1.0
    """Factor applied to every value (e.g. to calibrate an availability profile)."""

    @model_validator(mode="after")
    def _one_source(self) -> ProfileSource:
        if (self.file is None) == (self.values is None):
            raise ValueError("give exactly one of `file` and `values`")
        if self.values is not None and len(self.values) != 8760:
            raise ValueError(f"`values` must hold 8760 hourly values, got {len(self.values)}")
        return self


class YearsConfig(StrictModel):
    """Which years are modelled, and where history ends."""

    first: int = Field(2020, ge=2000, le=2100)
    """First modelled year."""
    last: int = Field(2030, ge=2000, le=2100)
    """Last modelled year."""
    last_historical: int = Field(2024, ge=1999, le=2100)
    """Last year of published statistics: up to it capacities follow the data; new build is
    decided only in later years."""
    milestones: list[int] | None = None
    """Years to optimise explicitly (each stands for the years up to the next one, results
    interpolated between); every year when unset."""

    @model_validator(mode="after")
    def _check(self) -> YearsConfig:
        if self.last < self.first:
            raise ValueError(f"last: {self.last} is before years.first {self.first}")
        if self.last_historical > self.last:
            raise ValueError(
                f"last_historical: {self.last_historical} is after years.last {self.last}; "
                "no year would be left for the model to decide"
            )
        if self.milestones is not None:
            bad = [y for y in self.milestones if not self.first <= y <= self.last]
            if bad:
                raise ValueError(
                    f"milestones: {bad} are outside the horizon {self.first}..{self.last}"
                )
            if self.first not in self.milestones:
                raise ValueError(f"milestones: must include the first year {self.first}")
        return self

    @property
    def model_years(self) -> list[int]:
        """The years optimised explicitly, ascending."""
        if self.milestones is None:
            return list(range(self.first, self.last + 1))
        return sorted(set(self.milestones))


class TimeConfig(StrictModel):
    """Time resolution of the hourly dispatch inside each modelled year."""

    mode: Literal["representative_days", "full_year", "hours"] = "representative_days"
    """`full_year`: all 8760 hours; `representative_days`: a few days with weights;
    `hours`: the first `hours` hours of the year, each standing for 8760/`hours` hours (one
    cyclic period; for quick tests and benchmarks, not for planning results)."""
    hours: int = Field(168, ge=24, le=8760)
    """Number of hours with `mode: hours`."""
    days: int = Field(12, ge=1, le=365)
    """Number of representative days (with `mode: representative_days`), extreme days
    included."""
    segments: int | None = Field(None, ge=1, le=24)
    """With `representative_days`: cut each representative day into this many time steps of
    consecutive hours, of variable length (tsam's segmentation: adjacent hours of similar
    load and availability are merged), each carrying the mean of its hours; more days at the
    same LP size (e.g. 48 days x 6 segments = 288 steps, as 12 days x 24 hours). From 3
    segments the year's peak-demand hour stays a time step of its own. Unset (or 24):
    hourly. The shipped Hunan scenarios use 50 monthly days x 8 segments; see
    docs/time_aggregation.md for what it measured."""
    method: Literal["clustered", "sampled", "monthly"] = "clustered"
    """How representative days are chosen: `clustered` groups the 365 days by hierarchical
    clustering of their normalised load and availability profiles (tsam) and takes each
    group's medoid, a real day; `sampled` takes, in each of `days` equal stretches of the
    year, the day closest to the stretch's mean; `monthly` clusters the days of each calendar
    month on their own (at least one day per month, the kept extreme days on top: fewer than
    12 + 2 `days` give 14), so each representative day stands for days of one month and
    demand and availability are rescaled to each month's energy (docs/time_aggregation.md)."""
    extreme_days: bool = True
    """With `clustered` or `monthly`: keep the day of peak demand as a period of its own
    (weight 1), so that capacity adequacy sees the real peak, and the lowest-renewables day
    (least wind and solar output, within the week of least output) as another, so that
    storage and firm capacity see a calm, overcast spell."""
    net_load: dict[str, quantity("1", ge=0, le=10)] | None = None
    """With `clustered`: profile name -> share of the year's demand that the profile's
    technology delivers (e.g. `{solar: 0.3, wind: 0.2}`, 1). The net load, demand minus
    those profiles at those shares (each profile normalised by its mean), is clustered as a
    further feature, and with `extreme_days` its highest- and lowest-hour days are kept as
    periods of their own. Off by default; see docs/time_aggregation.md for what it changed
    and for its noise."""
    storage_linking: bool = True
    """Carry the state of charge of long-duration storage from day to day through the year in
    chronological order (each original day follows its representative day's intra-day
    profile), so seasonal storage is represented; other storage is cyclic within each
    representative day."""
    storage_linking_min_hours: quantity("h", ge=0) = 24.0
    """Storage with at least this energy-to-power ratio is linked across days; shorter
    storage (batteries, daily pumped hydro) stays cyclic within each representative day,
    which keeps the LP several times faster (docs/design/decisions.md)."""


class EconomicsConfig(StrictModel):
    """Money: discounting and the value of lost load."""

    discount_rate: quantity("1", ge=0, le=0.5) = 0.06
    """Real discount rate for annuities and present values, 1/yr."""
    base_year: int = 2020
    """Year to which costs are discounted (prices are constant 2020 yuan)."""
    load_shedding_cost: quantity("yuan/MWh", gt=0) = 10_000.0
    """Cost of unserved electricity, yuan/MWh; shedding is reported so a tight case still
    solves and says so."""


class PolicyConfig(StrictModel):
    """Climate and security policy applied in the decision years."""

    co2_cap: series("t CO2", ge=0) | None = None
    """Upper limit on CO2 emissions counted under `co2_cap_scope`, t CO2/yr, per year
    (only decision years may carry a cap)."""
    co2_cap_scope: Literal["power", "province"] = "power"
    """What the cap covers: the power sector's direct emissions, or the whole province
    (power plus the sectors' direct emissions, which are inputs to the LP)."""
    co2_price: series("yuan/t CO2", ge=0) = 0.0
    """Carbon price paid on every tonne emitted by the power sector, yuan/t CO2, in the
    decision years (history years keep their sourced dispatch: the price is 0 there)."""
    reserve_margin: quantity("1", ge=0, le=2) | None = 0.15
    """Firm capacity above the year's peak demand, p.u. of peak (decision years only)."""
    min_nonfossil_share: series("1", ge=0, le=1) | None = None
    """Least share of electricity supply (generation plus imports) that is non-fossil, p.u."""
    targets: TargetPolicyConfig = Field(default_factory=TargetPolicyConfig)
    """China's targets enforced in the LP, each with its price: non-fossil share of primary
    energy, energy and CO2 intensity, total CO2 and energy, peak by a year (docs/targets.md)."""


class HydrogenConfig(StrictModel):
    """Hydrogen demand from outside the power system (industry, transport)."""

    demand: series("t H2", ge=0) = 0.0
    """Hydrogen delivered to the sectors, t H2/yr (replaced by the sector modules' demand
    when `sectors.enabled`)."""
    delivery: Literal["flat", "flexible"] = "flat"
    """`flat`: the same hydrogen flow every hour; `flexible`: only the annual total is
    fixed (users with their own buffer storage)."""


class HeatConfig(StrictModel):
    """Heat (steam and hot water) delivered by heat suppliers: boilers, CHP, heat pumps."""

    demand: series("MWh", ge=0) = 0.0
    """Heat delivered to the sectors, MWh/yr (replaced by the sector modules'
    `heat_demand` when `sectors.enabled`). Delivered flat over the hours of the year
    (industrial steam)."""


class CaptureSourceConfig(StrictModel):
    """An industrial point source of CO2 whose capture the model may build (cement kilns,
    steel, chemicals)."""

    description: str = ""
    capturable: series("t CO2", ge=0) = 0.0
    """CO2 of the source that a capture plant could take, t CO2/yr (from the sector
    modules when `sectors.enabled`)."""
    capture_rate: PU = 0.9
    """Share of the source's CO2 a capture plant removes, p.u."""
    capex: series("yuan/(t CO2/yr)", ge=0) = 0.0
    """Investment per unit of capture capacity, yuan per t CO2/yr."""
    fom: series("yuan/(t CO2/yr)", ge=0) = 0.0
    """Fixed O&M per unit of capture capacity and year, yuan per t CO2/yr per yr."""
    vom: series("yuan/t CO2", ge=0) = 0.0
    """Variable cost per tonne captured (heat for solvent regeneration included), yuan/t CO2."""
    electricity: quantity("MWh/t CO2", ge=0) = 0.0
    """Electricity per tonne captured and compressed, MWh/t CO2 (drawn evenly over the
    year from the power system)."""
    lifetime: quantity("yr", gt=0) = 25.0
    """Lifetime of capture plants, years."""
    available_from: int | None = None
    """First year capture capacity may be built."""
    build_max: series("t CO2", ge=0) | None = None
    """Most capture capacity built per year, t CO2/yr per year."""


class CO2StorageStep(StrictModel):
    """One step of the CO2 storage cost curve."""

    capacity: quantity("t CO2", ge=0)
    """Storage volume of this step over the whole horizon, t CO2."""
    cost: quantity("yuan/t CO2", ge=0)
    """Cost of injecting and monitoring one tonne in this step, yuan/t CO2."""


class CO2StorageConfig(StrictModel):
    """Geological storage of captured CO2."""

    steps: dict[str, CO2StorageStep] = Field(default_factory=dict)
    """Stepped cost curve: named steps (sites or site classes), each a volume at a cost;
    no storage when empty."""
    injection_max: series("t CO2", ge=0) | None = None
    """Most CO2 injected per year, t CO2/yr (wells, pipelines); unlimited when unset."""
    transport_cost: series("yuan/t CO2", ge=0) = 0.0
    """Cost of transporting a tonne from capture to storage, yuan/t CO2."""


class CO2UseConfig(StrictModel):
    """Utilisation of captured CO2 in products (urea, chemicals, EOR, food)."""

    max: series("t CO2", ge=0) = 0.0
    """Most CO2 used per year, t CO2/yr."""
    cost: series("yuan/t CO2") = 0.0
    """Net cost per tonne used, yuan/t CO2 (negative: the product pays for it)."""
    permanence: PU = 0.0
    """Share of the used CO2 kept out of the atmosphere for good; the rest is counted as
    emitted in the year of use."""


class CcusConfig(StrictModel):
    """Capture on industrial sources, CO2 transport, storage and use. Capture on power
    and hydrogen plants is a technology field (`capture_rate`)."""

    sources: dict[str, CaptureSourceConfig] = Field(default_factory=dict)
    """Industrial point sources by name."""
    storage: CO2StorageConfig = Field(default_factory=CO2StorageConfig)
    use: CO2UseConfig = Field(default_factory=CO2UseConfig)


class SolverConfig(StrictModel):
    """Which solver solves the LP."""

    name: str = "highs"
    """`highs` (default: HiGHS through highspy with a direct matrix hand-over) or the name of
    any Pyomo solver plugin that is installed (`appsi_highs`, `glpk`, `cbc`, `gurobi` ...)."""
    options: dict[str, float | int | str | bool] = Field(default_factory=dict)
    """Options passed to the solver as they are."""
    time_limit: quantity("1", gt=0) | None = None
    """Wall-clock limit for the solve, seconds."""


class Scenario(StrictModel):
    """A complete, validated scenario: everything one run needs."""

    name: str = "scenario"
    """Short name, used in results and reports."""
    description: str = ""
    """Free text."""
    dataset: str | None = "hunan"
    """Packaged data set whose sourced defaults the scenario starts from (`hunan`), or
    `null` to start from nothing."""
    years: YearsConfig = Field(default_factory=YearsConfig)
    time: TimeConfig = Field(default_factory=TimeConfig)
    economics: EconomicsConfig = Field(default_factory=EconomicsConfig)
    demand: DemandConfig = Field(default_factory=DemandConfig)
    power: PowerConfig = Field(default_factory=PowerConfig)
    profiles: dict[str, ProfileSource] = Field(default_factory=dict)
    """Hourly series by name (8760 values each), referred to by `availability` and
    `demand.profile`."""
    policy: PolicyConfig = Field(default_factory=PolicyConfig)
    hydrogen: HydrogenConfig = Field(default_factory=HydrogenConfig)
    """Hydrogen demand of the sectors and how it is delivered."""
    heat: HeatConfig = Field(default_factory=HeatConfig)
    """Heat demand (industrial steam, district heat) served by the heat technologies."""
    ccus: CcusConfig = Field(default_factory=CcusConfig)
    """Industrial capture, CO2 transport, storage and use."""
    economy: EconomyConfig = Field(default_factory=EconomyConfig)
    """GDP and population paths (drive the sectors and the intensity targets)."""
    sectors: SectorsConfig = Field(default_factory=SectorsConfig)
    """Industry, buildings, transport and the rest: demand by carrier and direct CO2."""
    solver: SolverConfig = Field(default_factory=SolverConfig)
    uncertainty: UncertaintyConfig | None = None
    """Uncertain parameters and sweeps for ensembles (`lowcarbon-sim ensemble`, `sweep`);
    ignored by a single run."""
    source_file: str | None = Field(None, exclude=True)
    """Set by the loader: the file the scenario came from (relative profile paths)."""
    # set by the loader: the file (path as given), override or data set that set each key
    # path, and the scenario file as given; an error found after loading names its file
    # from them (lowcarbon_sim.scenario.load.locate_error) without reading the files again
    _key_origin: dict[str, str] = PrivateAttr(default_factory=dict)
    _file_label: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        problems: list[str] = []
        for name, tech in self.power.techs.items():
            if tech.fuel is not None and tech.fuel not in self.power.fuels:
                problems.append(
                    f"power.techs.{name}.fuel: unknown fuel '{tech.fuel}'"
                    f"{_did_you_mean(tech.fuel, self.power.fuels)}"
                )
            if tech.retrofit_of is not None and tech.retrofit_of not in self.power.techs:
                problems.append(
                    f"power.techs.{name}.retrofit_of: unknown technology '{tech.retrofit_of}'"
                    f"{_did_you_mean(tech.retrofit_of, self.power.techs)}"
                )
            if isinstance(tech.availability, str) and tech.availability not in self.profiles:
                problems.append(
                    f"power.techs.{name}.availability: unknown profile '{tech.availability}'"
                    f"{_did_you_mean(tech.availability, self.profiles)}"
                )
        for name, project in self.power.pipeline.items():
            if project.tech not in self.power.techs:
                problems.append(
                    f"power.pipeline.{name}.tech: unknown technology '{project.tech}'"
                    f"{_did_you_mean(project.tech, self.power.techs)}"
                )
        for name, group in self.power.build_groups.items():
            for tech in group.techs:
                if tech not in self.power.techs:
                    problems.append(
                        f"power.build_groups.{name}.techs: unknown technology '{tech}'"
                        f"{_did_you_mean(tech, self.power.techs)}"
                    )
        if self.demand.profile not in self.profiles:
            problems.append(
                f"demand.profile: unknown profile '{self.demand.profile}'"
                f"{_did_you_mean(self.demand.profile, self.profiles)}"
            )
        hist = self.years.last_historical
        for key, value in (("policy.co2_cap", self.policy.co2_cap),):
            if isinstance(value, dict):
                early = sorted(y for y in value if y <= hist)
                if early:
                    problems.append(
                        f"{key}: years {early} are historical (<= years.last_historical "
                        f"{hist}); history follows the statistics, so caps start in {hist + 1}"
                    )
                first, last = self.years.first, self.years.last
                outside = sorted(y for y in value if not first <= y <= last)
                if outside:
                    problems.append(
                        f"{key}: years {outside} are outside the model horizon {first}..{last} "
                        "(years.first..years.last); a cap applies only in modelled years"
                    )
        if problems:
            # One problem per line, each "key.path: message"; the loader splits them so that
            # every problem is reported under its own key path.
            raise ValueError("\n".join(problems))
        return self


def _first_excess(low, high) -> tuple[str, float, float] | None:
    """The first year (as text, " in 2030" or "") where series ``low`` exceeds ``high``.

    Both are piecewise linear between their given years and flat outside, so comparing them
    at the union of the given years is exact.
    """
    from lowcarbon_sim.scenario.types import series_values

    if low is None or high is None:
        return None
    years = sorted({y for v in (low, high) if isinstance(v, dict) for y in v})
    at = years or [0]
    lo, hi = series_values(low, at), series_values(high, at)
    bad = [i for i in range(len(at)) if lo[i] > hi[i] * (1 + 1e-9) + 1e-9]
    if not bad:
        return None
    i = bad[0]
    return (f" in {at[i]}" if years else ""), float(lo[i]), float(hi[i])


def _did_you_mean(name: str, choices) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(choices), n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (known: {', '.join(sorted(choices)) or 'none'})"

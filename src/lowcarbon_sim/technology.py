"""The technology-class table: what each class of technology is, in one place.

PyPSA keeps its component types in one table (``components.csv``) and their attributes in
another, with units and defaults; this module is that idea for lowcarbon-sim. Every entry
under ``power.techs`` of a scenario names a class; the class's row says

- which model block holds it (:attr:`TechClass.block`, a Pyomo sub-block of the same name),
- what its *activity* variable measures and which carriers flow in and out
  (:attr:`TechClass.activity`, :attr:`TechClass.carrier_in`, :attr:`TechClass.carrier_out`),
  from which the coefficients of the electricity and hydrogen balances follow,
- which scenario fields it takes and requires (:attr:`TechClass.allows`,
  :attr:`TechClass.requires`; units and defaults of every field in :data:`TECH_FIELDS`),
- whether its capacity may count as firm, how its output counts in primary energy, its
  IAMC category, its PyPSA component, colour and display name.

The schema, the inputs, the model blocks, the extraction, the exports and the plots read this
table; none of them lists classes by hand. Adding a class is one :func:`register_tech_class`
call (plus its block, registered with :func:`lowcarbon_sim.model.blocks.register_block`
when no existing block fits); ``docs/how-to/add_technology_class.md`` walks through it.

Units: capacity in MW of the activity (electricity out for generators, electricity drawn for
electrolysers, hydrogen out (LHV) for hydrogen plants), energy in MWh, money in yuan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Activity = Literal["output", "input"]
PrimaryEnergy = Literal["fuel", "primary_electricity", "none"]


@dataclass(frozen=True)
class TechField:
    """One scenario field of a technology, as the model inputs hold it.

    Attributes
    ----------
    name
        Field name in the scenario (``power.techs.<tech>.<name>``).
    unit
        Unit in the scenario (the schema converts compatible units to it).
    input_name
        Name of the model-input variable (often the same as ``name``).
    input_unit
        Unit of the model-input variable; ``factor`` converts to it.
    default
        Value in the inputs when the field is unset (``inf``/``nan`` mean "no limit").
    by_year
        Whether the input varies by year (``(year, tech)``) or is one value (``tech``).
    factor
        Multiplier from the scenario unit to the input unit (e.g. 1000 for yuan/kW -> yuan/MW).
    """

    name: str
    unit: str
    input_name: str
    input_unit: str
    default: float
    by_year: bool
    factor: float = 1.0


_INF, _NAN = float("inf"), float("nan")
KW_PER_MW = 1000.0

#: Numeric technology fields that become model inputs, with units and defaults.
TECH_FIELDS: dict[str, TechField] = {
    f.name: f
    for f in (
        TechField("existing_capacity", "MW", "existing_capacity", "MW", 0.0, True),
        TechField("capex", "yuan/kW", "capex", "yuan/MW", 0.0, True, KW_PER_MW),
        TechField("capex_energy", "yuan/kWh", "capex_energy", "yuan/MWh", 0.0, True, KW_PER_MW),
        TechField("fom", "yuan/kW/yr", "fom", "yuan/MW/yr", 0.0, True, KW_PER_MW),
        TechField("vom", "yuan/MWh", "vom", "yuan/MWh", 0.0, True),
        TechField("efficiency", "1", "efficiency", "1", 1.0, True),
        TechField("build_max", "MW", "build_max", "MW/yr", _INF, True),
        TechField("build_min", "MW", "build_min", "MW/yr", 0.0, True),
        TechField("unit_size", "MW", "unit_size", "MW", _NAN, False),
        TechField("capacity_max", "MW", "capacity_max", "MW", _INF, True),
        TechField("capacity_min", "MW", "capacity_min", "MW", 0.0, True),
        TechField("max_full_load_hours", "h", "max_full_load_hours", "h", _NAN, True),
        TechField("min_full_load_hours", "h", "min_full_load_hours", "h", _NAN, True),
        TechField("price", "yuan/MWh", "import_price", "yuan/MWh", 0.0, True),
        TechField(
            "embodied_emission_intensity",
            "t CO2/MWh",
            "embodied_emission_intensity",
            "t CO2/MWh",
            0.0,
            True,
        ),
        TechField("lifetime", "yr", "lifetime", "yr", 25.0, False),
        TechField("capacity_credit", "1", "capacity_credit", "1", 1.0, False),
        TechField("first_year_availability", "1", "first_year_availability", "1", 1.0, False),
        TechField("min_output", "1", "min_output", "1", 0.0, False),
        TechField("efficiency_charge", "1", "efficiency_charge", "1", 1.0, False),
        TechField("efficiency_discharge", "1", "efficiency_discharge", "1", 1.0, False),
        TechField("standing_loss", "1", "standing_loss", "1/h", 0.0, False),
        TechField("availability_scale", "1", "availability_scale", "1", 1.0, True),
        TechField("shift_share", "1", "shift_share", "1", 0.0, True),
        TechField("shift_window", "h", "shift_window", "h", 24.0, False),
        TechField("inflow", "MWh", "inflow", "MWh/yr", _NAN, True),
        TechField("reservoir_capacity", "MWh", "reservoir_capacity", "MWh", _INF, False),
        TechField("min_flow", "1", "min_flow", "1", 0.0, False),
        TechField("run_of_river", "1", "run_of_river", "1", 0.0, False),
        # unit commitment (model/blocks/commitment.py) and availability (inputs/availability.py)
        TechField("min_stable_output", "1", "min_stable_output", "1", _NAN, False),
        TechField("min_commitment", "1", "min_commitment", "1", _NAN, True),
        TechField("startup_cost", "yuan/MW", "startup_cost", "yuan/MW", 0.0, False),
        TechField("startup_fuel", "MWh/MW", "startup_fuel", "MWh/MW", 0.0, False),
        TechField("ramp_limit_up", "1/h", "ramp_limit_up", "1/h", _NAN, False),
        TechField("ramp_limit_down", "1/h", "ramp_limit_down", "1/h", _NAN, False),
        TechField("min_up_time", "h", "min_up_time", "h", 0.0, False),
        TechField("min_down_time", "h", "min_down_time", "h", 0.0, False),
        TechField("forced_outage_rate", "1", "forced_outage_rate", "1", 0.0, False),
        # operating reserve (model/blocks/operating_reserve.py)
        TechField("reserve_share", "1", "reserve_share", "1", _NAN, False),
        TechField("maintenance_weeks", "week", "maintenance_weeks", "week", 0.0, False),
        # heat and CHP (model/blocks/heat.py)
        TechField("heat_to_power", "1", "heat_to_power", "1", 0.0, False),
        TechField("power_loss_ratio", "1", "power_loss_ratio", "1", 0.0, False),
        TechField("cop", "1", "cop", "1", _NAN, True),
    )
}

#: Fields of the linearised unit commitment and of planned and forced outages.
COMMITMENT_FIELDS = frozenset(
    {"min_stable_output", "startup_cost", "startup_fuel", "ramp_limit_up", "ramp_limit_down",
     "min_up_time", "min_down_time", "forced_outage_rate", "maintenance_weeks",
     "min_commitment"}
)

#: Fields every class takes.
COMMON_FIELDS = frozenset(
    {
        "tech_class",
        "description",
        "existing_capacity",
        "extendable",
        "capex",
        "fom",
        "vom",
        "lifetime",
        "build_max",
        "build_min",
        "unit_size",
        "build_steps",
        "capacity_max",
        "capacity_min",
        "capacity_credit",
        "first_year_availability",
        "nonfossil_fraction",
        "color",
        "available_from",
    }
)


@dataclass(frozen=True)
class TechClass:
    """One row of the technology-class table.

    Attributes
    ----------
    name
        Class name, as written under ``class:`` in a scenario.
    block
        Name of the model block (Pyomo sub-block) that holds the class's technologies.
    carrier_out
        Carrier the technology delivers (``electricity``, ``hydrogen``).
    carrier_in
        What it draws: ``fuel`` (the row's ``fuel``; bought, or drawn from the model's own
        balance when the fuel names a model carrier such as hydrogen), ``electricity``, or
        ``None`` (nothing the model accounts for: wind, hydro, imports).
    activity
        What the activity variable measures: ``output`` (``carrier_out`` delivered, MW) or
        ``input`` (``carrier_in`` drawn, MW; an electrolyser's capacity is its electricity
        input). With efficiency :math:`\\eta`, one MW of activity delivers 1 (``output``) or
        :math:`\\eta` (``input``) MW of ``carrier_out`` and draws :math:`1/\\eta` or 1 MW of
        ``carrier_in``. Storage classes charge and discharge ``carrier_out``.
    allows, requires
        Class-specific scenario fields it takes and needs, on top of :data:`COMMON_FIELDS`.
    firm
        Whether installed capacity may count for the planning reserve margin (times its
        ``capacity_credit``).
    primary_energy
        How output counts in primary energy: ``fuel`` (its fuel's heat), ``primary_electricity``
        (the electricity itself: wind, solar, hydro, imports), ``none`` (a conversion inside the
        system: storage, hydrogen).
    iamc_category, iamc_fallback
        IAMC category forced for every technology of the class (``Storage``; ``Electricity``
        for electrolysers and heat pumps, whose input names them; ``Demand Response``, which
        the IAMC export does not report as supply), or used only when neither fuel nor name
        decides (``Hydro``); ``""`` for none. The IAMC carrier (``Capacity|Hydrogen|...``)
        is the class's :attr:`carrier_out`.
    pypsa_component
        PyPSA component of the export (``Generator``, ``Link``, ``StorageUnit``) on the bus
        of its carrier, ``""`` if not exported. A technology that draws a model carrier (a
        fuel cell burning hydrogen, an electrolyser) becomes a ``Link`` from that carrier's
        bus whatever the row says.
    colour, display_name
        Colour of the class in figures (hex RGB) and its name in legends and reports.
    stack_order
        Position of the class in stacked figures, from the bottom up (ties keep the
        dataset's order).
    carrier_out2
        A second carrier delivered (a CHP plant's ``heat``), or ``None``.
    output2
        How ``carrier_out2`` follows the activity: ``fixed`` (a fixed ratio, the
        technology's ``heat_to_power`` MW per MW of activity: a back-pressure CHP, PyPSA's
        ``efficiency2 / efficiency`` of a two-output Link) or ``free`` (a variable of the
        carrier's block within an operating region: an extraction CHP, whose block holds
        the heat output and the PQ-region constraints).
    """

    name: str
    block: str
    carrier_out: str
    carrier_in: str | None
    activity: Activity
    allows: frozenset[str]
    requires: frozenset[str] = frozenset()
    firm: bool = True
    primary_energy: PrimaryEnergy = "none"
    iamc_category: str = ""
    iamc_fallback: str = ""
    pypsa_component: str = ""
    colour: str = "#7f7f7f"
    display_name: str = ""
    stack_order: int = 100
    carrier_out2: str | None = None
    output2: Literal["fixed", "free"] = "fixed"
    doc: str = field(default="", compare=False)

    @property
    def is_storage(self) -> bool:
        """Whether the class stores its carrier (charge, discharge, state of charge)."""
        return self.carrier_in == self.carrier_out

    def balance_coefficient(
        self, carrier: str, efficiency: float, fuel_carrier: str, output2_ratio: float = 0.0
    ) -> float:
        """MW of ``carrier`` injected per MW of activity (negative: drawn), for a technology
        of this class with conversion ``efficiency`` burning a fuel drawn from the model
        carrier ``fuel_carrier`` (``""`` for a bought fuel); ``output2_ratio`` is MW of
        ``carrier_out2`` per MW of activity where :attr:`output2` is ``fixed`` (a ``free``
        second output is its block's variable and gets 0 here). Storage classes: 0 (their
        block writes its own charge and discharge)."""
        if self.is_storage:
            return 0.0
        coef = 0.0
        if carrier == self.carrier_out:
            coef += 1.0 if self.activity == "output" else efficiency
        if carrier == self.carrier_out2 and self.output2 == "fixed":
            coef += output2_ratio
        drawn = fuel_carrier if self.carrier_in == "fuel" else self.carrier_in
        if drawn and carrier == drawn:
            coef -= 1.0 / efficiency if self.activity == "output" else 1.0
        return coef


_STORAGE_FIELDS = frozenset(
    {"efficiency_charge", "efficiency_discharge", "energy_to_power", "standing_loss",
     "capex_energy"}
)

#: The technology classes, by name. Extend with :func:`register_tech_class`.
TECH_CLASSES: dict[str, TechClass] = {}


def register_tech_class(row: TechClass, *, replace: bool = False) -> TechClass:
    """Add a class to :data:`TECH_CLASSES` (``replace=True`` to overwrite one).

    Raises
    ------
    ValueError
        If a class of that name exists and ``replace`` is false, or the row names fields
        unknown to the scenario schema.
    """
    if row.name in TECH_CLASSES and not replace:
        raise ValueError(f"technology class {row.name!r} exists; pass replace=True")
    TECH_CLASSES[row.name] = row
    return row


def unregister_tech_class(name: str) -> None:
    """Remove a class from :data:`TECH_CLASSES` (tests and plug-ins that add their own)."""
    TECH_CLASSES.pop(name, None)


for _row in (
    TechClass(
        "dispatchable", "dispatch", "electricity", "fuel", "output",
        allows=frozenset({"fuel", "efficiency", "availability", "min_output",
                          "max_full_load_hours", "min_full_load_hours", "capture_rate",
                          "retrofit_of", "reserve_share"}) | COMMITMENT_FIELDS,
        requires=frozenset({"fuel"}),
        primary_energy="fuel", pypsa_component="Generator", colour="#7f7f7f",
        display_name="Thermal", stack_order=0,
        doc="fuel-burning: coal, gas, biomass, fuel cells",
    ),
    TechClass(
        "hydro", "dispatch", "electricity", None, "output",
        allows=frozenset({"availability", "max_full_load_hours", "min_full_load_hours",
                          "min_output", "inflow", "inflow_shape", "reservoir_capacity",
                          "min_flow", "run_of_river", "reserve_share"}),
        requires=frozenset({"availability"}),
        primary_energy="primary_electricity", iamc_fallback="Hydro",
        pypsa_component="Generator", colour="#2a6fdb", display_name="Hydro", stack_order=1,
        doc="hourly availability and an annual energy budget, or monthly inflow and a reservoir",
    ),
    TechClass(
        "import", "dispatch", "electricity", None, "output",
        allows=frozenset({"price", "availability", "max_full_load_hours",
                          "min_full_load_hours", "min_output", "embodied_emission_intensity",
                          "delivery_band", "contract_monthly_shape"}),
        requires=frozenset({"price"}),
        primary_energy="primary_electricity", iamc_category="Imports",
        pypsa_component="Generator", colour="#c0392b", display_name="Imports", stack_order=2,
        doc="a transmission line bringing power from outside at a price, within a contract",
    ),
    TechClass(
        "variable", "dispatch", "electricity", None, "output",
        allows=frozenset({"availability", "max_full_load_hours", "min_full_load_hours",
                          "availability_scale"}),
        requires=frozenset({"availability"}),
        primary_energy="primary_electricity", pypsa_component="Generator", colour="#bcbd22",
        display_name="Wind and solar", stack_order=3,
        doc="wind, solar: hourly availability, curtailable",
    ),
    TechClass(
        "storage", "storage", "electricity", "electricity", "output",
        allows=_STORAGE_FIELDS | {"reserve_share"}, requires=frozenset({"energy_to_power"}),
        iamc_category="Storage", pypsa_component="StorageUnit", colour="#9467bd",
        display_name="Storage", stack_order=4,
        doc="pumped hydro, batteries",
    ),
    TechClass(
        "electrolyser", "dispatch", "hydrogen", "electricity", "input",
        allows=frozenset({"efficiency", "availability", "min_output", "max_full_load_hours"}),
        firm=False, iamc_category="Electricity", pypsa_component="Link", colour="#17becf",
        display_name="Electrolysers", stack_order=5,
        doc="water electrolysis; capacity in MW of electricity drawn",
    ),
    TechClass(
        "hydrogen_supply", "dispatch", "hydrogen", "fuel", "output",
        allows=frozenset({"fuel", "efficiency", "capture_rate", "availability", "min_output",
                          "max_full_load_hours", "min_full_load_hours"}),
        firm=False, iamc_fallback="Other", pypsa_component="Generator", colour="#9a7d0a",
        display_name="Hydrogen plants", stack_order=5,
        doc="hydrogen from fossil fuels; capacity in MW of hydrogen (LHV)",
    ),
    TechClass(
        "hydrogen_storage", "hydrogen_storage", "hydrogen", "hydrogen", "output",
        allows=_STORAGE_FIELDS, requires=frozenset({"energy_to_power"}),
        firm=False, iamc_category="Storage", pypsa_component="StorageUnit", colour="#00a6a6",
        display_name="Hydrogen storage", stack_order=5,
        doc="hydrogen tanks and caverns",
    ),
    # demand response (issue 17 item 6)
    TechClass(
        "interruptible", "dispatch", "electricity", None, "output",
        allows=frozenset({"availability", "max_full_load_hours"}),
        iamc_category="Demand Response", colour="#ff7f0e", display_name="Interruptible load",
        stack_order=6,
        doc="load curtailed at a price (vom, yuan/MWh) within an annual energy limit "
        "(max_full_load_hours x capacity); its 'output' is demand not served",
    ),
    TechClass(
        "demand_shift", "demand_response", "electricity", None, "output",
        allows=frozenset({"shift_share", "shift_window"}), requires=frozenset({"shift_share"}),
        firm=False, iamc_category="Demand Response", colour="#e377c2",
        display_name="Shifted demand", stack_order=6,
        doc="a share of each hour's demand moved within a window (h) at a cost per MWh "
        "moved (vom); capacity is not used",
    ),
    # heat and CHP: one block, model/blocks/heat.py (heat balance, extraction PQ region)
    TechClass(
        "chp_backpressure", "heat", "electricity", "fuel", "output",
        allows=frozenset({"fuel", "efficiency", "heat_to_power", "availability", "min_output",
                          "max_full_load_hours", "min_full_load_hours", "retrofit_of"}),
        requires=frozenset({"fuel", "heat_to_power"}),
        primary_energy="fuel", colour="#8c564b",
        display_name="CHP", stack_order=0, carrier_out2="heat", output2="fixed",
        doc="back-pressure CHP: heat = heat_to_power x electricity; capacity in MW electric",
    ),
    TechClass(
        "chp_extraction", "heat", "electricity", "fuel", "output",
        allows=frozenset({"fuel", "efficiency", "heat_to_power", "power_loss_ratio",
                          "availability", "min_output", "max_full_load_hours",
                          "min_full_load_hours", "retrofit_of"}),
        requires=frozenset({"fuel", "heat_to_power", "power_loss_ratio"}),
        primary_energy="fuel", colour="#a0522d",
        display_name="CHP", stack_order=0, carrier_out2="heat", output2="free",
        doc="extraction-condensing CHP: activity is the condensing-mode output p + c_v q "
        "(MW electric), heat q within q <= activity / (c_b + c_v)",
    ),
    TechClass(
        "heat_boiler", "heat", "heat", "fuel", "output",
        allows=frozenset({"fuel", "efficiency", "availability", "min_output",
                          "max_full_load_hours", "min_full_load_hours"}),
        requires=frozenset({"fuel"}),
        firm=False, primary_energy="fuel", colour="#e377c2",
        display_name="Heat boilers", stack_order=6,
        doc="heat-only boiler: fuel -> heat; capacity in MW of heat",
    ),
    TechClass(
        "heat_pump", "heat", "heat", "electricity", "input",
        allows=frozenset({"cop", "availability", "min_output", "max_full_load_hours"}),
        requires=frozenset({"cop"}),
        firm=False, iamc_category="Electricity", colour="#ff9896",
        display_name="Heat pumps", stack_order=6,
        doc="electric heat pump (or electric boiler with cop 1): heat = cop x electricity "
        "drawn; capacity in MW of electricity drawn",
    ),
):
    register_tech_class(_row)


def tech_class(name: str) -> TechClass:
    """The row of class ``name``.

    Raises
    ------
    KeyError
        With the known class names, if there is no such class.
    """
    try:
        return TECH_CLASSES[name]
    except KeyError:
        raise KeyError(
            f"unknown technology class {name!r}; known: {', '.join(TECH_CLASSES)}"
        ) from None


def classes_where(**conditions) -> tuple[str, ...]:
    """Names of the classes whose attributes equal the given values, in table order.

    >>> classes_where(block="storage")
    ('storage',)
    >>> "electrolyser" in classes_where(carrier_out="hydrogen")
    True
    """
    return tuple(
        name
        for name, row in TECH_CLASSES.items()
        if all(getattr(row, k) == v for k, v in conditions.items())
    )


def blocks_in_order() -> tuple[str, ...]:
    """The blocks technologies live in, in the order of the table's first mention."""
    return tuple(dict.fromkeys(row.block for row in TECH_CLASSES.values()))


def class_attribute(classes: Iterable[str], attribute: str, default=None) -> list:
    """``attribute`` of each class in ``classes`` (``default`` for a class not in the table,
    e.g. in a results file written by another version)."""
    out = []
    for c in classes:
        row = TECH_CLASSES.get(str(c))
        out.append(default if row is None else getattr(row, attribute))
    return out


# IAMC categories ("Coal", "Wind", "Storage", ...): the exports and the calibration report
# group technologies by them.

#: Categories by fuel (``tech_fuel``).
FUEL_CATEGORIES: dict[str, str] = {
    "coal": "Coal",
    "lignite": "Coal",
    "gas": "Gas",
    "oil": "Oil",
    "diesel": "Oil",
    "biomass": "Biomass",
    "waste": "Biomass",
    "hydrogen": "Hydrogen",
    "uranium": "Nuclear",
}
#: Categories by a word of the technology name (split at ``_``).
NAME_CATEGORIES: dict[str, str] = {
    **FUEL_CATEGORIES,
    "nuclear": "Nuclear",
    "hydro": "Hydro",
    "wind": "Wind",
    "solar": "Solar",
    "pv": "Solar",
    "geothermal": "Geothermal",
}
OTHER = "Other"


def tech_category(name: str, tech_class: str = "", fuel: str = "") -> str:
    """IAMC category of a technology (see the tables of this module).

    >>> tech_category("pumped_hydro", "storage")
    'Storage'
    >>> tech_category("coal_new", "dispatchable", "coal")
    'Coal'
    >>> tech_category("offshore_wind", "variable")
    'Wind'
    >>> tech_category("mystery", "dispatchable")
    'Other'
    """
    row = TECH_CLASSES.get(tech_class)
    if row is not None and row.iamc_category:
        return row.iamc_category
    if fuel and fuel.lower() in FUEL_CATEGORIES:
        return FUEL_CATEGORIES[fuel.lower()]
    for word in str(name).lower().split("_"):
        if word in NAME_CATEGORIES:
            return NAME_CATEGORIES[word]
    return row.iamc_fallback or OTHER if row is not None else OTHER


def techs_by_category(
    techs: Iterable[str], classes: Iterable[str], fuels: Iterable[str], carrier: str | None = None
) -> dict[str, list[str]]:
    """Category (:func:`tech_category`) -> technologies, in the given order; only those whose
    class delivers ``carrier`` (its ``carrier_out``; a class not in the table counts as
    electricity) when given."""
    out: dict[str, list[str]] = {}
    for t, c, f in zip(techs, classes, fuels, strict=True):
        row = TECH_CLASSES.get(str(c))
        if carrier is not None and (row.carrier_out if row else "electricity") != carrier:
            continue
        out.setdefault(tech_category(str(t), str(c), str(f)), []).append(str(t))
    return out

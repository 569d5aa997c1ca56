"""Pages of the docs site generated at build time from the sources of truth.

A MkDocs hook (``hooks:`` in ``mkdocs.yml``) that adds three pages the build never reads
from disk, so they cannot go stale:

* ``reference/scenario.md``: the scenario YAML reference, from the pydantic models of
  :mod:`lowcarbon_sim.scenario.schema` (every key, type, unit, range, default and the
  field's docstring);
* ``model/equations.md``: the formulation written in the model blocks' docstrings
  (``src/lowcarbon_sim/model/blocks/*.py``), turned from reStructuredText math into
  MathJax, and the table of every constraint family registered by a tiny built model;
* ``data/hunan.md``: every packaged Hunan number with its unit, status and source, from
  :func:`lowcarbon_sim.data.provenance.data_sources`.

It also replaces ``<!-- readme: Section title -->`` in any page by that ``##`` section of
``README.md``, and provides :class:`RstRoles`, a griffe extension (``extensions:`` of
mkdocstrings) that turns the reStructuredText roles of the package's docstrings
(``:func:`x```, ``:math:`x```) into Markdown for the API pages.

Run ``python docs/gen_reference.py OUTDIR`` to write the generated pages to a folder.
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: Generated pages: site path -> function returning the page's Markdown.
PAGES = {
    "reference/scenario.md": "scenario_reference",
    "model/equations.md": "equations_page",
    "data/hunan.md": "hunan_data_page",
}

# --------------------------------------------------------------------------------------
# reStructuredText (docstrings) -> Markdown with arithmatex math

_ROLE = re.compile(r":(?:py:)?(func|class|mod|meth|attr|data|obj|exc|ref|term|const):`~?([^`]+)`")
_MATH_ROLE = re.compile(r":math:`([^`]+)`")
_LITERAL = re.compile(r"``([^`]+)``")
_UNDERLINE = re.compile(r"^\s*(-{3,}|={3,}|~{3,})\s*$")


def _role_text(match: re.Match[str]) -> str:
    target = match.group(2).strip()
    if match.group(0).split("`", 1)[1].startswith("~"):
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def rst_inline(text: str) -> str:
    """Inline reStructuredText roles of ``text`` as Markdown (math as ``$...$``)."""
    text = _MATH_ROLE.sub(lambda m: f"${m.group(1).strip()}$", text)
    text = _ROLE.sub(_role_text, text)
    return _LITERAL.sub(r"`\1`", text)


def rst_to_markdown(doc: str, sections: bool = True) -> str:
    """A numpydoc/reST docstring as Markdown: ``.. math::`` blocks become ``$$`` blocks,
    roles become code or math and (with ``sections``) section underlines become bold
    paragraph titles; mkdocstrings parses numpydoc sections itself, so it passes False."""
    lines = doc.expandtabs().splitlines()
    out: list[str] = []
    text: list[str] = []  # plain lines, converted together so that roles may span lines

    def flush() -> None:
        if text:
            out.append(rst_inline("\n".join(text)))
            text.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith(".. math::"):
            flush()
            indent = len(line) - len(line.lstrip())
            body: list[str] = []
            rest = stripped[len(".. math::") :].strip()
            if rest:
                body.append(rest)
            i += 1
            while i < len(lines):
                nxt = lines[i]
                if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                    break
                body.append(nxt.strip())
                i += 1
            # one display equation per paragraph of the directive
            for eq in "\n".join(body).strip().split("\n\n"):
                if eq.strip():
                    out += ["", "$$", eq.strip(), "$$", ""]
            continue
        underline = i + 1 < len(lines) and _UNDERLINE.match(lines[i + 1])
        if sections and stripped and underline and len(lines[i + 1].strip()) >= len(stripped):
            flush()
            out += ["", f"**{stripped}**", ""]
            i += 2
            continue
        text.append(line)
        i += 1
    flush()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def _cell(text: Any) -> str:
    """Text for a Markdown table cell: one line, ``|`` escaped, HTML and ``$`` outside code
    spans escaped, reST roles converted."""
    raw = " ".join(str(text).split())
    has_math = _MATH_ROLE.search(raw) is not None
    parts = rst_inline(raw).split("`")
    for k in range(0, len(parts), 2):  # outside code spans
        part = parts[k].replace("<", "&lt;").replace("*", r"\*")
        parts[k] = part if has_math else part.replace("$", r"\$")
    return "`".join(parts).replace("|", r"\|")


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------
# scenario reference


def _flatten(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip ``Annotated`` layers; return the bare type and all metadata found on the way."""
    meta: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        meta += list(annotation.__metadata__)
        annotation = annotation.__origin__
    return annotation, meta


def _union_members(annotation: Any) -> list[Any] | None:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return list(typing.get_args(annotation))
    return None


def _bounds(meta: list[Any]) -> list[str]:
    """Numeric bounds (``>= 0``, ``<= 1``) in pydantic/annotated-types metadata."""
    import annotated_types as at
    from pydantic.fields import FieldInfo

    found: list[str] = []
    for m in meta:
        if isinstance(m, FieldInfo):
            found += _bounds(list(m.metadata))
        for cls, attr, sign in (
            (at.Ge, "ge", "≥"),
            (at.Gt, "gt", ">"),
            (at.Le, "le", "≤"),
            (at.Lt, "lt", "<"),
        ):
            if isinstance(m, cls):
                found.append(f"{sign} {getattr(m, attr):g}")
    return found


def _unit(annotation: Any, meta: list[Any]) -> str | None:
    """The first ``Unit`` marker in the metadata or anywhere inside the annotation."""
    from lowcarbon_sim.scenario.types import Unit

    for m in meta:
        if isinstance(m, Unit):
            return m.unit
    bare, inner = _flatten(annotation)
    for m in inner:
        if isinstance(m, Unit):
            return m.unit
    for arg in typing.get_args(bare):
        found = _unit(arg, [])
        if found is not None:
            return found
    return None


def _is_model(tp: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _anchor(model: type) -> str:
    return model.__name__.lower()


def _type_text(annotation: Any, meta: list[Any] | None = None) -> str:
    """Plain words for a field's type, with links to the sections of nested models."""
    annotation, inner = _flatten(annotation)
    meta = (meta or []) + inner
    members = _union_members(annotation)
    if members is not None:
        non_null = [m for m in members if m is not type(None)]
        bare = [_flatten(m)[0] for m in non_null]
        # series: a number, or {year: number}
        if len(bare) == 2 and bare[0] in (float, int) and typing.get_origin(bare[1]) is dict:
            key, value = typing.get_args(bare[1])
            if key is int and _flatten(value)[0] in (float, int):
                text = "series (number or {year: number})"
                bounds = _bounds(meta + _flatten(non_null[0])[1])
                return text + (f", {', '.join(bounds)}" if bounds else "")
        parts = [_type_text(m, meta) for m in non_null]
        return " or ".join(dict.fromkeys(parts))
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in typing.get_args(annotation))
    if origin is dict:
        key, value = typing.get_args(annotation)
        what = "year" if key is int else "name"
        return f"mapping {what} → {_type_text(value)}"
    if origin is list:
        (value,) = typing.get_args(annotation) or (Any,)
        return f"list of {_type_text(value)}"
    if _is_model(annotation):
        return f"[{annotation.__name__}](#{_anchor(annotation)})"
    names = {float: "number", int: "integer", bool: "boolean", str: "string"}
    fallback = "any" if annotation is Any else getattr(annotation, "__name__", str(annotation))
    text = names.get(annotation, fallback)
    bounds = _bounds(meta) if annotation in (float, int) else []
    return text + (f" {', '.join(bounds)}" if bounds else "")


def _default_text(info: Any) -> str:
    import yaml
    from pydantic_core import PydanticUndefined

    if info.default_factory is not None:
        value = info.default_factory()
    else:
        value = info.default
    if value is PydanticUndefined:
        return "required"
    if _is_model(type(value)):
        return "(section)"
    if value is None:
        return "`null`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float):
        return f"`{value:g}`"
    if isinstance(value, int):
        return f"`{value}`"
    if isinstance(value, str):
        return f'`"{value}"`' if value == "" else f"`{value}`"
    text = yaml.safe_dump(value, default_flow_style=True, width=10_000).strip()
    return f"`{text}`"


def _models_in(annotation: Any) -> list[type]:
    """Pydantic models anywhere inside an annotation, in order."""
    bare, _ = _flatten(annotation)
    if _is_model(bare):
        return [bare]
    found: list[type] = []
    for arg in typing.get_args(bare):
        for m in _models_in(arg):
            if m not in found:
                found.append(m)
    return found


def _child_path(path: str, name: str, annotation: Any) -> str:
    """Dotted path of a nested section; ``<name>`` stands for the keys of a mapping."""
    bare, _ = _flatten(annotation)
    members = _union_members(bare) or [bare]
    keyed = any(typing.get_origin(_flatten(m)[0]) is dict for m in members)
    full = f"{path}.{name}" if path else name
    return f"{full}.<name>" if keyed else full


def _collect(model: type, path: str, seen: dict[type, list[str]]) -> None:
    """Every model reachable from ``model``, with the dotted paths where it appears."""
    seen.setdefault(model, []).append(path)
    if len(seen[model]) > 1:
        return
    for name, info in model.model_fields.items():
        if info.exclude:
            continue
        key = info.alias or name
        for sub in _models_in(info.annotation):
            _collect(sub, _child_path(path, key, info.annotation), seen)


def _doc(model: type) -> str:
    return " ".join((model.__doc__ or "").split())


def _field_rows(model: type) -> list[list[str]]:
    from lowcarbon_sim.scenario.types import field_unit

    rows = []
    for name, info in model.model_fields.items():
        if info.exclude:
            continue
        key = info.alias or name
        unit = field_unit(model, name) or _unit(info.annotation, list(info.metadata))
        description = info.description or ""
        if not description:
            subs = _models_in(info.annotation)
            description = _doc(subs[0]) if subs else ""
        type_text = _type_text(info.annotation, list(info.metadata))
        rows.append(
            [
                f"`{key}`",
                type_text,
                f"`{unit}`" if unit else "",
                _default_text(info),
                description,
            ]
        )
    return rows


def _tech_class_table() -> str:
    from lowcarbon_sim.technology import COMMON_FIELDS, TECH_CLASSES

    rows = []
    for cls, row in TECH_CLASSES.items():
        rows.append(
            [
                f"`{cls}`",
                row.doc or "",
                f"`{row.block}`",
                f"{row.carrier_in or '-'} -> {row.carrier_out} ({row.activity})",
                "yes" if row.firm else "no",
                row.primary_energy,
                ", ".join(f"`{f}`" for f in sorted(row.allows)) or "none",
                ", ".join(f"`{f}`" for f in sorted(row.requires)) or "none",
            ]
        )
    keys = sorted("class" if f == "tech_class" else f for f in COMMON_FIELDS)
    common = ", ".join(f"`{f}`" for f in keys)
    return (
        "Which fields a technology takes depends on its `class`, a row of the "
        "technology-class table (`TECH_CLASSES` of `lowcarbon_sim.technology`); a field of "
        "another class is refused with a message naming it. Every class takes the common "
        f"fields {common}. The activity is what a technology's capacity and hourly variable "
        "measure: its output, or its input (electrolysers).\n\n"
        + _table_raw(
            [
                "class",
                "what",
                "block",
                "carriers (activity)",
                "firm",
                "primary energy",
                "also takes",
                "requires",
            ],
            rows,
        )
    )


def _table_raw(header: list[str], rows: list[list[str]]) -> str:
    """A table whose cells are already Markdown (no escaping)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def scenario_reference() -> str:
    """The scenario YAML reference page (Markdown)."""
    from lowcarbon_sim.scenario.schema import Scenario, TechConfig
    from lowcarbon_sim.scenario.types import document_fields

    document_fields()  # the fields' docstrings as their descriptions (not read at import)
    seen: dict[type, list[str]] = {}
    _collect(Scenario, "", seen)
    out = [
        "# Scenario YAML reference",
        "",
        "<!-- generated by docs/gen_reference.py from lowcarbon_sim.scenario.schema; "
        "do not edit -->",
        "",
        "Every key a scenario file may hold, generated at build time from the pydantic models "
        "of `lowcarbon_sim.scenario.schema` and the docstrings of their fields, so this page "
        "is always the schema the code checks. Unknown keys are errors (with a *did you "
        "mean*), and so are values outside the range shown.",
        "",
        "How to read the columns:",
        "",
        "* **unit**: numbers are read in this unit. A string with another compatible unit is "
        'converted (`"8 GW"` for a field in `MW`, `"22 Mt CO2"` for `t CO2`); an '
        "incompatible one is refused. `1` means dimensionless (a share, p.u., or a rate per "
        "year as the description says).",
        "* **series**: one number for every year, or a mapping `{year: number}` interpolated "
        "linearly between the given years and held flat outside them.",
        "* **mapping name → X**: a section whose keys you choose (technology, fuel, "
        "profile names); each value is an X.",
        "* **default**: the schema's default. A scenario with `dataset: hunan` starts from the "
        "packaged Hunan values instead (see [Hunan data and sources](../data/hunan.md)); "
        "`lowcarbon-sim validate FILE --show` prints the resolved scenario.",
        "",
        "Besides these keys, a file may start with `extends: parent.yaml` (or a list of "
        "files): the parents are loaded first, paths relative to the file, and this file "
        "overrides only what it names (see [Write an inheriting scenario]"
        "(../how-to/inherit-scenario.md)). On the command line and in Python every key is "
        "addressed by its dotted path (`--set power.techs.wind.capex=3800`, "
        '`overrides={"policy.co2_price": 100}`).',
        "",
    ]
    for model, paths in seen.items():
        where = ", ".join(f"`{p}`" if p else "top level" for p in paths)
        title = f"`{paths[0]}`" if paths[0] else "Top level"
        if sum(paths[0] == other[0] for other in seen.values()) > 1:
            title += f" ({model.__name__})"  # alternatives at one key (distributions)
        out += [
            f"## {title} {{#{_anchor(model)}}}",
            "",
            f"*{model.__name__}*, at {where}. {rst_inline(_doc(model))}",
            "",
        ]
        if model is TechConfig:
            out += [_tech_class_table(), ""]
        out += [_table(["key", "type", "unit", "default", "description"], []).rstrip("\n")]
        # cells already hold Markdown for type/default: add rows without re-escaping those
        for key, type_text, unit, default, description in _field_rows(model):
            out.append(f"| {key} | {type_text} | {unit} | {default} | {_cell(description)} |")
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------------------
# equations

BLOCK_MODULES = (
    "lowcarbon_sim.model.blocks.balance",
    "lowcarbon_sim.model.blocks.capacity",
    "lowcarbon_sim.model.blocks.build_steps",
    "lowcarbon_sim.model.blocks.build_groups",
    "lowcarbon_sim.model.blocks.dispatch",
    "lowcarbon_sim.model.blocks.demand_response",
    "lowcarbon_sim.model.blocks.storage",
    "lowcarbon_sim.model.blocks.ccus",
    "lowcarbon_sim.model.blocks.hydro",
    "lowcarbon_sim.model.blocks.imports",
    "lowcarbon_sim.model.blocks.commitment",
    "lowcarbon_sim.model.blocks.operating_reserve",
    "lowcarbon_sim.model.blocks.heat",
    "lowcarbon_sim.model.blocks.hydrogen_origin",
    "lowcarbon_sim.model.blocks.policy",
)

# A small scenario that switches on every constraint family (hydrogen, CCUS, linked storage,
# CO2 cap, operating reserve): the families table is read from the model it builds.
FAMILY_SCENARIO = "scenarios/hunan_deep_decarbonisation.yaml"
FAMILY_OVERRIDES = {
    "power.operating_reserve.enabled": True,
    "time.days": 2,
    "time.method": "sampled",
    "time.storage_linking_min_hours": 0,
    "years.milestones": [2020, 2025, 2030],
}


def _math_docs(module: types.ModuleType) -> list[tuple[str, str]]:
    """(object name, docstring) of the module's functions and classes that hold math."""
    found = []
    for name, obj in vars(module).items():
        if getattr(obj, "__module__", None) != module.__name__ or name.startswith("_"):
            continue
        doc = getattr(obj, "__doc__", None) or ""
        if ":math:" in doc or ".. math::" in doc:
            found.append((name, doc))
    return found


def _first_paragraph(doc: str | None) -> str:
    """The first paragraph of a docstring on one line, roles converted."""
    return rst_inline(" ".join((doc or "").strip().split("\n\n")[0].split()))


def _dedent_doc(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc)


@functools.lru_cache(maxsize=1)
def _family_model() -> Any:
    """The Pyomo model of :data:`FAMILY_SCENARIO` (built once per process)."""
    import lowcarbon_sim as lcs
    from lowcarbon_sim.pipeline import sector_outputs

    scenario = lcs.load_scenario(ROOT / FAMILY_SCENARIO, overrides=FAMILY_OVERRIDES)
    return lcs.build_model(lcs.build_inputs(scenario, sector_outputs(scenario)))


def _index_names(component: Any) -> str:
    """Names of the sets that index a Pyomo component (``Y, T`` or ``build_set``)."""
    index = component.index_set()
    parts = getattr(index, "subsets", lambda: [index])()
    return ", ".join(getattr(p, "local_name", str(p)) for p in parts)


def constraint_families() -> list[tuple[str, str, str, str]]:
    """(Pyomo name, index, unit, meaning) of every constraint of a small built model."""
    import pyomo.environ as pyo

    model = _family_model()
    families = getattr(model, "_lcs_families", {})
    rows = []
    for con in model.component_objects(pyo.Constraint, descend_into=True):
        fam = families.get(con.name)
        if fam is not None:
            rows.append((con.name, ", ".join(fam.index), fam.unit, fam.description))
        else:
            meaning = " ".join((con.doc or "").split()) or "(no meaning registered)"
            rows.append((con.name, "", "", meaning))
    return rows


def model_variables() -> list[tuple[str, str, str]]:
    """(Pyomo name, index sets, meaning and unit) of every variable of a small built model."""
    import pyomo.environ as pyo

    model = _family_model()
    rows = []
    for var in model.component_objects(pyo.Var, descend_into=True):
        first = next(iter(var.keys()), None)
        key = ", ".join(repr(k) for k in first) if isinstance(first, tuple) else repr(first)
        example = f"`{var.local_name}[{key}]`" if first is not None else ""
        rows.append(
            (var.name, f"{_index_names(var)}, e.g. {example}", " ".join((var.doc or "").split()))
        )
    return rows


def equations_page() -> str:
    """The model's equations page (Markdown with arithmatex math)."""
    import lowcarbon_sim.model.build as build

    out = [
        "# The model's equations",
        "",
        "<!-- generated by docs/gen_reference.py from the docstrings of "
        "lowcarbon_sim.model.blocks; do not edit -->",
        "",
        "One linear program per scenario, built by `lowcarbon_sim.build_model` from the "
        "inputs Dataset as a flat list of blocks and solved by HiGHS. Each section below is "
        "the docstring of the block's module (`src/lowcarbon_sim/model/blocks/*.py`), "
        "rendered at build time: the code and this page carry the same formulation. Units: "
        "power in MW, energy in MWh, CO2 in t, money in constant 2020 yuan; $y$ is a "
        "modelled year, $t$ a time step of that year with weight $w_t$ (hours it stands "
        "for), $g$ a technology.",
        "",
        "## Objective",
        "",
        "The objective minimises the present value of system cost:",
        "",
        "$$",
        r"\min \; \sum_{y} \omega_y \sum_{b \in \text{blocks}} C_{b,y}",
        "$$",
        "",
        r"where $C_{b,y}$ is the annual cost of block $b$ in year $y$ (yuan/yr, "
        "undiscounted, the *Annual cost* line of each block below) and "
        r"$\omega_y = \sum_{k \in R_y} (1 + r)^{-(k - k_0)}$ "
        r"the sum of the discount factors of the years $R_y$ that modelled year $y$ stands "
        r"for (every year up to the next milestone), at the discount rate $r$ "
        "(`economics.discount_rate`) from the base year $k_0$ (`economics.base_year`). In "
        "Pyomo: `model.system_cost[y]` and `model.objective`. "
        f"{_first_paragraph(build.add_to_objective.__doc__)} "
        "(`lowcarbon_sim.model.build.add_to_objective`; see "
        "[Add a constraint](../how-to/add-constraint.md)).",
        "",
    ]
    for modname in BLOCK_MODULES:
        module = importlib.import_module(modname)
        doc = _dedent_doc(module.__doc__ or "")
        title, _, body = doc.partition("\n\n")  # the first paragraph is the title
        title = " ".join(title.split())
        short = modname.rsplit(".", 1)[-1]
        out += [f"## {rst_inline(title.rstrip('.'))}", "", f"*Module `{modname}`.*", ""]
        out += [rst_to_markdown(body), ""]
        for name, objdoc in _math_docs(module):
            out += [f"### `{short}.{name}`", "", rst_to_markdown(_dedent_doc(objdoc)), ""]
    rows = constraint_families()
    out += [
        "## Every constraint family",
        "",
        "The constraints of a model built from "
        f"`{FAMILY_SCENARIO}` (with hydrogen, CCUS, a CO2 cap and storage linked across "
        "representative days, so that every family appears), as named in Pyomo and in "
        "infeasibility messages. *Index* names the positions of a row's index and *unit* "
        "the unit of its left- and right-hand side. A scenario without hydrogen, CCUS or a "
        "cap has fewer families.",
        "",
        _table(["Pyomo name", "index", "unit", "meaning"], [[f"`{r[0]}`", *r[1:]] for r in rows]),
        "## Variables",
        "",
        "The decision variables of the same model, by Pyomo name, with the Pyomo sets that "
        "index them (`Y` years, `T` time steps, the others sparse sets of tuples) and the "
        "first index of each. These are what a `customize(model, inputs)` function refers "
        "to; `model.capacity.build['wind', 2027]` is the wind capacity built in 2027 (see "
        "[Add a constraint](../how-to/add-constraint.md)).",
        "",
        _table(
            ["Pyomo name", "indexed by", "meaning"],
            [[f"`{v[0]}`", *v[1:]] for v in model_variables()],
        ),
    ]
    return "\n".join(out)


# --------------------------------------------------------------------------------------
# Hunan data


def _number(value: float) -> str:
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"


def hunan_data_page(dataset: str = "hunan") -> str:
    """Every packaged number of ``dataset`` with its source (Markdown)."""
    import pandas as pd

    from lowcarbon_sim.data.provenance import data_sources

    df = data_sources(dataset)
    counts = df["status"].value_counts()
    out = [
        "# Hunan data and sources",
        "",
        "<!-- generated by docs/gen_reference.py from "
        "lowcarbon_sim.data.provenance.data_sources('hunan'); do not edit -->",
        "",
        f"Every default number of the packaged `{dataset}` data set "
        f"(`src/lowcarbon_sim/data/{dataset}/`), generated at build time from "
        f"`lowcarbon_sim.data.provenance.data_sources('{dataset}')`; the same table is "
        "printed by `lowcarbon-sim data` and embedded in every HTML report. A scenario with "
        f"`dataset: {dataset}` starts from these values; each *key* is the dotted scenario "
        "key the figure sets, so any of them can be overridden in YAML or with `--set`.",
        "",
        "**Status**: `verified` (a published figure, quoted), `derived` (computed from "
        "published figures, the note says how) or `assumption` (no figure found; the note "
        "says what was assumed and why). Profiles (`profiles.*`) are synthetic hourly series; "
        "their *value* is the mean of the 8760 hours.",
        "",
        "| status | figures |",
        "|---|---|",
        *[f"| `{s}` | {int(counts.get(s, 0))} |" for s in ("verified", "derived", "assumption")],
        f"| total | {len(df)} |",
        "",
    ]
    df = df.assign(section=df["key"].str.split(".").str[0])
    for section, part in df.groupby("section", sort=False):
        out += [f"## `{section}`", ""]
        rows = []
        for r in part.itertuples(index=False):
            year = "all" if pd.isna(r.year) else str(int(r.year))
            source = r.source if r.source != r.status else ""
            rows.append(
                [
                    f"`{r.key}`",
                    year,
                    _number(float(r.value)),
                    r.unit,
                    f"`{r.status}`",
                    source,
                    r.note,
                ]
            )
        out += [_table(["key", "year", "value", "unit", "status", "source", "note"], rows), ""]
    return "\n".join(out)


# --------------------------------------------------------------------------------------
# README sections

_README_MARK = re.compile(r"<!--\s*readme:\s*(.+?)\s*-->")
# a ```python block whose first line is "# run" is executed by tests/docs/test_docs.py
_RUN_MARK = re.compile(r"^(```python[^\n]*)\n# run[ \t]*\n", re.M)


def readme_section(title: str) -> str:
    """The body of the ``## title`` section of README.md (up to the next ``##``)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if match is None:
        raise ValueError(f"README.md has no section '## {title}'")
    return match.group(1).strip() + "\n"


# --------------------------------------------------------------------------------------
# MkDocs hook events


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages to the build."""
    from mkdocs.structure.files import File

    for uri, func in PAGES.items():
        files.append(File.generated(config, uri, content=globals()[func]()))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace ``<!-- readme: Title -->`` by that section of README.md, and drop the
    ``# run`` first line that marks a code block as executed by the tests."""
    markdown = _README_MARK.sub(lambda m: readme_section(m.group(1)), markdown)
    return _RUN_MARK.sub(r"\1\n", markdown)


# --------------------------------------------------------------------------------------
# griffe extension: reST roles in API docstrings -> Markdown

try:
    import griffe
except ImportError:  # pragma: no cover - only the docs build needs it
    griffe = None

if griffe is not None:
    _SINGULAR_EXAMPLE = re.compile(r"^(\s*)Example\n(\s*)-------\s*$", re.M)

    class RstRoles(griffe.Extension):
        """Turn ``:func:`x```, ``:math:`x``` and ``.. math::`` in docstrings into Markdown,
        and read a numpydoc ``Example`` section as ``Examples`` (the name griffe knows)."""

        def on_object(self, *, obj: Any, **kwargs: Any) -> None:
            if obj.docstring is not None:
                text = rst_to_markdown(obj.docstring.value, sections=False)
                text = _SINGULAR_EXAMPLE.sub(r"\1Examples\n\2--------", text)
                obj.docstring.value = text.rstrip("\n")


def main(argv: list[str]) -> int:
    """Write the generated pages under the folder ``argv[0]``."""
    if len(argv) != 1:
        print("usage: python docs/gen_reference.py OUTDIR", file=sys.stderr)
        return 2
    outdir = Path(argv[0])
    for uri, func in PAGES.items():
        path = outdir / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(globals()[func](), encoding="utf-8")
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

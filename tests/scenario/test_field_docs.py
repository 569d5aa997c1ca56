"""Field descriptions: the attribute docstrings, given on demand (document_fields)."""

import inspect

import lowcarbon_sim.scenario.sectors
import lowcarbon_sim.scenario.targets
import lowcarbon_sim.scenario.uncertainty  # noqa: F401 (their models are documented too)
from lowcarbon_sim.scenario.schema import PolicyConfig, Scenario
from lowcarbon_sim.scenario.types import StrictModel, _subclasses, document_fields
from lowcarbon_sim.scenario.uncertainty import Normal


def test_every_field_gets_the_docstring_pydantic_would_give():
    # pydantic's own reader (what `use_attribute_docstrings` used at import), which
    # document_fields also calls: this checks which fields get it (declared ones) and that
    # none is missed; the literal strings below check the text itself
    from pydantic._internal._docs_extraction import extract_docstrings_from_cls

    document_fields()
    models = _subclasses(StrictModel)
    assert len(models) > 30
    for cls in models:
        expected = extract_docstrings_from_cls(cls, use_inspect=True)
        for name, info in cls.model_fields.items():
            declared = name in inspect.get_annotations(cls)
            if declared and name in expected:
                assert info.description == expected[name], f"{cls.__name__}.{name}"
    assert PolicyConfig.model_fields["reserve_margin"].description.startswith("Firm capacity")
    # inherited from the class that declares it
    assert Normal.model_fields["apply"].description.startswith("`set`: the sample replaces")


def test_json_schema_carries_the_descriptions_of_nested_models():
    schema = Scenario.model_json_schema()
    normal = schema["$defs"]["Normal"]["properties"]
    assert normal["mean"]["description"] == "Mean (before truncation)."
    assert normal["apply"]["description"].startswith("`set`: the sample replaces")
    policy = schema["$defs"]["PolicyConfig"]["properties"]
    assert policy["reserve_margin"]["description"].startswith("Firm capacity")

"""The ``uncertainty:`` section of a scenario: its schema (distributions, sweeps, seed).

The sampling, the overrides and the checks of these values against the resolved scenario are
in :mod:`lowcarbon_sim.ensemble.spec`; the scenario format itself lives here, with the rest of
the scenario schema. See :mod:`lowcarbon_sim.ensemble.spec` for the YAML form.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from lowcarbon_sim.scenario.types import StrictModel

SECTION = "uncertainty"


ApplyMode = Literal["set", "scale"]

# Quantile range checked for an unbounded normal distribution (mean +- 4 sd holds 99.994 % of
# the mass; Latin hypercube samples of up to ~10^4 members stay inside it).
NORMAL_CHECK_SD = 4.0


class _Distribution(StrictModel):
    apply: ApplyMode = "set"
    """`set`: the sample replaces the scenario's value; `scale`: it multiplies the value
    (every year of a series)."""


class Uniform(_Distribution):
    """Uniform between `low` and `high` (same unit as the key, or a factor with `scale`)."""

    distribution: Literal["uniform"]
    low: float = Field(allow_inf_nan=False)
    """Lower end of the range."""
    high: float = Field(allow_inf_nan=False)
    """Upper end of the range."""

    @model_validator(mode="after")
    def _order(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"expected low < high, got low={self.low}, high={self.high}")
        return self


class Normal(_Distribution):
    """Normal with `mean` and standard deviation `sd`, optionally truncated to `low`..`high`."""

    distribution: Literal["normal"]
    mean: float = Field(allow_inf_nan=False)
    """Mean (before truncation)."""
    sd: float = Field(gt=0, allow_inf_nan=False)
    """Standard deviation (before truncation), > 0."""
    low: float | None = Field(None, allow_inf_nan=False)
    """Optional lower bound: the distribution is truncated there."""
    high: float | None = Field(None, allow_inf_nan=False)
    """Optional upper bound: the distribution is truncated there."""

    @model_validator(mode="after")
    def _order(self) -> Normal:
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise ValueError(f"expected low < high, got low={self.low}, high={self.high}")
        return self


class Triangular(_Distribution):
    """Triangular with minimum `low`, most likely value `mode` and maximum `high`."""

    distribution: Literal["triangular"]
    low: float = Field(allow_inf_nan=False)
    """Smallest value."""
    mode: float = Field(allow_inf_nan=False)
    """Most likely value."""
    high: float = Field(allow_inf_nan=False)
    """Largest value."""

    @model_validator(mode="after")
    def _order(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(
                f"expected low <= mode <= high and low < high, got low={self.low}, "
                f"mode={self.mode}, high={self.high}"
            )
        return self


class Discrete(_Distribution):
    """One of `values`, each equally likely (numbers, strings or booleans)."""

    distribution: Literal["discrete"]
    values: list[Any] = Field(min_length=1)
    """The possible values, equally likely, in the order given (that order ranks them in the
    sensitivity table)."""


Distribution = Annotated[
    Uniform | Normal | Triangular | Discrete, Field(discriminator="distribution")
]


class UncertaintyConfig(StrictModel):
    """Uncertain parameters (for ensembles) and sweeps over scenario keys."""

    seed: int = 0
    """Seed of the Latin hypercube sampling: the same seed, sample count and parameters give
    the same members on every machine."""
    samples: int | None = Field(None, ge=1)
    """Default number of ensemble members (`--samples` overrides it)."""
    parameters: dict[str, Distribution] = Field(default_factory=dict)
    """Distribution of each uncertain input, by dotted key (e.g. `power.techs.wind.capex`)."""
    sweep: dict[str, list[Any]] = Field(default_factory=dict)
    """Values to sweep by dotted key; several keys make a full grid (every combination)."""

    @model_validator(mode="after")
    def _keys(self) -> UncertaintyConfig:
        problems = []
        for group, keys in (("parameters", self.parameters), ("sweep", self.sweep)):
            for key in keys:
                if not key or any(not part for part in key.split(".")):
                    problems.append(f"{group}.{key}: expected a dotted key like policy.co2_price")
        for key, values in self.sweep.items():
            if not values:
                problems.append(f"sweep.{key}: expected a non-empty list of values")
        if problems:
            raise ValueError("; ".join(problems))
        return self

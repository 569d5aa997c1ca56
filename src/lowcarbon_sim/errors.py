"""The one exception family of lowcarbon-sim.

Every error a user can cause is a :class:`LowCarbonSimError`. The CLI maps
:class:`InputError` subclasses to exit code 2, :class:`ModelError` subclasses
to exit code 3 and :class:`OutputError` (the machine refused a write) to exit code 4, and
prints the message without a traceback.
"""

from __future__ import annotations

#: Longest key path or message of one problem that an error repeats (characters); a longer
#: one (a huge value echoed back, a hostile name) is cut with a note of its length.
MAX_ITEM_CHARS = 500
#: Most problems one error lists.
MAX_PROBLEMS = 50


def _clip(text: str) -> str:
    text = str(text)
    if len(text) <= MAX_ITEM_CHARS:
        return text
    return f"{text[:MAX_ITEM_CHARS]}... ({len(text):,} characters)"


class LowCarbonSimError(Exception):
    """Base class of every error raised on purpose by lowcarbon-sim."""

    exit_code = 1


class InputError(LowCarbonSimError, ValueError):
    """Invalid input: a file, a scenario key, a value or a unit (exit code 2)."""

    exit_code = 2


class ScenarioError(InputError):
    """A scenario file or override is wrong.

    Parameters
    ----------
    problems
        One ``(key_path, message)`` pair per problem found; all are reported at once.
    file
        The scenario file the problems belong to, if known.
    """

    def __init__(self, problems: list[tuple[str, str]], file: str | None = None):
        self.problems = list(problems)
        self.file = file
        where = f"{_clip(file)}: " if file else ""
        shown = [(_clip(key), _clip(msg)) for key, msg in self.problems[:MAX_PROBLEMS]]
        if len(self.problems) == 1:
            key, msg = shown[0]
            text = f"{where}{key}: {msg}" if key else f"{where}{msg}"
        else:
            lines = [f"{where}{len(self.problems)} problems in the scenario:"]
            lines += [f"  - {key}: {msg}" if key else f"  - {msg}" for key, msg in shown]
            if len(self.problems) > MAX_PROBLEMS:
                lines.append(f"  ... and {len(self.problems) - MAX_PROBLEMS} more")
            text = "\n".join(lines)
        super().__init__(text)


class DataError(InputError):
    """A packaged or user-supplied data file (CSV profile, data table) is wrong."""


class ModelError(LowCarbonSimError):
    """The model could not be built or solved (exit code 3)."""

    exit_code = 3


class ModelBuildError(ModelError):
    """The model could not be built from the inputs."""


class SolveError(ModelError):
    """The solver failed, or the model is infeasible or unbounded.

    Attributes
    ----------
    status
        The solver's termination status as a string (e.g. ``"infeasible"``).
    diagnosis
        Human-readable lines explaining the cause in model terms, if found.
    """

    def __init__(self, message: str, status: str = "error", diagnosis: list[str] | None = None):
        self.status = status
        self.diagnosis = list(diagnosis or [])
        text = message
        if self.diagnosis:
            text += "\n" + "\n".join(f"  - {line}" for line in self.diagnosis)
        super().__init__(text)


class InfeasibleError(SolveError):
    """The LP has no feasible solution; ``diagnosis`` says which constraints conflict."""


class SolverNotAvailableError(SolveError, InputError):
    """The solver named in the scenario is not installed (exit code 2)."""

    exit_code = 2


class OutputError(LowCarbonSimError, OSError):
    """The machine refused a write: disk full, no permission, a read-only file system, an
    output path that is a file (exit code 4). Nothing was half-written."""

    exit_code = 4


class ScenarioWarning(UserWarning):
    """A scenario that loads but probably does not say what its author meant."""

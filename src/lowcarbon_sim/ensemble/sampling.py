"""Latin hypercube sampling of the uncertain parameters (seeded, reproducible).

The unit hypercube is sampled with :class:`scipy.stats.qmc.LatinHypercube` (each of the ``n``
equal strata of every dimension holds exactly one point), and each column is mapped to its
distribution through the inverse cumulative distribution function (``ppf``):

* uniform(low, high): ``low + u (high - low)``;
* normal(mean, sd), optionally truncated to ``low..high``: :data:`scipy.stats.truncnorm`;
* triangular(low, mode, high): :data:`scipy.stats.triang` with ``c = (mode-low)/(high-low)``;
* discrete(values): ``values[floor(u k)]`` for ``k`` values, so every value is drawn
  ``n/k`` times when ``k`` divides ``n``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import stats
from scipy.stats import qmc

from lowcarbon_sim.ensemble.spec import Discrete, Normal, Triangular, Uniform


def latin_hypercube(n: int, d: int, seed: int) -> np.ndarray:
    """``n`` points in ``[0, 1)^d``, one in each of the ``n`` strata of every dimension.

    The same ``(n, d, seed)`` always gives the same points.
    """
    if n < 1 or d < 1:
        raise ValueError(f"need n >= 1 and d >= 1, got n={n}, d={d}")
    engine = qmc.LatinHypercube(d=d, rng=np.random.default_rng(seed))
    return engine.random(n)


def inverse_cdf(dist: Uniform | Normal | Triangular | Discrete, u: np.ndarray) -> np.ndarray:
    """Map uniform ``u`` in ``[0, 1)`` to values of ``dist`` through its inverse CDF.

    Returns a float array, or an object array holding the chosen values for a discrete
    distribution.

    Examples
    --------
    >>> from lowcarbon_sim.ensemble.spec import Uniform, Discrete
    >>> inverse_cdf(Uniform(distribution="uniform", low=10, high=20), np.array([0.0, 0.25]))
    array([10. , 12.5])
    >>> inverse_cdf(Discrete(distribution="discrete", values=["a", "b"]), np.array([0.1, 0.6]))
    array(['a', 'b'], dtype=object)
    """
    u = np.asarray(u, dtype=float)
    if isinstance(dist, Uniform):
        return dist.low + u * (dist.high - dist.low)
    if isinstance(dist, Normal):
        lo = -np.inf if dist.low is None else (dist.low - dist.mean) / dist.sd
        hi = np.inf if dist.high is None else (dist.high - dist.mean) / dist.sd
        return stats.truncnorm.ppf(u, lo, hi, loc=dist.mean, scale=dist.sd)
    if isinstance(dist, Triangular):
        width = dist.high - dist.low
        c = (dist.mode - dist.low) / width
        return stats.triang.ppf(u, c, loc=dist.low, scale=width)
    if isinstance(dist, Discrete):
        k = len(dist.values)
        idx = np.minimum((u * k).astype(int), k - 1)
        out = np.empty(u.shape, dtype=object)
        for i, j in enumerate(idx.ravel()):
            out.flat[i] = dist.values[j]
        return out
    raise TypeError(f"unknown distribution {dist!r}")  # pragma: no cover


def sample_parameters(
    parameters: dict[str, Any], n: int, seed: int
) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Draw ``n`` Latin hypercube samples of ``parameters`` (dotted key -> distribution).

    Returns
    -------
    (u, samples)
        ``u``: the ``(n, d)`` unit-cube points (columns in the order of ``parameters``);
        ``samples``: one ``{key: value}`` per member, values as plain Python numbers/strings.
    """
    keys = list(parameters)
    u = latin_hypercube(n, len(keys), seed)
    columns = [inverse_cdf(parameters[k], u[:, j]) for j, k in enumerate(keys)]
    samples = [{k: _plain(columns[j][i]) for j, k in enumerate(keys)} for i in range(n)]
    return u, samples


def grid(sweep: dict[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of the swept values, the first key varying slowest.

    Examples
    --------
    >>> grid({"a": [1, 2], "b": ["x", "y"]})
    [{'a': 1, 'b': 'x'}, {'a': 1, 'b': 'y'}, {'a': 2, 'b': 'x'}, {'a': 2, 'b': 'y'}]
    """
    import itertools

    keys = list(sweep)
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*sweep.values())]


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value

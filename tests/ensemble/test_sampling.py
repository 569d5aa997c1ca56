"""Latin hypercube sampling and the inverse CDFs, checked against hand-computed values."""

import math

import numpy as np
import pytest

from lowcarbon_sim.ensemble.sampling import grid, inverse_cdf, latin_hypercube, sample_parameters
from lowcarbon_sim.ensemble.spec import Discrete, Normal, Triangular, Uniform


def test_lhs_puts_one_point_in_each_stratum_of_every_dimension():
    n, d = 17, 4
    u = latin_hypercube(n, d, seed=3)
    assert u.shape == (n, d)
    assert ((u >= 0) & (u < 1)).all()
    for j in range(d):
        assert sorted(np.floor(u[:, j] * n).astype(int)) == list(range(n))


def test_lhs_is_reproducible_by_seed():
    a, b = latin_hypercube(8, 3, seed=42), latin_hypercube(8, 3, seed=42)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, latin_hypercube(8, 3, seed=43))


def test_uniform_inverse_cdf():
    dist = Uniform(distribution="uniform", low=10.0, high=30.0)
    np.testing.assert_allclose(
        inverse_cdf(dist, np.array([0.0, 0.25, 0.5, 0.999])), [10.0, 15.0, 20.0, 29.98]
    )


def test_triangular_inverse_cdf_by_hand():
    # low 0, mode 2, high 10: F(mode) = (2-0)/(10-0) = 0.2; above the mode
    # F(x) = 1 - (10-x)^2 / (10 * 8), so F(x) = 0.5 at x = 10 - sqrt(40)
    dist = Triangular(distribution="triangular", low=0.0, mode=2.0, high=10.0)
    x = inverse_cdf(dist, np.array([0.0, 0.2, 0.5, 0.05]))
    # below the mode F(x) = x^2 / (10 * 2): F(x) = 0.05 at x = 1
    np.testing.assert_allclose(x, [0.0, 2.0, 10 - math.sqrt(40), 1.0], rtol=1e-12)


def test_normal_and_truncated_normal_inverse_cdf():
    phi1 = 0.5 * (1 + math.erf(1 / math.sqrt(2)))  # P(Z < 1) = 0.8413...
    dist = Normal(distribution="normal", mean=100.0, sd=10.0)
    np.testing.assert_allclose(inverse_cdf(dist, np.array([0.5, phi1])), [100.0, 110.0])
    # truncated to [mean, inf): the upper half of the normal; its median is the normal's
    # 75 % quantile, mean + 0.67449 sd
    half = Normal(distribution="normal", mean=100.0, sd=10.0, low=100.0)
    np.testing.assert_allclose(
        inverse_cdf(half, np.array([0.0, 0.5])), [100.0, 100.0 + 6.744897501960817], rtol=1e-9
    )
    both = Normal(distribution="normal", mean=1.0, sd=0.5, low=0.6, high=1.5)
    x = inverse_cdf(both, np.linspace(0, 0.9999, 50))
    assert x.min() >= 0.6 and x.max() <= 1.5


def test_discrete_values_are_drawn_equally_often():
    dist = Discrete(distribution="discrete", values=["low", "mid", "high"])
    _, draws = sample_parameters({"k": dist}, 9, seed=1)
    values = [d["k"] for d in draws]
    assert {v: values.count(v) for v in set(values)} == {"low": 3, "mid": 3, "high": 3}


def test_sample_parameters_maps_each_column_and_is_reproducible():
    params = {
        "a": Uniform(distribution="uniform", low=0.0, high=1.0),
        "b": Uniform(distribution="uniform", low=100.0, high=200.0),
    }
    u, draws = sample_parameters(params, 5, seed=7)
    np.testing.assert_allclose([d["a"] for d in draws], u[:, 0])
    np.testing.assert_allclose([d["b"] for d in draws], 100 + 100 * u[:, 1])
    assert sample_parameters(params, 5, seed=7)[1] == draws
    assert all(type(d["a"]) is float for d in draws)  # plain Python, YAML/JSON-able


def test_grid_is_the_full_product():
    g = grid({"x": [1, 2, 3], "y": ["a", "b"]})
    assert len(g) == 6 and g[0] == {"x": 1, "y": "a"} and g[-1] == {"x": 3, "y": "b"}


def test_bad_sizes():
    with pytest.raises(ValueError):
        latin_hypercube(0, 2, seed=1)

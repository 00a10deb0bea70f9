import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scratchnet import activations as act
from scratchnet.gradcheck import numerical_gradient, rel_error

PAIRS = [
    (act.sigmoid, act.sigmoid_prime),
    (act.tanh, act.tanh_prime),
    (act.relu, act.relu_prime),
]

# Overflow, log(0) and NaN are errors here; underflow to 0 is harmless.
STRICT = dict(over="raise", divide="raise", invalid="raise")


@pytest.mark.parametrize("f, f_prime", PAIRS, ids=lambda f: getattr(f, "__name__", ""))
@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4)])
def test_prime_matches_numerical_derivative(f, f_prime, shape):
    z = np.random.default_rng(1).normal(size=shape)
    numeric = numerical_gradient(lambda: float(np.sum(f(z))), z)
    assert rel_error(f_prime(z), numeric) < 1e-8


def test_worked_values():
    assert act.sigmoid(0.0) == 0.5
    np.testing.assert_allclose(act.sigmoid(np.log(3.0)), 0.75)  # 1 / (1 + 1/3)
    np.testing.assert_allclose(act.sigmoid_prime(np.log(3.0)), 0.75 * 0.25)
    np.testing.assert_allclose(act.tanh_prime(0.0), 1.0)
    np.testing.assert_array_equal(act.relu(np.array([-2.0, 0.0, 3.0])), [0, 0, 3])
    np.testing.assert_array_equal(act.relu_prime(np.array([-2.0, 0.0, 3.0])), [0, 0, 1])
    np.testing.assert_allclose(act.softmax(np.array([[0.0, np.log(3.0)]])), [[0.25, 0.75]])


def test_sigmoid_prime_takes_the_pre_activation_not_the_activation():
    z = np.array([2.0])
    s = act.sigmoid(z)
    assert act.sigmoid_prime(z) == pytest.approx(s * (1 - s))
    assert act.sigmoid_prime(s) != pytest.approx(s * (1 - s))


def test_sigmoid_extreme_inputs_without_warnings():
    with np.errstate(**STRICT):
        out = act.sigmoid(np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(out, [0.0, 1.0])


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)),
              elements=st.floats(-1e300, 1e300)))
def test_softmax_rows_are_distributions_for_any_finite_logits(z):
    with np.errstate(**STRICT):
        p = act.softmax(z)
    assert p.shape == z.shape
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    # The largest logit always gets the largest probability.
    assert np.all(p[np.arange(len(z)), z.argmax(axis=1)] == p.max(axis=1))


def test_float32_stays_float32():
    z = np.ones((2, 3), dtype=np.float32)
    for f in (act.sigmoid, act.sigmoid_prime, act.tanh, act.tanh_prime,
              act.relu, act.relu_prime, act.softmax):
        assert f(z).dtype == np.float32, f.__name__

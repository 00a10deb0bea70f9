import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scratchnet import losses as L
from scratchnet.activations import softmax
from scratchnet.gradcheck import check_loss

# Overflow, log(0) and NaN are errors here; underflow to 0 is harmless.
STRICT = dict(over="raise", divide="raise", invalid="raise")


def _probabilities(rng, n, c):
    return softmax(rng.normal(size=(n, c)))


@pytest.mark.parametrize("n, c", [(1, 2), (4, 3), (7, 10)])
def test_every_loss_passes_the_gradient_check(n, c):
    rng = np.random.default_rng(n * c)
    labels = rng.integers(0, c, size=n)
    one_hot = np.eye(c)[labels]
    assert check_loss(L.mse, L.mse_prime, rng.normal(size=(n, c)), rng.normal(size=(n, c))) < 1e-7
    y_bin = rng.integers(0, 2, size=(n, 1)).astype(float)
    p_bin = rng.uniform(0.05, 0.95, size=(n, 1))
    assert check_loss(L.binary_cross_entropy, L.binary_cross_entropy_prime, y_bin, p_bin) < 1e-7
    p = _probabilities(rng, n, c)
    for target in (one_hot, labels):
        assert check_loss(L.cross_entropy, L.cross_entropy_prime, target, p) < 1e-7
        logits = rng.normal(size=(n, c))
        assert check_loss(L.softmax_cross_entropy, L.softmax_cross_entropy_prime,
                          target, logits) < 1e-7


def test_worked_values():
    # mse: errors 1 and 3 over two entries -> (1 + 9) / 2.
    assert L.mse(np.array([[0.0], [0.0]]), np.array([[1.0], [3.0]])) == 5.0
    np.testing.assert_allclose(L.mse_prime(np.array([[0.0], [0.0]]), np.array([[1.0], [3.0]])),
                               [[1.0], [3.0]])
    # cross-entropy: true-class probabilities 0.5 and 0.25 -> (ln 2 + ln 4) / 2.
    p = np.array([[0.5, 0.5], [0.75, 0.25]])
    assert L.cross_entropy(np.array([0, 1]), p) == pytest.approx(1.5 * np.log(2))
    # softmax cross-entropy of equal logits over 4 classes is ln 4.
    assert L.softmax_cross_entropy(np.array([2]), np.zeros((1, 4))) == pytest.approx(np.log(4))
    # and its gradient is p - y over the batch size.
    np.testing.assert_allclose(L.softmax_cross_entropy_prime(np.array([2]), np.zeros((1, 4))),
                               [[0.25, 0.25, -0.75, 0.25]])


def test_one_hot_and_integer_labels_agree():
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 5, size=6)
    logits = rng.normal(size=(6, 5))
    assert L.softmax_cross_entropy(labels, logits) == pytest.approx(
        L.softmax_cross_entropy(np.eye(5)[labels], logits))
    np.testing.assert_allclose(L.cross_entropy_prime(labels, softmax(logits)),
                               L.cross_entropy_prime(np.eye(5)[labels], softmax(logits)))


def test_softmax_cross_entropy_equals_cross_entropy_of_softmax():
    rng = np.random.default_rng(4)
    labels = rng.integers(0, 3, size=5)
    z = rng.normal(size=(5, 3))
    assert L.softmax_cross_entropy(labels, z) == pytest.approx(L.cross_entropy(labels, softmax(z)))


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(2, 6)),
              elements=st.floats(-1e6, 1e6)),
       st.data())
def test_softmax_cross_entropy_is_finite_at_extreme_logits(logits, data):
    labels = np.array(data.draw(st.lists(st.integers(0, logits.shape[1] - 1),
                                         min_size=len(logits), max_size=len(logits))))
    with np.errstate(**STRICT):
        loss = L.softmax_cross_entropy(labels, logits)
        grad = L.softmax_cross_entropy_prime(labels, logits)
    assert np.isfinite(loss) and loss >= 0
    assert np.all(np.isfinite(grad))
    # Each row of p - y sums to zero.
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-12)


def test_probability_losses_survive_zero_and_one_without_warnings():
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    p = np.array([[0.0, 1.0], [0.0, 1.0]])
    with np.errstate(**STRICT):
        values = [L.cross_entropy(y, p), L.binary_cross_entropy(y, p)]
        grads = [L.cross_entropy_prime(y, p), L.binary_cross_entropy_prime(y, p)]
    assert all(np.isfinite(v) and v > 0 for v in values)
    assert all(np.all(np.isfinite(g)) for g in grads)


@pytest.mark.parametrize("loss", [L.mse, L.cross_entropy, L.softmax_cross_entropy,
                                  L.binary_cross_entropy, L.mse_prime,
                                  L.softmax_cross_entropy_prime])
def test_mismatched_lengths_are_refused_with_a_clear_message(loss):
    with pytest.raises(ValueError, match="y_true has 3 samples but y_pred has 2"):
        loss(np.zeros((3, 2)), np.full((2, 2), 0.5))


def test_bad_labels_are_refused():
    with pytest.raises(ValueError, match="labels must lie in 0..2"):
        L.cross_entropy(np.array([0, 3]), np.full((2, 3), 1 / 3))
    with pytest.raises(ValueError, match="integer labels"):
        L.softmax_cross_entropy(np.array([0.0, 1.0]), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="shape"):
        L.mse(np.zeros((2, 1)), np.zeros((2, 3)))

import numpy as np
import pytest

from scratchnet import datasets


def test_logic_gates():
    X, y = datasets.logic_gate("XOR")
    assert X.shape == (4, 2) and y.shape == (4, 1)
    np.testing.assert_array_equal(y.ravel(), np.logical_xor(X[:, 0], X[:, 1]))
    np.testing.assert_array_equal(datasets.logic_gate("and")[1].ravel(), X[:, 0] * X[:, 1])
    with pytest.raises(ValueError, match="unknown gate 'nand'"):
        datasets.logic_gate("nand")


def test_spirals_are_seeded_and_balanced():
    X, labels = datasets.spirals(50, 3, rng=1)
    assert X.shape == (150, 2)
    np.testing.assert_array_equal(np.bincount(labels), [50, 50, 50])
    np.testing.assert_array_equal(X, datasets.spirals(50, 3, rng=1)[0])
    assert np.abs(X).max() <= 1.0


def test_digits_split():
    X_train, X_test, y_train, y_test = datasets.digits()
    assert X_train.shape[1] == 64 and len(X_train) + len(X_test) == 1797
    assert 0.0 <= X_train.min() and X_train.max() == 1.0
    assert set(np.unique(y_test)) == set(range(10))
    images = datasets.digits(images=True)[0]
    assert images.shape == (len(X_train), 1, 8, 8)
    np.testing.assert_array_equal(images.reshape(len(images), 64), X_train)


def test_one_hot():
    np.testing.assert_array_equal(datasets.one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match="0..2"):
        datasets.one_hot(np.array([3]), 3)

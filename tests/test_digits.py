"""End to end on a real data set: scikit-learn's bundled 8x8 digits."""
import numpy as np
import pytest

from scratchnet import Network
from scratchnet.datasets import digits
from scratchnet.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU
from scratchnet.losses import softmax_cross_entropy, softmax_cross_entropy_prime


def accuracy(net, x, labels):
    return float(np.mean(net.predict(x).argmax(axis=1) == labels))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mlp_reaches_95_percent(seed):
    X_train, X_test, y_train, y_test = digits()
    rng = np.random.default_rng(seed)
    net = Network([Dense(64, 64, rng=rng), ReLU(), Dense(64, 10, rng=rng)])
    net.use(softmax_cross_entropy, softmax_cross_entropy_prime)
    net.fit(X_train, y_train, epochs=30, learning_rate=0.1, batch_size=32, rng=rng,
            verbose=False)
    assert accuracy(net, X_test, y_test) >= 0.95


@pytest.mark.parametrize("seed", [0, 1])
def test_small_cnn_reaches_97_percent(seed):
    X_train, X_test, y_train, y_test = digits(images=True)
    rng = np.random.default_rng(seed)
    net = Network([
        Conv2D(1, 16, kernel_size=3, padding=1, rng=rng), ReLU(),  # (N, 16, 8, 8)
        MaxPool2D(2),                                              # (N, 16, 4, 4)
        Flatten(),                                                 # (N, 256)
        Dense(256, 64, rng=rng), ReLU(),
        Dense(64, 10, rng=rng),
    ])
    net.use(softmax_cross_entropy, softmax_cross_entropy_prime)
    net.fit(X_train, y_train, epochs=30, learning_rate=0.1, batch_size=32, rng=rng,
            verbose=False)
    assert accuracy(net, X_test, y_test) >= 0.97

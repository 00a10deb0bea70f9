"""Time to a target test accuracy on scikit-learn's bundled 8x8 digits.

The networks and settings of tests/test_digits.py (float64, SGD, batch 32,
learning rate 0.1): an MLP 64-64-10 to 95% and a small CNN to 97%, trained
one epoch at a time and checked on the test set after each epoch. Both use
the fast layers of `scratchnet.fast`, as a user who wants speed would; the
readable layers compute the same numbers (tests/test_fast.py).
"""
import time

import numpy as np

from scratchnet.datasets import digits
from scratchnet.fast import Conv2D, Dense, MaxPool2D, Network
from scratchnet.layers import Flatten, ReLU
from scratchnet.losses import softmax_cross_entropy, softmax_cross_entropy_prime

MAX_EPOCHS = 100


def mlp(rng):
    return Network([Dense(64, 64, rng=rng), ReLU(), Dense(64, 10, rng=rng)])


def cnn(rng):
    return Network([
        Conv2D(1, 16, kernel_size=3, padding=1, rng=rng), ReLU(),  # (N, 16, 8, 8)
        MaxPool2D(2),                                              # (N, 16, 4, 4)
        Flatten(),                                                 # (N, 256)
        Dense(256, 64, rng=rng), ReLU(),
        Dense(64, 10, rng=rng),
    ])


def time_to_accuracy(build, target, images, seed=0):
    """Train until the test accuracy reaches ``target``.

    Returns
    -------
    seconds, epochs, accuracy : float, int, float
        Wall time of training and checking, the epochs it took, and the
        accuracy reached (below ``target`` only if MAX_EPOCHS ran out).
    """
    x_train, x_test, y_train, y_test = digits(images=images)
    rng = np.random.default_rng(seed)
    net = build(rng)
    net.use(softmax_cross_entropy, softmax_cross_entropy_prime)
    start = time.perf_counter()
    for epoch in range(1, MAX_EPOCHS + 1):
        net.fit(x_train, y_train, epochs=1, learning_rate=0.1, batch_size=32, rng=rng,
                verbose=False)
        accuracy = float(np.mean(net.predict(x_test).argmax(axis=1) == y_test))
        if accuracy >= target:
            break
    return time.perf_counter() - start, epoch, accuracy

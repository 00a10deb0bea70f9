"""Print the worst gradient-check relative error of every layer and loss, in float64.

Usage: python scripts/gradcheck_report.py

Runs `scratchnet.gradcheck` over random shapes (and, for convolution and
pooling, strides and paddings) and prints one line per layer or loss; the
tests assert each of these stays below 1e-6.
"""
import itertools

import numpy as np

from scratchnet import losses
from scratchnet.activations import softmax
from scratchnet.gradcheck import check_layer, check_loss
from scratchnet.layers import Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU, Sigmoid, Tanh


class FixedMaskDropout(Dropout):
    """Dropout whose mask is the same on every forward pass, for the numerical check."""

    def forward(self, x):
        self.rng = np.random.default_rng(0)
        return super().forward(x)


def layer_cases(rng):
    for n, d, m in [(1, 1, 1), (3, 4, 2), (5, 7, 3)]:
        yield "Dense", Dense(d, m, rng=rng), rng.normal(size=(n, d))
    for layer in (Sigmoid(), Tanh(), ReLU(), Flatten(), FixedMaskDropout(0.3)):
        yield type(layer).__name__.replace("FixedMask", ""), layer, rng.normal(size=(2, 3, 4, 5))
    for k, s, p in itertools.product((1, 2, 3), (1, 2), (0, 1, 2)):
        conv = Conv2D(2, 3, kernel_size=k, stride=s, padding=p, rng=rng)
        conv.params["b"] = rng.normal(size=3)
        yield "Conv2D", conv, rng.normal(size=(2, 2, 7, 6))
    for k, s in [(2, 2), (3, 2), (2, 1), (3, 3)]:
        yield "MaxPool2D", MaxPool2D(k, s), rng.normal(size=(2, 3, 7, 8))


def loss_cases(rng):
    n, c = 6, 4
    labels = rng.integers(0, c, size=n)
    yield "mse", losses.mse, losses.mse_prime, rng.normal(size=(n, c)), rng.normal(size=(n, c))
    yield ("binary_cross_entropy", losses.binary_cross_entropy,
           losses.binary_cross_entropy_prime,
           rng.integers(0, 2, size=(n, 1)).astype(float), rng.uniform(0.05, 0.95, size=(n, 1)))
    yield ("cross_entropy", losses.cross_entropy, losses.cross_entropy_prime,
           labels, softmax(rng.normal(size=(n, c))))
    yield ("softmax_cross_entropy", losses.softmax_cross_entropy,
           losses.softmax_cross_entropy_prime, labels, rng.normal(size=(n, c)))


def main():
    rng = np.random.default_rng(0)
    worst = {}
    for name, layer, x in layer_cases(rng):
        worst[name] = max(worst.get(name, 0.0), *check_layer(layer, x, rng).values())
    for name, loss, loss_prime, y_true, y_pred in loss_cases(rng):
        worst[name] = check_loss(loss, loss_prime, y_true, y_pred)
    for name, error in worst.items():
        print(f"{name:<22} {error:.1e}")
    print(f"{'worst':<22} {max(worst.values()):.1e}")


if __name__ == "__main__":
    main()

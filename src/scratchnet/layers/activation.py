"""Activation layers: an element-wise function and its derivative."""
from .. import activations
from .base import Layer


class Activation(Layer):
    """Applies ``f`` element-wise; has no parameters.

    Parameters
    ----------
    f, f_prime : callable
        The function and its derivative, both taking the layer's input
        (the pre-activation), e.g. `scratchnet.activations.tanh` and
        `scratchnet.activations.tanh_prime`.
    """

    def __init__(self, f, f_prime):
        super().__init__()
        self.f, self.f_prime = f, f_prime

    def forward(self, x):
        """Y = f(X), any shape."""
        self.x = x
        return self.f(x)

    def backward(self, dout):
        """dE/dX = dE/dY * f'(X), an element-wise product (same shape as X)."""
        if dout.shape != self.x.shape:
            raise ValueError(
                f"{self!r}.backward expects dout of shape {self.x.shape}, got {dout.shape}"
            )
        return dout * self.f_prime(self.x)

    def __repr__(self):
        return f"Activation({self.f.__name__})"


class Sigmoid(Activation):
    """Logistic activation layer."""

    def __init__(self):
        super().__init__(activations.sigmoid, activations.sigmoid_prime)

    def __repr__(self):
        return "Sigmoid()"


class Tanh(Activation):
    """Hyperbolic tangent activation layer."""

    def __init__(self):
        super().__init__(activations.tanh, activations.tanh_prime)

    def __repr__(self):
        return "Tanh()"


class ReLU(Activation):
    """Rectified linear unit activation layer."""

    def __init__(self):
        super().__init__(activations.relu, activations.relu_prime)

    def __repr__(self):
        return "ReLU()"

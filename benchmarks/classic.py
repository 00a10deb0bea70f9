"""The same layers written the classic from-scratch tutorial's way, to time the speed-up.

The classic style handles one sample at a time: a Python loop over the
samples, column vectors through each dense layer with an update after every
sample, and one ``scipy.signal.correlate2d`` per sample and channel pair in
the convolution. The arithmetic is the same as scratchnet's; only the loops
differ.
"""
import numpy as np
from scipy.signal import convolve2d, correlate2d


def classic_conv_forward_backward(x, w, b, dout):
    """Conv2D (stride 1, no padding) forward and backward, one sample and channel pair at a time.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    w : ndarray of shape (F, C, HH, WW)
    b : ndarray of shape (F,)
    dout : ndarray of shape (N, F, H', W')

    Returns
    -------
    out, dx, dw, db : the output and the gradients, shaped like out, x, w, b
    """
    n, c = x.shape[:2]
    f = w.shape[0]
    out = np.empty_like(dout)
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    for s in range(n):
        for i in range(f):
            out[s, i] = b[i]
            for j in range(c):
                out[s, i] += correlate2d(x[s, j], w[i, j], mode="valid")
                dw[i, j] += correlate2d(x[s, j], dout[s, i], mode="valid")
                dx[s, j] += convolve2d(dout[s, i], w[i, j], mode="full")
    return out, dx, dw, dout.sum(axis=(0, 2, 3))


class ClassicDense:
    """A dense layer on one column vector at a time, updating itself in backward."""

    def __init__(self, w, b):
        # The classic layout: W (M, D) so that y = W x + b for a column x (D, 1).
        self.w = w.T.copy()
        self.b = b.reshape(-1, 1).copy()

    def forward(self, x):
        self.x = x
        return self.w @ x + self.b

    def backward(self, dout, learning_rate):
        dx = self.w.T @ dout
        self.w -= learning_rate * (dout @ self.x.T)
        self.b -= learning_rate * dout
        return dx


class ClassicReLU:
    def forward(self, x):
        self.x = x
        return np.maximum(x, 0)

    def backward(self, dout, learning_rate):
        return dout * (self.x > 0)


def classic_mlp(net):
    """The classic twin of a scratchnet network of Dense and ReLU layers (same weights)."""
    layers = []
    for layer in net.layers:
        if "W" in layer.params:
            layers.append(ClassicDense(layer.params["W"], layer.params["b"]))
        else:
            layers.append(ClassicReLU())
    return layers


def classic_train(layers, x, labels, learning_rate):
    """One pass of per-sample SGD with softmax cross-entropy; returns the mean loss."""
    total = 0.0
    for sample, label in zip(x, labels):
        out = sample.reshape(-1, 1)
        for layer in layers:
            out = layer.forward(out)
        shifted = out - out.max()
        p = np.exp(shifted) / np.exp(shifted).sum()
        total -= np.log(p[label, 0])
        grad = p.copy()
        grad[label] -= 1
        for layer in reversed(layers):
            grad = layer.backward(grad, learning_rate)
    return total / len(x)

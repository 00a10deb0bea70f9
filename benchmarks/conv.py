"""Conv2D and MaxPool2D, forward + backward: the fast and readable layers against PyTorch.

The case of the issue: a batch of 64 images, 8 -> 16 channels, 3x3 filters,
26x26 inputs; MaxPool2D runs on that convolution's output (64, 16, 24, 24).
Each case holds the fast layer (`scratchnet.fast`), its readable twin
(`scratchnet.layers`, the one the book displays) with the same parameters,
and PyTorch's functional twin. Each side computes the output and every
gradient (dE/dX, dE/dW, dE/db) from the same inputs; `agreement` checks that
the three match.
"""
import numpy as np

from scratchnet import fast, layers

BATCH, IN_CHANNELS, OUT_CHANNELS, KERNEL, SIZE = 64, 8, 16, 3, 26
# (stride, padding) of the convolution; the issue asks for (1, 0) and (2, 1).
CONV_SETTINGS = [(1, 0), (1, 1), (2, 0), (2, 1)]
# (kernel_size, stride) of the pooling: non-overlapping and overlapping windows.
POOL_SETTINGS = [(2, 2), (3, 2)]
POOL_INPUT = (BATCH, OUT_CHANNELS, SIZE - KERNEL + 1, SIZE - KERNEL + 1)


class LayerCase:
    """One layer setting on every side, ready to time.

    ``fast()``, ``readable()`` and ``theirs()`` each run forward + backward
    once and return dE/dX; a subclass sets ``fast_layer``,
    ``readable_layer``, ``x`` and ``dout`` and writes ``theirs``.
    """

    def fast(self):
        self.fast_layer.forward(self.x)
        return self.fast_layer.backward(self.dout)

    def readable(self):
        self.readable_layer.forward(self.x)
        return self.readable_layer.backward(self.dout)

    def setup_torch(self):
        import torch

        self.torch = torch
        self.tx = torch.from_numpy(self.x).requires_grad_(True)
        self.tdout = torch.from_numpy(self.dout)


class ConvCase(LayerCase):
    """One convolution setting on every side."""

    def __init__(self, dtype, stride, padding, rng=0):
        rng = np.random.default_rng(rng)
        self.fast_layer = fast.Conv2D(IN_CHANNELS, OUT_CHANNELS, KERNEL, stride=stride,
                                      padding=padding, rng=rng, dtype=dtype)
        self.fast_layer.params["b"] = rng.standard_normal(OUT_CHANNELS).astype(dtype)
        self.readable_layer = layers.Conv2D(IN_CHANNELS, OUT_CHANNELS, KERNEL, stride=stride,
                                            padding=padding, dtype=dtype)
        self.readable_layer.params = {name: value.copy()
                                      for name, value in self.fast_layer.params.items()}
        self.x = rng.standard_normal((BATCH, IN_CHANNELS, SIZE, SIZE)).astype(dtype)
        self.dout = rng.standard_normal(self.fast_layer.forward(self.x).shape).astype(dtype)
        self.stride, self.padding = stride, padding

    def setup_torch(self):
        super().setup_torch()
        params = self.fast_layer.params
        self.tw = self.torch.from_numpy(params["W"].copy()).requires_grad_(True)
        self.tb = self.torch.from_numpy(params["b"].copy()).requires_grad_(True)

    def theirs(self):
        self.tx.grad = self.tw.grad = self.tb.grad = None
        out = self.torch.nn.functional.conv2d(self.tx, self.tw, self.tb, stride=self.stride,
                                              padding=self.padding)
        out.backward(self.tdout)
        return self.tx.grad

    def agreement(self):
        """Largest relative difference of dE/dX, dE/dW, dE/db between either layer and PyTorch."""
        tdx = self.theirs().numpy()
        theirs = [tdx, self.tw.grad.numpy(), self.tb.grad.numpy()]
        worst = 0.0
        for run, layer in [(self.fast, self.fast_layer), (self.readable, self.readable_layer)]:
            ours = [run(), layer.grads["W"], layer.grads["b"]]
            worst = max(worst, *(relative_difference(a, b) for a, b in zip(ours, theirs)))
        return worst


class PoolCase(LayerCase):
    """One max-pooling setting on every side."""

    def __init__(self, dtype, kernel_size, stride, rng=0):
        rng = np.random.default_rng(rng)
        self.fast_layer = fast.MaxPool2D(kernel_size, stride)
        self.readable_layer = layers.MaxPool2D(kernel_size, stride)
        self.x = rng.standard_normal(POOL_INPUT).astype(dtype)
        self.dout = rng.standard_normal(self.fast_layer.forward(self.x).shape).astype(dtype)
        self.kernel_size, self.stride = kernel_size, stride

    def theirs(self):
        self.tx.grad = None
        out = self.torch.nn.functional.max_pool2d(self.tx, self.kernel_size, self.stride)
        out.backward(self.tdout)
        return self.tx.grad

    def agreement(self):
        """Largest relative difference of dE/dX between either layer and PyTorch."""
        theirs = self.theirs().numpy()
        return max(relative_difference(self.fast(), theirs),
                   relative_difference(self.readable(), theirs))


def relative_difference(a, b):
    """max |a - b| / max |b|."""
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), np.finfo(b.dtype).tiny))

"""Conv2D and MaxPool2D, forward + backward, against PyTorch with autograd.

The case of the issue: a batch of 64 images, 8 -> 16 channels, 3x3 filters,
26x26 inputs; MaxPool2D runs on that convolution's output (64, 16, 24, 24).
Each side computes the output and every gradient (dE/dX, dE/dW, dE/db) from
the same inputs; `agreement` checks that they match.
"""
import numpy as np

from scratchnet.layers import Conv2D, MaxPool2D

BATCH, IN_CHANNELS, OUT_CHANNELS, KERNEL, SIZE = 64, 8, 16, 3, 26
# (stride, padding) of the convolution; the issue asks for (1, 0) and (2, 1).
CONV_SETTINGS = [(1, 0), (1, 1), (2, 0), (2, 1)]
# (kernel_size, stride) of the pooling: non-overlapping and overlapping windows.
POOL_SETTINGS = [(2, 2), (3, 2)]
POOL_INPUT = (BATCH, OUT_CHANNELS, SIZE - KERNEL + 1, SIZE - KERNEL + 1)


class LayerCase:
    """One layer setting on both sides, ready to time.

    ``ours()`` and ``theirs()`` each run forward + backward once; a
    subclass sets ``layer``, ``x`` and ``dout`` and writes ``theirs``.
    """

    def ours(self):
        self.layer.forward(self.x)
        return self.layer.backward(self.dout)

    def setup_torch(self):
        import torch

        self.torch = torch
        self.tx = torch.from_numpy(self.x).requires_grad_(True)
        self.tdout = torch.from_numpy(self.dout)


class ConvCase(LayerCase):
    """One convolution setting on both sides."""

    def __init__(self, dtype, stride, padding, rng=0):
        rng = np.random.default_rng(rng)
        self.layer = Conv2D(IN_CHANNELS, OUT_CHANNELS, KERNEL, stride=stride, padding=padding,
                            rng=rng, dtype=dtype)
        self.layer.params["b"] = rng.standard_normal(OUT_CHANNELS).astype(dtype)
        self.x = rng.standard_normal((BATCH, IN_CHANNELS, SIZE, SIZE)).astype(dtype)
        self.dout = rng.standard_normal(self.layer.forward(self.x).shape).astype(dtype)
        self.stride, self.padding = stride, padding

    def setup_torch(self):
        super().setup_torch()
        self.tw = self.torch.from_numpy(self.layer.params["W"].copy()).requires_grad_(True)
        self.tb = self.torch.from_numpy(self.layer.params["b"].copy()).requires_grad_(True)

    def theirs(self):
        self.tx.grad = self.tw.grad = self.tb.grad = None
        out = self.torch.nn.functional.conv2d(self.tx, self.tw, self.tb, stride=self.stride,
                                              padding=self.padding)
        out.backward(self.tdout)
        return self.tx.grad

    def agreement(self):
        """Largest relative difference of dE/dX, dE/dW and dE/db between the sides."""
        dx = self.ours()
        tdx = self.theirs()
        pairs = [(dx, tdx), (self.layer.grads["W"], self.tw.grad), (self.layer.grads["b"], self.tb.grad)]
        return max(relative_difference(a, b.numpy()) for a, b in pairs)


class PoolCase(LayerCase):
    """One max-pooling setting on both sides."""

    def __init__(self, dtype, kernel_size, stride, rng=0):
        rng = np.random.default_rng(rng)
        self.layer = MaxPool2D(kernel_size, stride)
        self.x = rng.standard_normal(POOL_INPUT).astype(dtype)
        self.dout = rng.standard_normal(self.layer.forward(self.x).shape).astype(dtype)
        self.kernel_size, self.stride = kernel_size, stride

    def theirs(self):
        self.tx.grad = None
        out = self.torch.nn.functional.max_pool2d(self.tx, self.kernel_size, self.stride)
        out.backward(self.tdout)
        return self.tx.grad

    def agreement(self):
        return relative_difference(self.ours(), self.theirs().numpy())


def relative_difference(a, b):
    """max |a - b| / max |b|."""
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), np.finfo(b.dtype).tiny))

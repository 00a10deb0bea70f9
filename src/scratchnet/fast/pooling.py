"""The fast `MaxPool2D`: the readable layer's routing, arranged for speed.

It computes what `scratchnet.layers.MaxPool2D` computes, ties included
(tests/test_fast.py holds the two equal). It works on blocks of images
spread over the cores (`scratchnet.parallel`), finds each window's maximum
with a running maximum over the k*k offsets instead of one reduction per
tiny window, and sends the gradients back with one `np.bincount`.
"""
import numpy as np

from .. import layers
from ..layers.base import check_shape
from ..layers.conv import check_fits, sliding_windows
from ..parallel import map_blocks, split


class MaxPool2D(layers.MaxPool2D):
    """Drop-in fast twin of `scratchnet.layers.MaxPool2D`: same constructor and results."""

    def forward(self, x):
        """Max-pool X of shape (N, C, H, W); returns (N, C, H', W')."""
        check_shape(self, x, ("N", "C", "H", "W"))
        check_fits(self, x, self.kernel_size)
        k = self.kernel_size
        windows = sliding_windows(x, k, self.stride)
        out = np.empty(windows.shape[:4], dtype=x.dtype)
        # The offset of each window's maximum, in the smallest integer type that holds
        # k*k - 1 (one byte up to 16x16 windows).
        self.argmax = np.empty(out.shape, dtype=np.min_scalar_type(k * k - 1))
        self.x_shape = x.shape
        # A block of images at a time, spread over the cores (see scratchnet.parallel).
        self.blocks = split(len(x), x[:1].nbytes)
        map_blocks(lambda images: self._forward_block(windows[images], out[images],
                                                      self.argmax[images]), self.blocks)
        return out

    def _forward_block(self, windows, out, argmax):
        """Fill ``out`` and ``argmax`` (n, C, H', W') from ``windows`` (n, C, H', W', k, k)."""
        k = self.kernel_size
        # A running maximum over the k*k offsets: a few whole-array operations, about
        # three times faster than windows.max(axis=(4, 5)), which reduces tiny windows
        # one by one. Strict > keeps the first maximum.
        out[...] = windows[..., 0, 0]
        argmax[...] = 0
        entry = np.empty_like(out)
        for offset in range(1, k * k):
            # Copied once into contiguous memory, the entries are then read twice at full
            # speed instead of twice through the strided window view.
            np.copyto(entry, windows[..., offset // k, offset % k])
            better = entry > out
            # Offsets only grow, so a better entry's offset is larger than the one it
            # replaces: np.maximum keeps it, faster than np.where would.
            np.maximum(argmax, better * argmax.dtype.type(offset), out=argmax)
            np.maximum(out, entry, out=out)

    def backward(self, dout):
        """Given dE/dY of shape (N, C, H', W'), return dE/dX of shape (N, C, H, W).

        Each window's gradient lands on the entry that won it; a pixel in
        several windows collects the sum.
        """
        check_shape(self, dout, self.argmax.shape)
        dx = np.empty(self.x_shape, dtype=dout.dtype)
        map_blocks(lambda images: self._backward_block(dout[images], self.argmax[images],
                                                       dx[images]), self.blocks)
        return dx

    def _backward_block(self, dout, argmax, dx):
        """Fill ``dx`` (n, C, H, W) from ``dout`` and ``argmax`` (n, C, H', W')."""
        n, c, height, width = dx.shape
        out_h, out_w = dout.shape[2:]
        i, j = np.divmod(argmax, self.kernel_size)
        # The flat index in dE/dX of each window's winner: the window's top-left pixel
        # plus the winner's offset (i, j) inside it.
        top_left = (np.arange(n * c).reshape(n, c, 1, 1) * (height * width)
                    + np.arange(out_h)[:, None] * (self.stride * width)
                    + np.arange(out_w) * self.stride)
        winner = top_left + i.astype(np.intp) * width + j
        # bincount sums the gradients that land on one pixel (overlapping windows) in
        # one pass; it counts in float64, and the assignment casts back to dout's dtype.
        dx.reshape(-1)[...] = np.bincount(winner.ravel(), weights=dout.ravel(),
                                          minlength=dx.size)

"""Max pooling: keep the largest value of each window."""
import numpy as np

from .base import Layer, check_shape
from .conv import check_fits, check_int, sliding_windows


class MaxPool2D(Layer):
    """Max over each ``kernel_size`` x ``kernel_size`` window, channel by channel.

    An image of H x W gives H' x W' with ``H' = 1 + (H - kernel_size) // stride``;
    rows and columns that no window reaches are ignored. Windows may
    overlap (stride < kernel_size).

    The gradient of each window goes to its maximum only. On ties it goes
    to the first maximum in row-major order within the window (as
    ``numpy.argmax`` would pick), so exactly one entry per window receives it.

    Parameters
    ----------
    kernel_size : int
        Side of the square window.
    stride : int, optional
        Step between windows; defaults to ``kernel_size`` (no overlap).
    """

    def __init__(self, kernel_size, stride=None):
        super().__init__()
        stride = kernel_size if stride is None else stride
        check_int("kernel_size", kernel_size, 1)
        check_int("stride", stride, 1)
        self.kernel_size, self.stride = kernel_size, stride

    def forward(self, x):
        """Max-pool X of shape (N, C, H, W); returns (N, C, H', W')."""
        check_shape(self, x, ("N", "C", "H", "W"))
        check_fits(self, x, self.kernel_size)
        k = self.kernel_size
        windows = sliding_windows(x, k, self.stride)  # (N, C, H', W', k, k), no copy
        # Each window as one row of k*k entries, in reading order (this copies).
        flat = windows.reshape(windows.shape[:4] + (k * k,))
        # The offset of each window's maximum; on ties argmax picks the first one.
        self.argmax = flat.argmax(axis=-1)  # (N, C, H', W')
        self.x_shape = x.shape
        return flat.max(axis=-1)

    def backward(self, dout):
        """Given dE/dY of shape (N, C, H', W'), return dE/dX of shape (N, C, H, W).

        Each window's gradient lands on the entry that won it; a pixel in
        several windows collects the sum.
        """
        check_shape(self, dout, self.argmax.shape)
        k = self.kernel_size
        dx = np.zeros(self.x_shape, dtype=dout.dtype)
        dx_windows = sliding_windows(dx, k, self.stride, writeable=True)
        for offset in range(k * k):
            # Entry (i, j) of every window: distinct pixels, so each window won there
            # adds its gradient once. Overlapping windows add up across offsets.
            won = self.argmax == offset
            dx_windows[..., offset // k, offset % k] += np.where(won, dout, 0)
        return dx

    def __repr__(self):
        return f"MaxPool2D(kernel_size={self.kernel_size}, stride={self.stride})"

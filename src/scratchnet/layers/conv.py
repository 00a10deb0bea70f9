"""The 2-D convolution layer, and the sliding windows it shares with pooling."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .base import Layer, ShapeError, check_shape, make_rng


def check_int(name, value, smallest):
    """Raise ValueError unless ``value`` is an int of at least ``smallest``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < smallest:
        raise ValueError(f"{name} must be an int >= {smallest}, got {value!r}")


def check_fits(layer, x, kernel_size, padding=0):
    """Raise `ShapeError` unless the square kernel fits in the padded images of ``x``."""
    height, width = x.shape[2:]
    if min(height, width) + 2 * padding < kernel_size:
        raise ShapeError(
            f"{layer!r}: a {kernel_size}x{kernel_size} kernel does not fit in images of "
            f"{height}x{width} with padding {padding} (input shape {x.shape})"
        )


def sliding_windows(x, kernel_size, stride, writeable=False):
    """Every ``kernel_size`` x ``kernel_size`` window of ``x``, as a view (no copy).

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    kernel_size, stride : int
    writeable : bool, default False
        Return a writeable view, used to scatter gradients back into ``x``.

    Returns
    -------
    windows : ndarray of shape (N, C, H', W', kernel_size, kernel_size)
        ``windows[n, c, h, w]`` is the patch whose top-left corner is
        ``x[n, c, h * stride, w * stride]``, so ``windows[..., i, j]`` is
        entry (i, j) of every window, an (N, C, H', W') view.
    """
    windows = sliding_window_view(x, (kernel_size, kernel_size), axis=(2, 3),
                                  writeable=writeable)
    return windows[:, :, ::stride, ::stride]


def col2im(dcols, x_shape, kernel_size, stride, padding):
    """Add the gradient of every im2col column back onto the pixels it was copied from.

    Parameters
    ----------
    dcols : ndarray of shape (N, C * HH * WW, H' * W')
        dE/d(cols), laid out as `Conv2D.forward` laid out ``cols``.
    x_shape : tuple (N, C, H, W)
    kernel_size, stride, padding : int

    Returns
    -------
    dx : ndarray of shape (N, C, H, W)
        dE/dX: each pixel collects the gradient of every window that read it.
    """
    n, c, height, width = x_shape
    k, p = kernel_size, padding
    dx_padded = np.zeros((n, c, height + 2 * p, width + 2 * p), dtype=dcols.dtype)
    dx_windows = sliding_windows(dx_padded, k, stride, writeable=True)
    out_h, out_w = dx_windows.shape[2:4]
    dcols = dcols.reshape(n, c, k, k, out_h, out_w)
    for i in range(k):
        for j in range(k):
            # Entry (i, j) of every window: distinct pixels, each receiving its term once.
            # Overlapping windows share pixels across offsets, and the sum adds them up.
            dx_windows[..., i, j] += dcols[:, :, i, j]
    return dx_padded[:, :, p:p + height, p:p + width]


class Conv2D(Layer):
    """2-D convolution (a cross-correlation, as in PyTorch) over a batch of images.

    ``Y[n, f] = b[f] + sum_c X[n, c] * W[f, c]``, where ``*`` slides the
    filter over the zero-padded image in steps of ``stride``. An image of
    H x W gives an output of H' x W' with

        H' = 1 + (H + 2 * padding - HH) // stride,

    and the same for W'.

    Parameters
    ----------
    in_channels, out_channels : int
        Input channels C and filters F.
    kernel_size : int
        HH = WW: filters are square (rectangular ones are not supported).
    stride : int, default 1
    padding : int, default 0
        Rows and columns of zeros added on every side of each image.
    rng : numpy.random.Generator or int, optional
        Draws the initial weights (unseeded when omitted).
    dtype : numpy dtype, default float64
        Dtype of the parameters; feed inputs of the same dtype.

    Attributes
    ----------
    params : {"W": ndarray of shape (F, C, HH, WW), "b": ndarray of shape (F,)}
        W starts normal with standard deviation ``sqrt(2 / (C * HH * WW))``
        (He, suited to ReLU), b at zero.
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 rng=None, dtype=np.float64):
        super().__init__()
        check_int("in_channels", in_channels, 1)
        check_int("out_channels", out_channels, 1)
        check_int("kernel_size", kernel_size, 1)
        check_int("stride", stride, 1)
        check_int("padding", padding, 0)
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding
        shape = (out_channels, in_channels, kernel_size, kernel_size)
        fan_in = in_channels * kernel_size * kernel_size
        w = make_rng(rng).standard_normal(shape) * np.sqrt(2 / fan_in)
        self.params = {"W": w.astype(dtype), "b": np.zeros(out_channels, dtype=dtype)}

    def forward(self, x):
        """Convolve X of shape (N, C, H, W); returns (N, F, H', W')."""
        check_shape(self, x, ("N", self.in_channels, "H", "W"))
        check_fits(self, x, self.kernel_size, self.padding)
        k, p = self.kernel_size, self.padding
        self.x_shape = x.shape
        # P rows and columns of zeros around each image (not around the batch or channels).
        x_padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
        # Every window as a view (no copy): (N, C, H', W', HH, WW).
        windows = sliding_windows(x_padded, k, self.stride)
        n, c, out_h, out_w = windows.shape[:4]
        # im2col: column (i, j) of image n holds the C*HH*WW inputs output (i, j) reads.
        self.cols = windows.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * k * k, out_h * out_w)
        w_mat = self.params["W"].reshape(self.out_channels, -1)  # one filter per row
        out = w_mat @ self.cols + self.params["b"][:, None]  # (N, F, H'*W')
        self.out_shape = (n, self.out_channels, out_h, out_w)
        return out.reshape(self.out_shape)

    def backward(self, dout):
        """Given dE/dY (N, F, H', W'), fill dE/dW, dE/db; return dE/dX (N, C, H, W).

        The forward pass applied a `Dense` layer to every column,
        ``Y_n = W_mat cols_n + b``, so the gradients are Dense's, summed
        over the images; col2im then adds each column's gradient back onto
        the pixels the column was copied from.
        """
        check_shape(self, dout, self.out_shape)
        n, f, out_h, out_w = self.out_shape
        dout_cols = dout.reshape(n, f, out_h * out_w)
        w_mat = self.params["W"].reshape(f, -1)
        dw_mat = np.sum(dout_cols @ self.cols.transpose(0, 2, 1), axis=0)  # (F, C*HH*WW)
        self.grads["W"] = dw_mat.reshape(self.params["W"].shape)
        self.grads["b"] = dout.sum(axis=(0, 2, 3))
        dcols = w_mat.T @ dout_cols  # (N, C*HH*WW, H'*W'): dE/d(cols)
        return col2im(dcols, self.x_shape, self.kernel_size, self.stride, self.padding)

    def __repr__(self):
        return (f"Conv2D({self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, padding={self.padding})")

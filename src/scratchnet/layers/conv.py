"""The 2-D convolution layer, and the sliding windows it shares with pooling."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..parallel import map_blocks, split
from .base import Layer, ShapeError, check_shape, make_rng
from .conv_fast import im2col_product, input_grad


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
    windows = sliding_window_view(x, (kernel_size, kernel_size), axis=(2, 3), writeable=writeable)
    return windows[:, :, ::stride, ::stride]


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
        k, s, p = self.kernel_size, self.stride, self.padding
        n, c, height, width = self.x_shape = x.shape
        out_h, out_w = 1 + (height + 2 * p - k) // s, 1 + (width + 2 * p - k) // s
        # The batch with P rows and columns of zeros around each image, and a view of all
        # its windows, made once: the blocks below slice them, and each block copies its
        # own images into the padded batch, so that copy is shared out among the cores.
        x_padded = np.zeros((n, c, height + 2 * p, width + 2 * p), dtype=x.dtype) if p else x
        windows = sliding_windows(x_padded, k, s)
        # im2col: one copy lays each receptive field out as a column, with a 1 at the end,
        # (N, C*HH*WW + 1, H'*W'). With the biases as the last column of the filter matrix
        # (the bias trick), the layer is one batched matrix product (run by BLAS) that adds
        # the biases too, with the output already in (N, F, H'*W') order. Backward reuses
        # the columns: its product for dE/dW gives dE/db as the last column.
        w_mat = np.column_stack([self.params["W"].reshape(self.out_channels, -1),
                                 self.params["b"].astype(self.params["W"].dtype, copy=False)])
        self.cols = np.empty((n, c * k * k + 1, out_h * out_w), dtype=x.dtype)
        out = np.empty((n, self.out_channels, out_h * out_w), dtype=np.result_type(w_mat, x))

        def forward_block(images):
            if p:
                x_padded[images, :, p:p + height, p:p + width] = x[images]
            im2col_product(w_mat, windows[images], self.cols[images], out[images])

        # A block of images at a time, the blocks spread over the cores (see
        # scratchnet.parallel).
        self.blocks = split(n, self.cols[:1].nbytes)
        map_blocks(forward_block, self.blocks)
        self.out_shape = (n, self.out_channels, out_h, out_w)
        return out.reshape(self.out_shape)

    def backward(self, dout):
        """Given dE/dY of shape (N, F, H', W'), fill dE/dW, dE/db; return dE/dX (N, C, H, W).

        dE/dW[f, c] correlates X[:, c] with dE/dY[:, f]; dE/db sums dE/dY
        over N, H' and W'. dE/dX sends each output's gradient back to the
        pixels its window read, through the weights that read them; for
        stride 1 this is the full convolution of dE/dY with the flipped
        filters. Returns None when ``needs_input_grad`` is False.
        """
        check_shape(self, dout, self.out_shape)
        n, f, out_h, out_w = self.out_shape
        dout_cols = dout.reshape(n, f, out_h * out_w)
        dx = None
        if self.needs_input_grad:
            dx = np.empty(self.x_shape, dtype=np.result_type(dout, self.params["W"]))

        def backward_block(images):
            # [dW | db] summed over these images (a batched product per image; BLAS reads
            # the columns transposed in place; the row of ones sums dout into db), and
            # these images' dE/dX.
            dw = np.sum(dout_cols[images] @ self.cols[images].transpose(0, 2, 1), axis=0)
            if dx is not None:
                self._input_grad_block(dout[images], dx[images])
            return dw

        dw = np.zeros((f, self.cols.shape[1]), dtype=np.result_type(dout, self.cols))
        for block_dw in map_blocks(backward_block, self.blocks):  # in batch order
            dw += block_dw
        self.grads["W"] = np.ascontiguousarray(dw[:, :-1]).reshape(self.params["W"].shape)
        self.grads["b"] = dw[:, -1].copy()
        return dx

    def _input_grad_block(self, dout, dx):
        """Fill ``dx`` (n, C, H, W) with dE/dX, given ``dout`` (n, F, H', W') of the same images."""
        p = self.padding
        n, c, height, width = dx.shape
        # Without padding, the padded image is the image: write the gradient in place.
        dx_padded = np.empty((n, c, height + 2 * p, width + 2 * p), dx.dtype) if p else dx
        input_grad(dout, self.params["W"], self.stride, dx_padded)
        if p:
            dx[...] = dx_padded[:, :, p:p + height, p:p + width]

    def __repr__(self):
        return (f"Conv2D({self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, padding={self.padding})")

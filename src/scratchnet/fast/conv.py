"""The fast `Conv2D`: the readable layer's arithmetic, arranged for speed.

It computes what `scratchnet.layers.Conv2D` computes (tests/test_fast.py
holds the two equal); `make bench` measures what each of these buys
against it (benchmarks/conv.py):

- the batch is cut into blocks of images that run on every core
  (`scratchnet.parallel`);
- the batch is padded once, into one array, and its windows viewed once;
- the bias trick: the im2col columns end with a row of ones and the filter
  matrix with the biases, so one product adds the biases and its backward
  twin gives dE/db as dE/dW's last column;
- dE/dX comes from `conv_kernels.input_grad`, a contiguous scatter instead
  of the readable `col2im`'s strided one;
- the first layer of a `scratchnet.fast.Network` skips dE/dX, which nobody
  uses (``needs_input_grad``).
"""
import numpy as np

from .. import layers
from ..layers.base import check_shape
from ..layers.conv import check_fits, sliding_windows
from ..parallel import map_blocks, split
from .conv_kernels import im2col_product, input_grad


class Conv2D(layers.Conv2D):
    """Drop-in fast twin of `scratchnet.layers.Conv2D`: same constructor, params and results.

    Attributes
    ----------
    needs_input_grad : bool
        True by default; when False, ``backward`` skips dE/dX and returns None.
    """

    needs_input_grad = True

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

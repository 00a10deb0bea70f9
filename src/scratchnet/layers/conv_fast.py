"""Fast paths of `Conv2D`: the same arithmetic as the plain code, arranged for speed.

Nothing here changes what the layer computes; each function's docstring
shows the plain form it matches, and tests/test_conv_fast_paths.py holds
them to it. They exist because on a CPU the plain forms spend most of
their time moving memory, not multiplying. Each works on one block of
images, sized by `scratchnet.parallel` to stay in cache, and writes only
that block's share of the results, so blocks can run on different cores.
"""
import numpy as np


def im2col_product(w_mat, windows, cols, out):
    """Lay every window out as a column (im2col), then multiply the filters by the columns.

    Fills ``cols`` and ``out`` with::

        cols = windows.transpose(0, 1, 4, 5, 2, 3).reshape(n, C * HH * WW, H' * W')
        out = w_mat @ cols

    for a block of n images whose columns still fit in cache when the
    product reads them.

    Parameters
    ----------
    w_mat : ndarray of shape (F, C * HH * WW)
        The filters, one per row.
    windows : ndarray of shape (n, C, H', W', HH, WW)
        From `sliding_windows`.
    cols : ndarray of shape (n, C * HH * WW, H' * W'), C-contiguous
    out : ndarray of shape (n, F, H' * W')
    """
    n, c, out_h, out_w, hh, ww = windows.shape
    cols.reshape(n, c, hh, ww, out_h, out_w)[...] = windows.transpose(0, 1, 4, 5, 2, 3)
    np.matmul(w_mat, cols, out=out)


def stride1_input_grad(dout, w, dx_padded):
    """dE/dX of a stride-1 convolution, padding included: the fast path of `Conv2D.backward`.

    The same scatter as the loop in `Conv2D.backward`, arranged for speed.
    Each image is stored flat, row after row, so moving a gradient by
    kernel offset (i, j) moves it by ``i * width + j`` in the flat image:
    every ``+=`` then runs over long contiguous stretches instead of the
    short rows of a window view. One matrix product sends ``dout`` through
    all HH * WW offsets at once.

    Parameters
    ----------
    dout : ndarray of shape (n, F, H', W')
    w : ndarray of shape (F, C, HH, WW)
    dx_padded : ndarray of shape (n, C, H + 2 * padding, W + 2 * padding), C-contiguous
        Overwritten with dE/dX of the padded images.
    """
    n, f, out_h, out_w = dout.shape
    _, c, hh, ww = w.shape
    height, width = dx_padded.shape[2:]
    size = height * width
    # dout padded with zeros to the image's width and height. Shifted by at most
    # (hh - 1) * width + ww - 1, a nonzero entry stays inside its own image and channel;
    # only zeros cross into the next channel or fall off the end.
    dout_flat = np.zeros((n, f, height, width), dtype=dout.dtype)
    dout_flat[:, :, :out_h, :out_w] = dout
    # Row (i, j, c) holds W[:, c, i, j], so the product's rows (i, j) are whole flat images.
    w_offsets = w.transpose(2, 3, 1, 0).reshape(hh * ww * c, f)
    sent = (w_offsets @ dout_flat.reshape(n, f, size)).reshape(n, hh * ww, c * size)
    dx_flat = dx_padded.reshape(n, c * size)
    dx_flat[...] = sent[:, 0]  # offset (0, 0) moves nothing: it sets dE/dX, the others add
    for offset in range(1, hh * ww):
        shift = (offset // ww) * width + offset % ww
        dx_flat[:, shift:] += sent[:, offset, :c * size - shift]

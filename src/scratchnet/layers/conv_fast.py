"""Fast paths of `Conv2D`: the same arithmetic as the plain code, arranged for speed.

Nothing here changes what the layer computes; each function's docstring
shows the plain form it matches, and tests/test_conv_fast_paths.py holds
them to it. They exist because on a CPU the plain forms spend most of
their time moving memory, not multiplying.
"""
import numpy as np

# Bytes of columns or products one block of images may hold in `im2col_product` and
# `stride1_input_grad`: within a core's L2 cache (1-2 MiB), so that what a block writes
# is read back from cache, not from memory.
BLOCK_BYTES = 2**20


def im2col_product(w_mat, windows):
    """Lay every window out as a column (im2col) and multiply the filters by the columns.

    The result is that of::

        cols = windows.transpose(0, 1, 4, 5, 2, 3).reshape(N, C * HH * WW, H' * W')
        out = w_mat @ cols

    computed a block of images at a time, so that each block's product reads
    columns just written and still in cache, instead of all of ``cols`` back
    from memory.

    Parameters
    ----------
    w_mat : ndarray of shape (F, C * HH * WW)
        The filters, one per row.
    windows : ndarray of shape (N, C, H', W', HH, WW)
        From `sliding_windows`.

    Returns
    -------
    cols : ndarray of shape (N, C * HH * WW, H' * W')
    out : ndarray of shape (N, F, H' * W')
    """
    n, c, out_h, out_w, hh, ww = windows.shape
    cols = np.empty((n, c, hh, ww, out_h, out_w), dtype=windows.dtype)
    cols_mat = cols.reshape(n, c * hh * ww, out_h * out_w)
    out = np.empty((n, len(w_mat), out_h * out_w), dtype=np.result_type(w_mat, windows))
    block = max(1, BLOCK_BYTES // (cols_mat.shape[1] * cols_mat.shape[2] * cols.itemsize))
    for first in range(0, n, block):
        images = slice(first, first + block)
        cols[images] = windows[images].transpose(0, 1, 4, 5, 2, 3)
        np.matmul(w_mat, cols_mat[images], out=out[images])
    return cols_mat, out


def stride1_input_grad(dout, w, padded_shape):
    """dE/dX of a stride-1 convolution, padding included: the fast path of `Conv2D.backward`.

    The same scatter as the loop in `Conv2D.backward`, arranged for speed.
    Each image is stored flat, row after row, so moving a gradient by
    kernel offset (i, j) moves it by ``i * width + j`` in the flat image:
    every ``+=`` then runs over long contiguous stretches instead of the
    short rows of a window view. One matrix product sends ``dout`` through
    all HH * WW offsets at once, and the images go in blocks whose products
    stay in cache.

    Parameters
    ----------
    dout : ndarray of shape (N, F, H', W')
    w : ndarray of shape (F, C, HH, WW)
    padded_shape : tuple (N, C, H + 2 * padding, W + 2 * padding)

    Returns
    -------
    dx_padded : ndarray of shape (N, C, H + 2 * padding, W + 2 * padding)
    """
    n, f, out_h, out_w = dout.shape
    _, c, hh, ww = w.shape
    height, width = padded_shape[2:]
    # One spare row: an image's zero rows then cover the largest shift, (hh - 1) * width + ww - 1,
    # so the shifted zeros that cross into the next channel or past the end add nothing.
    size = (height + 1) * width
    dout_flat = np.zeros((n, f, height + 1, width), dtype=dout.dtype)
    dout_flat[:, :, :out_h, :out_w] = dout
    dout_flat = dout_flat.reshape(n, f, size)
    dx_padded = np.zeros((n, c, height + 1, width), dtype=np.result_type(dout, w))
    dx_flat = dx_padded.reshape(n, c * size)
    # Row (i, j, c) holds W[:, c, i, j], so the product's rows (i, j) are whole flat images.
    w_offsets = w.transpose(2, 3, 1, 0).reshape(hh * ww * c, f)
    block = max(1, BLOCK_BYTES // (hh * ww * c * size * dx_padded.itemsize))
    for first in range(0, n, block):
        sent = (w_offsets @ dout_flat[first:first + block]).reshape(-1, hh * ww, c * size)
        dx_block = dx_flat[first:first + block]
        for i in range(hh):
            for j in range(ww):
                shift = i * width + j
                dx_block[:, shift:] += sent[:, i * ww + j, :c * size - shift]
    return dx_padded[:, :, :height]

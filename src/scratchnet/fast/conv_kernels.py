"""Fast paths of `Conv2D`: the same arithmetic as the plain code, arranged for speed.

Nothing here changes what the layer computes; each function's docstring
shows the plain form it matches, and tests/test_conv_fast_paths.py holds
them to it. They exist because on a CPU the plain forms spend most of
their time moving memory, not multiplying. Each works on one block of
images (`scratchnet.parallel` sizes the blocks by their im2col columns)
and writes only that block's share of the results, so blocks can run on
different cores.
"""
import numpy as np

# Bytes of products `input_grad` holds at once. With large kernels its product is far
# larger per image than the im2col columns the block was sized for (784 times for a
# 28x28 kernel on a 28x28 image), so past this it takes the images a few at a time.
SENT_BYTES = 4 * 2**20


def im2col_product(w_mat, windows, cols, out):
    """Lay every window out as a column (im2col), then multiply the filters by the columns.

    Fills ``cols`` and ``out`` with::

        cols[:, :-1] = windows.transpose(0, 1, 4, 5, 2, 3).reshape(n, C * HH * WW, H' * W')
        cols[:, -1] = 1
        out = w_mat @ cols

    for a block of n images. The last row of ones meets the biases, the last
    column of ``w_mat`` (the bias trick of `Conv2D.forward`).

    Parameters
    ----------
    w_mat : ndarray of shape (F, C * HH * WW + 1)
        The filters, one per row, then the biases.
    windows : ndarray of shape (n, C, H', W', HH, WW)
        From `sliding_windows`.
    cols : ndarray of shape (n, C * HH * WW + 1, H' * W'), C-contiguous
    out : ndarray of shape (n, F, H' * W')
    """
    n, c, out_h, out_w, hh, ww = windows.shape
    cols[:, :-1].reshape(n, c, hh, ww, out_h, out_w)[...] = windows.transpose(0, 1, 4, 5, 2, 3)
    cols[:, -1] = 1
    np.matmul(w_mat, cols, out=out)


def input_grad(dout, w, stride, dx_padded):
    """dE/dX of the padded images, for any stride: the fast path of `Conv2D.backward`.

    The plain form scatters, one kernel offset (i, j) at a time::

        dx_padded[...] = 0
        windows = sliding_windows(dx_padded, HH, stride, writeable=True)
        for i, j in offsets:
            windows[..., i, j] += (W[:, :, i, j].T @ dout_cols).reshape(n, C, H', W')

    (tests/test_conv_fast_paths.py compares both with the formula). That
    form spends its time on tiny strided additions. Here, instead:

    - One matrix product sends ``dout`` through all HH * WW offsets at once.
    - The padded image is split into its stride x stride *phases*: phase
      (py, px) holds the pixels at rows py, py + S, ... and columns px,
      px + S, ... Offset (i, j) with i = a S + py, j = b S + px sends output
      (y, x) to pixel (S (y + a) + py, S (x + b) + px), which is entry
      (y + a, x + b) of phase (py, px): within a phase, every offset is a
      plain shift by (a, b), as in a stride-1 convolution.
    - Each phase is stored flat, row after row, so a shift by (a, b) is a
      shift by ``a * phase_width + b``, and every ``+=`` runs over one long
      contiguous stretch. The phases are then interleaved into
      ``dx_padded``; with stride 1 there is one phase, ``dx_padded`` itself.

    Parameters
    ----------
    dout : ndarray of shape (n, F, H', W')
    w : ndarray of shape (F, C, HH, WW)
    stride : int
    dx_padded : ndarray of shape (n, C, H + 2 * padding, W + 2 * padding), C-contiguous
        Overwritten with dE/dX of the padded images.
    """
    if not dx_padded.flags.c_contiguous:
        raise ValueError("input_grad writes dx_padded through flat views: pass a C-contiguous array")
    n, f, out_h, out_w = dout.shape
    _, c, hh, ww = w.shape
    s = stride
    height, width = dx_padded.shape[2:]
    rows, cols = -(-height // s), -(-width // s)  # of a phase (the first ones, if S does not divide)
    size = rows * cols
    chunk = max(1, SENT_BYTES // (hh * ww * c * size * dx_padded.itemsize))
    if n > chunk:
        for first in range(0, n, chunk):
            images = slice(first, first + chunk)
            input_grad(dout[images], w, stride, dx_padded[images])
        return
    # dout padded with zeros to a phase's size. A nonzero entry, shifted by at most
    # ((hh - 1) // s, (ww - 1) // s), stays inside its own phase row and channel;
    # only zeros cross into the next row or channel, or fall off the end.
    dout_flat = np.zeros((n, f, rows, cols), dtype=dout.dtype)
    dout_flat[:, :, :out_h, :out_w] = dout
    # Row (i, j, c) holds W[:, c, i, j], so the product's rows (i, j) are whole flat images.
    w_offsets = w.transpose(2, 3, 1, 0).reshape(hh * ww * c, f)
    sent = (w_offsets @ dout_flat.reshape(n, f, size)).reshape(n, hh, ww, c * size)
    if s == 1:
        phases = dx_padded.reshape(n, 1, 1, c * size)
    else:
        phases = np.empty((n, s, s, c * size), dtype=dx_padded.dtype)
    for py in range(s):
        for px in range(s):
            phase = phases[:, py, px]
            # The offsets that land in this phase, (py, px) first: none when the stride
            # exceeds the kernel. Shift (0, 0) moves nothing: it sets the phase, the others add.
            offsets = [(i, j) for i in range(py, hh, s) for j in range(px, ww, s)]
            phase[...] = sent[:, py, px] if offsets else 0
            for i, j in offsets[1:]:
                shift = (i // s) * cols + j // s
                phase[:, shift:] += sent[:, i, j, :c * size - shift]
            if s > 1:
                target = dx_padded[:, :, py::s, px::s]
                target[...] = phase.reshape(n, c, rows, cols)[:, :, :target.shape[2], :target.shape[3]]

"""The fast Conv2D's blocked helpers against the plain computations they speed up."""
import tracemalloc

import numpy as np
import pytest

from scratchnet import parallel
from scratchnet.fast import Conv2D, conv_kernels
from scratchnet.layers.conv import sliding_windows


def naive_padded_input_grad(dout, w, padded_shape, stride):
    """dE/dX~ by the formula: every output sends dout times the weights to the pixels it read."""
    dx_padded = np.zeros(padded_shape)
    kernel = w.shape[2]
    for n, f, i, j in np.ndindex(dout.shape):
        rows = slice(i * stride, i * stride + kernel)
        cols = slice(j * stride, j * stride + kernel)
        dx_padded[n, :, rows, cols] += dout[n, f, i, j] * w[f]
    return dx_padded


def plain_scatter(dout, w, stride, padded_shape):
    """The plain form in input_grad's docstring: one kernel offset at a time, through a window view."""
    n, f, out_h, out_w = dout.shape
    dout_cols = dout.reshape(n, f, out_h * out_w)
    dx_padded = np.zeros(padded_shape)
    windows = sliding_windows(dx_padded, w.shape[2], stride, writeable=True)
    for i in range(w.shape[2]):
        for j in range(w.shape[3]):
            windows[..., i, j] += (w[:, :, i, j].T @ dout_cols).reshape(n, -1, out_h, out_w)
    return dx_padded


@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("kernel", [1, 2, 3])
def test_input_grad_matches_its_plain_form_and_the_formula(stride, kernel):
    rng = np.random.default_rng(10 * stride + kernel)
    w = rng.standard_normal((4, 3, kernel, kernel))
    padded_shape = (2, 3, 8, 7)
    dout = rng.standard_normal((2, 4, 1 + (8 - kernel) // stride, 1 + (7 - kernel) // stride))
    dx_padded = np.empty(padded_shape)
    conv_kernels.input_grad(dout, w, stride, dx_padded)
    plain = plain_scatter(dout, w, stride, padded_shape)
    np.testing.assert_allclose(dx_padded, plain, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(plain, naive_padded_input_grad(dout, w, padded_shape, stride),
                               rtol=1e-12, atol=1e-12)


# (N, C, H, W), F, kernel, padding: rectangular images, 1x1 kernels, a kernel as large
# as the padded image (a 1x1 output) and padding wider than the kernel.
CASES = [
    ((3, 2, 6, 5), 4, 3, 0),
    ((2, 3, 5, 7), 2, 3, 1),
    ((4, 1, 4, 4), 3, 1, 0),
    ((2, 2, 3, 4), 3, 2, 2),
    ((3, 2, 5, 5), 1, 5, 0),
    ((1, 3, 2, 3), 2, 4, 1),
]


@pytest.mark.parametrize("shape, filters, kernel, padding", CASES)
@pytest.mark.parametrize("stride", [1, 2, 3, 5])
@pytest.mark.parametrize("block_bytes", [1, 4000, parallel.BLOCK_BYTES])
@pytest.mark.parametrize("sent_bytes", [1, conv_kernels.SENT_BYTES])
def test_input_grad_matches_the_formula(shape, filters, kernel, padding, stride, block_bytes,
                                        sent_bytes, monkeypatch):
    # block_bytes 1 sends one image per block; 4000 leaves a partial last block in some cases.
    # sent_bytes 1 makes input_grad take the images of a block one at a time.
    # Strides 2, 3 and 5 split the image into phases that the stride may not divide evenly,
    # and stride 5 exceeds most kernels, leaving phases that no window reads.
    monkeypatch.setattr(parallel, "BLOCK_BYTES", block_bytes)
    monkeypatch.setattr(conv_kernels, "SENT_BYTES", sent_bytes)
    monkeypatch.setattr(parallel, "SPLIT_BYTES", 0)  # split even these small batches
    rng = np.random.default_rng(sum(shape) * 10 + kernel + padding + stride)
    layer = Conv2D(shape[1], filters, kernel, stride=stride, padding=padding, rng=rng)
    x = rng.standard_normal(shape)
    dout = rng.standard_normal(layer.forward(x).shape)
    dx = layer.backward(dout)
    p = padding
    padded_shape = (shape[0], shape[1], shape[2] + 2 * p, shape[3] + 2 * p)
    expected = naive_padded_input_grad(dout, layer.params["W"], padded_shape, stride)
    np.testing.assert_allclose(dx, expected[:, :, p:p + shape[2], p:p + shape[3]],
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("stride", [1, 2])
@pytest.mark.parametrize("padding", [0, 1])
def test_backward_keeps_float32_and_matches_float64(padding, stride):
    rng = np.random.default_rng(padding)
    layer64 = Conv2D(3, 4, 3, stride=stride, padding=padding, rng=rng)
    layer32 = Conv2D(3, 4, 3, stride=stride, padding=padding, dtype=np.float32)
    layer32.params = {name: value.astype(np.float32) for name, value in layer64.params.items()}
    x = rng.standard_normal((5, 3, 9, 8))
    dout = rng.standard_normal(layer64.forward(x).shape)
    dx64 = layer64.backward(dout)
    layer32.forward(x.astype(np.float32))
    dx32 = layer32.backward(dout.astype(np.float32))
    assert dx32.dtype == np.float32
    assert dx32.shape == x.shape
    np.testing.assert_allclose(dx32, dx64, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("stride", [1, 2, 4])
def test_input_grad_overwrites_and_leaks_nothing_across_channels_or_images(stride):
    # The flat shifts move zeros across channel and image borders; no gradient may follow,
    # and whatever dx_padded held before is overwritten, not added to.
    rng = np.random.default_rng(7)
    w = rng.standard_normal((2, 3, 3, 3))
    out_h, out_w = 1 + (6 - 3) // stride, 1 + (7 - 3) // stride
    dout = rng.standard_normal((2, 2, out_h, out_w))
    dx_padded = np.full((2, 3, 6, 7), np.nan)
    conv_kernels.input_grad(dout, w, stride, dx_padded)
    np.testing.assert_allclose(dx_padded, naive_padded_input_grad(dout, w, (2, 3, 6, 7), stride),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("stride, padding", [(1, 0), (1, 2), (2, 1), (3, 0)])
@pytest.mark.parametrize("block_bytes", [1, 4000, parallel.BLOCK_BYTES])
def test_forward_columns_and_output_match_one_im2col_product(stride, padding, block_bytes,
                                                             monkeypatch):
    monkeypatch.setattr(parallel, "BLOCK_BYTES", block_bytes)
    monkeypatch.setattr(parallel, "SPLIT_BYTES", 0)  # split even these small batches
    rng = np.random.default_rng(stride * 10 + padding)
    layer = Conv2D(3, 4, 3, stride=stride, padding=padding, rng=rng)
    layer.params["b"] = rng.standard_normal(4)
    x = rng.standard_normal((5, 3, 9, 8))
    out = layer.forward(x)
    x_padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    windows = sliding_windows(x_padded, 3, stride)
    n, c, out_h, out_w, hh, ww = windows.shape
    cols = windows.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * hh * ww, out_h * out_w)
    expected = layer.params["W"].reshape(4, -1) @ cols + layer.params["b"][:, None]
    # The columns, then the bias trick's row of ones.
    np.testing.assert_array_equal(layer.cols[:, :-1], cols)
    np.testing.assert_array_equal(layer.cols[:, -1], 1)
    np.testing.assert_allclose(out, expected.reshape(out.shape), rtol=1e-12, atol=1e-12)


def test_input_grad_refuses_a_strided_target():
    dx_padded = np.zeros((2, 3, 6, 14))[:, :, :, ::2]
    with pytest.raises(ValueError, match="C-contiguous"):
        conv_kernels.input_grad(np.ones((2, 2, 4, 5)), np.ones((2, 3, 3, 3)), 1, dx_padded)


def test_a_large_kernel_does_not_blow_up_backward_memory():
    # A 28x28 kernel on 28x28 images: one output per image, so the blocks (sized by the
    # columns) hold all 64 images, while input_grad's product is 784 padded images per image.
    tracemalloc.start()
    try:
        layer = Conv2D(3, 16, 28, rng=0)
        x = np.random.default_rng(0).standard_normal((64, 3, 28, 28))
        dout = np.ones(layer.forward(x).shape)
        tracemalloc.reset_peak()
        layer.backward(dout)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Without the cap the product alone took 64 x 14.7 MB = 940 MB.
    assert peak < 100 * 2**20, f"backward peaked at {peak / 2**20:.0f} MiB"

"""Chapter 8: convolution (forward and backward) and max pooling."""
import numpy as np

from ..question import Question
from .adapters import forward_for_backward, grad, with_params, without


def _conv(Conv2D, W, b):
    f, c, k, _ = W.shape
    return with_params(Conv2D(c, f, k), W=W, b=b)


def _conv_forward(Conv2D, W, b, x):
    return _conv(Conv2D, W, b).forward(x)


def _conv_backward(Conv2D, W, b, x, dout):
    layer = _conv(Conv2D, W, b)
    forward_for_backward(layer, x)
    return layer, layer.backward(dout)


def _conv_dx(Conv2D, W, b, x, dout):
    return _conv_backward(Conv2D, W, b, x, dout)[1]


def _conv_dw_db(Conv2D, W, b, x, dout):
    layer, _ = _conv_backward(Conv2D, W, b, x, dout)
    return {"dW": grad(layer, "W"), "db": grad(layer, "b")}


def _conv_cases(rng):
    cases = []
    for k in (1, 2, 3, 3):
        n, c, f = int(rng.integers(1, 3)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
        h, w = int(rng.integers(k + 1, 8)), int(rng.integers(k + 1, 8))
        cases.append({"W": rng.normal(size=(f, c, k, k)), "b": rng.normal(size=f),
                      "x": rng.normal(size=(n, c, h, w)),
                      "dout": rng.normal(size=(n, f, h - k + 1, w - k + 1))})
    return cases


def _pool_forward(MaxPool2D, kernel_size, stride, x):
    return MaxPool2D(kernel_size, stride).forward(x)


def _pool_backward(MaxPool2D, kernel_size, stride, x, dout):
    layer = MaxPool2D(kernel_size, stride)
    forward_for_backward(layer, x)
    return layer.backward(dout)


def _pool_cases(rng):
    cases = []
    # Non-overlapping windows, a size that leaves a row and column over, overlapping windows.
    for k, stride, size in ((2, 2, 6), (2, 2, 5), (3, 1, 5), (2, 1, 4)):
        n, c = int(rng.integers(1, 3)), int(rng.integers(1, 4))
        out = 1 + (size - k) // stride
        x = rng.normal(size=(n, c, size, size))
        # A tie for the maximum of every map's first window, at its first and last pixel:
        # the first gets the gradient, in whichever order a loop visits the window.
        top = x[:, :, :k, :k].max(axis=(2, 3)) + rng.uniform(0.1, 1.0, size=(n, c))
        x[:, :, 0, 0] = x[:, :, k - 1, k - 1] = top
        cases.append({"kernel_size": k, "stride": stride, "x": x,
                      "dout": rng.normal(size=(n, c, out, out))})
    return cases


QUESTIONS = [
    Question(
        id="conv-forward", points=2, name="Conv2D", reference="scratchnet.layers.Conv2D",
        run=_conv_forward, make_cases=lambda rng: without(_conv_cases(rng), "dout"),
        forbidden=("scratchnet.layers.Conv2D.forward",),
        hints=("A cross-correlation: each output pixel is its filter's bias plus the sum, over "
               "every input channel, of the filter times the window of x it covers; the filter "
               "is not flipped. The output is (N, F, H - HH + 1, W - WW + 1).",
               "out[n, f, i, j] = b[f] + sum over c, p, q of x[n, c, i + p, j + q] * W[f, c, p, "
               "q], that is np.sum(x[n, :, i:i+HH, j:j+WW] * W[f]) + b[f]."),
    ),
    Question(
        id="conv-backward-input", points=2, name="Conv2D", reference="scratchnet.layers.Conv2D",
        run=_conv_dx, make_cases=_conv_cases, forbidden=("scratchnet.layers.Conv2D.backward",),
        hints=("Each input pixel gets the gradient of every output pixel whose window read it, "
               "times the filter weight that multiplied it there. Windows overlap, so the "
               "contributions add up.",
               "For every n, f, i, j: dx[n, :, i:i+HH, j:j+WW] += W[f] * dout[n, f, i, j]."),
    ),
    Question(
        id="conv-backward-params", points=2, name="Conv2D", reference="scratchnet.layers.Conv2D",
        run=_conv_dw_db, make_cases=_conv_cases, forbidden=("scratchnet.layers.Conv2D.backward",),
        hints=("A weight meets a different pixel of x at every sample and position, so its "
               "gradient adds up those pixels times the output gradients there; a filter's bias "
               "is added to every one of its output pixels. dW has the shape of W (F, C, HH, "
               "WW), db of b (F,).",
               "dW[f] += x[n, :, i:i+HH, j:j+WW] * dout[n, f, i, j] over every n, i, j; db[f] "
               "sums dout[:, f] over N, H' and W'."),
    ),
    Question(
        id="maxpool-forward", points=1, name="MaxPool2D", reference="scratchnet.layers.MaxPool2D",
        run=_pool_forward, make_cases=lambda rng: without(_pool_cases(rng), "dout"),
        forbidden=("scratchnet.layers.MaxPool2D.forward",),
        hints=("Each output is the maximum of one window, per sample and channel. Windows start "
               "every `stride` pixels, and rows and columns no window reaches are ignored: count "
               "the output size from the input size, the kernel size and the stride.",
               "The output is 1 + (H - kernel_size) // stride high (and the same for W); out[n, "
               "c, i, j] is the max of x[n, c, i*stride : i*stride + kernel_size, j*stride : "
               "j*stride + kernel_size]."),
    ),
    Question(
        id="maxpool-backward", points=2, name="MaxPool2D", reference="scratchnet.layers.MaxPool2D",
        run=_pool_backward, make_cases=_pool_cases,
        forbidden=("scratchnet.layers.MaxPool2D.backward",),
        hints=("Only a window's maximum affected its output, so only it gets the window's "
               "gradient; of tied maxima, the first. Where windows overlap, a pixel collects the "
               "gradients of every window it is the maximum of.",
               "For each window: k = np.argmax(window) (the first maximum), np.unravel_index(k, "
               "window.shape) its row and column, and dx there += dout[n, c, i, j]."),
    ),
]

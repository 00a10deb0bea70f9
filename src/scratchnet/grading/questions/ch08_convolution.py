"""Chapter 8: convolution (forward and backward), max pooling, and sizes worked by hand."""
import numpy as np

from ..question import Question
from .adapters import a_value, forward_for_backward, grad, value_judge, with_params, without


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


def conv_pool_shape():
    """The package's output shape for the notebook's stack: (2, 3, 28, 28), Conv2D(3, 8, 5), MaxPool2D(2)."""
    from ...layers import Conv2D, MaxPool2D
    return MaxPool2D(2).forward(Conv2D(3, 8, 5).forward(np.zeros((2, 3, 28, 28)))).shape


def conv_param_count():
    """How many numbers the package's Conv2D(3, 16, 3) learns."""
    from ...layers import Conv2D
    return sum(p.size for p in Conv2D(3, 16, 3).params.values())


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
    Question(
        id="conv-output-shape", points=1, name="conv_output_shape", kind="value",
        reference="scratchnet.grading.questions.ch08_convolution.conv_pool_shape",
        make_cases=lambda rng: [{"x_shape": [2, 3, 28, 28], "conv": [3, 8, 5], "pool": 2}],
        run=lambda value, *given: a_value(value, "conv_output_shape", (4,)),
        judge=value_judge("conv_output_shape", conv_pool_shape),
        hints=("Follow the four axes one layer at a time: the batch axis never changes, the "
               "channel axis becomes the number of filters, and each spatial axis shrinks "
               "twice.",
               "A convolution without padding gives H - HH + 1; pooling with kernel k and "
               "stride k gives 1 + (H - k) // k."),
    ),
    Question(
        id="conv-param-count", points=1, name="conv_param_count", kind="value",
        reference="scratchnet.grading.questions.ch08_convolution.conv_param_count",
        make_cases=lambda rng: [{"in_channels": 3, "out_channels": 16, "kernel_size": 3}],
        run=lambda value, *given: a_value(value, "conv_param_count"),
        judge=value_judge("conv_param_count", conv_param_count),
        hints=("Count the entries of params['W'] and params['b']: each filter sees every input "
               "channel, and each filter has a bias.",
               "W has shape (F, C, HH, WW) and b has shape (F,): F * C * HH * WW + F."),
    ),
]

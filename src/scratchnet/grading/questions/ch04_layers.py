"""Chapter 4: the Dense layer, an activation layer's backward, and the training loop."""
import numpy as np

from ... import activations
from ...layers import Dense, Tanh
from ...losses import mse, mse_prime
from ..question import Question
from .adapters import forward_for_backward, grad, unchanged, with_params, without


def _dense(Dense, W, b):
    return with_params(Dense(*W.shape), W=W, b=b)


def _dense_forward(Dense, W, b, x):
    return _dense(Dense, W, b).forward(x)


def _dense_backward(Dense, W, b, x, dout):
    layer = _dense(Dense, W, b)
    forward_for_backward(layer, x)
    dx = layer.backward(dout)
    unchanged({"W": W, "b": b}, layer.params, "self.params",
              "backward changed {name}: it updates nothing, it only fills self.grads "
              "(changing the parameters is the training loop's job)")
    return {"dx": dx, "dW": grad(layer, "W"), "db": grad(layer, "b")}


def _dense_cases(rng):
    cases = []
    for _ in range(4):
        n, d, m = (int(k) for k in rng.integers(2, 6, size=3))
        cases.append({"W": rng.normal(size=(d, m)), "b": rng.normal(size=m),
                      "x": rng.normal(size=(n, d)), "dout": rng.normal(size=(n, m))})
    return cases


ACTIVATIONS = {
    "tanh": (activations.tanh, activations.tanh_prime),
    "sigmoid": (activations.sigmoid, activations.sigmoid_prime),
    "relu": (activations.relu, activations.relu_prime),
}


def _activation_backward(Activation, f, x, dout):
    layer = Activation(*ACTIVATIONS[f])
    forward_for_backward(layer, x)
    return layer.backward(dout)


def _activation_cases(rng):
    cases = []
    for name in ("tanh", "sigmoid", "relu", "tanh"):
        shape = (int(rng.integers(2, 5)), int(rng.integers(2, 5)))
        cases.append({"f": name, "x": rng.normal(size=shape), "dout": rng.normal(size=shape)})
    return cases


def _fit(Network, W1, b1, W2, b2, x, y, epochs, learning_rate, batch_size, seed):
    """Train a Dense-Tanh-Dense network (the package's layers) with the answer's loop."""
    net = Network()
    for layer in (_dense(Dense, W1, b1), Tanh(), _dense(Dense, W2, b2)):
        net.add(layer)
    net.use(mse, mse_prime)
    history = net.fit(x, y, epochs, learning_rate, batch_size=batch_size, rng=seed, verbose=False)
    first, last = net.layers[0].params, net.layers[2].params
    return {"history": history, "W1": first["W"], "b1": first["b"],
            "W2": last["W"], "b2": last["b"]}


def _fit_cases(rng):
    cases = []
    for batch_size in (None, None, 4, 3):
        n, d, h, o = 8, int(rng.integers(2, 4)), int(rng.integers(3, 6)), int(rng.integers(1, 3))
        cases.append({"W1": rng.normal(scale=0.5, size=(d, h)), "b1": rng.normal(scale=0.1, size=h),
                      "W2": rng.normal(scale=0.5, size=(h, o)), "b2": rng.normal(scale=0.1, size=o),
                      "x": rng.normal(size=(n, d)), "y": rng.normal(size=(n, o)),
                      "epochs": int(rng.integers(3, 7)), "learning_rate": 0.1,
                      "batch_size": batch_size, "seed": int(rng.integers(1000))})
    return cases


QUESTIONS = [
    Question(
        id="dense-forward", points=1, name="Dense", reference="scratchnet.layers.Dense",
        run=_dense_forward, make_cases=lambda rng: without(_dense_cases(rng), "dout"),
        forbidden=("scratchnet.layers.Dense.forward",),
        hints=("One matrix product for the whole batch, no loop, then the bias added to every "
               "row: X is (N, D), W is (D, M), the output (N, M). Keep X: backward needs it.",
               "self.x = x; return x @ self.params['W'] + self.params['b'] (b, of shape (M,), "
               "broadcasts over the rows)."),
    ),
    Question(
        id="dense-backward", points=2, name="Dense", reference="scratchnet.layers.Dense",
        run=_dense_backward, make_cases=_dense_cases,
        forbidden=("scratchnet.layers.Dense.backward",),
        hints=("Each gradient has the shape of what it is the gradient of: dW of W (D, M), db of "
               "b (M,), dx of X (N, D). Each pairs dout with what multiplied, or was added to, "
               "that quantity in forward. Fill self.grads['W'] and self.grads['b'], and return "
               "dx.",
               "dW = X.T @ dout; db = dout.sum(axis=0); dx = dout @ W.T."),
    ),
    Question(
        id="activation-backward", points=1, name="Activation",
        reference="scratchnet.layers.Activation", run=_activation_backward,
        make_cases=_activation_cases, forbidden=("scratchnet.layers.Activation.backward",),
        hints=("The layer maps each entry on its own, so the chain rule works entry by entry: "
               "dout times the derivative, element-wise. Take the derivative at the layer's "
               "input X, not at its output f(X).",
               "return dout * self.f_prime(self.x), with self.x the input forward stored."),
    ),
    Question(
        id="network-fit", points=2, name="Network", reference="scratchnet.network.Network",
        run=_fit, make_cases=_fit_cases, forbidden=("scratchnet.network.Network.fit",),
        hints=("Each batch takes the four steps of training, in order: the forward pass, the "
               "loss, the backward pass from the loss's gradient, and one step of the "
               "parameters. Losses take (y_true, y_pred).",
               "out = self.forward(xb); loss = self.loss(yb, out); "
               "self.backward(self.loss_prime(yb, out)); self.step(learning_rate)."),
    ),
]

"""Chapter 7: the two-layer classifier's predict, loss, accuracy and backprop gradient.

Each question tests one method of the learner's ``TwoLayerNet``. The other
methods come from the package: the method under test is set on a subclass of
the package's class, so an unfinished ``predict`` never fails the ``loss``
question, and the reference is asked the same way.
"""
import numpy as np

from ...classifier import TwoLayerNet as PackageNet
from ..question import Question
from .adapters import with_params


def _net(Net, method, W1, b1, W2, b2):
    """A package net whose ``method`` is the one of ``Net``, with these parameters."""
    cls = PackageNet if Net is PackageNet else type(
        "TwoLayerNet", (PackageNet,), {method: getattr(Net, method)})
    net = cls(*W1.shape, W2.shape[1])
    return with_params(net, W1=W1, b1=b1, W2=W2, b2=b2)


def _predict(Net, W1, b1, W2, b2, x):
    return _net(Net, "predict", W1, b1, W2, b2).predict(x)


def _loss(Net, W1, b1, W2, b2, x, t):
    return _net(Net, "loss", W1, b1, W2, b2).loss(x, t)


def _accuracy(Net, W1, b1, W2, b2, x, t):
    return _net(Net, "accuracy", W1, b1, W2, b2).accuracy(x, t)


def _gradient(Net, W1, b1, W2, b2, x, t):
    grads = _net(Net, "gradient", W1, b1, W2, b2).gradient(x, t)
    if not isinstance(grads, dict):
        raise TypeError(f"gradient should return a dict, got a {type(grads).__name__}")
    # The output layer first: where backprop starts is where a mistake shows first.
    return {name: grads.get(name) for name in ("W2", "b2", "W1", "b1")}


def _cases(rng, with_targets=True):
    cases = []
    for scale in (0.5, 1.0, 2.0, 1.0):
        n, d, h, c = (int(k) for k in rng.integers(2, 7, size=4))
        case = {"W1": rng.normal(scale=scale, size=(d, h)), "b1": rng.normal(scale=0.5, size=h),
                "W2": rng.normal(scale=scale, size=(h, c)), "b2": rng.normal(scale=0.5, size=c),
                "x": rng.normal(size=(n, d))}
        if with_targets:
            t = rng.integers(0, c, size=n)
            # One example the net gets right and one it gets wrong: an accuracy strictly
            # between 0 and 1 tells a fraction from a count.
            predicted = _predict(PackageNet, **case).argmax(axis=1)
            t[0], t[1] = predicted[0], (predicted[1] + rng.integers(1, c)) % c
            case["t"] = t
        cases.append(case)
    return cases


QUESTIONS = [
    Question(
        id="two-layer-predict", points=1, name="TwoLayerNet",
        reference="scratchnet.classifier.TwoLayerNet", run=_predict,
        make_cases=lambda rng: _cases(rng, with_targets=False),
        forbidden=("scratchnet.classifier.TwoLayerNet.predict",),
        hints=("Two layers: a sigmoid hidden layer, shape (N, H), then a softmax output layer, "
               "shape (N, C). Each row of the result sums to 1.",
               "A1 = sigmoid(x @ W1 + b1); return softmax(A1 @ W2 + b2)."),
    ),
    Question(
        id="two-layer-loss", points=1, name="TwoLayerNet",
        reference="scratchnet.classifier.TwoLayerNet", run=_loss, make_cases=_cases,
        forbidden=("scratchnet.classifier.TwoLayerNet.loss",),
        hints=("The cross-entropy of the probabilities self.predict(x) against the true labels, "
               "averaged over the N examples; t may hold integer labels rather than one-hot "
               "rows. Return a float.",
               "p = self.predict(x); -np.mean(np.log(p[np.arange(len(t)), t])) for integer "
               "labels (scratchnet.losses.cross_entropy(t, p) takes either form)."),
    ),
    Question(
        id="two-layer-accuracy", points=1, name="TwoLayerNet",
        reference="scratchnet.classifier.TwoLayerNet", run=_accuracy, make_cases=_cases,
        forbidden=("scratchnet.classifier.TwoLayerNet.accuracy",),
        hints=("The predicted class of a row is the one with the largest probability; the "
               "accuracy is the fraction of rows where it equals t, a number between 0 and 1, "
               "not a count.",
               "float(np.mean(np.argmax(self.predict(x), axis=1) == t))."),
    ),
    Question(
        id="two-layer-gradient", points=2, name="TwoLayerNet",
        reference="scratchnet.classifier.TwoLayerNet", run=_gradient, make_cases=_cases,
        forbidden=("scratchnet.classifier.TwoLayerNet.gradient",),
        hints=("Each gradient has the shape of its parameter: W1 (D, H), b1 (H,), W2 (H, C), b2 "
               "(C,). Work backwards: first the delta at the output's pre-activation (softmax "
               "and the mean cross-entropy together), then W2 and b2 from it, then the hidden "
               "delta through W2 and the sigmoid's derivative at the hidden layer's input, not "
               "its output.",
               "dZ2 = (P - Y) / N, P the probabilities and Y the one-hot targets; dW2 = A1.T @ "
               "dZ2, db2 = dZ2.sum(axis=0); dZ1 = (dZ2 @ W2.T) * sigmoid'(Z1) with Z1 = x @ W1 + "
               "b1; dW1 = x.T @ dZ1, db1 = dZ1.sum(axis=0)."),
    ),
]

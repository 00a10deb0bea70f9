"""Chapter 9: flatten, dropout, one-hot targets and gradient checking."""
import numpy as np

from ..question import Question
from .adapters import InputChanged, of_kind


def _flatten(Flatten, x, dout):
    layer = Flatten()
    return {"out": layer.forward(x), "dx": layer.backward(dout)}


def _flatten_cases(rng):
    cases = []
    for shape in ((2, 3, 4, 4), (3, 1, 5, 2), (4, 6), (2, 2, 3)):
        shape = (int(rng.integers(2, 5)),) + shape[1:]
        cases.append({"x": rng.normal(size=shape),
                      "dout": rng.normal(size=(shape[0], int(np.prod(shape[1:]))))})
    return cases


def _dropout(Dropout, p, seed, x, dout):
    layer = Dropout(p, rng=seed)
    train, dx = layer.forward(x), layer.backward(dout)
    again = Dropout(p, rng=seed).forward(x)
    layer.training = False
    return {"train": train, "dx": dx, "eval": layer.forward(x), "dx_eval": layer.backward(dout),
            "repeatable": float(np.array_equal(train, again))}


def _dropout_cases(rng):
    cases = []
    for p in (0.5, 0.2, 0.8, 0.0):
        shape = (200, 50)
        # No zeros in x, so a zero in the output means a dropped unit.
        x = rng.uniform(0.5, 1.5, size=shape) * rng.choice([-1, 1], size=shape)
        cases.append({"p": p, "seed": int(rng.integers(1000)), "x": x,
                      "dout": rng.normal(size=shape)})
    return cases


def _judge_dropout(case, got):
    """None if ``got`` behaves like inverted dropout on ``case``; else what is wrong.

    Masks are random, so the outputs are checked for their properties, not
    against the package's own draw.
    """
    p, x, dout = case["p"], case["x"], case["dout"]
    try:
        train, dx, evaluated, dx_eval = (np.asarray(got[k], dtype=float)
                                         for k in ("train", "dx", "eval", "dx_eval"))
    except (TypeError, KeyError, ValueError) as error:
        return f"the outputs could not be read as arrays ({error})"
    if any(a.shape != x.shape for a in (train, dx, evaluated, dx_eval)):
        return f"every output should have the input's shape {x.shape}"
    if not (np.allclose(evaluated, x) and np.allclose(dx_eval, dout)):
        return "in evaluation mode (training = False) forward and backward must be the identity"
    kept = train != 0
    if not np.allclose(train[kept], x[kept] / (1 - p)):
        return f"kept inputs must be scaled by 1 / (1 - p) = {1 / (1 - p):.4g} (inverted dropout)"
    dropped = 1 - kept.mean()
    if abs(dropped - p) > 0.05:
        return f"{dropped:.1%} of the inputs were dropped, but p = {p}"
    if not np.allclose(dx, dout * kept / (1 - p)):
        return "backward must use forward's mask: dx = dout * mask / (1 - p)"
    if not got.get("repeatable", 1.0):
        return ("two layers made with the same seed dropped different units: draw the mask "
                "with self.rng, not with np.random")
    return None


def _one_hot(one_hot, labels, n_classes):
    return of_kind(one_hot(labels, n_classes), "f", "one_hot should return floats")


def _one_hot_cases(rng):
    cases = []
    for n_classes in (3, 5, 10, 4):
        labels = rng.integers(0, n_classes, size=int(rng.integers(4, 12)))
        cases.append({"labels": labels, "n_classes": n_classes})
    # The largest class absent: the width comes from n_classes, not from the labels.
    cases.append({"labels": np.array([0, 1, 1, 0]), "n_classes": 4})
    return cases


def _rel_error_cases(rng):
    cases = []
    for shape in ((5,), (3, 4), (2, 2, 3)):
        a = rng.normal(size=shape)
        cases.append({"a": a, "b": a + rng.normal(scale=10.0 ** -rng.integers(1, 8), size=shape)})
    cases.append({"a": rng.normal(size=4), "b": -rng.normal(size=4)})
    cases.append({"a": np.zeros(3), "b": np.zeros(3)})
    return cases


def _numerical_gradient(numerical_gradient, x, a, h):
    def f():
        # Curved, with every entry of x coupled to the others.
        return float(np.sum(a * np.sin(x) * x) + np.sum(x) ** 2)
    before = x.copy()
    grad = numerical_gradient(f, x, h)
    # Restored up to rounding: x[i] += h, then -= 2 h, then += h is right too.
    if not np.allclose(x, before, rtol=1e-12, atol=1e-15):
        raise InputChanged("your answer left x changed: restore each x[i] after its two "
                           "evaluations of f")
    return grad


def _numerical_gradient_cases(rng):
    cases = []
    for shape in ((4,), (2, 3), (3, 2, 2)):
        cases.append({"x": rng.normal(size=shape), "a": rng.normal(size=shape), "h": 1e-4})
    return cases


QUESTIONS = [
    Question(
        id="flatten", points=1, name="Flatten", reference="scratchnet.layers.Flatten",
        run=_flatten, make_cases=_flatten_cases,
        forbidden=("scratchnet.layers.Flatten.forward", "scratchnet.layers.Flatten.backward"),
        hints=("Keep the batch axis and put everything else into one axis; backward undoes "
               "exactly what forward did, so it needs the shape forward received.",
               "forward: self.x_shape = x.shape; return x.reshape(len(x), -1). backward: return "
               "dout.reshape(self.x_shape)."),
    ),
    Question(
        id="dropout", points=2, name="Dropout", reference="scratchnet.layers.Dropout",
        run=_dropout, make_cases=_dropout_cases, judge=_judge_dropout,
        forbidden=("scratchnet.layers.Dropout.forward", "scratchnet.layers.Dropout.backward"),
        hints=("In training, each input is kept at random with probability 1 - p, and the kept "
               "ones are scaled so that the expected output equals the input; backward must drop "
               "the same entries. In evaluation, everything passes through unchanged.",
               "mask = (self.rng.random(x.shape) >= p) / (1 - p); forward returns x * mask, "
               "backward dout * mask; in evaluation both return their input."),
    ),
    Question(
        id="one-hot", points=1, name="one_hot", reference="scratchnet.datasets.one_hot",
        run=_one_hot, make_cases=_one_hot_cases,
        hints=("Row n has a single 1, in column labels[n]; the result is (N, n_classes) floats, "
               "even when some classes do not occur.",
               "np.eye(n_classes)[labels]: row k of the identity is the one-hot row of class k."),
    ),
    Question(
        id="rel-error", points=1, name="rel_error", reference="scratchnet.gradcheck.rel_error",
        make_cases=_rel_error_cases,
        hints=("One number for the whole arrays: the size of their difference relative to their "
               "own sizes, so that it does not depend on their scale. Two zero arrays give 0, "
               "not nan.",
               "np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)), and 0.0 when "
               "the denominator is 0."),
    ),
    Question(
        id="numerical-gradient", points=2, name="numerical_gradient",
        reference="scratchnet.gradcheck.numerical_gradient", run=_numerical_gradient,
        make_cases=_numerical_gradient_cases, rtol=1e-7, atol=1e-8,
        hints=("Centred differences, one entry of x at a time: move the entry up and down by h, "
               "evaluate f each time, and divide the change by the distance. Change x in place, "
               "and restore each entry before moving to the next.",
               "For each index i of np.ndindex(x.shape): old = x[i]; x[i] = old + h; f_plus = "
               "f(); x[i] = old - h; f_minus = f(); x[i] = old; grad[i] = (f_plus - f_minus) / "
               "(2 * h)."),
    ),
]

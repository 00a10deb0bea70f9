"""Chapter 6: mean squared error, a stable softmax, cross-entropy and its gradient."""
import numpy as np

from ..question import Question


def _regression_cases(rng):
    cases = []
    # One output and several: the mean is over every entry, not over the samples only.
    for outputs in (1, 2, 3, int(rng.integers(1, 4))):
        shape = (int(rng.integers(2, 7)), outputs)
        cases.append({"y_true": rng.normal(size=shape), "y_pred": rng.normal(size=shape)})
    return cases


def _logits_cases(rng):
    cases = []
    for offset in (0.0, 0.0, 1000.0, -1000.0):
        n, c = int(rng.integers(2, 6)), int(rng.integers(2, 6))
        # Logits near ±1000 overflow exp unless the row's maximum is subtracted first.
        cases.append({"z": rng.normal(scale=3, size=(n, c)) + offset * rng.uniform(0.9, 1.1)})
    # Rows near 1000, 0 and -1000 together: each row needs its own maximum.
    offsets = np.array([1000.0, 0.0, -1000.0])[rng.permutation(3)]
    cases.append({"z": rng.normal(scale=3, size=(3, int(rng.integers(2, 6)))) + offsets[:, None]})
    return cases


def _one_hot(rng, n, c):
    return np.eye(c)[rng.integers(0, c, size=n)]


def _cross_entropy_cases(rng):
    cases = []
    for zeros in (False, False, True, True):
        n, c = int(rng.integers(2, 6)), int(rng.integers(2, 6))
        y = _one_hot(rng, n, c)
        p = rng.uniform(0.05, 1, size=(n, c))
        if zeros:
            # A probability of exactly 0 for a wrong class: 0 * log(0) must count as 0.
            p[np.arange(n), (y.argmax(axis=1) + 1) % c] = 0.0
        cases.append({"y_true": y, "y_pred": p / p.sum(axis=1, keepdims=True)})
    return cases


def _softmax_cross_entropy_cases(rng):
    cases = []
    for offset in (0.0, 0.0, 1000.0, -1000.0):
        n, c = int(rng.integers(2, 6)), int(rng.integers(2, 6))
        logits = rng.normal(scale=3, size=(n, c)) + offset * rng.uniform(0.9, 1.1)
        cases.append({"y_true": _one_hot(rng, n, c), "logits": logits})
    return cases


QUESTIONS = [
    Question(
        id="mse", points=1, name="mse", reference="scratchnet.losses.mse",
        make_cases=_regression_cases,
        hints=("The mean of the squared differences over every entry, samples and outputs alike: "
               "not a sum, and not a mean over the samples only. Return a float.",
               "float(np.mean((y_true - y_pred) ** 2))."),
    ),
    Question(
        id="mse-prime", points=1, name="mse_prime", reference="scratchnet.losses.mse_prime",
        make_cases=_regression_cases,
        hints=("Differentiate the loss, a mean over all y_pred.size entries, with respect to "
               "each entry of y_pred: the result has the shape of y_pred. Mind the sign and the "
               "factor the square brings.",
               "2 * (y_pred - y_true) / y_pred.size."),
    ),
    Question(
        id="softmax", points=2, name="softmax", reference="scratchnet.activations.softmax",
        make_cases=_logits_cases,
        hints=("Rows, not columns, sum to 1. exp overflows for logits near 1000: subtracting the "
               "same number from a whole row leaves its softmax unchanged, so pick, for each "
               "row, one that keeps every exp at most 1.",
               "e = np.exp(z - z.max(axis=1, keepdims=True)); return e / e.sum(axis=1, "
               "keepdims=True)."),
    ),
    Question(
        id="cross-entropy", points=2, name="cross_entropy",
        reference="scratchnet.losses.cross_entropy", make_cases=_cross_entropy_cases,
        hints=("Each sample's loss is minus the log of the probability its one-hot target picks; "
               "the loss is the mean over the N samples, not over the N * C entries. A "
               "probability of 0 must give a large but finite loss.",
               "-np.sum(y_true * np.log(np.clip(y_pred, 1e-12, 1))) / N, with N = len(y_pred)."),
    ),
    Question(
        id="softmax-cross-entropy-prime", points=2, name="softmax_cross_entropy_prime",
        reference="scratchnet.losses.softmax_cross_entropy_prime",
        make_cases=_softmax_cross_entropy_cases,
        hints=("Softmax followed by cross-entropy has a gradient with respect to the logits much "
               "simpler than either part's: work it out for one sample, then remember the loss "
               "is a mean over the N samples. Use a stable softmax.",
               "(softmax(logits) - y_true) / N, N the number of samples."),
    ),
]

"""Chapter 1: the step function and the perceptron learning rule."""
import numpy as np

from ..question import Question
from .adapters import of_kind


def _step(step, z):
    return of_kind(step(z), "iu", "step should return integers (0 or 1)")


def _step_cases(rng):
    z = rng.normal(size=(int(rng.integers(3, 6)), 4))
    z[0, :2] = 0.0  # the threshold itself: step(0) is 0
    return [{"z": rng.normal(size=int(rng.integers(5, 10)))}, {"z": z},
            {"z": np.array([-2.0, -1e-9, 0.0, 1e-9, 3.0])}]


def _perceptron(Perceptron, w, b, learning_rate=1.0):
    """A learner's Perceptron with the given weights."""
    unit = Perceptron(len(w), learning_rate=learning_rate)
    unit.w, unit.b = np.array(w, dtype=float), float(b)
    return unit


def _predict(Perceptron, w, b, x):
    return _perceptron(Perceptron, w, b).predict(x)


def _integer_point(rng, w, dot):
    """An integer-valued x with x . w == dot exactly (``w[0]`` is +-1, the rest integers)."""
    x = rng.integers(-3, 4, size=len(w)).astype(float)
    x[0] = (dot - x[1:] @ w[1:]) * w[0]
    return x


def _integer_weights(rng, d):
    w = rng.integers(-3, 4, size=d).astype(float)
    w[0] = rng.choice([-1.0, 1.0])
    return w


def _predict_cases(rng):
    cases = []
    for _ in range(3):
        d = int(rng.integers(2, 5))
        cases.append({"w": rng.normal(size=d), "b": float(rng.normal()),
                      "x": rng.normal(size=(int(rng.integers(4, 9)), d))})
    # Integer values, so that x . w + b is exact: a row on the threshold (step(0) = 0) and
    # one that the bias moves across it.
    d = int(rng.integers(2, 5))
    w, b = _integer_weights(rng, d), float(rng.choice([-4.0, -2.0, 2.0, 4.0]))
    rows = [_integer_point(rng, w, -b), _integer_point(rng, w, -b / 2)]
    rows += [rng.integers(-3, 4, size=d).astype(float) for _ in range(int(rng.integers(2, 5)))]
    cases.append({"w": w, "b": b, "x": np.array(rows)[rng.permutation(len(rows))]})
    return cases


def _update(Perceptron, w, b, learning_rate, x_i, y_i):
    unit = _perceptron(Perceptron, w, b, learning_rate)
    changed = unit.update(x_i, y_i)
    return {"w": unit.w, "b": unit.b, "changed": changed}


def _update_cases(rng):
    """A mistake and a right answer for each label, away from the threshold and on it.

    Every case has a learning rate other than 1, so each term of the rule shows.
    """
    cases = []
    for label, z in ((1, -1), (0, 1), (1, 1), (0, -1), (1, 0), (0, 0)):
        d = int(rng.integers(2, 5))
        if z == 0:
            # Integers, so that x_i . w + b is exactly 0: the prediction is step(0) = 0.
            w = _integer_weights(rng, d)
            x_i = rng.integers(-3, 4, size=d).astype(float)
            b = -float(x_i @ w)
        else:
            w, x_i = rng.normal(size=d), rng.normal(size=d)
            b = float(z * rng.uniform(0.2, 2.0) - x_i @ w)
        cases.append({"w": w, "b": b, "learning_rate": float(rng.choice([0.1, 0.25, 0.5])),
                      "x_i": x_i, "y_i": label})
    order = rng.permutation(len(cases))
    return [cases[i] for i in order]


def _fit(Perceptron, x, y, epochs, learning_rate):
    unit = Perceptron(x.shape[1], learning_rate=learning_rate)
    mistakes = unit.fit(x, y, epochs)
    return {"mistakes": mistakes, "w": unit.w, "b": unit.b}


def _fit_cases(rng):
    cases = []
    for _ in range(3):
        n, d = int(rng.integers(8, 15)), int(rng.integers(2, 4))
        x = rng.normal(size=(n, d))
        # Labels from a random line through the median, so both classes occur; each point
        # is then pushed 0.5 away from the line, so the data are separable with a margin
        # and the perceptron converges within the epochs.
        normal = rng.normal(size=d)
        normal /= np.linalg.norm(normal)
        score = x @ normal - np.median(x @ normal)
        x += np.where(score > 0, 0.5, -0.5)[:, None] * normal
        cases.append({"x": x, "y": (score > 0).astype(float), "epochs": 100,
                      "learning_rate": float(rng.choice([0.1, 1.0]))})
    xor_x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    cases.append({"x": xor_x, "y": np.array([0.0, 1.0, 1.0, 0.0]), "epochs": 7,
                  "learning_rate": 1.0})
    return cases


QUESTIONS = [
    Question(
        id="step", points=1, name="step", reference="scratchnet.perceptron.step",
        run=_step, make_cases=_step_cases,
        hints=("step is 1 only where z is strictly above the threshold 0, so z = 0 gives 0. The "
               "result has the shape of z and holds integers: a comparison gives booleans, which "
               "need converting.",
               "(np.asarray(z) > 0).astype(int): the comparison gives the booleans, .astype(int) "
               "the integers."),
    ),
    Question(
        id="perceptron-predict", points=1, name="Perceptron",
        reference="scratchnet.perceptron.Perceptron", run=_predict, make_cases=_predict_cases,
        forbidden=("scratchnet.perceptron.Perceptron.predict",),
        hints=("Each row of x is one example; its output is the step of its weighted input plus "
               "the bias. Do the whole batch at once: the result has shape (N,), and a row "
               "exactly on the threshold gives 0.",
               "step(x @ self.w + self.b): one matrix-vector product for the batch, then the "
               "bias, then the step."),
    ),
    Question(
        id="perceptron-update", points=2, name="Perceptron",
        reference="scratchnet.perceptron.Perceptron", run=_update, make_cases=_update_cases,
        forbidden=("scratchnet.perceptron.Perceptron.update",),
        hints=("The rule moves w and b only when the current prediction for x_i is wrong, "
               "towards the right label, by steps scaled by the learning rate; the bias moves "
               "too. Return whether anything changed.",
               "error = y_i - prediction; then w += learning_rate * error * x_i and b += "
               "learning_rate * error; return error != 0."),
    ),
    Question(
        id="perceptron-fit", points=2, name="Perceptron",
        reference="scratchnet.perceptron.Perceptron", run=_fit, make_cases=_fit_cases,
        forbidden=("scratchnet.perceptron.Perceptron.fit",),
        hints=("An epoch is one sweep over the examples, in their order, updating on each. The "
               "result has one entry per epoch, the number of updates that changed something; "
               "stop after the first epoch with none, or after `epochs`.",
               "Each epoch: count = sum(self.update(x_i, y_i) for x_i, y_i in zip(x, y)); "
               "mistakes.append(count); stop if count == 0. Return mistakes."),
    ),
]

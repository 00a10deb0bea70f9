"""Chapter 1: the step function and the perceptron learning rule."""
import numpy as np

from ..question import Question


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


def _predict_cases(rng):
    cases = []
    for _ in range(4):
        d = int(rng.integers(2, 5))
        cases.append({"w": rng.normal(size=d), "b": float(rng.normal()),
                      "x": rng.normal(size=(int(rng.integers(4, 9)), d))})
    return cases


def _update(Perceptron, w, b, learning_rate, x_i, y_i):
    unit = _perceptron(Perceptron, w, b, learning_rate)
    changed = unit.update(x_i, y_i)
    return {"w": unit.w, "b": unit.b, "changed": changed}


def _update_cases(rng):
    cases = []
    for label in (0, 1, 0, 1, 1):
        d = int(rng.integers(2, 5))
        cases.append({"w": rng.normal(size=d), "b": float(rng.normal()),
                      "learning_rate": float(rng.choice([0.1, 0.5, 1.0])),
                      "x_i": rng.normal(size=d), "y_i": label})
    return cases


def _fit(Perceptron, x, y, epochs, learning_rate):
    unit = Perceptron(x.shape[1], learning_rate=learning_rate)
    mistakes = unit.fit(x, y, epochs)
    return {"mistakes": mistakes, "w": unit.w, "b": unit.b}


def _fit_cases(rng):
    cases = []
    for _ in range(3):
        n, d = int(rng.integers(8, 15)), int(rng.integers(2, 4))
        x = rng.normal(size=(n, d))
        # Labels from a random line, so the data are separable.
        y = (x @ rng.normal(size=d) + 0.3 * rng.normal() > 0).astype(float)
        cases.append({"x": x, "y": y, "epochs": 100,
                      "learning_rate": float(rng.choice([0.1, 1.0]))})
    xor_x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    cases.append({"x": xor_x, "y": np.array([0.0, 1.0, 1.0, 0.0]), "epochs": 7,
                  "learning_rate": 1.0})
    return cases


QUESTIONS = [
    Question(
        id="step", points=1, name="step", reference="scratchnet.perceptron.step",
        make_cases=_step_cases,
        hints=("step(z) is 1 where z > 0 and 0 elsewhere, z = 0 included; "
               "return integers with the shape of z.",),
    ),
    Question(
        id="perceptron-predict", points=1, name="Perceptron",
        reference="scratchnet.perceptron.Perceptron", run=_predict, make_cases=_predict_cases,
        forbidden=("scratchnet.perceptron.Perceptron.predict",),
        hints=("The output for each row of x is step(x . w + b): one matrix-vector "
               "product for the whole batch, then the bias, then the step.",),
    ),
    Question(
        id="perceptron-update", points=2, name="Perceptron",
        reference="scratchnet.perceptron.Perceptron", run=_update, make_cases=_update_cases,
        forbidden=("scratchnet.perceptron.Perceptron.update",),
        hints=("error = y_i - prediction; then w += learning_rate * error * x_i and "
               "b += learning_rate * error. Return whether the error was non-zero.",),
    ),
    Question(
        id="perceptron-fit", points=2, name="Perceptron",
        reference="scratchnet.perceptron.Perceptron", run=_fit, make_cases=_fit_cases,
        forbidden=("scratchnet.perceptron.Perceptron.fit",),
        hints=("Sweep the examples in their order, calling update on each and counting the "
               "updates that changed something; append the count after each epoch and stop "
               "after the first epoch with none (or after `epochs`).",),
    ),
]

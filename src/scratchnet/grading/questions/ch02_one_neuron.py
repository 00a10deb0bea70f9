"""Chapter 2: one neuron learns by gradient descent, linear and sigmoid."""
import numpy as np

from ..question import Question
from .adapters import a_value, pick, value_judge


def _as_dict(answer, w, b, x, y):
    """The answer's ``(loss, dw, db)`` by name, so feedback says which one differs."""
    result = answer(w, b, x, y)
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        raise TypeError("return three things, loss, dw, db, as a tuple")
    return pick(dict(zip(("loss", "dw", "db"), result)), ("loss", "dw", "db"))


def _linear_cases(rng):
    cases = []
    for n in (1, 3, int(rng.integers(5, 12)), int(rng.integers(5, 12))):
        x = rng.uniform(-2, 3, size=n)
        cases.append({"w": float(rng.normal()), "b": float(rng.normal()), "x": x,
                      "y": 1.5 * x - 0.5 + rng.normal(scale=0.5, size=n)})
    return cases


def _descend(gradient_descent, x, y, start, learning_rate, steps):
    """Ask ``gradient_descent`` to walk on the linear neuron's loss over (x, y)."""
    def grad_fn(point):
        error = point[0] * x + point[1] - y
        return np.array([2 * np.mean(error * x), 2 * np.mean(error)])

    return gradient_descent(grad_fn, start, learning_rate, steps)


def _descent_cases(rng):
    cases = []
    for steps in (0, 1, 5, int(rng.integers(10, 30))):
        x = rng.uniform(-1, 3, size=int(rng.integers(5, 15)))
        cases.append({"x": x, "y": 2 * x - 1 + rng.normal(scale=0.3, size=len(x)),
                      "start": (float(rng.normal()), float(rng.normal())),
                      "learning_rate": float(rng.choice([0.01, 0.05, 0.1])), "steps": steps})
    return cases


def _bound_cases(rng):
    return [{"x": rng.uniform(low, low + float(rng.uniform(1, 4)), size=int(rng.integers(3, 30)))}
            for low in (-1.0, 0.0, 2.0, float(rng.uniform(-5, 5)))]


def _logistic_cases(rng):
    cases = []
    for scale in (0.1, 1.0, 2.0, 4.0):
        n, d = int(rng.integers(3, 10)), int(rng.integers(1, 4))
        cases.append({"w": rng.normal(scale=scale, size=d), "b": float(rng.normal()),
                      "x": rng.normal(size=(n, d)),
                      "y": rng.integers(0, 2, size=n).astype(float)})
    return cases


def hand_gradient():
    """The package's (dL/dw, dL/db) of L = (w x + b - y)^2 at w = 2, b = 1, x = 3, y = 4."""
    from ...neuron import linear_loss_and_gradients
    _, dw, db = linear_loss_and_gradients(2.0, 1.0, np.array([3.0]), np.array([4.0]))
    return np.array([dw, db], dtype=float)


QUESTIONS = [
    Question(
        id="linear-loss-and-gradients", points=2, name="linear_loss_and_gradients",
        reference="scratchnet.neuron.linear_loss_and_gradients", run=_as_dict,
        make_cases=_linear_cases,
        hints=("Work the case N = 1 by hand: the loss is the square of the residual w x + b - y, "
               "so the chain rule gives the square's derivative times the residual's derivative "
               "with respect to w (or b). With N examples the loss is a mean, and so is each "
               "gradient; return three floats.",
               "r = w * x + b - y; loss = mean(r**2); dw = mean(2 * r * x); db = mean(2 * r)."),
    ),
    Question(
        id="gradient-descent", points=2, name="gradient_descent",
        reference="scratchnet.neuron.gradient_descent", run=_descend,
        make_cases=_descent_cases,
        hints=("The path holds the start itself and then one point per step, so steps + 1 rows "
               "of shape (P,); steps = 0 gives just the start. Each step moves against the "
               "gradient at the current point, and the rows already in the path must not change "
               "afterwards.",
               "point = point - learning_rate * grad_fn(point) makes a new array each step "
               "(point -= ... would change the row already in the path); append it to the path."),
    ),
    Question(
        id="learning-rate-bound", points=1, name="learning_rate_bound",
        reference="scratchnet.neuron.learning_rate_bound", make_cases=_bound_cases,
        hints=("The bound is 2 over the largest eigenvalue of the Hessian H given in the text. H "
               "depends on x only, through means over the examples (no y, no w); it is a "
               "symmetric 2 x 2 matrix, and NumPy has an eigenvalue routine for those. Return a "
               "float.",
               "H = 2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1]]); return float(2 "
               "/ np.linalg.eigvalsh(H).max())."),
    ),
    Question(
        id="logistic-loss-and-gradients", points=2, name="logistic_loss_and_gradients",
        reference="scratchnet.neuron.logistic_loss_and_gradients", run=_as_dict,
        make_cases=_logistic_cases,
        hints=("Check the shapes: dw has the shape of w, (D,), and db is one number. "
               "scratchnet.activations.sigmoid and scratchnet.losses.binary_cross_entropy may do "
               "the forward part. For the backward part, find first the gradient of the mean "
               "loss with respect to each pre-activation z_n = x_n . w + b: sigmoid and "
               "cross-entropy together make it simple.",
               "dz = (p - y) / N with p = sigmoid(x @ w + b); dw collects it over the examples, "
               "dw = x.T @ dz, and db = dz.sum()."),
    ),
    Question(
        id="hand-gradient", points=1, name="hand_gradient", kind="value",
        reference="scratchnet.grading.questions.ch02_one_neuron.hand_gradient",
        make_cases=lambda rng: [{"w": 2.0, "b": 1.0, "x": 3.0, "y": 4.0}],
        run=lambda value, *given: a_value(value, "hand_gradient", (2,)),
        judge=value_judge("hand_gradient", hand_gradient),
        hints=("Go forward first (y_hat, then the error y_hat - y, then L), then back through "
               "the graph: each node's gradient is the gradient above it times its local slope.",
               "dL/dw = 2 (w x + b - y) x and dL/db = 2 (w x + b - y)."),
    ),
]

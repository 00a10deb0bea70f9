"""Chapter 3: sigmoid and its slope, the walkthrough MLP's forward pass and one iteration."""
import numpy as np

from ..question import Question
from .adapters import keeping, pick


def _sigmoid_cases(rng):
    return [{"z": rng.normal(scale=3, size=int(rng.integers(4, 9)))},
            {"z": rng.normal(scale=3, size=(int(rng.integers(2, 5)), 3))},
            # Far from 0 the textbook formulas overflow: the answer must still be exact.
            {"z": np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0]) * rng.uniform(0.9, 1.1)}]


def _slope_cases(rng):
    return [{"a": rng.uniform(size=int(rng.integers(4, 9)))},
            {"a": rng.uniform(size=(int(rng.integers(2, 5)), 3))},
            {"a": np.array([0.0, 0.5, 1.0])}]


def _params(rng, n_input, n_hidden, n_output):
    return {"wh": rng.uniform(-1, 1, size=(n_input, n_hidden)),
            "bh": rng.uniform(-1, 1, size=(1, n_hidden)),
            "wout": rng.uniform(-1, 1, size=(n_hidden, n_output)),
            "bout": rng.uniform(-1, 1, size=(1, n_output))}


def _mlp_cases(rng, with_targets):
    cases = []
    for _ in range(4):
        n, d, h, o = (int(rng.integers(lo, hi)) for lo, hi in ((2, 6), (2, 5), (3, 6), (1, 3)))
        case = {"X": rng.uniform(size=(n, d))}
        if with_targets:
            case["y"] = rng.integers(0, 2, size=(n, o)).astype(float)
        case["params"] = _params(rng, d, h, o)
        if with_targets:
            case["lr"] = float(rng.choice([0.1, 0.5]))
        cases.append(case)
    return cases


DELTAS = ("E", "d_output", "Error_at_hidden_layer", "d_hiddenlayer")
UPDATES = ("wout", "bout", "wh", "bh")


def _updates(iteration, X, y, params, lr):
    """The updated parameters, after checking that ``params`` itself was left as it was."""
    steps = keeping(iteration, X, y, params, lr, watch={"params": 2},
                    message="your answer changed its input {name}: params must not be "
                            "modified; return the updated parameters as new arrays")
    return pick(steps, UPDATES)

QUESTIONS = [
    Question(
        id="sigmoid", points=1, name="sigmoid", reference="scratchnet.activations.sigmoid",
        make_cases=_sigmoid_cases,
        hints=("sigmoid(z) = 1 / (1 + exp(-z)). Far from 0 some ways of writing it give "
               "inf / inf = nan: test z = ±1000.",),
    ),
    Question(
        id="sigmoid-slope", points=1, name="sigmoid_slope",
        reference="scratchnet.mlp.sigmoid_slope", make_cases=_slope_cases,
        hints=("The argument is the activation a = sigmoid(z), not z: the slope is a * (1 - a), "
               "with no further sigmoid.",),
    ),
    Question(
        id="mlp-forward", points=2, name="forward", reference="scratchnet.mlp.forward",
        make_cases=lambda rng: _mlp_cases(rng, with_targets=False),
        hints=("hiddenlayer_activations = sigmoid(X @ wh + bh); output = "
               "sigmoid(hiddenlayer_activations @ wout + bout). Return both, in that order.",),
    ),
    Question(
        id="mlp-deltas", points=2, name="iteration", reference="scratchnet.mlp.iteration",
        run=lambda iteration, *inputs: pick(iteration(*inputs), DELTAS),
        make_cases=lambda rng: _mlp_cases(rng, with_targets=True),
        hints=("E = y - output; d_output = E * slope_output_layer; Error_at_hidden_layer = "
               "d_output @ wout.T; d_hiddenlayer = Error_at_hidden_layer * slope_hidden_layer.",
               "Each slope is sigmoid_slope of an activation (output or "
               "hiddenlayer_activations), not of a layer's input."),
    ),
    Question(
        id="mlp-updates", points=2, name="iteration", reference="scratchnet.mlp.iteration",
        run=_updates,
        make_cases=lambda rng: _mlp_cases(rng, with_targets=True),
        hints=("wout + hiddenlayer_activations.T @ d_output * lr, bout + the column sums of "
               "d_output * lr (keepdims=True), and the same for wh and bh with X and "
               "d_hiddenlayer. With E = y - output the updates add.",),
    ),
]

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
        hints=("Far from 0 the textbook formula overflows: exp(1000) is inf, and some ways of "
               "writing it give inf / inf = nan. Try z = ±1000, where the answer is 0 or 1: "
               "write it so that exp only ever sees numbers <= 0.",
               "With e = np.exp(-np.abs(z)): 1 / (1 + e) where z >= 0 and e / (1 + e) where z < "
               "0 (np.where picks).")
    ),
    Question(
        id="sigmoid-slope", points=1, name="sigmoid_slope",
        reference="scratchnet.mlp.sigmoid_slope", make_cases=_slope_cases,
        hints=("The argument is the activation a = sigmoid(z), not z: write the sigmoid's "
               "derivative in terms of its own output, and apply no further sigmoid.",
               "sigmoid'(z) = sigmoid(z) (1 - sigmoid(z)), so the slope is a * (1 - a)."),
    ),
    Question(
        id="mlp-forward", points=2, name="forward", reference="scratchnet.mlp.forward",
        make_cases=lambda rng: _mlp_cases(rng, with_targets=False),
        hints=("Two layers, each a matrix product plus its bias, then the sigmoid: the hidden "
               "activations from X, then the output from the hidden activations. Return both, "
               "hidden first, of shapes (N, H) and (N, O).",
               "hiddenlayer_activations = sigmoid(X @ wh + bh); output = "
               "sigmoid(hiddenlayer_activations @ wout + bout)."),
    ),
    Question(
        id="mlp-deltas", points=2, name="iteration", reference="scratchnet.mlp.iteration",
        run=lambda iteration, *inputs: pick(iteration(*inputs), DELTAS),
        make_cases=lambda rng: _mlp_cases(rng, with_targets=True),
        hints=("Find the first delta that differs, in the order they are computed. The error is "
               "target minus output; each delta is an error times its layer's slope, the "
               "sigmoid_slope of that layer's activation (output or hiddenlayer_activations), "
               "not of its input; the hidden layer's error is the output delta sent back through "
               "wout.",
               "E = y - output; d_output = E * slope_output_layer; Error_at_hidden_layer = "
               "d_output @ wout.T; d_hiddenlayer = Error_at_hidden_layer * slope_hidden_layer."),
    ),
    Question(
        id="mlp-updates", points=2, name="iteration", reference="scratchnet.mlp.iteration",
        run=_updates,
        make_cases=lambda rng: _mlp_cases(rng, with_targets=True),
        hints=("A weight's update pairs the layer's input with the layer's delta, summed over "
               "the examples, and has the weight's shape; a bias's update is the delta summed "
               "over the examples, shape (1, ·). Scale by lr; with E = y - output the updates "
               "add. Return new arrays: params must not change.",
               "wout + hiddenlayer_activations.T @ d_output * lr, bout + np.sum(d_output, "
               "axis=0, keepdims=True) * lr, and the same for wh and bh with X and "
               "d_hiddenlayer."),
    ),
]

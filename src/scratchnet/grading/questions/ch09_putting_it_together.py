"""Chapter 9: minibatches, the learning rate, a training loop of one's own; flatten, dropout,
one-hot targets and gradient checking."""
import functools
import time

import numpy as np

from ..question import Question
from .adapters import InputChanged, a_value, of_kind, value_judge

# The experiment's limits: CPU seconds for train_digits (threads counted), and the accuracy
# on the held-out images it never sees.
TRAIN_SECONDS = 5.0
TRAIN_ACCURACY = 0.9
# The learning-rate question: the loss of the last of LR_EPOCHS epochs must fall below this.
LR_EPOCHS, LR_LOSS = 10, 0.5


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


def updates_per_epoch():
    """How many updates the package's Network.fit makes in one epoch over 1,000 samples,
    for batch sizes 32, 100 and None (full batch)."""
    from ...layers import Dense
    from ...losses import mse, mse_prime
    from ...network import Network

    class Counting(Network):
        steps = 0

        def step(self, learning_rate):
            self.steps += 1

    counts = []
    for batch_size in (32, 100, None):
        net = Counting([Dense(1, 1, rng=0)])
        net.use(mse, mse_prime)
        net.fit(np.zeros((1000, 1)), np.zeros((1000, 1)), epochs=1, learning_rate=0.1,
                batch_size=batch_size, rng=0, verbose=False)
        counts.append(net.steps)
    return np.array(counts, dtype=float)


def lr_loss(learning_rate):
    """The last epoch's loss of the grader's fixed net trained with ``learning_rate`` (inf if it
    diverged): Dense(64, 32), ReLU, Dense(32, 10), softmax cross-entropy, batch size 32, on the
    first 512 training digits of ``digits(seed=0)``."""
    from ...datasets import digits, one_hot
    from ...layers import Dense, ReLU
    from ...losses import softmax_cross_entropy, softmax_cross_entropy_prime
    from ...network import Network

    x, _, y, _ = digits(seed=0)
    rng = np.random.default_rng(0)
    net = Network([Dense(64, 32, rng=rng), ReLU(), Dense(32, 10, rng=rng)])
    net.use(softmax_cross_entropy, softmax_cross_entropy_prime)
    with np.errstate(all="ignore"):
        try:
            history = net.fit(x[:512], one_hot(y[:512], 10), epochs=LR_EPOCHS,
                              learning_rate=learning_rate, batch_size=32, rng=1, verbose=False)
        except FloatingPointError:
            return float("inf")
    return float(history[-1])


# A class picks few rates, and each costs a training run (not functools on lr_loss itself:
# it is the question's reference, which the grader blocks while an answer runs).
_cached_lr_loss = functools.lru_cache(maxsize=64)(lambda rate: lr_loss(rate))


def _judge_learning_rate(case, got):
    """Train the grader's net (here, in the grader's process) with the learner's rate."""
    rate = float(got)
    if not 0 < rate < 1e6:
        return f"learning_rate = {rate:g}: a learning rate is a positive number"
    loss = _cached_lr_loss(rate)
    if loss < LR_LOSS:
        return None
    if not np.isfinite(loss):
        return f"with learning_rate = {rate:g} the loss diverged (became NaN or infinite)"
    return (f"with learning_rate = {rate:g} the loss after {LR_EPOCHS} epochs is {loss:.3g}, "
            f"not below {LR_LOSS:g}")


def _network_step(Network, params, grads, learning_rate):
    from ...layers import Dense, ReLU

    layers = [Dense(3, 4, rng=0), ReLU(), Dense(4, 2, rng=0)]
    net = Network(layers)
    for i, layer in ((0, layers[0]), (1, layers[2])):
        for name in ("W", "b"):
            layer.params[name] = params[f"{name}{i}"].copy()
            layer.grads[name] = grads[f"{name}{i}"].copy()
    net.step(learning_rate)
    return {f"{name}{i}": layer.params[name] for i, layer in ((0, layers[0]), (1, layers[2]))
            for name in ("W", "b")}


def _network_step_cases(rng):
    shapes = {"W0": (3, 4), "b0": (4,), "W1": (4, 2), "b1": (2,)}
    return [{"params": {k: rng.normal(size=s) for k, s in shapes.items()},
             "grads": {k: rng.normal(size=s) for k, s in shapes.items()},
             "learning_rate": lr} for lr in (0.1, 0.5, float(rng.uniform(0.01, 1)))]


def train_digits(x_train, y_train, rng):
    """A reference answer to the experiment: a 64-64-10 ReLU net, minibatch SGD."""
    from ...datasets import one_hot
    from ...layers import Dense, ReLU
    from ...losses import softmax_cross_entropy, softmax_cross_entropy_prime
    from ...network import Network

    net = Network([Dense(64, 64, rng=rng), ReLU(), Dense(64, 10, rng=rng)])
    net.use(softmax_cross_entropy, softmax_cross_entropy_prime)
    net.fit(x_train, one_hot(y_train, 10), epochs=40, learning_rate=0.1, batch_size=32,
            rng=rng, verbose=False)
    return net


@functools.lru_cache(maxsize=4)
def _held_out_labels(seed):
    from ...datasets import digits
    return digits(seed=seed)[3]


def _digits_cases(rng):
    from ...datasets import digits

    seed = int(rng.integers(2**31))
    x_train, x_test, y_train, _ = digits(seed=seed)
    return [{"x_train": x_train, "y_train": y_train, "x_test": x_test, "seed": seed}]


def _train_and_predict(train_digits, x_train, y_train, x_test, seed):
    """Run the learner's loop (in the sandbox); its predicted labels for the held-out images."""
    start = time.process_time()
    net = train_digits(x_train, y_train, np.random.default_rng(seed))
    seconds = time.process_time() - start
    if not callable(getattr(net, "predict", None)):
        raise TypeError(f"train_digits should return the trained Network, got a "
                        f"{type(net).__name__}")
    scores = np.asarray(net.predict(x_test), dtype=float)
    if scores.shape != (len(x_test), 10):
        raise ValueError(f"the network's predict(x) should give scores of shape (N, 10), got "
                         f"{scores.shape}")
    return {"labels": scores.argmax(axis=1), "seconds": float(seconds)}


def _judge_digits(case, got):
    """Accuracy on the held-out images (labels recomputed here, in the grader) and the time."""
    try:
        labels, seconds = np.asarray(got["labels"]), float(got["seconds"])
    except (TypeError, KeyError, ValueError) as error:
        return f"the outputs could not be read ({error})"
    truth = _held_out_labels(case["seed"])
    if labels.shape != truth.shape:
        return f"expected {len(truth)} predicted labels, got shape {labels.shape}"
    if seconds > TRAIN_SECONDS:
        return (f"train_digits took {seconds:.1f} s of CPU time; the limit is "
                f"{TRAIN_SECONDS:g} s")
    accuracy = float(np.mean(labels == truth))
    if accuracy < TRAIN_ACCURACY:
        return (f"the trained network classifies {accuracy:.1%} of {len(truth)} held-out "
                f"images correctly; {TRAIN_ACCURACY:.0%} is needed")
    return None


QUESTIONS = [
    Question(
        id="updates-per-epoch", points=1, name="updates_per_epoch", kind="value",
        reference="scratchnet.grading.questions.ch09_putting_it_together.updates_per_epoch",
        make_cases=lambda rng: [{"n_samples": 1000, "batch_sizes": [32, 100, 1000]}],
        run=lambda value, *given: a_value(value, "updates_per_epoch", (3,)),
        judge=value_judge("updates_per_epoch", updates_per_epoch),
        hints=("One update per minibatch; look at how Network.fit's loop walks over the "
               "shuffled order, and what happens to the samples left over at the end.",
               "ceil(N / batch_size) updates per epoch: the last batch may be smaller."),
    ),
    Question(
        id="converging-learning-rate", points=1, name="learning_rate", kind="value",
        reference="scratchnet.grading.questions.ch09_putting_it_together.lr_loss",
        make_cases=lambda rng: [{"epochs": LR_EPOCHS, "loss_below": LR_LOSS}],
        run=lambda value, *given: a_value(value, "learning_rate"),
        judge=_judge_learning_rate,
        hints=("Too small and the loss barely moves in 10 epochs; too large and it jumps "
               "around or diverges. Try a few rates a factor of 3 apart and compare the "
               "last epoch's loss.",
               "Sweep np.geomspace(1e-3, 10, 9) with the same net, seed and batch size as "
               "the grader, and pick a rate in the middle of those that end below the "
               "threshold."),
    ),
    Question(
        id="network-step", points=1, name="Network", reference="scratchnet.network.Network",
        run=_network_step, make_cases=_network_step_cases,
        forbidden=("scratchnet.network.Network.step",),
        hints=("After step the network's own parameter arrays must hold the new values: "
               "check what `param` refers to after the assignment in the loop.",
               "param = param - lr * grad binds a new array to the local name only; update "
               "in place with param -= learning_rate * layer.grads[name]."),
    ),
    Question(
        id="train-digits", points=2, name="train_digits",
        reference="scratchnet.grading.questions.ch09_putting_it_together.train_digits",
        run=_train_and_predict, make_cases=_digits_cases, judge=_judge_digits,
        forbidden=("scratchnet.grading.questions.ch09_putting_it_together.train_digits",
                   "scratchnet.datasets.digits"),
        hints=("Use only x_train and y_train (split off a validation part of them to choose "
               "the epochs and the learning rate); the grader measures accuracy on images "
               "your function never sees.",
               "A Dense(64, 64), ReLU, Dense(64, 10) network with softmax cross-entropy, "
               "one-hot targets, batch size 32, learning rate 0.1 and about 40 epochs is "
               "enough."),
    ),
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

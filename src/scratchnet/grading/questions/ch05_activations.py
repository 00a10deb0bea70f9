"""Chapter 5: tanh's derivative, Xavier and He initialisation, collapsing linear layers,
and the fraction of saturated units."""
import numpy as np

from ... import activations
from ..question import Question


def _tanh_prime_cases(rng):
    cases = []
    for scale in (1.0, 3.0, 10.0):
        shape = (int(rng.integers(2, 6)), int(rng.integers(1, 5)))
        cases.append({"z": rng.normal(scale=scale, size=shape)})
    # Negative and positive pre-activations alike, and the top of the bump at 0.
    cases.append({"z": np.array([-4.0, -1.0, 0.0, 0.5, 2.0])})
    return cases


# Shapes whose fan-in and fan-out differ (or not), so that every wrong scale shows:
# 1 / n_in, 1 / n_out, 2 / n_in and 2 / (n_in + n_out) differ by 20 % or more on some case.
_FANS = ((400, 100), (100, 400), (256, 256), (50, 800))
# Sampling noise of the variance of 40,000 normal draws is about 0.7 %; 5 % is far beyond it.
_VARIANCE_TOLERANCE = 0.05


def _initialiser_cases(rng):
    return [{"n_in": n_in, "n_out": n_out, "seed": int(rng.integers(2**31))}
            for n_in, n_out in _FANS]


def _draw(initialiser, n_in, n_out, seed):
    """Draws with generators of the same seed and of another, summarised by their statistics."""
    first = initialiser(n_in, n_out, np.random.default_rng(seed))
    again = initialiser(n_in, n_out, np.random.default_rng(seed))
    other = initialiser(n_in, n_out, np.random.default_rng(seed + 1))
    if first is None:
        raise TypeError("the function returned None: did you forget to return the weights?")
    W = np.asarray(first, dtype=float)
    return {"shape": list(W.shape), "mean": float(W.mean()), "var": float(W.var()),
            "repeatable": float(np.array_equal(W, np.asarray(again, dtype=float))),
            "fresh": float(not np.array_equal(W, np.asarray(other, dtype=float)))}


def _judge_initialiser(variance):
    """A judge for an initialiser whose weights should have mean 0 and ``variance(n_in, n_out)``.

    Any distribution with those two moments passes (normal, uniform,
    truncated and rescaled); the draw's own values are never compared.
    """
    def judge(case, got):
        n_in, n_out = case["n_in"], case["n_out"]
        try:
            shape = tuple(int(k) for k in got["shape"])
            mean, var, repeatable = float(got["mean"]), float(got["var"]), got["repeatable"]
            fresh = got["fresh"]
        except (TypeError, KeyError, ValueError) as error:
            return f"the weights could not be read as an array ({error})"
        if shape != (n_in, n_out):
            return f"the weights have shape {shape}, expected (n_in, n_out) = {(n_in, n_out)}"
        if not repeatable:
            return ("two calls with generators of the same seed gave different weights: draw "
                    "from the rng argument, not from np.random")
        if not fresh:
            return ("generators of different seeds gave the same weights: draw from the rng "
                    "argument, not from a generator of your own")
        target = variance(n_in, n_out)
        noise = np.sqrt(target / (n_in * n_out))
        if not np.isfinite(mean) or abs(mean) > 5 * noise:
            return (f"the weights' mean is {mean:.3g}; it should be 0, up to sampling noise of "
                    f"about ±{noise:.1g}")
        if not np.isfinite(var) or abs(var / target - 1) > _VARIANCE_TOLERANCE:
            return (f"for n_in = {n_in}, n_out = {n_out} the weights' variance is {var:.4g}, "
                    f"{var / target:.3g} times what this layer needs")
        return None
    return judge


def _collapse(collapse_linear, W1, b1, W2, b2):
    result = collapse_linear(W1, b1, W2, b2)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise TypeError(f"collapse_linear should return the pair (W, b), got {result!r:.60}")
    return {"W": result[0], "b": result[1]}


def _collapse_cases(rng):
    cases = []
    for first in (True, False, False, False):
        d, h, m = (int(k) for k in rng.integers(1, 6, size=3))
        if first:
            # D != M: the first case tells W from its transpose.
            m = (d - 1 + int(rng.integers(1, 5))) % 5 + 1
        cases.append({"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
                      "W2": rng.normal(size=(h, m)), "b2": rng.normal(size=m)})
    return cases


SLOPES = {
    "sigmoid_prime": activations.sigmoid_prime,
    "tanh_prime": activations.tanh_prime,
    "relu_prime": activations.relu_prime,
}


def _saturated(saturated_fraction, z, f_prime, threshold):
    return saturated_fraction(z, SLOPES[f_prime], threshold)


def _saturated_cases(rng):
    cases = []
    for f_prime, scale, threshold in (("tanh_prime", 3.0, 0.01), ("sigmoid_prime", 5.0, 0.01),
                                      ("relu_prime", 1.0, 0.01), ("tanh_prime", 1.0, 0.5)):
        shape = (int(rng.integers(5, 40)), int(rng.integers(2, 10)))
        cases.append({"z": rng.normal(scale=scale, size=shape), "f_prime": f_prime,
                      "threshold": threshold})
    # relu' is exactly 1 for z > 0: at threshold 1 "strictly below" leaves those entries out.
    z = rng.normal(size=(int(rng.integers(5, 20)), int(rng.integers(2, 6))))
    z[0, 0], z[0, 1] = abs(z[0, 0]) + 0.1, -abs(z[0, 1]) - 0.1
    cases.append({"z": z, "f_prime": "relu_prime", "threshold": 1.0})
    return cases


QUESTIONS = [
    Question(
        id="tanh-prime", points=1, name="tanh_prime",
        reference="scratchnet.activations.tanh_prime", make_cases=_tanh_prime_cases,
        hints=("Differentiate tanh with respect to its input z and evaluate at z; the slope is 1 "
               "at z = 0 and falls towards 0 on both sides.",
               "tanh'(z) = 1 - tanh(z)**2. Writing 1 - z**2 uses the slope's formula in terms of "
               "the output a = tanh(z), applied to the input."),
    ),
    Question(
        id="xavier", points=2, name="xavier", reference="scratchnet.init.xavier",
        run=_draw, make_cases=_initialiser_cases,
        judge=_judge_initialiser(lambda n_in, n_out: 2 / (n_in + n_out)),
        hints=("Forward, a layer multiplies the signal's variance by n_in Var(w); backward, it "
               "multiplies the gradient's by n_out Var(w). Xavier cannot make both 1 when n_in "
               "and n_out differ, so it uses their average in place of either.",
               "Var(w) = 2 / (n_in + n_out); rng.normal(0, std, size=(n_in, n_out)) takes the "
               "standard deviation, the square root of the variance."),
    ),
    Question(
        id="he", points=1, name="he", reference="scratchnet.init.he",
        run=_draw, make_cases=_initialiser_cases,
        judge=_judge_initialiser(lambda n_in, n_out: 2 / n_in),
        hints=("A layer multiplies E[x^2] by n_in Var(w), and the ReLU after it keeps half: "
               "choose Var(w) so that the product of the two is 1.",
               "Var(w) = 2 / n_in, with n_in the layer's number of inputs; rng.normal takes the "
               "standard deviation, its square root."),
    ),
    Question(
        id="collapse-linear", points=2, name="collapse_linear",
        reference="scratchnet.diagnostics.collapse_linear", run=_collapse,
        make_cases=_collapse_cases,
        hints=("Substitute the first layer into the second: (x W1 + b1) W2 + b2. Multiply out "
               "and read off the matrix that multiplies x and the row that does not depend on x.",
               "W = W1 @ W2 and b = b1 @ W2 + b2, of shape (M,): the bias goes through the "
               "second layer's weights too."),
    ),
    Question(
        id="saturated-fraction", points=1, name="saturated_fraction",
        reference="scratchnet.diagnostics.saturated_fraction", run=_saturated,
        make_cases=_saturated_cases,
        hints=("A unit is saturated where the derivative f_prime(z) is strictly below the "
               "threshold. Return the share of the entries of z where that holds, a float "
               "between 0 and 1.",
               "float(np.mean(f_prime(z) < threshold)): the mean of a boolean array is the "
               "fraction of True."),
    ),
]

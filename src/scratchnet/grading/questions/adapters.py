"""How the questions ask a layer class for its outputs (shared by the chapters)."""
import copy

import numpy as np


def with_params(layer, **params):
    """Set the layer's parameters (copies), e.g. ``W`` and ``b``; return the layer."""
    for name, value in params.items():
        layer.params[name] = np.array(value, dtype=float)
    return layer


def forward_for_backward(layer, x):
    """Run ``forward`` only so that ``backward`` finds its cache.

    Backward is graded on its own: if ``forward`` is unfinished or raises,
    the input is cached as ``layer.x`` (what the exercises' ``forward``
    does first) and ``backward`` still gets its chance.
    """
    try:
        layer.forward(x)
    except Exception:
        layer.x = x


def grad(layer, name):
    """``layer.grads[name]``, with a clear error when backward did not fill it."""
    grads = getattr(layer, "grads", None)
    if not isinstance(grads, dict) or name not in grads:
        raise KeyError(f"backward did not fill grads[{name!r}]")
    return grads[name]


def pick(steps, names):
    """The entries ``names`` of a dict an answer returned, with a clear error if one is missing."""
    if not isinstance(steps, dict):
        raise TypeError(f"the answer should return a dict, got a {type(steps).__name__}")
    missing = [n for n in names if n not in steps]
    if missing:
        raise KeyError(f"the returned dict has no {', '.join(map(repr, missing))}")
    return {n: steps[n] for n in names}


def without(cases, *names):
    """The cases without the inputs ``names`` (a forward question drops ``dout``)."""
    return [{k: v for k, v in case.items() if k not in names} for case in cases]


class InputChanged(Exception):
    """The answer changed what its question says to leave alone (an input, a layer's params)."""


def unchanged(before, after, name, message="your answer changed its input {name}"):
    """Raise `InputChanged` where ``after`` differs from ``before``, a copy taken before the call.

    Arrays, numbers and dicts of them; ``message`` names the first entry
    that differs as ``{name}``.
    """
    if isinstance(before, dict):
        for key, value in before.items():
            entry = after.get(key) if isinstance(after, dict) else None
            unchanged(value, entry, f"{name}[{key!r}]", message)
        return
    same = after is not None
    if same:
        try:
            same = np.array_equal(np.asarray(before), np.asarray(after), equal_nan=True)
        except (TypeError, ValueError):
            same = False
    if not same:
        raise InputChanged(message.format(name=name))


def keeping(answer, *inputs, watch, message="your answer changed its input {name}"):
    """Call ``answer(*inputs)``; raise `InputChanged` if it changed the inputs named in ``watch``.

    ``watch`` maps a name to its position in ``inputs``.
    """
    before = {name: copy.deepcopy(inputs[i]) for name, i in watch.items()}
    result = answer(*inputs)
    for name, i in watch.items():
        unchanged(before[name], inputs[i], name, message)
    return result


def of_kind(value, kinds, what):
    """``value``, after checking that it holds numbers of a NumPy kind in ``kinds`` (e.g. ``"iu"``).

    None and values that are no array at all are left for the comparison
    to report.
    """
    try:
        dtype = np.asarray(value).dtype
    except (TypeError, ValueError):
        return value
    if value is not None and dtype.kind != "O" and dtype.kind not in kinds:
        raise TypeError(f"{what}, got dtype {dtype}")
    return value


def a_value(value, name, shape=()):
    """The learner's value for ``name`` as floats, after checking its kind and shape.

    Raises NotImplementedError for None (the stub), TypeError for anything
    but a real number (``shape == ()``) or numbers of ``shape``.
    """
    if value is None:
        raise NotImplementedError
    what = "a number" if shape == () else f"{int(np.prod(shape))} numbers, shape {shape},"
    if isinstance(value, (str, bytes, dict)):
        raise TypeError(f"expected {what} for {name}, got a {type(value).__name__}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"expected {what} for {name}, got a {type(value).__name__}") from None
    if array.shape != tuple(shape):
        raise TypeError(f"expected {what} for {name}, got shape {array.shape}")
    return array


def value_judge(name, reference, rtol=1e-9, atol=1e-9):
    """A judge holding ``got`` against ``reference()`` without showing the expected value.

    The reference is computed once, in the grader's process.
    """
    from ..compare import compare, describe

    cache = []

    def judge(case, got):
        if not cache:
            cache.append(reference())
        if compare(cache[0], got, rtol, atol) is None:
            return None
        return f"{name} = {describe(got)} is not right"
    return judge

"""How the questions ask a layer class for its outputs (shared by the chapters)."""
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

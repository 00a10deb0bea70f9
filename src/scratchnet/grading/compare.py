"""Compare an answer's outputs with the reference's, and describe values briefly."""
import numpy as np


def describe(value, limit=400):
    """A short, readable rendering of an input or output for feedback.

    Arrays with more than 24 entries are summarised (shape, dtype, a few
    values at each end); of arrays with more than two dimensions only the
    first 2-D slice is shown.
    """
    if isinstance(value, np.ndarray):
        shown, label = value, ""
        if value.ndim > 2:
            corner = (0,) * (value.ndim - 2)
            shown = value[corner]
            label = f"array of shape {value.shape}, {value.dtype}; slice {list(corner)}: "
        elif value.size > 24:
            label = f"array of shape {value.shape}, {value.dtype}: "
        text = label + np.array2string(shown, precision=4, threshold=24, edgeitems=2,
                                       suppress_small=True, separator=", ")
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k!r}: {describe(v, limit)}" for k, v in value.items()) + "}"
    elif isinstance(value, (list, tuple)):
        inner = ", ".join(describe(v, limit) for v in value)
        text = f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    elif isinstance(value, (float, np.floating)):
        text = f"{float(value):.6g}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def compare(expected, got, rtol, atol, where="the result"):
    """Return None if ``got`` matches ``expected``, else a message saying how it differs.

    ``expected`` is the reference's output: an array or number, or a
    tuple, list or dict of them. ``got`` may use lists where arrays are
    expected, but shapes must match exactly.
    """
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"{where} should be a dict with keys {sorted(expected)}, got {_kind(got)}"
        missing = [k for k in expected if k not in got]
        if missing:
            return f"{where} has no {', '.join(map(repr, missing))}"
        for key in expected:
            problem = compare(expected[key], got[key], rtol, atol, f"{key}")
            if problem:
                return problem
        return None
    if isinstance(expected, (tuple, list)) and any(
            isinstance(e, (tuple, list, dict, np.ndarray)) for e in expected):
        if not isinstance(got, (tuple, list)):
            return f"{where} should be a sequence of {len(expected)} values, got {_kind(got)}"
        if len(got) != len(expected):
            return f"{where} has {len(got)} values, expected {len(expected)}"
        for i, (e, g) in enumerate(zip(expected, got)):
            problem = compare(e, g, rtol, atol, f"value {i} of {where}")
            if problem:
                return problem
        return None
    return _compare_numbers(np.asarray(expected), got, rtol, atol, where)


def _compare_numbers(expected, got, rtol, atol, where):
    if got is None:
        return f"{where} is None: did you forget to return it?"
    try:
        got = np.asarray(got)
    except ValueError as error:
        return f"{where} cannot be read as an array: {error}"
    if got.dtype.kind not in "biuf":
        return f"{where} should hold real numbers, got dtype {got.dtype}"
    if got.shape != expected.shape:
        return f"{where} has shape {got.shape}, expected {expected.shape}"
    got, expected = got.astype(np.float64), expected.astype(np.float64)
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
        return f"{where} contains NaN or infinity"
    if not np.allclose(got, expected, rtol=rtol, atol=atol):
        worst = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
        at = f" at index {tuple(int(i) for i in worst)}" if got.ndim else ""
        return (f"{where} differs{at}: expected {float(expected[worst]):.6g}, "
                f"got {float(got[worst]):.6g}")
    return None


def _kind(value):
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"a {type(value).__name__}"

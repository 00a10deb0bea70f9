"""Loss functions and their gradients with respect to the prediction.

Every loss takes ``(y_true, y_pred)``, as the classic tutorial and
scikit-learn do, and returns the mean over the batch; every ``*_prime``
returns dE/d(y_pred) of that mean, with the shape of ``y_pred``.
"""
import numpy as np

from .activations import softmax

# Probabilities are clipped to [EPS, 1 - EPS] before a log or a division,
# so a confident wrong prediction costs a large but finite loss.
EPS = 1e-12


def _check_pair(y_true, y_pred, name):
    """Return both as arrays after checking that they describe one batch."""
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"{name}: y_true has {len(y_true)} samples but y_pred has "
            f"{len(y_pred)}; they must describe the same batch"
        )
    return y_true, y_pred


def _as_one_hot(y_true, y_pred, name):
    """Targets as a one-hot array shaped like ``y_pred`` (N, C).

    Accepts one-hot targets (N, C) or integer labels (N,).
    """
    y_true, y_pred = _check_pair(y_true, y_pred, name)
    if y_pred.ndim != 2:
        raise ValueError(f"{name}: y_pred must have shape (N, C), got {y_pred.shape}")
    n, c = y_pred.shape
    if y_true.ndim == 1:
        if y_true.dtype.kind not in "iu":
            raise ValueError(f"{name}: 1-D targets must be integer labels, got {y_true.dtype}")
        if y_true.min(initial=0) < 0 or y_true.max(initial=0) >= c:
            raise ValueError(f"{name}: labels must lie in 0..{c - 1}")
        one_hot = np.zeros_like(y_pred)
        one_hot[np.arange(n), y_true] = 1
        return one_hot, y_pred
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"{name}: y_true has shape {y_true.shape}, y_pred {y_pred.shape}; "
            "give one-hot targets of the same shape or integer labels of shape (N,)"
        )
    return _in_dtype_of(y_true, y_pred), y_pred


def _check_same_shape(y_true, y_pred, name):
    y_true, y_pred = _check_pair(y_true, y_pred, name)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"{name}: y_true has shape {y_true.shape}, y_pred {y_pred.shape}")
    return _in_dtype_of(y_true, y_pred), y_pred


def _in_dtype_of(y_true, y_pred):
    """Targets in the float dtype of the prediction, so float32 stays float32.

    Without this, float64 targets (as `datasets.one_hot` gives) would turn a
    float32 network's gradient, and then its whole backward pass, into float64.
    """
    if y_pred.dtype.kind == "f":
        return y_true.astype(y_pred.dtype, copy=False)
    return y_true


def mse(y_true, y_pred):
    """Mean squared error, averaged over every entry (samples and outputs)."""
    y_true, y_pred = _check_same_shape(y_true, y_pred, "mse")
    return float(np.mean((y_true - y_pred) ** 2))


def mse_prime(y_true, y_pred):
    """Gradient of `mse` with respect to ``y_pred``: 2 (y_pred - y_true) / size."""
    y_true, y_pred = _check_same_shape(y_true, y_pred, "mse_prime")
    return 2 * (y_pred - y_true) / y_pred.size


def binary_cross_entropy(y_true, y_pred):
    """Mean of ``-(y log p + (1 - y) log(1 - p))`` over every entry.

    ``y_pred`` holds probabilities (after a sigmoid), e.g. shape (N, 1).
    """
    y_true, y_pred = _check_same_shape(y_true, y_pred, "binary_cross_entropy")
    p = np.clip(y_pred, EPS, 1 - EPS)
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))


def binary_cross_entropy_prime(y_true, y_pred):
    """Gradient of `binary_cross_entropy`: (p - y) / (p (1 - p)) / size."""
    y_true, y_pred = _check_same_shape(y_true, y_pred, "binary_cross_entropy_prime")
    p = np.clip(y_pred, EPS, 1 - EPS)
    return (p - y_true) / (p * (1 - p)) / y_pred.size


def cross_entropy(y_true, y_pred):
    """Categorical cross-entropy of probabilities, mean over the batch.

    Parameters
    ----------
    y_true : ndarray of shape (N, C) one-hot, or (N,) integer labels
    y_pred : ndarray of shape (N, C)
        Probabilities, e.g. the output of `softmax`.

    Returns
    -------
    float
        ``-(1/N) sum_n sum_c y_nc log p_nc``.
    """
    y, p = _as_one_hot(y_true, y_pred, "cross_entropy")
    return float(-np.sum(y * np.log(np.clip(p, EPS, 1.0))) / len(p))


def cross_entropy_prime(y_true, y_pred):
    """Gradient of `cross_entropy` with respect to the probabilities: -y / p / N."""
    y, p = _as_one_hot(y_true, y_pred, "cross_entropy_prime")
    return -y / np.clip(p, EPS, 1.0) / len(p)


def softmax_cross_entropy(y_true, logits):
    """Cross-entropy of ``softmax(logits)``, computed from the logits.

    Uses ``log softmax(z) = z - max(z) - log sum exp(z - max(z))``, which
    never takes the log of 0, so it stays finite for any logits.

    Parameters
    ----------
    y_true : ndarray of shape (N, C) one-hot, or (N,) integer labels
    logits : ndarray of shape (N, C)
    """
    y, z = _as_one_hot(y_true, logits, "softmax_cross_entropy")
    shifted = z - np.max(z, axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.sum(y * log_p) / len(z))


def softmax_cross_entropy_prime(y_true, logits):
    """Gradient of `softmax_cross_entropy` with respect to the logits: (p - y) / N."""
    y, z = _as_one_hot(y_true, logits, "softmax_cross_entropy_prime")
    return (softmax(z) - y) / len(z)

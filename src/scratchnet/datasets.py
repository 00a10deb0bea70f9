"""Small data sets, all generated or bundled: nothing downloads."""
import numpy as np

from .layers.base import make_rng

_GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "xor": [0, 1, 1, 0],
}


def logic_gate(name):
    """The truth table of a logic gate.

    Parameters
    ----------
    name : {"and", "or", "xor"}

    Returns
    -------
    X : ndarray of shape (4, 2)
        The inputs (0,0), (0,1), (1,0), (1,1).
    y : ndarray of shape (4, 1)
        The gate's outputs.
    """
    key = name.lower()
    if key not in _GATES:
        raise ValueError(f"unknown gate {name!r}; choose one of {sorted(_GATES)}")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return X, np.array(_GATES[key], dtype=float).reshape(4, 1)


def walkthrough():
    """The classic walkthrough's example: X (3, 4), y (3, 1)."""
    X = np.array([[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    y = np.array([[1], [1], [0]], dtype=float)
    return X, y


def spirals(n_per_class=100, n_classes=3, noise=0.2, rng=None):
    """Interleaved spirals in the plane, a classic non-linear problem.

    Returns
    -------
    X : ndarray of shape (n_per_class * n_classes, 2)
    labels : ndarray of int, shape (n_per_class * n_classes,)
    """
    rng = make_rng(rng)
    radius = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    labels = np.repeat(np.arange(n_classes), n_per_class)
    angle = (
        labels * 2 * np.pi / n_classes
        + radius * 4
        + rng.normal(scale=noise, size=radius.shape)
    )
    X = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    return X, labels


def one_hot(labels, n_classes):
    """Integer labels (N,) as one-hot rows (N, n_classes)."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be a 1-D integer array, got {labels.dtype} {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}")
    return np.eye(n_classes)[labels]


def digits(test_size=0.25, seed=0, images=False):
    """scikit-learn's bundled 8x8 handwritten digits (1,797 images), split.

    Parameters
    ----------
    test_size : float
        Fraction held out for testing (stratified by class).
    seed : int
        Seeds the split.
    images : bool
        Return images of shape (N, 1, 8, 8) instead of rows of 64 pixels.

    Returns
    -------
    X_train, X_test : ndarray of float64
        Pixels scaled from 0..16 to [0, 1]; shape (N, 64) or (N, 1, 8, 8).
    y_train, y_test : ndarray of int, shape (N,)
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    data = load_digits()
    X = data.data / 16.0
    if images:
        X = X.reshape(-1, 1, 8, 8)
    return train_test_split(
        X, data.target, test_size=test_size, random_state=seed, stratify=data.target
    )

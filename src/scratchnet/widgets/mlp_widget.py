"""The sigmoid-MLP widget: nine sliders for a 2-2-1 network on XOR, gradient steps and training."""
import math

import numpy as np
import traitlets

from .bundle import module_source
from .live import LiveWidget
from .mlp_view import (
    SHAPES, WEIGHT_LIMIT, check_params, mlp_readout, mlp_state, start_params, trained_params,
)

# The sliders' range (wide enough for the trained weights; the tests check it).
WEIGHT_RANGE = (-WEIGHT_LIMIT, WEIGHT_LIMIT)
# The learning-rate slider's range.
LEARNING_RATE_RANGE = (0.1, 10.0)


def _lists(params):
    """The parameters as nested lists of floats, the form the page and the traits hold."""
    return {name: np.asarray(params[name], dtype=float).tolist() for name in SHAPES}


def _matrix():
    return traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True)


class MLPWidget(LiveWidget):
    """Sliders for every entry of ``wh``, ``bh``, ``wout`` and ``bout``, on XOR.

    "Gradient step" runs one `scratchnet.mlp.iteration` at ``learning_rate``;
    "Train" runs them, animated, until the loss is below
    `mlp_view.LOSS_GOAL`, a step would leave the sliders' range, or the
    reader stops it (`mlp_view.train_until`). "Start weights" and "Trained
    weights" load ``start_weights`` and ``trained_weights``. The maths and
    drawing run in ``js/mlp*.js``; the attributes follow the page (each
    matrix a list of rows, e.g. ``widget.wh == [[4.0, 4.0], [4.0, 4.0]]``).
    """

    name = "mlp"
    _esm = module_source("mlp")
    wh = _matrix()
    bh = _matrix()
    wout = _matrix()
    bout = _matrix()
    learning_rate = traitlets.Float(1.0).tag(sync=True)
    weight_limit = traitlets.Float(WEIGHT_LIMIT).tag(sync=True)
    start_weights = traitlets.Dict().tag(sync=True)
    trained_weights = traitlets.Dict().tag(sync=True)

    def params(self):
        """The parameters now, as arrays (``wh`` (2, 2), ``bh`` (1, 2), ``wout`` (2, 1), ``bout`` (1, 1))."""
        return {name: np.array(getattr(self, name), dtype=float) for name in SHAPES}

    def describe(self):
        return mlp_readout(mlp_state(self.params()))


def mlp_widget(params=None, learning_rate=1.0):
    """The MLP widget, starting at ``params``.

    Parameters
    ----------
    params : dict, optional
        ``wh`` (2, 2), ``bh`` (1, 2), ``wout`` (2, 1), ``bout`` (1, 1), as
        `scratchnet.mlp.init_params(2, 2, 1)` makes them, every entry within
        the sliders' range [-10, 10]; `mlp_view.start_params` by default.
        "Start weights" comes back to these.
    learning_rate : float
        The gradient steps' learning rate, between 0.1 and 10 (a slider).

    Returns
    -------
    MLPWidget
    """
    params = check_params(start_params() if params is None else params)
    low, high = LEARNING_RATE_RANGE
    if not (isinstance(learning_rate, (int, float)) and math.isfinite(learning_rate)
            and low <= learning_rate <= high):
        raise ValueError(f"learning_rate must be a number from {low:g} to {high:g}, not {learning_rate!r}")
    first = _lists(params)
    return MLPWidget(**first, learning_rate=float(learning_rate), start_weights=first,
                     trained_weights=_lists(trained_params()))

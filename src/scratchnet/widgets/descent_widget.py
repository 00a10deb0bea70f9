"""The descent widget: choose the learning rate, the start and the number of steps."""
import math
import numbers

import traitlets

from .bundle import module_source
from .descent_view import (B_LIMITS, LEARNING_RATE_RANGE, MAX_STEPS, START, W_LIMITS,
                           descent_data, descent_readout, descent_state)
from .live import LiveWidget


def _data():
    """The chapter's points as two lists of floats, for the page's JSON."""
    return [values.tolist() for values in descent_data()]


class DescentWidget(LiveWidget):
    """Sliders for the learning rate, the starting ``(w, b)`` and the number of steps.

    The page draws the loss surface of the linear neuron over (w, b), the
    path of gradient descent from the start, and the loss after each step;
    a click on the map moves the start there. The maths run in
    ``js/descent*.js`` on the points ``x``, ``y`` held here, so the page
    uses exactly NumPy's data.
    """

    name = "descent"
    _esm = module_source("descent")
    learning_rate = traitlets.Float(START["learning_rate"]).tag(sync=True)
    w = traitlets.Float(START["w"]).tag(sync=True)
    b = traitlets.Float(START["b"]).tag(sync=True)
    steps = traitlets.Int(START["steps"]).tag(sync=True)
    x = traitlets.List(traitlets.Float(), default_value=_data()[0]).tag(sync=True)
    y = traitlets.List(traitlets.Float(), default_value=_data()[1]).tag(sync=True)
    # The sliders' ranges (the map is W_LIMITS x B_LIMITS).
    learning_rate_range = traitlets.List(traitlets.Float(),
                                         default_value=list(LEARNING_RATE_RANGE)).tag(sync=True)
    w_limits = traitlets.List(traitlets.Float(), default_value=list(W_LIMITS)).tag(sync=True)
    b_limits = traitlets.List(traitlets.Float(), default_value=list(B_LIMITS)).tag(sync=True)
    max_steps = traitlets.Int(MAX_STEPS).tag(sync=True)

    def state_now(self):
        """The `DescentState` the page shows now, computed with NumPy."""
        return descent_state(self.learning_rate, self.w, self.b, self.steps,
                             data=(self.x, self.y))

    def describe(self):
        return descent_readout(self.state_now())


def _check_range(name, value, limits):
    low, high = limits
    number = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not (number and math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be a number from {low} to {high} (the slider's range), "
                         f"got {value!r}")


def descent_widget(learning_rate=START["learning_rate"], w=START["w"], b=START["b"],
                   steps=START["steps"]):
    """The descent widget, starting from these settings.

    Parameters
    ----------
    learning_rate : float
        From 0.005 to 0.35; the bound ``2 / lambda_max`` for the chapter's points is 0.291.
    w, b : float
        The starting point of the descent, on the map: w in [-3, 5], b in [-4, 5].
    steps : int
        From 0 to 100.

    Returns
    -------
    DescentWidget
    """
    _check_range("learning_rate", learning_rate, LEARNING_RATE_RANGE)
    _check_range("w", w, W_LIMITS)
    _check_range("b", b, B_LIMITS)
    whole = isinstance(steps, numbers.Integral) and not isinstance(steps, bool)
    if not (whole and 0 <= steps <= MAX_STEPS):
        raise ValueError(f"steps must be a whole number from 0 to {MAX_STEPS}, got {steps!r}")
    return DescentWidget(learning_rate=float(learning_rate), w=float(w), b=float(b),
                         steps=int(steps))

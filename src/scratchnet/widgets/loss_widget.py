"""The loss widget: slide the predicted probability of the true class."""
import traitlets

from .bundle import module_source
from .live import LiveWidget
from .loss_view import P_RANGE, P_STEP, START_P, loss_readout


class LossWidget(LiveWidget):
    """A slider for ``p``; MSE and cross-entropy and their gradients side by side.

    The left picture draws both losses against ``p``, the right one the size
    of their gradients with respect to the logit, each with the current ``p``
    marked. The maths and the drawing run in ``js/loss*.js``; ``p`` follows
    the page.
    """

    name = "loss"
    _esm = module_source("loss")
    p = traitlets.Float(START_P).tag(sync=True)
    p_range = traitlets.List(list(P_RANGE)).tag(sync=True)
    p_step = traitlets.Float(P_STEP).tag(sync=True)

    def describe(self):
        return loss_readout(self.p)


def loss_widget(p=START_P):
    """The loss widget, starting at the prediction ``p`` of the true class.

    Parameters
    ----------
    p : float
        In `loss_view.P_RANGE`; rounded to the slider's step of 0.01.

    Returns
    -------
    LossWidget
    """
    low, high = P_RANGE
    if not low <= p <= high:
        raise ValueError(f"p must lie between {low} and {high} (a probability the slider "
                         f"reaches), got {p}")
    return LossWidget(p=round(p, 2))

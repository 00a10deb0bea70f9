"""The perceptron widget: drag w1, w2, b or let the learning rule move them."""
import traitlets

from .bundle import module_source
from .live import LiveWidget
from .perceptron_view import START, perceptron_readout, perceptron_state

# The sliders run from -WEIGHT_LIMIT to WEIGHT_LIMIT: wide enough for every
# weight the rule reaches from the start on AND, OR and XOR.
WEIGHT_LIMIT = 4.0


class PerceptronWidget(LiveWidget):
    """Sliders for ``w1``, ``w2``, ``b``, a gate to learn, and one-step learning.

    The button applies the perceptron rule to the next example in turn
    ((0,0), (0,1), (1,0), (1,1), then again), so a learner can watch it
    converge on AND and OR and cycle for ever on XOR. The drawing and the
    rule run in ``js/perceptron*.js``; the attributes follow the page.
    """

    name = "perceptron"
    _esm = module_source("perceptron")
    gate = traitlets.Unicode(START["gate"]).tag(sync=True)
    w1 = traitlets.Float(START["w1"]).tag(sync=True)
    w2 = traitlets.Float(START["w2"]).tag(sync=True)
    b = traitlets.Float(START["b"]).tag(sync=True)
    learning_rate = traitlets.Float(1.0).tag(sync=True)
    weight_limit = traitlets.Float(WEIGHT_LIMIT).tag(sync=True)
    # The example the rule looks at next, and how many in a row it found right.
    next_example = traitlets.Int(0).tag(sync=True)
    right_in_a_row = traitlets.Int(0).tag(sync=True)

    def describe(self):
        return perceptron_readout(perceptron_state(self.gate, self.w1, self.w2, self.b))


def perceptron_widget(gate=START["gate"], w1=START["w1"], w2=START["w2"], b=START["b"],
                      learning_rate=1.0):
    """The perceptron widget, starting at these weights on ``gate``.

    Parameters
    ----------
    gate : {"and", "or", "xor"}
    w1, w2, b : float
        The starting weights and bias (the sliders run from -4 to 4).
    learning_rate : float
        The rule's step size.

    Returns
    -------
    PerceptronWidget
    """
    gate = gate.lower()
    perceptron_state(gate, w1, w2, b)  # a clear error for an unknown gate
    return PerceptronWidget(gate=gate, w1=w1, w2=w2, b=b, learning_rate=learning_rate)

"""The descent widget: choose the learning rate, the start and the number of steps."""
import html

import ipywidgets as widgets

from .controls import Redraw, container, figure_image, float_slider, readout
from .descent_view import (B_LIMITS, MAX_STEPS, START, W_LIMITS, DescentPlot, descent_readout,
                           descent_state)

# From a tenth of the bound (slow) to a little above it (diverges).
LEARNING_RATE_RANGE = (0.005, 0.35)


def descent_widget(learning_rate=START["learning_rate"], w=START["w"], b=START["b"],
                   steps=START["steps"]):
    """Sliders for the learning rate, the starting (w, b) and the number of steps.

    Parameters
    ----------
    learning_rate : float
    w, b : float
        The starting point of the descent.
    steps : int

    Returns
    -------
    ipywidgets.VBox
        With the CSS class ``scratchnet-descent``.
    """
    plot = DescentPlot()
    image = figure_image(plot.figure)
    sliders = {
        "learning_rate": float_slider("learning rate", learning_rate, *LEARNING_RATE_RANGE,
                                      step=0.005, fmt=".3f"),
        "w": float_slider("start w", w, *W_LIMITS),
        "b": float_slider("start b", b, *B_LIMITS),
        "steps": widgets.IntSlider(value=steps, min=0, max=MAX_STEPS, description="steps",
                                   continuous_update=True,
                                   style={"description_width": "initial"}),
    }
    score = readout()

    def draw():
        state = descent_state(**{name: s.value for name, s in sliders.items()})
        plot.show(state)
        image.value = plot.png()
        score.value = html.escape(descent_readout(state))

    Redraw(draw).watch(*sliders.values())
    draw()
    return container("descent", image, widgets.HBox(
        [widgets.VBox([sliders["learning_rate"], sliders["steps"]]),
         widgets.VBox([sliders["w"], sliders["b"]])]), score)

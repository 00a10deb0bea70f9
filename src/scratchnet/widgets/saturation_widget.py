"""The saturation widget: pick an activation, scale the weights and the inputs."""
import html
import math

import ipywidgets as widgets

from .controls import Redraw, container, figure_image, readout
from .saturation_view import LABELS, START, SaturationPlot, saturation_readout, saturation_state

WEIGHT_STD_RANGE = (0.001, 1.0)
INPUT_SCALE_RANGE = (0.1, 20.0)


def log_slider(description, value, low, high):
    """A slider over a logarithmic scale, for a quantity spanning decades."""
    return widgets.FloatLogSlider(
        value=value, base=10, min=math.log10(low), max=math.log10(high), step=0.05,
        description=description, readout_format=".3g", continuous_update=True,
        style={"description_width": "initial"}, layout=widgets.Layout(width="480px"),
    )


def saturation_widget(activation=START["activation"], weight_std=START["weight_std"],
                      input_scale=START["input_scale"]):
    """Buttons for the activation, sliders for the weights' and the inputs' scale.

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "relu"}
    weight_std : float
        In `WEIGHT_STD_RANGE`.
    input_scale : float
        In `INPUT_SCALE_RANGE`.

    Returns
    -------
    ipywidgets.VBox
        With the CSS class ``scratchnet-saturation``.
    """
    plot = SaturationPlot()
    image = figure_image(plot.figure)
    choice = widgets.ToggleButtons(options=[(label, key) for key, label in LABELS.items()],
                                   value=activation, description="activation")
    choice.style.button_width = "70px"
    weights = log_slider("weight std", weight_std, *WEIGHT_STD_RANGE)
    inputs = log_slider("input scale", input_scale, *INPUT_SCALE_RANGE)
    score = readout()

    def draw():
        state = saturation_state(choice.value, weights.value, inputs.value)
        plot.show(state)
        image.value = plot.png()
        score.value = html.escape(saturation_readout(state))

    Redraw(draw).watch(choice, weights, inputs)
    draw()
    return container("saturation", choice, image, weights, inputs, score)

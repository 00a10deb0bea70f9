"""The saturation widget: pick an activation, scale the weights and the inputs."""
import numbers

import traitlets

from .bundle import module_source
from .live import LiveWidget
from .saturation_view import (
    ACTIVATIONS, INPUT_SCALE_RANGE, START, WEIGHT_STD_RANGE, saturation_readout, saturation_state,
)


class SaturationWidget(LiveWidget):
    """A choice of activation and two logarithmic sliders, for the weights' and the inputs' scale.

    The picture shows where the layer's pre-activations land (a histogram)
    over the activation and its slope, shaded where the slope is below
    0.01; the readout counts the pre-activations there. The maths and the
    drawing run in ``js/saturation*.js``; the attributes follow the page.
    """

    name = "saturation"
    _esm = module_source("saturation")
    activation = traitlets.Unicode(START["activation"]).tag(sync=True)
    weight_std = traitlets.Float(START["weight_std"]).tag(sync=True)
    input_scale = traitlets.Float(START["input_scale"]).tag(sync=True)
    # Fixes the standard-normal inputs and weights that the scales multiply.
    seed = traitlets.Int(START["seed"]).tag(sync=True)
    weight_std_range = traitlets.List(list(WEIGHT_STD_RANGE)).tag(sync=True)
    input_scale_range = traitlets.List(list(INPUT_SCALE_RANGE)).tag(sync=True)

    def describe(self):
        return saturation_readout(saturation_state(self.activation, self.weight_std,
                                                   self.input_scale, self.seed))


def _three_digits(name, value, limits):
    """``value`` to three significant digits (as the slider shows it), checked against ``limits``."""
    low, high = limits
    if not low <= value <= high:
        raise ValueError(f"{name} must lie between {low:g} and {high:g}, got {value}")
    return float(f"{value:.3g}")


def saturation_widget(activation=START["activation"], weight_std=START["weight_std"],
                      input_scale=START["input_scale"], seed=START["seed"]):
    """The saturation widget, starting at this activation and these scales.

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "relu"}
    weight_std : float
        In `saturation_view.WEIGHT_STD_RANGE`; kept to three significant digits.
    input_scale : float
        In `saturation_view.INPUT_SCALE_RANGE`; kept to three significant digits.
    seed : int
        Fixes the standard-normal inputs and weights (0 to 2**32 - 1).

    Returns
    -------
    SaturationWidget
    """
    activation = str(activation).lower()
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    if not (isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and 0 <= seed < 2 ** 32):
        raise ValueError(f"seed must be an integer from 0 to 2**32 - 1, got {seed!r}")
    return SaturationWidget(
        activation=activation, seed=int(seed),
        weight_std=_three_digits("weight_std", weight_std, WEIGHT_STD_RANGE),
        input_scale=_three_digits("input_scale", input_scale, INPUT_SCALE_RANGE),
    )

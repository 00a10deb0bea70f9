"""Interactive widgets for the chapters, each a thin shell over pure functions.

For every widget there are two entry points:

- ``<name>_widget()`` returns the live ipywidgets container (a kernel is needed);
- ``<name>_figure()`` returns the matplotlib Figure of the widget's first
  view, for the static web book (call ``%matplotlib inline`` first in a
  notebook, so a Figure displays as a picture).

The ``*_view`` modules hold the pure functions (settings in, arrays or a
figure out) and are tested without a browser; the ``*_widget`` modules
only wire sliders to them.
"""
from .conv_view import conv_figure
from .conv_widget import conv_widget
from .descent_view import descent_figure
from .descent_widget import descent_widget
from .loss_view import loss_figure
from .loss_widget import loss_widget
from .mlp_view import mlp_figure
from .mlp_widget import mlp_widget
from .perceptron_view import perceptron_figure
from .perceptron_widget import perceptron_widget
from .saturation_view import saturation_figure
from .saturation_widget import saturation_widget
from .training_view import training_figure
from .training_widget import training_widget

__all__ = [
    "conv_figure",
    "conv_widget",
    "descent_figure",
    "descent_widget",
    "loss_figure",
    "loss_widget",
    "mlp_figure",
    "mlp_widget",
    "perceptron_figure",
    "perceptron_widget",
    "saturation_figure",
    "saturation_widget",
    "training_figure",
    "training_widget",
]

"""Interactive widgets for the chapters: live in Jupyter and in the web book.

Each ``<name>_widget()`` returns an anywidget whose maths and drawing run in
JavaScript (``js/``, put together by `bundle`), so the same widget works in
JupyterLab, where its attributes follow the reader's moves, and on the
static web page, with no kernel. The ``*_view`` modules hold the NumPy
reference that the tests hold the JavaScript to.
"""
from .conv_widget import conv_widget
from .descent_widget import descent_widget
from .loss_widget import loss_widget
from .mlp_widget import mlp_widget
from .perceptron_widget import perceptron_widget
from .saturation_widget import saturation_widget
from .training_widget import training_widget

__all__ = [
    "conv_widget",
    "descent_widget",
    "loss_widget",
    "mlp_widget",
    "perceptron_widget",
    "saturation_widget",
    "training_widget",
]

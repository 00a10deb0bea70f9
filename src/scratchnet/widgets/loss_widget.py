"""The loss widget: slide the predicted probability of the true class."""
import html

from .controls import Redraw, container, figure_image, float_slider, readout
from .loss_view import P_RANGE, START_P, LossPlot, loss_readout


def loss_widget(p=START_P):
    """A slider for ``p``; MSE and cross-entropy and their gradients side by side.

    Parameters
    ----------
    p : float
        The starting prediction, in `loss_view.P_RANGE`.

    Returns
    -------
    ipywidgets.VBox
        With the CSS class ``scratchnet-loss``.
    """
    plot = LossPlot()
    image = figure_image(plot.figure)
    slider = float_slider("p (true class)", p, *P_RANGE, step=0.01)
    slider.layout.width = "480px"
    score = readout()

    def draw():
        plot.show(slider.value)
        image.value = plot.png()
        score.value = html.escape(loss_readout(slider.value))

    Redraw(draw).watch(slider)
    draw()
    return container("loss", image, slider, score)

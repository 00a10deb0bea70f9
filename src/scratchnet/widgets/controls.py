"""Pieces shared by the widget shells: sliders, a readout, a live image."""
from contextlib import contextmanager

import ipywidgets as widgets

# Every readout carries this CSS class, so a browser test can find it.
READOUT_CLASS = "scratchnet-readout"


def float_slider(description, value, low, high, step=0.1, fmt=".2f"):
    """A horizontal slider for one number, redrawing while it is dragged."""
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=True,
        style={"description_width": "initial"},
    )


def readout():
    """An HTML line that shows the widget's key numbers."""
    html = widgets.HTML()
    html.add_class(READOUT_CLASS)
    return html


def figure_image(figure):
    """An empty PNG Image widget as wide as ``figure`` in pixels (the caller fills it)."""
    width = round(figure.get_figwidth() * figure.dpi)
    # A fixed width, because a VBox would otherwise stretch the picture to fill the page.
    return widgets.Image(format="png", layout=widgets.Layout(width=f"{width}px"))


def container(name, *rows):
    """A VBox of ``rows`` with the CSS class ``scratchnet-<name>``."""
    box = widgets.VBox(list(rows))
    box.add_class(f"scratchnet-{name}")
    return box


class Redraw:
    """Calls ``draw()`` whenever a watched control changes.

    Code that sets several controls at once (a preset, trained weights)
    wraps the assignments in ``with redraw.batch():`` so the figure is
    drawn once at the end instead of once per control.
    """

    def __init__(self, draw):
        self.draw = draw
        self._held = False

    def watch(self, *controls):
        """Redraw when the ``value`` of any of ``controls`` changes."""
        for control in controls:
            control.observe(self._changed, names="value")

    def _changed(self, change):
        if not self._held:
            self.draw()

    @contextmanager
    def batch(self):
        """Suspend redrawing inside the block and redraw once after it."""
        self._held = True
        try:
            yield
        finally:
            self._held = False
        self.draw()

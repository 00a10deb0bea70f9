"""Figures for the widgets: made without pyplot, rendered to PNG bytes.

Each widget draws into one `matplotlib.figure.Figure` that lives as long
as the widget. A slider update changes the data of the existing artists
(nothing is re-plotted) and `LiveFigure.png` renders the picture again,
redrawing only the artists that move.
"""
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from PIL import Image

# Small figures keep one render well under the 100 ms a slider may take.
DPI = 80

# Class 0 and class 1 in every widget (points and shaded regions).
CLASS_COLORS = ("#e66101", "#2166ac")
REGION_CMAP = ListedColormap(["#fbd9bf", "#c6dbef"])
# The three classes of the training widget.
CLASS3_COLORS = ("#e66101", "#2166ac", "#1b9e77")
REGION3_CMAP = ListedColormap(["#fbd9bf", "#c6dbef", "#c7e9dd"])


def new_figure(width, height, ncols=1):
    """A figure of ``width`` x ``height`` inches with ``ncols`` axes side by side.

    Returns
    -------
    figure : matplotlib.figure.Figure
        Drawn by Agg, whatever backend pyplot uses.
    axes : list of matplotlib.axes.Axes, length ncols
    """
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots(1, ncols, squeeze=False)[0]
    return figure, list(axes)


def png_bytes(figure):
    """Render the whole of ``figure`` to PNG bytes, as a static page shows it.

    The encoder's version stamp is left out, so the same figure always
    gives the same bytes.
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def moving_title(ax, fontsize=9):
    """An empty text above ``ax`` for a title that changes.

    Unlike ``ax.set_title``, whose position matplotlib recomputes while
    drawing the whole axes, it stays put when drawn on its own.
    """
    return ax.text(0.5, 1.02, "", transform=ax.transAxes, ha="center", va="bottom",
                   fontsize=fontsize)


class LiveFigure:
    """Renders a figure to PNG again and again, redrawing only what moves.

    Rasterising the tick labels, axis labels and legends is most of the
    cost of drawing a small figure, and they stay the same while a slider
    moves. So the first render keeps the pixels of the figure without the
    moving artists (its background), and every later one pastes them back
    and draws just the moving artists on top (matplotlib's "blitting").

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        With an Agg canvas, as `new_figure` makes.
    moving : list of matplotlib.artist.Artist
        Everything a slider can change, and every still artist drawn on top
        of one of them (it would otherwise end up beneath). The axes'
        spines are added, so that an image never covers them. Titles that
        change must come from `moving_title`.
    """

    def __init__(self, figure, moving):
        self.figure = figure
        spines = [spine for ax in figure.axes for spine in ax.spines.values()
                  if spine.get_visible()]
        self.moving = sorted([*moving, *spines], key=lambda artist: artist.get_zorder())
        self._background = None

    def invalidate(self):
        """Draw the background again next time (after its axis limits or colour bar changed)."""
        self._background = None

    def png(self):
        """The figure as it is now, as PNG bytes."""
        canvas = self.figure.canvas
        if self._background is None:
            shown = [artist.get_visible() for artist in self.moving]
            for artist in self.moving:
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            for artist, visible in zip(self.moving, shown):
                artist.set_visible(visible)
        else:
            canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in self.moving:
            artist.draw(renderer)
        buffer = io.BytesIO()
        # Level 1 compresses a few times faster than the default 6, for a slightly larger file.
        Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buffer, format="png",
                                                               compress_level=1)
        return buffer.getvalue()

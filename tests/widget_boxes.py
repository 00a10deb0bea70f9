"""Finding a widget's controls, readout and picture, for the widget tests."""
import html
import io

import ipywidgets as widgets
import numpy as np
from PIL import Image

from scratchnet.widgets.controls import READOUT_CLASS
from scratchnet.widgets.render import png_bytes


def descendants(box):
    """Every widget inside ``box``, depth first."""
    for child in getattr(box, "children", ()):
        yield child
        yield from descendants(child)


def control(box, description, kind=widgets.Widget):
    """The one control of type ``kind`` labelled ``description``."""
    found = [w for w in descendants(box)
             if isinstance(w, kind) and getattr(w, "description", None) == description]
    assert len(found) == 1, f"{len(found)} controls labelled {description!r}"
    return found[0]


def readout_text(box):
    (found,) = [w for w in descendants(box) if READOUT_CLASS in w._dom_classes]
    return html.unescape(found.value)


def picture(box):
    (found,) = [w for w in descendants(box) if isinstance(w, widgets.Image)]
    return found.value


def pixels(png):
    """The RGBA pixels of PNG bytes, shape (height, width, 4)."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def assert_shows(box, figure):
    """The widget's picture is ``figure`` drawn whole, but for a few pixels.

    The widget redraws only what moves (`render.LiveFigure`); where a tick
    mark meets an image, a pixel or two may come out differently.
    """
    shown, drawn = pixels(picture(box)), pixels(png_bytes(figure))
    assert shown.shape == drawn.shape
    assert np.mean(np.any(shown != drawn, axis=-1)) <= 1e-4

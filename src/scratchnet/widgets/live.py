"""The base of every widget: JavaScript that runs in Jupyter and in the web book.

A widget's maths and drawing are in ``js/`` (see `bundle`); in Jupyter,
anywidget runs them and keeps the Python attributes in step with what the
reader does (``widget.w1`` is the slider's value). A cell that shows a widget
also stores an HTML form of it, a ``<div class="scratchnet-live">`` with the
starting state, which the web book's script brings to life without a kernel.
"""
import html
import json

import anywidget


__all__ = ["LiveWidget"]

# The MIME type of a live widget view (it holds a model id that changes every run).
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class LiveWidget(anywidget.AnyWidget):
    """A widget drawn by ``js/NAME.js``; subclasses set `name` and ``_esm``.

    Subclasses declare their state as traits tagged ``sync=True`` and
    implement `describe`, the widget's text alternative computed in NumPy.
    """

    name = ""

    def state(self):
        """The widget's own synchronised values (not anywidget's or ipywidgets')."""
        own = set(self.traits(sync=True)) - set(anywidget.AnyWidget.class_traits(sync=True))
        return {key: getattr(self, key) for key in sorted(own) if not key.startswith("_")}

    def describe(self):
        """One line saying what the widget shows (computed with the NumPy package)."""
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}: {self.describe()}"

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        state = html.escape(json.dumps(self.state()), quote=True)
        data["text/html"] = (
            f'<div class="scratchnet-live" data-widget="{self.name}" data-state="{state}">'
            f"<p>{html.escape(self.describe())}</p>"
            "<p><em>A live widget: it runs in the web book, or in Jupyter once you run this cell."
            "</em></p></div>"
        )
        return data, metadata

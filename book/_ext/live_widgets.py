"""Sphinx extension: the live widgets' script, on the pages that hold a widget.

A widget cell's stored output is a ``<div class="scratchnet-live">`` (see
scratchnet.widgets.live); this writes the one classic script that draws them
(scratchnet.widgets.bundle.page_script) into the site's ``_static/`` and links
it from exactly the pages whose body holds such a div.
"""
from pathlib import Path

from scratchnet.widgets.bundle import page_script

SCRIPT = "scratchnet_widgets.js"


def add_script_where_needed(app, pagename, templatename, context, doctree):
    if 'class="scratchnet-live"' in context.get("body", ""):
        app.add_js_file(SCRIPT)


def write_script(app, exception):
    if exception is None and app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(exist_ok=True)
        (static / SCRIPT).write_text(page_script(), encoding="utf-8")


def setup(app):
    app.connect("html-page-context", add_script_where_needed)
    app.connect("build-finished", write_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

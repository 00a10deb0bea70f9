"""The widgets' JavaScript, put together for Jupyter and for the web book.

Each widget is three files in ``js/``: ``common.js`` (shared by all),
``NAME.maths.js`` (the maths, held to the NumPy package by the tests) and
``NAME.js`` (the drawing and controls, ending in ``export default { render, maths };``).
None of them imports anything, so putting them together is concatenation:

- `module_source` is one ES module for anywidget (Jupyter);
- `page_script` is one classic script for the web book, because Chromium
  refuses ES module files on a page opened from ``file://``. It wraps each
  widget in a function, turns its ``export default`` line into ``return``,
  and ends with ``page.js``, which mounts the widgets the page holds.
"""
from pathlib import Path

JS = Path(__file__).with_name("js")
EXPORT = "export default { render, maths };"

# Every widget: one NAME.maths.js (and NAME.js) each.
NAMES = tuple(sorted(path.name.removesuffix(".maths.js") for path in JS.glob("*.maths.js")))


def _read(filename):
    return (JS / filename).read_text(encoding="utf-8")


def _widget_body(name):
    """The widget's maths and drawing, checked to end in the one export line."""
    code = _read(f"{name}.maths.js") + "\n" + _read(f"{name}.js")
    lines = [line for line in code.splitlines() if line.startswith(("export ", "import "))]
    if lines != [EXPORT]:
        raise ValueError(f"js/{name}.js must end in `{EXPORT}` and import nothing; found {lines}")
    return code


def module_source(name):
    """The ES module anywidget runs in Jupyter for widget ``name``."""
    return _read("common.js") + "\n" + _widget_body(name)


def page_script(names=NAMES):
    """One classic script holding every widget and the web book's loader (page.js)."""
    parts = ['(function () {\n"use strict";', _read("common.js"), "const widgets = {};"]
    for name in names:
        body = _widget_body(name).replace(EXPORT, "return { render, maths };")
        parts.append(f'widgets["{name}"] = (function () {{\n{body}\n}})();')
    parts += [_read("page.js"), "})();\n"]
    return "\n".join(parts)

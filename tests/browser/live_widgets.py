"""Helpers for the tests of the live widgets in a real browser.

- `maths_page` (a fixture, in conftest.py) is a blank page holding the web
  book's widget script; `call_maths` runs one of a widget's maths functions in
  it, for comparison with the NumPy reference.
- `open_widget` opens a chapter of the built site, from ``file://`` or from the
  local server, and returns the first widget of a name, drawn.
- `press`, `readout`, `canvas_pixels` and `pixel` move controls and read what
  the widget shows; `assert_page_clean` checks that nothing failed.
"""
import base64

import numpy as np

from conftest import SCREENSHOTS, SITE

ORIGINS = ("file", "http")

# Converts what a maths function returns to JSON Playwright can bring back:
# typed arrays become plain arrays, at any depth.
CALL_JS = """([name, fn, args]) => {
    const plain = (value) => {
        if (ArrayBuffer.isView(value)) return Array.from(value);
        if (Array.isArray(value)) return value.map(plain);
        if (value && typeof value === "object") {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
        }
        return value;
    };
    return plain(scratchnet.widgets[name].maths[fn](...args));
}"""


def call_maths(page, widget, function, *args):
    """``scratchnet.widgets[widget].maths[function](*args)`` run in the browser."""
    return page.evaluate(CALL_JS, [widget, function, list(args)])


def rel_error(got, expected):
    """The largest relative error of ``got`` against ``expected`` (arrays or numbers)."""
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    assert got.shape == expected.shape, f"shape {got.shape} != {expected.shape}"
    scale = np.maximum(np.abs(expected), 1e-300)
    return float(np.max(np.abs(got - expected) / scale)) if got.size else 0.0


def chapter_url(site, origin, chapter):
    """The URL of ``book/<chapter>.html`` from the local server or from the disk."""
    if origin == "http":
        return f"{site}/book/{chapter}.html"
    return (SITE / "book" / f"{chapter}.html").as_uri()


def open_widget(page, url, name):
    """Go to ``url`` and return the first ``name`` widget once the page has drawn it."""
    page.goto(url, wait_until="load")
    box = page.locator(f'.scratchnet-live[data-widget="{name}"]').first
    box.wait_for()
    page.wait_for_function(
        "(name) => document.querySelector(`.scratchnet-live[data-widget=\"${name}\"]`)"
        ".dataset.mounted === 'true'", arg=name, timeout=15_000)
    box.scroll_into_view_if_needed()
    return box


def control(box, label):
    """The control (input or select) labelled ``label`` inside ``box``."""
    return box.get_by_label(label, exact=True)


def press(box, label, key, times=1):
    """Focus the control labelled ``label`` and press ``key`` ``times`` times, as a reader would."""
    target = control(box, label)
    target.focus()
    for _ in range(times):
        target.press(key)
    settle(box)


def settle(box):
    """Let the widget finish the redraw it queued (it waits for the current task's end)."""
    box.page.evaluate("() => new Promise((done) => setTimeout(done, 0))")


def readout(box):
    """The text of the widget's readout line."""
    return box.locator(".sn-readout").inner_text()


def picture_text(box, index=0):
    """What a screen reader reads for the widget's picture number ``index``."""
    return box.locator("canvas").nth(index).get_attribute("aria-label")


# The canvas's RGBA bytes in base64: a JSON list of every byte would take seconds to send.
PIXELS_JS = """(canvas) => {
    const bytes = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
        text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return {width: canvas.width, height: canvas.height, data: btoa(text)};
}"""


def canvas_pixels(box, index=0):
    """The pixels of canvas number ``index``, as an array of shape (height, width, 4)."""
    data = box.locator("canvas").nth(index).evaluate(PIXELS_JS)
    pixels = np.frombuffer(base64.b64decode(data["data"]), dtype=np.uint8)
    return pixels.reshape(data["height"], data["width"], 4)


def pixels_at(box, points, index=0):
    """The colours at the (row, column) ``points`` of canvas number ``index``, as (n, 3) ints."""
    return np.array(box.locator("canvas").nth(index).evaluate(
        """(canvas, points) => points.map(([row, column]) =>
            Array.from(canvas.getContext("2d").getImageData(column, row, 1, 1).data.slice(0, 3)))""",
        [[int(row), int(column)] for row, column in points]))


def picture_data(box, index=0):
    """The whole picture as a PNG data URL, to tell whether it changed."""
    return box.locator("canvas").nth(index).evaluate("(canvas) => canvas.toDataURL()")


# Sets the slider to each value in turn and times each input event until the
# widget has redrawn: the redraw it queues runs before `await null` returns.
REDRAW_JS = """async (input, values) => {
    const times = [];
    for (const value of values) {
        input.value = String(value);
        const start = performance.now();
        input.dispatchEvent(new Event("input", { bubbles: true }));
        await null;
        times.push(performance.now() - start);
    }
    return times;
}"""


def redraw_times(slider, values):
    """Milliseconds from each move of ``slider`` (a locator) to ``values`` to the drawn widget."""
    return slider.evaluate(REDRAW_JS, [float(value) for value in values])


def hex_rgb(colour):
    """``"#e66101"`` as the array [230, 97, 1]."""
    return np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])


def screenshot(box, name):
    """Keep a picture of the widget in test-artifacts/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    box.screenshot(path=str(SCREENSHOTS / f"live_{name}.png"))


PHONE = {"width": 375, "height": 800}


def open_on_a_phone(page, url, name):
    """`open_widget` in a viewport as wide as a phone's screen."""
    page.set_viewport_size(PHONE)
    return open_widget(page, url, name)


def assert_usable_by_everyone(box, name, pictures):
    """Every input and list labelled, every button named, ``pictures`` canvases each with a text
    alternative, text that screen readers announce, and no wider than the page (a phone's, after
    `open_on_a_phone`); keeps a screenshot."""
    unlabelled = box.locator("input, select").evaluate_all(
        "(nodes) => nodes.filter((n) => !(n.labels && n.labels.length)).map((n) => n.outerHTML)")
    assert unlabelled == []
    assert all(name.strip() for name in box.locator("button").all_inner_texts())
    assert box.locator("canvas[role=img]").count() == pictures
    assert all(picture_text(box, i).strip() for i in range(pictures))
    assert box.locator("[aria-live]").count() >= 2
    overflow = box.evaluate("(node) => node.scrollWidth - node.clientWidth")
    assert overflow <= 0, f"the widget is {overflow}px wider than a phone's screen"
    assert box.bounding_box()["width"] <= box.page.viewport_size["width"]
    screenshot(box, f"{name}_phone")


def restore_from_code(box, code):
    """Paste ``code`` into the Share box, press Enter, and return what the box says."""
    field = box.get_by_label("Share")
    field.fill(code)
    field.press("Enter")
    settle(box)
    return box.locator(".sn-share-status").inner_text()


def assert_page_clean(page):
    """The page stayed offline and nothing on it failed."""
    assert page.blocked_requests == [], "requests left the machine"
    assert page.failed_requests == []
    assert page.http_errors == []
    assert page.console_errors == []

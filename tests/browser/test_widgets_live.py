"""The widgets live in a real browser: Voila runs a chapter, Chromium moves sliders.

Voila serves the book's chapters on 127.0.0.1; each test opens the chapter
that holds one widget, and Voila runs that chapter in a real kernel. Chromium presses arrow keys on a slider's
handle, as a reader would, and the test checks that the kernel redrew the
widget: the readout must be what the pure function gives for the slider's
new value, and the picture must be, pixel for pixel, the figure the pure
function draws for it.
"""
import base64
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from scratchnet.widgets import (
    conv_figure,
    loss_figure,
    mlp_figure,
    perceptron_figure,
    training_figure,
)
from scratchnet.widgets.conv_view import PRESETS, conv_readout, conv_state
from scratchnet.widgets.loss_view import loss_readout
from scratchnet.widgets.mlp_view import mlp_readout, mlp_state, start_params
from scratchnet.widgets.perceptron_view import perceptron_readout, perceptron_state
from scratchnet.widgets.render import png_bytes
from scratchnet.widgets.training_view import TrainingPlot, train_frames, training_readout

BOOK = Path(__file__).resolve().parents[2] / "book"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Voila's own page template links Font Awesome from a CDN. The same icons are
# bundled in Voila's JavaScript, so the page works without them; these are the
# only outside requests the page may attempt (and they are aborted).
VOILA_TEMPLATE_CDN = "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free"
STARTUP_SECONDS = 60
# Voila runs the whole chapter before it shows the page: up to half a minute
# on two cores for the chapters that train networks.
PAGE_TIMEOUT_MS = 120_000
REDRAW_TIMEOUT_MS = 20_000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    """Voila serving the chapters on 127.0.0.1; stopped after the module."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "voila", f"--port={port}", "--no-browser",
             "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
             # Voila loads every JupyterLab extension installed, and those of
             # nbgrader and notebook 7 (installed for the nbgrader tests) fail
             # outside JupyterLab, with console errors.
             "--VoilaConfiguration.extension_denylist="
             "['@jupyter/nbgrader', '@jupyter-notebook/lab-extension']"],
            cwd=BOOK, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if server.poll() is not None:
                pytest.fail(f"voila exited with {server.returncode}:\n{log_path.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"voila did not listen within {STARTUP_SECONDS} s:\n"
                                f"{log_path.read_text()}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/"
    finally:
        # Voila and its kernel share a process group: stop both.
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def slider(box, description):
    """The ipywidgets slider labelled ``description`` inside ``box``."""
    exactly = re.compile(rf"^{re.escape(description)}$")
    label = box.page.locator("label.widget-label", has_text=exactly)
    return box.locator(".widget-slider").filter(has=label)


def press(box, description, key, times):
    """Focus the slider's handle and press ``key``; return the value it then shows."""
    found = slider(box, description)
    found.locator(".noUi-handle").focus()
    before = found.locator(".widget-readout").inner_text()
    for _ in range(times):
        box.page.keyboard.press(key)
    expect(found.locator(".widget-readout")).not_to_have_text(before)
    return found.locator(".widget-readout").inner_text()


def number(text):
    """A slider readout such as "−0.50" (with a Unicode minus) as a float."""
    return float(text.replace("\u2212", "-"))


def settled_picture(box, previous_src):
    """The widget's PNG as a pixel array, once its <img> changed and stopped changing."""
    image = box.locator("img").first
    expect(image).not_to_have_attribute("src", previous_src, timeout=REDRAW_TIMEOUT_MS)
    src = image.get_attribute("src")
    while True:
        box.page.wait_for_timeout(300)
        now = image.get_attribute("src")
        if now == src:
            break
        src = now
    data = box.page.evaluate(
        """async (src) => {
            const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
            let text = "";
            for (const b of bytes) text += String.fromCharCode(b);
            return btoa(text);
        }""",
        src,
    )
    return pixels(base64.b64decode(data))


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def differing(a, b):
    """The fraction of pixels that differ between two pictures of one size."""
    assert a.shape == b.shape, f"pictures of sizes {a.shape} and {b.shape}"
    return float(np.mean(np.any(a != b, axis=-1)))


def check_redraw(box, name, previous_src, old_figure, expected_text, expected_figure):
    """The readout and the picture of ``box`` match what the pure functions give.

    The slider's arithmetic happens in JavaScript, so the kernel receives,
    say, -0.49999999999999994 where the test computes -0.5: a line then
    moves by 1e-16 and a few anti-aliased edge pixels may differ. The
    picture must match the new figure but for at most 0.1% of its pixels,
    and be far closer to it than to the figure before the move.
    """
    expect(box.locator(".scratchnet-readout")).to_have_text(expected_text,
                                                              timeout=REDRAW_TIMEOUT_MS)
    shown = settled_picture(box, previous_src)
    to_new = differing(shown, pixels(png_bytes(expected_figure)))
    to_old = differing(shown, pixels(png_bytes(old_figure)))
    assert to_new <= 0.001, (
        f"{name}: the browser shows a picture other than the pure function's "
        f"({to_new:.2%} of pixels differ)"
    )
    assert to_old > 10 * max(to_new, 0.001), f"{name}: the picture hardly changed"
    box.screenshot(path=str(SCREENSHOTS / f"widgets_live_{name}.png"))


def open_widget(offline_page, voila_url, chapter, name):
    """Open ``chapter`` in Voila; return the page and the widget's box once drawn."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = offline_page()
    page.goto(f"{voila_url}voila/render/{chapter}.ipynb", timeout=PAGE_TIMEOUT_MS)
    box = page.locator(f".scratchnet-{name}")
    expect(box.locator(".scratchnet-readout")).not_to_be_empty(timeout=PAGE_TIMEOUT_MS)
    return page, box


def src(box):
    return box.locator("img").first.get_attribute("src")


def assert_stayed_on_the_machine(page, name):
    outside = [url for url in page.blocked_requests if not url.startswith(VOILA_TEMPLATE_CDN)]
    assert outside == [], f"the page tried to leave the machine: {outside}"
    errors = [e for e in page.console_errors
              if not (e.startswith("Failed to load resource") and VOILA_TEMPLATE_CDN in e)]
    assert errors == [], f"errors in the page: {errors}"
    page.screenshot(path=str(SCREENSHOTS / f"widgets_live_page_{name}.png"))


def test_perceptron_slider_in_chapter_1(offline_page, voila_url):
    page, box = open_widget(offline_page, voila_url, "01_perceptron", "perceptron")
    # Lower b by 0.3, so (0, 1) leaves the wrong side of the line.
    before = src(box)
    b = number(press(box, "b", "ArrowLeft", 3))
    assert b == pytest.approx(-0.5)
    expected = perceptron_readout(perceptron_state("and", 0.6, 0.4, b))
    assert expected.endswith("accuracy 3/4")
    check_redraw(box, "perceptron", before, perceptron_figure(), expected,
                 perceptron_figure("and", 0.6, 0.4, b))
    assert_stayed_on_the_machine(page, "perceptron")


def test_mlp_slider_in_chapter_3(offline_page, voila_url):
    page, box = open_widget(offline_page, voila_url, "03_mlp", "mlp")
    # Lower the weight from the AND-unit to the output.
    before = src(box)
    params = start_params()
    params["wout"][1, 0] = number(press(box, "wout[1,0]", "ArrowLeft", 3))
    check_redraw(box, "mlp", before, mlp_figure(), mlp_readout(mlp_state(params)),
                 mlp_figure(params))
    assert_stayed_on_the_machine(page, "mlp")


def test_loss_slider_in_chapter_6(offline_page, voila_url):
    page, box = open_widget(offline_page, voila_url, "06_losses", "loss")
    # Raise the predicted probability of the true class.
    before = src(box)
    p = number(press(box, "p (true class)", "ArrowRight", 5))
    assert p == pytest.approx(0.15)
    check_redraw(box, "loss", before, loss_figure(), loss_readout(p), loss_figure(p))
    assert_stayed_on_the_machine(page, "loss")


def test_conv_kernel_slider_in_chapter_8(offline_page, voila_url):
    page, box = open_widget(offline_page, voila_url, "08_convolution", "conv")
    # Change the kernel's centre; the preset menu turns "custom".
    before = src(box)
    kernel = np.array(PRESETS["vertical edges"], dtype=float)
    kernel[1, 1] = number(press(box, "(1,1)", "ArrowRight", 5))
    check_redraw(box, "conv", before, conv_figure(), conv_readout(conv_state(kernel)),
                 conv_figure(kernel))
    assert box.locator("select").input_value() == "custom"
    assert_stayed_on_the_machine(page, "conv")


def test_training_replay_and_train_in_chapter_4(offline_page, voila_url):
    page, box = open_widget(offline_page, voila_url, "04_layers", "training")
    # Replay an earlier epoch, then train again with fewer hidden units.
    frames = {frame.epoch: frame for frame in train_frames()}
    before = src(box)
    epoch = int(press(box, "show epoch", "ArrowLeft", 2))
    assert epoch == 900
    replayed = TrainingPlot()
    replayed.show(frames[epoch])
    check_redraw(box, "training", before, training_figure(), training_readout(frames[epoch]),
                 replayed.figure)
    hidden = int(press(box, "hidden units", "ArrowLeft", 1))
    *_, last = train_frames(hidden_size=hidden)
    # Record every width the progress bar takes while the network trains.
    box.locator(".widget-hprogress .progress-bar").evaluate(
        """bar => {
            window.progressWidths = [];
            new MutationObserver(() => window.progressWidths.push(bar.style.width))
                .observe(bar, {attributes: true, attributeFilter: ["style"]});
        }""")
    box.get_by_role("button", name="train").click()
    expect(box.locator(".scratchnet-readout")).to_have_text(training_readout(last),
                                                              timeout=REDRAW_TIMEOUT_MS)
    widths = [float(w.rstrip("%")) for w in page.evaluate("window.progressWidths")]
    assert any(0 < w < 100 for w in widths), f"no progress shown during training: {widths}"
    assert widths[-1] == 100
    box.screenshot(path=str(SCREENSHOTS / "widgets_live_training_trained.png"))
    assert_stayed_on_the_machine(page, "training")

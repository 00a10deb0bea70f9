"""JupyterLab shows the chapters' code listings and runs the widgets live.

JupyterLab knows no MyST: a ``{literalinclude}`` directive shows there as its
raw option line (``:pyobject: Dense``). A chapter therefore shows the
package's code with a ``show_code(...)`` cell, whose stored output is a
Markdown code block. This test starts a real JupyterLab on 127.0.0.1 (every
other network blocked), opens chapters in Chromium, and checks that the
rendered page holds each listed object's source, taken from the package at
test time, as a highlighted code block, and no directive text.
"""
import inspect
import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from scratchnet import Network
from scratchnet.layers import Conv2D, Dense, MaxPool2D

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

# Objects each chapter must list (a sample: two per chapter).
LISTINGS = {
    "04_layers": [Dense, Network.fit],
    "08_convolution": [Conv2D.forward, MaxPool2D.backward],
}

STARTUP_SECONDS = 60
PAGE_TIMEOUT_MS = 60_000
# How long the rendered listings must stay unchanged before the page counts as
# settled, and the most to wait for that.
SETTLE_SECONDS = 1.0
RENDER_SECONDS = 30

# JupyterLab user settings, in a private settings directory:
# - windowingMode "none" attaches every cell to the page, so the whole chapter
#   is rendered and searchable (the default attaches or paints only the cells
#   near the viewport);
# - no autosave, so opening a chapter never writes to it;
# - no news or update checks, whose toast would also cover the screenshot.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
}

# Code blocks rendered from a Markdown output (a code cell's output, not a
# Markdown cell), with the colours of their highlighted pieces.
LISTING = ".jp-NotebookPanel .jp-OutputArea-output.jp-RenderedMarkdown pre"
LISTINGS_JS = """(selector) => Array.from(document.querySelectorAll(selector))
    .map((pre) => {
        const code = pre.querySelector("code") || pre;
        const pieces = [code, ...code.querySelectorAll("span")];
        return {
            text: pre.textContent,
            colours: new Set(pieces.map((el) => getComputedStyle(el).color)).size,
        };
    })"""

# The chapter's text as shown (innerText keeps a line break between blocks,
# where textContent would join a code block's last word to the next paragraph).
NOTEBOOK_TEXT_JS = """() => Array.from(document.querySelectorAll(".jp-NotebookPanel .jp-Cell"))
    .map((cell) => cell.innerText).join("\\n")"""

DIRECTIVE = re.compile(r"\{literalinclude\}|:pyobject:[^\S\n]*[\w.]*")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_lab_settings(settings_dir):
    for plugin, values in LAB_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def api(base, path, method="GET"):
    request = urllib.request.Request(base + path, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body else None


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """Base URL of JupyterLab serving the repository on 127.0.0.1; stopped after the module.

    No token or password, no browser. Its runtime, config, data and IPython
    directories, user settings, workspaces and checkpoints are temporary, so
    the server writes nothing into the repository or the home directory.
    """
    home = tmp_path_factory.mktemp("jupyterlab")
    dirs = {name: home / name for name in
            ("runtime", "config", "data", "ipython", "settings", "workspaces",
             "checkpoints")}
    for path in dirs.values():
        path.mkdir()
    write_lab_settings(dirs["settings"])
    env = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
        JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
        IPYTHONDIR=str(dirs["ipython"]),
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "jupyterlab",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", "--ServerApp.open_browser=False",
        "--IdentityProvider.token=", "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={ROOT}",
        # Opening a notebook makes a checkpoint copy: keep it out of book/.
        f"--FileCheckpoints.checkpoint_dir={dirs['checkpoints']}",
        f"--LabApp.user_settings_dir={dirs['settings']}",
        f"--LabApp.workspaces_dir={dirs['workspaces']}",
        # Nothing that would ask PyPI or jupyter.org from the server side.
        "--LabApp.extension_manager=readonly",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:
        command.append("--ServerApp.allow_root=True")
    log_path = home / "jupyterlab.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            command, cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if server.poll() is not None:
                pytest.fail(f"jupyter lab exited with {server.returncode}:\n"
                            f"{log_path.read_text()}")
            try:
                api(base, "/api/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"jupyter lab did not answer within {STARTUP_SECONDS} s:\n"
                                f"{log_path.read_text()}")
                time.sleep(0.25)
        yield base
    finally:
        # Each opened chapter started a kernel in a session of its own: shut
        # the kernels down through the server, then stop the server.
        try:
            for kernel in api(base, "/api/kernels"):
                api(base, f"/api/kernels/{kernel['id']}", method="DELETE")
        except OSError:
            pass
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def source_lines(obj):
    """The lines of ``obj``'s source in the package, dedented, trailing spaces removed."""
    return [line.rstrip() for line in textwrap.dedent(inspect.getsource(obj)).splitlines()]


def holds_run(lines, run):
    """Whether ``run`` occurs in ``lines`` as consecutive lines."""
    return any(lines[i:i + len(run)] == run for i in range(len(lines) - len(run) + 1))


def settled_listings(page):
    """The rendered listings once they have stopped changing (or after RENDER_SECONDS)."""
    deadline = time.monotonic() + RENDER_SECONDS
    listings = page.evaluate(LISTINGS_JS, LISTING)
    stable_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = page.evaluate(LISTINGS_JS, LISTING)
        if now != listings:
            listings, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= SETTLE_SECONDS:
            break
    return listings


@pytest.mark.parametrize("chapter", sorted(LISTINGS))
def test_chapter_listings_show_the_package_source(jupyterlab, offline_page, chapter):
    notebook = ROOT / "book" / f"{chapter}.ipynb"
    n_cells = len(json.loads(notebook.read_text(encoding="utf-8"))["cells"])
    page = offline_page()
    # ?reset: a fresh workspace, so only this chapter is open.
    page.goto(f"{jupyterlab}/lab/tree/book/{chapter}.ipynb?reset",
              timeout=PAGE_TIMEOUT_MS)
    expect(page.locator(".jp-NotebookPanel .jp-Cell")).to_have_count(
        n_cells, timeout=PAGE_TIMEOUT_MS)
    listings = settled_listings(page)
    shown = page.evaluate(NOTEBOOK_TEXT_JS)

    failures = []
    first_found = None
    for obj in LISTINGS[chapter]:
        name = obj.__qualname__
        lines = source_lines(obj)
        found = [i for i, listing in enumerate(listings)
                 if holds_run([line.rstrip() for line in listing["text"].splitlines()], lines)]
        directive = re.search(rf":pyobject:[^\S\n]*{re.escape(name)}(?![\w.])", shown)
        if directive:
            failures.append(f"JupyterLab shows the directive text {directive.group()!r} "
                            f"instead of the source of {name}")
        elif not found:
            headers = [listing["text"].splitlines()[0] for listing in listings
                       if listing["text"].strip()]
            failures.append(f"no code block in JupyterLab holds the package's source of {name} "
                            f"(it begins {lines[0]!r}); the {len(listings)} rendered listings "
                            f"begin: {headers}")
        elif listings[found[0]]["colours"] < 2:
            failures.append(f"the listing of {name} is not syntax-highlighted "
                            "(its code shows in a single colour)")
        if found and first_found is None:
            first_found = found[0]

    leftovers = sorted(set(DIRECTIVE.findall(shown)))
    if leftovers:
        failures.append(f"JupyterLab shows directive text in {chapter}: {leftovers}")
    if page.blocked_requests:
        failures.append(f"JupyterLab tried to leave the machine: {page.blocked_requests}")

    # A picture of the first listing found, else of the first directive shown.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if first_found is not None:
        target = page.locator(LISTING).nth(first_found)
    else:
        target = page.locator(".jp-NotebookPanel .jp-Cell").filter(
            has_text=re.compile(r":pyobject:|\{literalinclude\}")).first
    if target.count():
        target.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SCREENSHOTS / f"jupyterlab-{chapter}.png"))

    if failures:
        pytest.fail("\n".join(failures))


# One cell per widget, as a chapter calls it, and a last cell that asks the
# kernel for the value the reader set in the page.
WIDGET_CALLS = {
    "perceptron": 'perceptron_widget(gate="and")',
    "descent": "descent_widget()",
    "mlp": "mlp_widget()",
    "training": "training_widget()",
    "saturation": "saturation_widget()",
    "loss": "loss_widget()",
    "conv": "conv_widget()",
}


def widget_notebook(path):
    """A notebook showing every widget, the perceptron's as ``w``, then printing ``w.w1``."""
    cells = [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": "from scratchnet.widgets import *\nw = perceptron_widget()\nw"}]
    for name, call in WIDGET_CALLS.items():
        if name != "perceptron":
            cells.append({"cell_type": "code", "metadata": {}, "execution_count": None,
                          "outputs": [], "source": call})
    cells.append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                  "source": 'print(f"w1 = {w.w1:.2f}")'})
    notebook = {"cells": cells, "metadata": {"kernelspec": {"name": "python3",
                "display_name": "Python 3", "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook), encoding="utf-8")


def test_every_widget_runs_live_in_jupyterlab_and_python_sees_the_slider(jupyterlab, offline_page):
    from scratchnet.widgets.bundle import NAMES

    assert sorted(NAMES) == sorted(WIDGET_CALLS)
    # test-artifacts/ is git-ignored and inside the server's root.
    notebook = ROOT / "test-artifacts" / "jupyterlab" / "widgets.ipynb"
    widget_notebook(notebook)
    page = offline_page()
    page.goto(f"{jupyterlab}/lab/tree/test-artifacts/jupyterlab/widgets.ipynb?reset",
              timeout=PAGE_TIMEOUT_MS)
    cells = page.locator(".jp-NotebookPanel .jp-Cell")
    expect(cells).to_have_count(len(WIDGET_CALLS) + 1, timeout=PAGE_TIMEOUT_MS)
    # Once the kernel is ready, run the cells one by one as a reader does (Shift+Enter).
    expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    cells.first.locator(".jp-InputArea-editor").click()
    for _ in range(len(WIDGET_CALLS) + 1):
        page.keyboard.press("Shift+Enter")
    for name in WIDGET_CALLS:
        expect(page.locator(f".jp-OutputArea .sn-widget.sn-{name}")).to_have_count(
            1, timeout=PAGE_TIMEOUT_MS)
    # (Shift+Enter on the last cell added an empty one below it.)
    printer = cells.nth(len(WIDGET_CALLS))
    expect(printer.locator(".jp-OutputArea-output")).to_contain_text("w1 = 0.60",
                                                                     timeout=PAGE_TIMEOUT_MS)

    perceptron = page.locator(".jp-OutputArea .sn-perceptron")
    slider = perceptron.get_by_label("w1", exact=True)
    slider.focus()
    for _ in range(3):
        slider.press("ArrowRight")
    expect(perceptron.locator(".sn-readout")).to_have_text(
        "AND: line 0.90 x1 + 0.40 x2 - 0.20 = 0, accuracy 2/4")
    # Run the printing cell again: the kernel holds the value set in the page.
    printer.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+Enter")
    expect(printer.locator(".jp-OutputArea-output")).to_contain_text("w1 = 0.90",
                                                                     timeout=PAGE_TIMEOUT_MS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    perceptron.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "jupyterlab-widgets.png"))

    # Every widget takes the arrow keys in JupyterLab (the notebook's shortcuts would
    # take them otherwise): ten presses on its first slider change its readout.
    for name in WIDGET_CALLS:
        box = page.locator(f".jp-OutputArea .sn-{name}")
        before = box.locator(".sn-readout").inner_text()
        slider = box.locator("input[type=range]").first
        at_max = slider.input_value() == slider.get_attribute("max")
        slider.focus()
        for _ in range(10):
            slider.press("ArrowLeft" if at_max else "ArrowRight")
        expect(box.locator(".sn-readout")).not_to_have_text(before)
    assert page.blocked_requests == []
    errors = [e for e in page.console_errors if "scratchnet" in e or "anywidget" in e.lower()]
    assert errors == []

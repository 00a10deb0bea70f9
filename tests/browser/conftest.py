"""Shared fixtures for the browser tests: Debian's Chromium, with the internet cut off.

Every page a test opens may talk only to the local machine, so a test fails
as soon as a page would need a CDN or any other outside server.
"""
import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
# The built book; SCRATCHNET_SITE points elsewhere (a build made with
# `jupyter-book build . --path-output DIR` has its pages in DIR/_build/html).
SITE = Path(os.environ.get("SCRATCHNET_SITE", ROOT / "_build" / "html"))
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

# Flags that keep Chromium from phoning home on its own, so that the only
# requests a test sees are the ones the page makes.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

LOCAL_HOSTS = ("127.0.0.1", "localhost")


def is_local(url, allowed_origins=()):
    """Whether `url` stays on this machine (or on one of `allowed_origins`).

    Parameters
    ----------
    url : str
        The requested URL.
    allowed_origins : iterable of str
        Extra origins such as ``"http://127.0.0.1:8000"``; the loopback hosts,
        ``file:``, ``data:``, ``blob:`` and ``about:`` URLs are always allowed.
    """
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about"):
        return True
    if parts.hostname in LOCAL_HOSTS:
        return True
    origin = f"{parts.scheme}://{parts.netloc}"
    return any(origin == allowed.rstrip("/") for allowed in allowed_origins)


@pytest.fixture(scope="session")
def site():
    """Base URL of the built book served from 127.0.0.1 on a free port."""
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} has no built book: run `make book` first")

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def chromium():
    """A headless Playwright Browser running Debian's /usr/bin/chromium."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: run `make chromium` "
            "(the browser tests never download a browser build)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def offline_page(chromium):
    """Factory for pages whose requests off this machine are aborted.

    ``offline_page(allowed_origins=())`` returns a new Playwright Page. Every
    request to a host other than 127.0.0.1 / localhost (or the given origins)
    is aborted, and the page carries four lists for assertions:

    - ``page.blocked_requests``: URLs that tried to leave the machine,
    - ``page.failed_requests``: ``"URL: reason"`` for every failed request
      (blocked ones included),
    - ``page.http_errors``: ``"STATUS URL"`` for every response of status 400
      or more (a missing file on the local server),
    - ``page.console_errors``: console messages of type error, and uncaught
      page errors.

    The pages' contexts are closed when the test ends.
    """
    contexts = []

    def make(allowed_origins=()):
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.blocked_requests = []
        page.failed_requests = []
        page.http_errors = []
        page.console_errors = []

        def route(route):
            url = route.request.url
            if is_local(url, allowed_origins):
                route.continue_()
            else:
                page.blocked_requests.append(url)
                route.abort("internetdisconnected")

        page.route("**/*", route)
        page.on(
            "requestfailed",
            lambda request: page.failed_requests.append(
                f"{request.url}: {request.failure}"
            ),
        )
        page.on(
            "response",
            lambda response: response.status >= 400
            and page.http_errors.append(f"{response.status} {response.url}"),
        )
        page.on(
            "console",
            lambda message: message.type == "error"
            and page.console_errors.append(f"{message.text} ({message.location})"),
        )
        page.on(
            "pageerror", lambda error: page.console_errors.append(f"uncaught: {error}")
        )
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def maths_page(chromium):
    """A blank offline page holding the web book's widget script (for the maths tests)."""
    from scratchnet.widgets.bundle import page_script

    context = chromium.new_context()
    page = context.new_page()
    page.route("**/*", lambda route: route.abort("internetdisconnected"))
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(content=page_script())
    yield page
    context.close()

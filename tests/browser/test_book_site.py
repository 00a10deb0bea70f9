"""The built web book works in a real browser with no internet.

Every page listed in _toc.yml is opened from `_build/html`, both served on
127.0.0.1 and straight from the disk (file://), all other network blocked, and
must load without a failed request or a console error, with its formulas
typeset by MathJax, its live widgets drawn and its images loaded. Navigation and search are checked as a reader
would use them, and a screenshot of each page goes to
test-artifacts/screenshots/.
"""
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SCREENSHOTS, SITE

# A word of the preface that the search must find.
SEARCH_WORD = "perceptron"

# TeX that a page shows as source instead of a formula: display or inline
# delimiters, or a $...$ pair holding a TeX command (dollarmath not parsed).
RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|\$[^$\n]*\\[A-Za-z]+[^$\n]*\$")

# The article's visible prose: code, scripts and typeset formulas removed.
PROSE_JS = """() => {
    const article = document.querySelector("article") || document.body;
    const copy = article.cloneNode(true);
    copy.querySelectorAll("pre, code, script, style, mjx-container")
        .forEach((node) => node.remove());
    return copy.textContent;
}"""

BROKEN_IMAGES_JS = """() => Array.from(document.images)
    .filter((img) => !(img.complete && img.naturalWidth > 0))
    .map((img) => img.currentSrc || img.src)"""


def toc_docnames(entries):
    """Docnames of a _toc.yml subtree, in reading order."""
    names = []
    for entry in entries:
        if "file" in entry:
            names.append(entry["file"])
        for key in ("parts", "chapters", "sections"):
            names.extend(toc_docnames(entry.get(key, [])))
    return names


def book_pages():
    """Every page of the book as its docname, root first, from _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]] + toc_docnames(toc.get("parts", []) + toc.get("chapters", []))
    return [re.sub(r"\.(md|ipynb)$", "", name) for name in names]


PAGES = book_pages()


def assert_clean(page):
    """The page stayed offline and nothing on it failed."""
    assert page.blocked_requests == [], "requests left the machine"
    assert page.failed_requests == []
    assert page.http_errors == []
    assert page.console_errors == []


def wait_for_widgets(page):
    """Wait until the page's script has drawn every live widget the page holds."""
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.scratchnet-live'))"
        ".every((node) => node.dataset.mounted === 'true')",
        timeout=15_000,
    )


def wait_for_math(page):
    """Wait until MathJax has typeset the page (if the page loads MathJax)."""
    if page.locator("script[src*='mathjax']").count() == 0:
        return
    page.wait_for_function(
        "() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=10_000
    )
    page.evaluate("() => MathJax.startup.promise")


@pytest.mark.parametrize("origin", ["http", "file"])
@pytest.mark.parametrize("docname", PAGES)
def test_page_renders_offline(site, offline_page, docname, origin):
    html_file = SITE / f"{docname}.html"
    assert html_file.is_file(), f"{docname} is in _toc.yml but was not built"
    page = offline_page()
    url = f"{site}/{docname}.html" if origin == "http" else html_file.as_uri()
    page.goto(url, wait_until="load")
    wait_for_math(page)
    wait_for_widgets(page)
    # Bring every image into view, in case one loads lazily.
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("() => Array.from(document.images).every((img) => img.complete)")

    assert page.locator("article h1").count() == 1, "a page has exactly one title"
    math = page.locator("article .math")
    if math.count():
        assert page.locator("script[src*='_static/mathjax/']").count() == 1
        untypeset = page.locator("article .math:not(:has(mjx-container))")
        assert untypeset.count() == 0, untypeset.first.inner_text()
    prose = page.evaluate(PROSE_JS)
    assert RAW_TEX.findall(prose) == [], "raw TeX left in the text"
    assert page.evaluate(BROKEN_IMAGES_JS) == []

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # From the top, or the theme's sticky header and sidebar land mid-page.
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"{Path(docname).name}-{origin}.png"), full_page=True)
    assert_clean(page)


def test_preface_has_typeset_math(site, offline_page):
    # The preface carries formulas on purpose, so MathJax is always exercised.
    page = offline_page()
    page.goto(f"{site}/{PAGES[0]}.html", wait_until="load")
    wait_for_math(page)
    assert page.locator("article mjx-container").count() >= 2
    assert page.locator("article mjx-container[display='true']").count() >= 1
    assert_clean(page)


def test_index_leads_to_the_book_and_next_link_follows_the_toc(site, offline_page):
    page = offline_page()
    page.goto(f"{site}/index.html")
    page.wait_for_url(f"{site}/{PAGES[0]}.html")
    for current, following in zip(PAGES[:2], PAGES[1:3]):
        assert page.url == f"{site}/{current}.html"
        page.locator("a.right-next").click()
        page.wait_for_url(f"{site}/{following}.html")
        assert page.locator("article h1").count() == 1
    assert_clean(page)


def test_search_finds_a_word_of_the_preface(site, offline_page):
    (preface,) = ROOT.glob(f"{PAGES[0]}.*")
    assert SEARCH_WORD in preface.read_text(encoding="utf-8").lower(), (
        "choose a search word that is in the preface"
    )
    page = offline_page()
    page.goto(f"{site}/search.html?q={SEARCH_WORD}")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15_000)
    links = results.locator("a").evaluate_all("(links) => links.map((a) => a.href)")
    assert any(f"{PAGES[0]}.html" in link for link in links), links
    assert_clean(page)


def test_book_opens_from_disk(offline_page):
    # `make book` tells readers to open index.html straight from the disk.
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} has no built book: run `make book` first")
    page = offline_page()
    page.goto((SITE / "index.html").as_uri())
    page.wait_for_url((SITE / f"{PAGES[0]}.html").as_uri())
    wait_for_math(page)
    assert page.locator("article mjx-container").count() >= 2
    assert page.console_errors == []
    page.goto((SITE / "search.html").as_uri() + f"?q={SEARCH_WORD}")
    page.locator("#search-results ul.search li").first.wait_for(timeout=15_000)
    assert page.blocked_requests == []
    # From a file:// page the browser forbids fetch(), so Sphinx cannot load the
    # pages it quotes under each result: titles only, and these errors.
    summary_fetch = re.compile(
        r"Access to fetch at 'file:.*blocked by CORS|Failed to fetch"
        r"|net::ERR_FAILED .*'url': 'file:[^']*\.html'"
    )
    assert [e for e in page.console_errors if not summary_fetch.search(e)] == []

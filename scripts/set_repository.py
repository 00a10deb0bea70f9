"""Set where the book's repository lives, for its launch buttons and its install cells.

Usage: python scripts/set_repository.py [URL] [--check]

The repository's URL is one setting, ``repository.url`` in ``_config.yml``.
With a URL, every notebook page gets Binder and Colab buttons. Colab opens
a chapter straight from the repository, without the book's package, so each
chapter starts with a cell (hidden on the web page) that installs the
package from that URL when it is missing and does nothing where it is
installed. Without a URL, the same cell says how to run the book locally.

With URL, writes it into ``_config.yml`` and rewrites every chapter's first
cell; without, rewrites the cells from the URL ``_config.yml`` holds.
``--check`` changes nothing and exits 1 when a chapter's cell is missing or
out of date.
"""
import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "_config.yml"
CELL_ID = "install-scratchnet"
URL_LINE = re.compile(r'^(repository:\n  url: )"([^"\n]*)"$', re.M)

INSTALL = '''# Colab and other hosted Jupyters start without the book's package: install it.
import importlib.util

if importlib.util.find_spec("scratchnet") is None:
    %pip install --quiet "scratchnet @ git+{url}"'''

NO_URL = '''# This chapter needs the book's package, scratchnet.
import importlib.util

if importlib.util.find_spec("scratchnet") is None:
    raise ModuleNotFoundError(
        "scratchnet is not installed: clone the book's repository, run `make book` "
        "there and open this notebook with .venv/bin/jupyter lab (see the README)")'''


def chapters():
    """The book's chapter notebooks, in order."""
    return sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def configured_url(text):
    """``repository.url`` from the text of ``_config.yml``."""
    match = URL_LINE.search(text)
    if match is None:
        raise SystemExit('_config.yml has no `repository:` block with `url: "..."` first')
    return match.group(2)


def install_cell(url):
    """The chapter's first cell for ``url`` (empty: no repository known)."""
    source = INSTALL.format(url=url) if url else NO_URL
    lines = source.split("\n")
    return {"cell_type": "code", "execution_count": None, "id": CELL_ID,
            "metadata": {"tags": ["remove-cell"]}, "outputs": [],
            "source": [line + "\n" for line in lines[:-1]] + [lines[-1]]}


def starts_with_install_cell(notebook, url):
    """Whether ``notebook``'s first cell is the install cell for ``url``.

    Its execution count is left out: re-executing a chapter numbers it.
    """
    first = dict(notebook["cells"][0]) if notebook["cells"] else {}
    first["execution_count"] = None
    return first == install_cell(url)


def with_install_cell(notebook, url):
    """``notebook`` with its install cell first, in the form ``url`` asks for."""
    cells = [cell for cell in notebook["cells"] if cell.get("id") != CELL_ID]
    return dict(notebook, cells=[install_cell(url)] + cells)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", help="e.g. https://github.com/ORG/REPO")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    config = CONFIG.read_text(encoding="utf-8")
    url = configured_url(config) if args.url is None else args.url.rstrip("/")
    if args.url is not None and not re.fullmatch(r"https://[^\s\"']+", url):
        parser.error(f"the URL must start with https:// and hold no spaces or quotes: {url!r}")
    stale = []
    for path in chapters():
        notebook = json.loads(path.read_text(encoding="utf-8"))
        if not starts_with_install_cell(notebook, url):
            stale.append(path.name)
            if not args.check:
                new = with_install_cell(notebook, url)
                path.write_text(json.dumps(new, indent=1, ensure_ascii=False) + "\n",
                                encoding="utf-8")
    if args.check:
        if stale:
            print("install cells out of date (run python scripts/set_repository.py): "
                  + ", ".join(stale))
            return 1
        return 0
    if args.url is not None:
        CONFIG.write_text(URL_LINE.sub(lambda m: f'{m.group(1)}"{url}"', config), encoding="utf-8")
    print(f"repository: {url or '(none)'}; {len(stale)} chapters updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())

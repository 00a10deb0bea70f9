"""show_code: the chapters' listings are the package's source, shown the same everywhere."""
import inspect
import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

from scratchnet.layers import Conv2D, Dense
from scratchnet.listing import show_code

BOOK = Path(__file__).resolve().parents[1] / "book"


def test_a_listing_is_the_dedented_source_headed_by_its_file():
    listing = show_code(Dense.backward)
    source = inspect.getsource(Dense.backward)
    head = "# scratchnet/layers/dense.py: Dense.backward\n"
    assert listing._repr_markdown_() == "```python\n" + head + textwrap.dedent(source) + "```"
    lines = repr(listing).splitlines()
    assert lines[0] == head.strip()
    assert lines[1] == "def backward(self, dout):"
    assert lines[1:] == [line[4:] for line in source.splitlines()]


def test_several_objects_give_one_block_each_in_order():
    markdown = show_code(Conv2D.forward, Conv2D.backward)._repr_markdown_()
    assert markdown.count("```python\n") == 2
    assert markdown.index("Conv2D.forward") < markdown.index("Conv2D.backward")
    assert markdown.endswith("```")


@pytest.mark.parametrize("bad", [np.add, 3, Dense(2, 2)])
def test_something_without_python_source_is_named(bad):
    with pytest.raises(TypeError, match="show_code can show functions, methods and classes"):
        show_code(bad)


def test_show_code_needs_something_to_show():
    with pytest.raises(TypeError, match="at least one"):
        show_code()


def test_the_chapters_show_listings_only_through_show_code():
    # JupyterLab shows a {literalinclude} directive as raw text, not as the code.
    for chapter in sorted(BOOK.glob("*.ipynb")):
        cells = json.loads(chapter.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            source = "".join(cell["source"])
            assert "{literalinclude}" not in source, f"{chapter.name} still has a literalinclude"
            if cell["cell_type"] == "code" and source.startswith("show_code("):
                assert "remove-input" in cell["metadata"].get("tags", []), (
                    f"{chapter.name}: {source!r} would show its call on the web page")

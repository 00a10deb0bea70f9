"""Show the package's real source in a chapter, on the web and in Jupyter alike.

A chapter cell ``show_code(Dense)`` displays the source of ``Dense`` as a
Python code block, headed by the file it comes from. The output is Markdown
(a fenced code block), which Jupyter Book and JupyterLab both render with
syntax highlighting, plus the same text as plain text. Since the notebook
stores that output, nbval re-runs the cell and fails if the stored listing
no longer equals the package's code: the book cannot show a stale copy.
"""
import inspect
import textwrap
from pathlib import Path


class Listing:
    """The source of one or more functions or classes, ready to display.

    Parameters
    ----------
    blocks : list of (str, str)
        ``(where, source)`` pairs: where a piece of code comes from
        (``scratchnet/layers/dense.py: Dense.backward``) and its dedented source.
    """

    def __init__(self, blocks):
        self.blocks = blocks

    def _repr_markdown_(self):
        return "\n\n".join(f"```python\n# {where}\n{source}```" for where, source in self.blocks)

    def __repr__(self):
        return "\n".join(f"# {where}\n{source}" for where, source in self.blocks)


def show_code(*objects):
    """The source of each function, method or class in ``objects``, as one `Listing`.

    Parameters
    ----------
    *objects : function, method or class
        Anything `inspect.getsource` accepts, e.g. ``Dense`` or ``Network.fit``.

    Returns
    -------
    Listing
        Displays as Python code blocks, each headed by a comment naming its
        file and name, e.g. ``# scratchnet/layers/dense.py: Dense.backward``.

    Raises
    ------
    TypeError
        If an object has no Python source (a built-in, an instance, a number).
    ValueError
        If the source holds a Markdown fence (```), which would cut the block short.
    """
    if not objects:
        raise TypeError("show_code needs at least one function or class, e.g. show_code(Dense)")
    blocks = []
    for obj in objects:
        try:
            source = inspect.getsource(obj)
        except (TypeError, OSError) as error:
            raise TypeError(
                f"show_code can show functions, methods and classes written in Python, "
                f"not {obj!r} ({error})"
            ) from None
        if "```" in source:
            raise ValueError(f"the source of {obj!r} holds ``` and would end its Markdown block")
        blocks.append((f"{module_file(obj)}: {obj.__qualname__}", textwrap.dedent(source)))
    return Listing(blocks)


def module_file(obj):
    """The file of ``obj``'s module, from its import name: ``scratchnet/layers/dense.py``.

    Built from the module's name rather than its path on disk, so the
    listing reads the same wherever the package is installed.
    """
    module = inspect.getmodule(obj)
    path = module.__name__.replace(".", "/")
    return path + ("/__init__.py" if Path(module.__file__).name == "__init__.py" else ".py")

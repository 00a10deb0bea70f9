"""Read a submitted notebook: its code cells, and which exercise it answers."""
import json
import re

from .questions import EXERCISES

CHECK_CALL = re.compile(r"""check\(\s*["']([\w-]+)["']""")


class NotebookError(Exception):
    """The file is not a notebook the grader can read."""


def read_notebook(path):
    """The code the grader runs from the notebook at ``path``, and its exercise.

    Returns
    -------
    cells : list of (int, str)
        ``(number, source)`` of each code cell, numbered from 1 among the
        code cells, with IPython-only lines made into comments. Cells that
        only call ``check`` are left out: the grader asks its own cases.
    exercise : str or None
        The exercise's name (see `exercise_of`).
    """
    try:
        with open(path, encoding="utf-8") as file:
            notebook = json.load(file)
        code = [c for c in notebook["cells"] if c.get("cell_type") == "code"]
        sources = [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                   for c in code]
        metadata = notebook.get("metadata", {})
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise NotebookError(
            f"not a readable Jupyter notebook ({type(error).__name__}: {error})") from None
    cells = [(i, plain_python(s)) for i, s in enumerate(sources, 1) if not only_checks(s)]
    return cells, exercise_of(sources, metadata)


def plain_python(source):
    """The cell as plain Python: magics (``%...``) and shell lines (``!...``) become comments.

    A cell magic (``%%...``) makes the whole cell a comment.
    """
    if source.lstrip().startswith("%%"):
        return "\n".join("# " + line for line in source.splitlines())
    return "\n".join("# " + line if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())


def only_checks(source):
    """True if every line of the cell is a ``check(...)`` call (comments aside)."""
    lines = [line.strip() for line in source.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    return bool(lines) and all(CHECK_CALL.match(line) and line.endswith(")") for line in lines)


def exercise_of(sources, metadata):
    """Which exercise a notebook answers, or None.

    The exercise notebooks record their name in their metadata
    (``{"scratchnet": {"exercise": ...}}``); failing that, the exercise whose
    question ids the ``check(...)`` calls name most often.
    """
    recorded = metadata.get("scratchnet", {}) if isinstance(metadata, dict) else {}
    if isinstance(recorded, dict) and recorded.get("exercise") in EXERCISES:
        return recorded["exercise"]
    named = {m for source in sources for m in CHECK_CALL.findall(source)}
    votes = {name: len(named & {q.id for q in questions}) for name, questions in EXERCISES.items()}
    best = max(votes, key=votes.get)
    return best if votes[best] else None

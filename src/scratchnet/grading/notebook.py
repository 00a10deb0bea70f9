"""Read a submitted notebook: its code cells, and which exercise it answers."""
import ast
import json
import re

from .questions import EXERCISES

CHECK_CALL = re.compile(r"""check\(\s*["']([\w-]+)["']""")
# nbgrader's hidden tests (in solutions/ only): the teacher's code, never the learner's.
HIDDEN_TESTS = re.compile(r"\n?^[ \t]*### BEGIN HIDDEN TESTS\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*$",
                          re.MULTILINE | re.DOTALL)


class NotebookError(Exception):
    """The file is not a notebook the grader can read."""


def read_notebook(path):
    """The code the grader runs from the notebook at ``path``, and its exercise.

    Returns
    -------
    cells : list of (int, str)
        ``(number, source)`` of each code cell, numbered from 1 among the
        code cells, with IPython-only lines made into comments. Cells that
        only call ``check`` are left out: the grader asks its own cases; so are
        nbgrader's hidden tests.
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
    plain = [plain_python(HIDDEN_TESTS.sub("", s)) for s in sources]
    skipped = unanswered_copies(plain)
    cells = [(i, s) for i, s in enumerate(plain, 1) if not only_checks(s) and i not in skipped]
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


def unanswered_copies(sources):
    """Numbers (from 1) of the cells that only hold a less finished copy of an answer.

    A learner who duplicates a question's cell and answers one copy has the
    answer graded wherever the copies stand: a cell made only of
    definitions is left out when each of them is defined in another cell
    with fewer ``raise NotImplementedError`` (the exercises' stubs). The
    sources are parsed, never run.
    """
    found = [_definitions(source) for source in sources]
    fewest = {}
    for definitions, _ in filter(None, found):
        for name, stubs in definitions.items():
            fewest[name] = min(stubs, fewest.get(name, stubs))
    return {number for number, entry in enumerate(found, 1)
            if entry and entry[1] and entry[0]
            and all(stubs > fewest[name] for name, stubs in entry[0].items())}


def _definitions(source):
    """``({name: stubs in it}, only definitions?)`` for a cell's top-level defs and classes.

    None when the cell does not parse.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    definitions, only = {}, True
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            definitions[node.name] = sum(map(_is_stub, ast.walk(node)))
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            only = False
    return definitions, only


def _is_stub(node):
    """True for ``raise NotImplementedError`` or ``raise NotImplementedError(...)``."""
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


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

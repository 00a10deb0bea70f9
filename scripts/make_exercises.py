"""Generate exercises/ from solutions/: each answer becomes a stub.

In every code cell of ``solutions/*.ipynb``, the lines from
``### BEGIN SOLUTION`` to ``### END SOLUTION`` (nbgrader's markers) become
one ``raise NotImplementedError(...)`` at the marker's indentation.
Outputs and execution counts are dropped; cells keep their ids and the
notebook its metadata. Run ``make exercises`` (or this script) after
editing a solution; a test fails while ``exercises/`` is out of date.

Usage: python scripts/make_exercises.py [--check]
"""
import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS, EXERCISES = ROOT / "solutions", ROOT / "exercises"
REGION = re.compile(r"^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION[ \t]*$",
                    re.MULTILINE | re.DOTALL)
STUB = 'raise NotImplementedError("write your answer here")'


def stub_source(source):
    """The cell's source with every solution region replaced by a stub."""
    stubbed = REGION.sub(lambda m: m.group(1) + STUB, source)
    if "### BEGIN SOLUTION" in stubbed or "### END SOLUTION" in stubbed:
        raise ValueError(f"unmatched solution marker in:\n{source}")
    return stubbed


def exercise_notebook(solution):
    """The exercise version of a solution notebook (an ``nbformat`` node)."""
    exercise = nbformat.from_dict(solution)
    for cell in exercise.cells:
        if cell.cell_type == "code":
            cell.source = stub_source(cell.source)
            cell.outputs = []
            cell.execution_count = None
    return exercise


def generated():
    """``{exercise path: notebook text}`` for every solution notebook."""
    texts = {}
    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        notebook = exercise_notebook(nbformat.read(path, as_version=4))
        nbformat.validate(notebook)
        texts[EXERCISES / path.name] = nbformat.writes(notebook) + "\n"
    return texts


def main(argv=None):
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--check", action="store_true",
                      help="write nothing; exit 1 if exercises/ is out of date")
    check = args.parse_args(argv).check
    texts = generated()
    stale = [p for p, text in texts.items() if not p.exists() or p.read_text() != text]
    extra = sorted(set(EXERCISES.glob("*.ipynb")) - set(texts))
    if check:
        for path in stale + extra:
            print(f"out of date: {path.relative_to(ROOT)}")
        return 1 if stale or extra else 0
    EXERCISES.mkdir(exist_ok=True)
    for path in stale:
        path.write_text(texts[path])
        print(f"wrote {path.relative_to(ROOT)}")
    for path in extra:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)} (no solution)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

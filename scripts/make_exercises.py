"""Generate exercises/ from solutions/: each answer becomes a stub.

In every code cell of ``solutions/*.ipynb``, the lines from
``### BEGIN SOLUTION`` to ``### END SOLUTION`` (nbgrader's markers) become
one ``raise NotImplementedError(...)`` at the marker's indentation (a region at
the top level, the answer to a value question, is removed: the line above it
assigns None), and nbgrader's hidden tests are removed. Outputs and execution counts are
dropped; cells keep their ids and the notebook its metadata.

The solutions' nbgrader parts are made here too, from the questions, so that
an nbgrader course can use ``solutions/`` as its ``source/`` unchanged: each
answer cell is an nbgrader solution cell, and each ``check(...)`` cell a
locked test cell worth its questions' points, whose hidden tests call
`scratchnet.grading.in_kernel.score` (partial credit on fresh cases).

Run ``make exercises`` (or this script) after editing a solution; a test
fails while ``exercises/`` or the solutions' nbgrader parts are out of date.

Usage: python scripts/make_exercises.py [--check]
"""
import argparse
import re
import sys
from pathlib import Path

import nbformat

from scratchnet.grading.notebook import CHECK_CALL, HIDDEN_TESTS, only_checks
from scratchnet.grading.questions import QUESTIONS

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS, EXERCISES = ROOT / "solutions", ROOT / "exercises"
REGION = re.compile(r"^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION[ \t]*$",
                    re.MULTILINE | re.DOTALL)
TOP_REGION = re.compile(r"\n?^### BEGIN SOLUTION\n.*?^### END SOLUTION[ \t]*$",
                        re.MULTILINE | re.DOTALL)
STUB = 'raise NotImplementedError("write your answer here")'


def stub_source(source):
    """The cell's source with every solution region replaced by a stub, hidden tests removed."""
    # At the top level a region answers a value question: the line above it assigns None
    # (not answered yet) and stays; a raise there would stop the notebook.
    source = TOP_REGION.sub("", HIDDEN_TESTS.sub("", source))
    stubbed = REGION.sub(lambda m: m.group(1) + STUB, source)
    if "### BEGIN SOLUTION" in stubbed or "### END SOLUTION" in stubbed:
        raise ValueError(f"unmatched solution marker in:\n{source}")
    return stubbed


def nbgrader_cell(cell):
    """Give a solution notebook's code cell its nbgrader metadata (and a check cell its
    hidden tests) in place."""
    nbgrader = {"grade": False, "locked": False, "schema_version": 3, "solution": False,
                "task": False}
    visible = HIDDEN_TESTS.sub("", cell.source)
    if "### BEGIN SOLUTION" in cell.source:
        cell.metadata["nbgrader"] = {**nbgrader, "grade_id": f"answer-{cell.id}",
                                     "solution": True}
    elif only_checks(visible):
        calls = [(m[1], m[2]) for m in re.finditer(
            r"""^check\(\s*["']([\w-]+)["']\s*,\s*(\w+)\s*\)\s*$""", visible, re.MULTILINE)]
        if [q for q, _ in calls] != CHECK_CALL.findall(visible):
            raise ValueError(f"write each check as check(\"id\", name), one per line:\n{visible}")
        cell.source = "\n".join([visible, "### BEGIN HIDDEN TESTS",
                                 "from scratchnet.grading.in_kernel import score",
                                 " + ".join(f'score("{q}", {name})' for q, name in calls),
                                 "### END HIDDEN TESTS"])
        cell.metadata["nbgrader"] = {**nbgrader, "grade": True, "locked": True,
                                     "grade_id": "test-" + "-".join(q for q, _ in calls),
                                     "points": sum(QUESTIONS[q].points for q, _ in calls)}
    else:
        cell.metadata.pop("nbgrader", None)


def solution_notebook(solution):
    """The solution notebook with its nbgrader parts made from the questions."""
    solution = nbformat.from_dict(solution)
    for cell in solution.cells:
        if cell.cell_type == "code":
            nbgrader_cell(cell)
    return solution


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
    """``{path: notebook text}`` for every exercise and solution notebook."""
    texts = {}
    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        solution = solution_notebook(nbformat.read(path, as_version=4))
        for target, notebook in ((path, solution), (EXERCISES / path.name,
                                                    exercise_notebook(solution))):
            nbformat.validate(notebook)
            texts[target] = nbformat.writes(notebook) + "\n"
    return texts


def main(argv=None):
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--check", action="store_true",
                      help="write nothing; exit 1 if exercises/ or the solutions' nbgrader "
                           "parts are out of date")
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

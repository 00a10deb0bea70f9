"""What learners do to notebooks does not change their grade.

Each edit below is applied to a tidy, partly or fully answered notebook; the
grader (the same one `make progress` and the teachers run) must give every
question the same score as for the tidy notebook. All the notebooks are
graded in one run with two jobs.
"""
import copy
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from scratchnet.grading.isolation import chosen
from scratchnet.grading.notebook import only_checks, read_notebook, unanswered_copies
from scratchnet.grading.questions import EXERCISES
from scratchnet.grading.runner import Limits, grade, prepare

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = {"01_perceptron": ["01-04", "01-07"], "04_layers": ["03-04", "03-08", "03-11"]}


def read(folder, exercise):
    return nbformat.read(ROOT / folder / f"{exercise}.ipynb", as_version=4)


def tidy(exercise):
    """The exercise notebook with the solutions' answers written in; chapter 1 without fit."""
    notebook, solved = read("exercises", exercise), read("solutions", exercise)
    answers = {c.id: c.source for c in solved.cells}
    for cell in notebook.cells:
        if cell.id in ANSWERS[exercise]:
            cell.source = answers[cell.id]
    if exercise == "01_perceptron":
        perceptron = next(c for c in notebook.cells if c.id == "01-07")
        head, fit = perceptron.source.split("    def fit(")
        body = fit.split("### BEGIN SOLUTION")[0]
        perceptron.source = head + "    def fit(" + body + 'raise NotImplementedError("write your answer here")'
    return notebook


def fresh(cell):
    cell = copy.deepcopy(cell)
    cell.id = nbformat.v4.new_code_cell().id
    return cell


def is_check(cell):
    return cell.cell_type == "code" and only_checks(cell.source)


def answer_cells(notebook, exercise):
    return [c for c in notebook.cells if c.id in ANSWERS[exercise]]


def delete_markdown(notebook, exercise):
    notebook.cells = [c for c in notebook.cells if c.cell_type != "markdown"]


def remove_checks(notebook, exercise):
    notebook.cells = [c for c in notebook.cells if not is_check(c)]


def duplicate_every_cell(notebook, exercise):
    notebook.cells = [copy for c in notebook.cells for copy in (c, fresh(c))]


def unanswered_copy_after_each_answer(notebook, exercise):
    stubs = {c.id: c for c in read("exercises", exercise).cells}
    cells = []
    for cell in notebook.cells:
        cells.append(cell)
        if cell.id in ANSWERS[exercise]:
            cells.append(fresh(stubs[cell.id]))
    notebook.cells = cells


def reverse_cells(notebook, exercise):
    notebook.cells.reverse()


def answers_moved_to_one_cell_at_the_end(notebook, exercise):
    moved = answer_cells(notebook, exercise)
    notebook.cells = [c for c in notebook.cells if c not in moved]
    notebook.cells.append(nbformat.v4.new_code_cell("\n\n".join(c.source for c in moved)))


def first_answer_moved_into_the_imports_cell(notebook, exercise):
    first = answer_cells(notebook, exercise)[0]
    imports = next(c for c in notebook.cells if c.cell_type == "code")
    imports.source += "\n\n\n" + first.source
    notebook.cells.remove(first)


def exploratory_cells_that_raise(notebook, exercise):
    name = EXERCISES[exercise][0].name
    after_imports = [f"{name}(np.ones((2, 3)))", "raise ValueError('just looking')"]
    at_end = ["1 / 0", "import not_a_module", "def broken(:\n    pass", f"{name}.nothing"]
    first = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code") + 1
    notebook.cells[first:first] = [nbformat.v4.new_code_cell(s) for s in after_imports]
    notebook.cells += [nbformat.v4.new_code_cell(s) for s in at_end]


def outputs_saved(notebook, exercise):
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    for count, cell in enumerate((c for c in notebook.cells if c.cell_type == "code"), 1):
        cell.execution_count = count
        cell.outputs = [
            nbformat.v4.new_output("stream", name="stdout", text="✓ step: all 3 cases pass.\n"),
            nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"}),
            nbformat.v4.new_output("error", ename="NameError", evalue="name 'x' is not defined",
                                   traceback=["NameError"]),
        ]


def outputs_saved_then_cleared(notebook, exercise):
    outputs_saved(notebook, exercise)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None


def all_at_once(notebook, exercise):
    for edit in (outputs_saved, exploratory_cells_that_raise, unanswered_copy_after_each_answer,
                 remove_checks, delete_markdown, duplicate_every_cell, reverse_cells):
        edit(notebook, exercise)


EDITS = [delete_markdown, remove_checks, duplicate_every_cell, unanswered_copy_after_each_answer,
         reverse_cells, answers_moved_to_one_cell_at_the_end,
         first_answer_moved_into_the_imports_cell, exploratory_cells_that_raise, outputs_saved,
         outputs_saved_then_cleared, all_at_once]


def delete_last_answer(notebook, exercise):
    notebook.cells.remove(answer_cells(notebook, exercise)[-1])


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """``{(exercise, edit name): [(question id, score, feedback)]}``, all graded in one run."""
    folder = tmp_path_factory.mktemp("edits")
    paths = {}
    for exercise in ANSWERS:
        for edit in [None, *EDITS, delete_last_answer]:
            notebook = tidy(exercise)
            if edit:
                edit(notebook, exercise)
            name = edit.__name__ if edit else "tidy"
            nbformat.validate(notebook)
            paths[exercise, name] = folder / f"{exercise}-{name}.ipynb"
            nbformat.write(notebook, paths[exercise, name])
    prepared = prepare([q for name in ANSWERS for q in EXERCISES[name]], seed=18)
    limits = Limits(question_seconds=10)
    chosen()  # as the grader's command does: the isolation is found out before the jobs start
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda key: grade(str(paths[key]), prepared, limits, key[0]), paths)
        return {key: [(a.question_id, a.score, a.feedback) for a in result.assessments]
                for key, result in zip(paths, results)}


def scores(graded, key):
    return [(question, score) for question, score, _ in graded[key]]


@pytest.mark.parametrize("exercise", ANSWERS)
def test_the_tidy_notebooks_grade_as_answered(graded, exercise):
    expected = {q.id: q.points for q in EXERCISES[exercise]}
    if exercise == "01_perceptron":
        expected["perceptron-fit"] = 0
    assert dict(scores(graded, (exercise, "tidy"))) == expected


@pytest.mark.parametrize("edit", [e.__name__ for e in EDITS])
@pytest.mark.parametrize("exercise", ANSWERS)
def test_an_edited_notebook_grades_as_the_tidy_one(graded, exercise, edit):
    assert scores(graded, (exercise, edit)) == scores(graded, (exercise, "tidy")), \
        [feedback for _, _, feedback in graded[exercise, edit]]


@pytest.mark.parametrize("exercise", ANSWERS)
def test_a_deleted_answer_is_reported_missing(graded, exercise):
    last = EXERCISES[exercise][-1]
    lost = {q.id for q in EXERCISES[exercise] if q.name == last.name}
    for (question, score, feedback), (_, tidy_score) in zip(
            graded[exercise, "delete_last_answer"], scores(graded, (exercise, "tidy"))):
        if question in lost:
            assert score == 0
            assert f"missing: the notebook does not define {last.name}" in feedback
        else:
            assert score == tidy_score


def test_an_unanswered_copy_is_skipped_only_where_an_answer_exists():
    stub = 'def f(x):\n    """Doc."""\n    raise NotImplementedError("write your answer here")'
    answer = "def f(x):\n    return x"
    assert unanswered_copies([answer, stub]) == {2}
    assert unanswered_copies([stub, answer, stub]) == {1, 3}
    assert unanswered_copies([stub, stub]) == set()
    assert unanswered_copies([stub + "\nprint(f)", answer]) == set()  # not only definitions
    assert unanswered_copies(["x = 1\n" + answer, stub]) == {2}        # the answer may sit anywhere
    assert unanswered_copies([stub + "\n\ndef g():\n    pass", answer]) == set()  # g only there
    assert unanswered_copies(["def f(:", stub]) == set()


def test_a_learners_file_is_read_as_it_is(tmp_path):
    notebook = tidy("01_perceptron")
    outputs_saved(notebook, "01_perceptron")
    path = tmp_path / "handed-in.ipynb"
    nbformat.write(notebook, path)
    text = path.read_bytes()
    cells, exercise = read_notebook(path)
    assert exercise == "01_perceptron" and len(cells) == 3
    assert path.read_bytes() == text
    assert json.loads(text)["cells"][1]["outputs"]

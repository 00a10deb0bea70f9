"""The exercise notebooks: generated from the solutions, faithful to the package, runnable."""
import importlib.util
import inspect
import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from scratchnet.grading.feedback import practice
from scratchnet.grading.notebook import CHECK_CALL, read_notebook
from scratchnet.grading.question import resolve
from scratchnet.grading.questions import EXERCISES, QUESTIONS

ROOT = Path(__file__).resolve().parent.parent


def _load_generator():
    path = ROOT / "scripts" / "make_exercises.py"
    spec = importlib.util.spec_from_file_location("make_exercises", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_exercises = _load_generator()


def run_code(folder, exercise):
    """Run a notebook's code (check cells left out) in this process; return its namespace."""
    namespace = {"__name__": "__main__"}
    for number, source in read_notebook(ROOT / folder / f"{exercise}.ipynb")[0]:
        exec(compile(source, f"<{folder}/{exercise} cell {number}>", "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def solutions():
    return {exercise: run_code("solutions", exercise) for exercise in EXERCISES}


def test_exercises_are_up_to_date():
    texts = make_exercises.generated()
    assert sorted(p for p in texts if p.parent.name == "exercises") == sorted(
        (ROOT / "exercises").glob("*.ipynb"))
    stale = [p.name for p, text in texts.items() if p.read_text() != text]
    assert stale == [], "run `make exercises`"


def test_the_generator_stubs_every_answer_and_keeps_the_rest():
    source = ("def f(x):\n    \"\"\"Doc.\"\"\"\n    y = 1\n    ### BEGIN SOLUTION\n    return x + y\n"
              "    ### END SOLUTION\n\nclass A:\n    def g(self):\n        ### BEGIN SOLUTION\n"
              "        pass\n        ### END SOLUTION")
    assert make_exercises.stub_source(source) == (
        "def f(x):\n    \"\"\"Doc.\"\"\"\n    y = 1\n    " + make_exercises.STUB + "\n\nclass A:\n"
        "    def g(self):\n        " + make_exercises.STUB)
    with pytest.raises(ValueError, match="unmatched"):
        make_exercises.stub_source("    ### BEGIN SOLUTION\n    x = 1\n")


@pytest.mark.parametrize("exercise", EXERCISES)
def test_each_notebook_checks_its_questions_in_order(exercise):
    notebook = json.loads((ROOT / "solutions" / f"{exercise}.ipynb").read_text())
    assert notebook["metadata"]["scratchnet"]["exercise"] == exercise
    code = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert CHECK_CALL.findall(code) == [q.id for q in EXERCISES[exercise]]
    assert code.count("### BEGIN SOLUTION") == code.count("### END SOLUTION") > 0


def test_every_chapter_with_exercises_has_enough_questions():
    # Chapter 10 (making it fast) has no exercise notebook.
    chapters = sorted(path.stem for path in (ROOT / "book").glob("0*.ipynb"))
    assert sorted(EXERCISES) == chapters
    assert all(len(questions) >= 4 for questions in EXERCISES.values())
    assert len(QUESTIONS) >= 24


@pytest.mark.parametrize("question_id", QUESTIONS)
def test_answers_keep_the_package_signatures(solutions, question_id):
    question = QUESTIONS[question_id]
    exercise = next(e for e, qs in EXERCISES.items() if question in qs)
    answer, reference = solutions[exercise][question.name], question.reference_object()
    if question.kind == "value":
        assert not callable(answer)
    elif inspect.isclass(reference):
        assert inspect.signature(answer) == inspect.signature(reference)
        for path in question.blocked:
            method = path.rsplit(".", 1)[1]
            assert inspect.signature(getattr(answer, method)) == inspect.signature(resolve(path))
    else:
        assert inspect.signature(answer) == inspect.signature(reference)


@pytest.mark.parametrize("question_id", QUESTIONS)
def test_check_passes_every_solution(solutions, question_id):
    question = QUESTIONS[question_id]
    exercise = next(e for e, qs in EXERCISES.items() if question in qs)
    result = practice(question_id, solutions[exercise][question.name])
    assert result.passed == result.total, result.feedback


@pytest.mark.parametrize("exercise", EXERCISES)
def test_check_finds_every_stub_unanswered(exercise):
    namespace = run_code("exercises", exercise)
    for question in EXERCISES[exercise]:
        assert "not answered yet" in practice(question.id, namespace[question.name]).feedback


@pytest.mark.parametrize("folder", ["exercises", "solutions"])
@pytest.mark.parametrize("exercise", EXERCISES)
def test_notebooks_run_top_to_bottom_in_a_fresh_kernel(folder, exercise):
    notebook = nbformat.read(ROOT / folder / f"{exercise}.ipynb", as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / folder)}}).execute()
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code"
                      for o in c.outputs)
    mark = "…" if folder == "exercises" else "✓"
    assert printed.count(mark) == len(EXERCISES[exercise]), printed
    assert "✗" not in printed and "could not run" not in printed

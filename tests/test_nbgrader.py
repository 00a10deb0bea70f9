"""The exercises in a real nbgrader course, with nbgrader's own commands.

``solutions/`` is copied as it is into a course's ``source/``; every exercise
is released with ``nbgrader generate_assignment``; students hand in the
released notebook solved, untouched, with one wrong answer, or with a cell
that fools the test cells; ``nbgrader autograde`` grades them and
``nbgrader export`` writes the grades. The same notebooks are graded by
``scratchnet-grade`` with the same seed, which must agree, except with the
student who fooled nbgrader.
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbgrader  # noqa: F401  (the test needs the real nbgrader: the `test` extra installs it)
import pytest

from scratchnet.grading.questions import EXERCISES
from submissions.make import ROOT
from submissions.wrong import WRONG

SEED = 4321
NBGRADER = str(Path(sys.executable).with_name("nbgrader"))
STUDENTS = ("solved", "untouched", "wrong", "fooling")
FOOLED = "01_perceptron"
MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n", re.MULTILINE)
FOOL = ("import scratchnet.grading.in_kernel as grading\n"
        "from scratchnet.grading.questions import QUESTIONS\n"
        "grading.score = lambda question_id, answer: float(QUESTIONS[question_id].points)")


def nbgrader_run(course, *args, env=None):
    # nbgrader runs `alembic` from PATH: this environment's scripts first.
    env = dict(env or os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    process = subprocess.run([NBGRADER, *args], cwd=course, capture_output=True, text=True,
                             env=env, timeout=900)
    assert process.returncode == 0, process.stdout + process.stderr
    return process


def source_of(cell):
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def hand_in(released, solution, kind, exercise):
    """A student's notebook: the released one, answered as ``kind`` says."""
    notebook = json.loads(json.dumps(released))
    answers = {c["metadata"]["nbgrader"]["grade_id"]: MARKERS.sub("", source_of(c))
               for c in solution["cells"]
               if c["metadata"].get("nbgrader", {}).get("solution")}
    if kind == "untouched":
        return notebook
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if kind in ("solved", "wrong") and grade_id in answers:
            cell["source"] = answers[grade_id]
    if kind == "wrong":
        question = next(q.id for q in EXERCISES[exercise] if q.id in WRONG)
        _, old, new = WRONG[question][0]
        hits = [c for c in notebook["cells"] if old in source_of(c)]
        assert len(hits) == 1, old
        hits[0]["source"] = source_of(hits[0]).replace(old, new)
    if kind == "fooling":
        notebook["cells"].insert(2, {"cell_type": "code", "execution_count": None, "id": "fool",
                                     "metadata": {}, "outputs": [], "source": FOOL})
    return notebook


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        f"c.CourseDirectory.db_assignments = {[{'name': e} for e in EXERCISES]!r}\n"
        f"c.CourseDirectory.db_students = {[{'id': s} for s in STUDENTS]!r}\n")
    for exercise in EXERCISES:
        (course / "source" / exercise).mkdir(parents=True)
        shutil.copy(ROOT / "solutions" / f"{exercise}.ipynb", course / "source" / exercise)
        nbgrader_run(course, "generate_assignment", exercise)
    handed_in = course / "handed-in"
    for exercise in EXERCISES:
        released = json.loads((course / "release" / exercise / f"{exercise}.ipynb").read_text())
        solution = json.loads((ROOT / "solutions" / f"{exercise}.ipynb").read_text())
        for student in STUDENTS:
            if student == "fooling" and exercise != FOOLED:
                continue
            notebook = json.dumps(hand_in(released, solution, student, exercise), indent=1)
            for folder in (course / "submitted" / student / exercise, handed_in / student):
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{exercise}.ipynb").write_text(notebook)
    env = dict(os.environ, SCRATCHNET_GRADING_SEED=str(SEED))
    for exercise in EXERCISES:
        nbgrader_run(course, "autograde", exercise, env=env)
    nbgrader_run(course, "export")
    with open(course / "grades.csv", newline="") as file:
        grades = {(row["student_id"], row["assignment"]): row for row in csv.DictReader(file)}
    # The project's grader, on the same notebooks with the same seed.
    ours = subprocess.run([sys.executable, "-m", "scratchnet.grading",
                           *map(str, sorted(handed_in.glob("*/*.ipynb"))), "--seed", str(SEED),
                           "--out", str(course / "ours"), "--jobs", "2", "--timeout", "5"],
                          capture_output=True, text=True, timeout=900)
    assert ours.returncode == 0, ours.stderr
    with open(course / "ours" / "gradebook.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    return SimpleNamespace(root=course, grades=grades, ours=_ours_by_student(rows, handed_in))


def _ours_by_student(rows, handed_in):
    """The project grader's totals by (student, exercise); its file names repeat per student,
    so they follow the order of the paths it was given (-2, -3... on clashes)."""
    paths = sorted(handed_in.glob("*/*.ipynb"))
    return {(path.parent.name, path.stem): float(row["total"]) for path, row in zip(paths, rows)}


def full(exercise):
    return sum(q.points for q in EXERCISES[exercise])


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_released_notebook_hides_the_solutions_and_the_hidden_tests(course, exercise):
    text = (course.root / "release" / exercise / f"{exercise}.ipynb").read_text()
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "score(" not in text
    assert text.count("check(") >= len(EXERCISES[exercise])


@pytest.mark.parametrize("exercise", EXERCISES)
def test_a_solved_notebook_gets_full_marks(course, exercise):
    row = course.grades[("solved", exercise)]
    assert float(row["max_score"]) == full(exercise)
    assert float(row["raw_score"]) == full(exercise)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_an_untouched_notebook_gets_zero(course, exercise):
    assert float(course.grades[("untouched", exercise)]["raw_score"]) == 0


@pytest.mark.parametrize("exercise", EXERCISES)
def test_a_wrong_answer_gets_partial_credit_as_the_grader_gives_it(course, exercise):
    score = float(course.grades[("wrong", exercise)]["raw_score"])
    assert 0 < score < full(exercise)
    assert score == pytest.approx(course.ours[("wrong", exercise)], abs=0.011)


def test_nbgrader_and_the_grader_agree_on_every_honest_notebook(course):
    for (student, exercise), ours in course.ours.items():
        if student != "fooling":
            theirs = float(course.grades[(student, exercise)]["raw_score"])
            assert theirs == pytest.approx(ours, abs=0.011), (student, exercise)


def test_a_student_can_fool_nbgrader_but_not_the_grader(course):
    assert float(course.grades[("fooling", FOOLED)]["raw_score"]) == full(FOOLED)
    assert course.ours[("fooling", FOOLED)] == 0

"""The grader on whole notebooks, all in one run with two jobs: every solution,
every stub, the wrong answers of `submissions.wrong` and the attacks of
`submissions.adversarial`, which must not disturb one another."""
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from scratchnet.grading.questions import EXERCISES, QUESTIONS
from submissions.adversarial import ADVERSARIAL
from submissions.make import ROOT, derive, write
from submissions.wrong import WRONG

TIMEOUT = 2.0
EXERCISE_OF = {q.id: name for name, questions in EXERCISES.items() for q in questions}


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def grade(paths, out, *options, tmpdir=None):
    """Run ``python -m scratchnet.grading``; return (process, seconds)."""
    env = dict(os.environ, TMPDIR=tmpdir) if tmpdir else None
    start = time.monotonic()
    process = subprocess.run(
        [sys.executable, "-m", "scratchnet.grading", *map(str, paths), "--out", str(out),
         "--timeout", str(TIMEOUT), *options],
        capture_output=True, text=True, env=env, timeout=900)
    return process, time.monotonic() - start


class Run:
    """The submissions of the big run and what the grader made of them."""

    def __init__(self, folder):
        self.folder = folder
        self.paths = {}
        # A temporary folder of its own, so the test sees what sandboxes leave behind.
        # World-searchable: sandboxes may run as nobody.
        self.tmpdir = tempfile.mkdtemp(prefix="grading-test-")
        os.chmod(self.tmpdir, 0o755)
        self.outside = Path(self.tmpdir).parent / f"{Path(self.tmpdir).name}-outside.txt"

    def add(self, key, notebook):
        self.paths[key] = write(notebook, self.folder / f"{slug('-'.join(key))}.ipynb")

    def grade(self):
        self.hashes = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in self.paths.values()}
        self.process, self.seconds = grade(
            self.paths.values(), self.folder / "out", "--jobs", "2", "--seed", "1234",
            tmpdir=self.tmpdir)
        self.leftovers = os.listdir(self.tmpdir)
        shutil.rmtree(self.tmpdir)

    def result(self, key):
        return json.loads((self.folder / "out" / f"{self.paths[key].stem}.json").read_text())

    def tests(self, key):
        return {t["name"]: t for t in self.result(key)["tests"]}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    run = Run(tmp_path_factory.mktemp("submissions"))
    for exercise in EXERCISES:
        for kind, folder in (("solution", "solutions"), ("stub", "exercises")):
            run.add((kind, exercise), json.loads((ROOT / folder / f"{exercise}.ipynb").read_text()))
    for question_id, wrongs in WRONG.items():
        for label, old, new in wrongs:
            run.add(("wrong", question_id, label), derive(EXERCISE_OF[question_id], [(old, new)]))
    for name, attack in ADVERSARIAL.items():
        path = run.folder / f"{slug('-'.join(('attack', name)))}.ipynb"

        def fill(code):
            return (code.replace("{outside!r}", repr(str(run.outside)))
                        .replace("{self!r}", repr(str(path))))
        run.add(("attack", name), derive("01_perceptron", attack.get("replace", ()),
                                         [fill(c) for c in attack.get("before", ())]))
    (run.folder / "corrupt.ipynb").write_text("{ this is not json")
    run.paths[("corrupt",)] = run.folder / "corrupt.ipynb"
    run.grade()
    return run


def test_the_run_finishes_with_every_report(run):
    assert run.process.returncode == 0, run.process.stderr
    with open(run.folder / "out" / "gradebook.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert sorted(r["submission"] for r in rows) == sorted(p.stem for p in run.paths.values())
    assert f"{len(run.paths)} submissions graded" in run.process.stdout
    for key in run.paths:
        result = run.result(key)
        assert set(result) >= {"score", "tests", "output"}
        for test in result["tests"]:
            assert set(test) >= {"name", "score", "max_score", "output"}
            assert 0 <= test["score"] <= test["max_score"]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_solutions_score_full_marks(run, exercise):
    result = run.result(("solution", exercise))
    full = sum(q.points for q in EXERCISES[exercise])
    assert result["score"] == full, [t["output"] for t in result["tests"]]
    assert [t["name"] for t in result["tests"]] == [q.id for q in EXERCISES[exercise]]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_stubs_score_zero(run, exercise):
    result = run.result(("stub", exercise))
    assert result["score"] == 0
    assert all("not answered yet" in t["output"] for t in result["tests"])


def test_every_question_has_two_wrong_answers():
    assert {q: len(WRONG.get(q, ())) for q in QUESTIONS if len(WRONG.get(q, ())) < 2} == {}


@pytest.mark.parametrize("question_id, label", [(q, w[0]) for q, ws in WRONG.items() for w in ws])
def test_wrong_answers_lose_points(run, question_id, label):
    test = run.tests(("wrong", question_id, label))[question_id]
    assert test["score"] < test["max_score"], test["output"]


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_attacks_score_as_stated(run, name):
    expect = ADVERSARIAL[name]["expect"]
    for question_id, test in run.tests(("attack", name)).items():
        if question_id in expect:
            assert test["score"] == 0, test["output"]
            assert expect[question_id] in test["output"]
        else:
            assert test["score"] == test["max_score"], test["output"]


def test_attacks_leave_no_trace(run):
    assert not run.outside.exists()
    assert run.leftovers == []
    for path, digest in run.hashes.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path


def test_endless_loops_cost_bounded_time(run):
    for name in ("loops forever in an answer", "loops forever at top level"):
        assert run.result(("attack", name))["execution_time"] < 4 * TIMEOUT + 10


def test_an_unreadable_notebook_is_reported(run):
    result = run.result(("corrupt",))
    assert result["score"] == 0
    assert "not a readable Jupyter notebook" in result["output"]


def test_the_submission_time_limit_stops_a_slow_notebook(tmp_path):
    # Two answers loop: each question is graded on its own (the package's step stands in
    # while Perceptron is asked), so one loop alone no longer slows the other questions.
    loop = [("    return (np.asarray(z) > 0).astype(int)", "    while True:\n        pass"),
            ("        return step(np.asarray(x, dtype=float) @ self.w + self.b)",
             "        while True:\n            pass")]
    path = write(derive("01_perceptron", loop), tmp_path / "slow.ipynb")
    process, seconds = grade([path], tmp_path / "out", "--submission-timeout", "3")
    assert process.returncode == 0
    tests = json.loads((tmp_path / "out" / "slow.json").read_text())["tests"]
    assert "no answer within" in tests[0]["output"]
    assert any("used up its 3 s" in t["output"] for t in tests[1:])
    assert seconds < 20


def test_the_memory_limit_is_configurable(tmp_path):
    path = shutil.copy(ROOT / "solutions" / "01_perceptron.ipynb", tmp_path / "small.ipynb")
    process, _ = grade([path], tmp_path / "out", "--memory", "20MiB")
    assert process.returncode == 0
    result = json.loads((tmp_path / "out" / "small.json").read_text())
    assert result["score"] == 0
    assert "could not be run" in result["tests"][0]["output"]


@pytest.mark.parametrize("arguments", [[], ["missing.ipynb"], ["--jobs", "0", "x.ipynb"],
                                       ["--memory", "lots", "x.ipynb"]])
def test_usage_errors_exit_non_zero(tmp_path, arguments):
    (tmp_path / "x.ipynb").write_text("{}")
    process = subprocess.run([sys.executable, "-m", "scratchnet.grading", *arguments],
                             cwd=tmp_path, capture_output=True, text=True)
    assert process.returncode == 2
    assert "usage:" in process.stderr


def test_the_console_script_grades(tmp_path):
    script = Path(sys.executable).parent / "scratchnet-grade"
    path = shutil.copy(ROOT / "solutions" / "01_perceptron.ipynb", tmp_path / "ada.ipynb")
    process = subprocess.run([script, path, "--out", tmp_path / "out"],
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    assert re.search(r"ada\s+6 / 6", process.stdout)

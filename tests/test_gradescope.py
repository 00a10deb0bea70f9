"""The Gradescope bundle, run as Gradescope runs it, in a temporary /autograder.

The bundle is built by the command teachers use, unpacked into ROOT/source,
installed by its own setup.sh into a fresh virtual environment (offline: the
new environment sees this one's dependencies, and only the bundled wheel is
installed), and ROOT/run_autograder grades a solution, a stub, a wrong answer
and hostile submissions; each results.json is checked against Gradescope's
format and the expected scores.
"""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import scratchnet
from scratchnet.grading.gradescope import markdown, seed_for
from scratchnet.grading.questions import EXERCISES
from submissions.adversarial import ADVERSARIAL
from submissions.make import ROOT, derive, write
from submissions.wrong import WRONG

EXERCISE = "01_perceptron"
FULL = sum(q.points for q in EXERCISES[EXERCISE])
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
TOP_KEYS = {"score", "execution_time", "output", "output_format", "test_output_format",
            "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
            "leaderboard"}
TEST_KEYS = {"score", "max_score", "status", "name", "name_format", "number", "output",
             "output_format", "tags", "visibility", "extra_data"}


class Autograder:
    """A temporary /autograder with the bundle installed by its own setup.sh."""

    def __init__(self, root):
        self.root = root
        root.mkdir()
        os.chmod(root, 0o755)  # the sandbox may run as nobody
        self.bundle = root.parent / "autograder.zip"
        self.build = subprocess.run(
            [sys.executable, "-m", "scratchnet.grading", "--gradescope-zip", str(self.bundle),
             "--exercise", EXERCISE, "--timeout", "2"],
            capture_output=True, text=True, timeout=120)
        assert self.build.returncode == 0, self.build.stderr
        with zipfile.ZipFile(self.bundle) as bundle:
            self.names = bundle.namelist()
            self.modes = {i.filename: i.external_attr >> 16 for i in bundle.infolist()}
            bundle.extractall(root / "source")
        for name, mode in self.modes.items():
            os.chmod(root / "source" / name, mode & 0o777)
        shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
        self.env = dict(os.environ, SCRATCHNET_AUTOGRADER_ROOT=str(root),
                        SCRATCHNET_SITE_PACKAGES=sysconfig.get_paths()["purelib"],
                        PYTHON=sys._base_executable, PIP_NO_INDEX="1",
                        PIP_DISABLE_PIP_VERSION_CHECK="1")
        self.setup = subprocess.run(["bash", "setup.sh"], cwd=root / "source", env=self.env,
                                    capture_output=True, text=True, timeout=300)

    def run(self, notebook, submission_id):
        """Grade one notebook as submission ``submission_id``; return results.json and stdout."""
        for folder in ("submission", "results"):
            shutil.rmtree(self.root / folder, ignore_errors=True)
            (self.root / folder).mkdir()
        if notebook is not None:
            write(notebook, self.root / "submission" / "exercise.ipynb")
        (self.root / "submission_metadata.json").write_text(json.dumps({"id": submission_id}))
        process = subprocess.run([str(self.root / "run_autograder")], cwd=self.root,
                                 env=self.env, capture_output=True, text=True, timeout=300)
        assert process.returncode == 0, process.stderr
        results = json.loads((self.root / "results" / "results.json").read_text())
        assert_gradescope_format(results)
        return results, process.stdout

    def config(self):
        return json.loads((self.root / "source" / "scratchnet-grading.json").read_text())


def assert_gradescope_format(results):
    assert set(results) <= TOP_KEYS
    assert isinstance(results["score"], (int, float))
    assert results["output_format"] in FORMATS and results["visibility"] in VISIBILITIES
    assert isinstance(results["extra_data"]["seed"], int)
    assert isinstance(results["extra_data"]["isolation"], str)
    for test in results["tests"]:
        assert set(test) <= TEST_KEYS
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] == ("passed" if test["score"] == test["max_score"] else "failed")
        assert test["output_format"] == "md" and test["visibility"] in VISIBILITIES
    assert results["score"] == pytest.approx(sum(t["score"] for t in results["tests"]))


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    return Autograder(tmp_path_factory.mktemp("gradescope") / "autograder")


def notebook(folder):
    return json.loads((ROOT / folder / f"{EXERCISE}.ipynb").read_text())


def scores(results):
    return {t["name"]: t["score"] for t in results["tests"]}


def test_the_bundle_has_gradescopes_layout_and_this_scratchnet(autograder):
    assert {"setup.sh", "run_autograder", "scratchnet-grading.json"} <= set(autograder.names)
    assert autograder.modes["setup.sh"] & 0o111 and autograder.modes["run_autograder"] & 0o111
    wheel = f"scratchnet-{scratchnet.__version__}-py3-none-any.whl"
    assert wheel in autograder.names
    with zipfile.ZipFile(autograder.root / "source" / wheel) as archive:
        inside = archive.namelist()
        source = archive.read("scratchnet/grading/runner.py")
    assert source == Path(scratchnet.__file__).parent.joinpath("grading/runner.py").read_bytes()
    assert not any("__pycache__" in name for name in inside)
    config = autograder.config()
    assert config["exercise"] == EXERCISE and config["limits"]["question_seconds"] == 2
    assert config["seed"]["policy"] == "per-submission"


def test_setup_installs_the_bundled_wheel_into_a_fresh_environment(autograder):
    assert autograder.setup.returncode == 0, autograder.setup.stdout + autograder.setup.stderr
    venv = autograder.root / "venv"
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import scratchnet; print(scratchnet.__file__)"],
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(venv)), where


def test_a_solution_scores_full_marks(autograder):
    results, stdout = autograder.run(notebook("solutions"), 1)
    assert results["score"] == FULL and all(t["status"] == "passed" for t in results["tests"])
    assert [t["name"] for t in results["tests"]] == [q.id for q in EXERCISES[EXERCISE]]
    assert f"from {autograder.root / 'venv'}" in stdout
    assert results["extra_data"]["seed"] == seed_for(autograder.config()["seed"], {"id": 1})


def test_a_stub_scores_zero(autograder):
    results, _ = autograder.run(notebook("exercises"), 2)
    assert results["score"] == 0
    assert all("not answered yet" in t["output"] for t in results["tests"])


def test_a_wrong_answer_loses_the_points_of_its_question_only(autograder):
    label, old, new = WRONG["perceptron-fit"][0]
    results, _ = autograder.run(derive(EXERCISE, [(old, new)]), 3)
    got = scores(results)
    assert got["perceptron-fit"] < 2 and got["step"] == 1 and got["perceptron-update"] == 2
    failed = next(t for t in results["tests"] if t["name"] == "perceptron-fit")
    assert failed["status"] == "failed" and "```text\n" in failed["output"]


@pytest.mark.parametrize("attack", ["patches the grader and numpy", "prints fake results",
                                    "calls os._exit in an answer", "loops forever at top level",
                                    "writes results.json"])
def test_hostile_submissions_get_only_what_they_earn(autograder, attack):
    if attack == "writes results.json":
        fake = {"score": 100, "tests": []}
        target = autograder.root / "results" / "results.json"
        spec = dict(before=[f"import json\njson.dump({fake!r}, open({str(target)!r}, 'w'))"],
                    replace=ADVERSARIAL["raises an exception"]["replace"],
                    expect={"perceptron-fit": "ValueError"})
    else:
        spec = ADVERSARIAL[attack]
    results, _ = autograder.run(derive(EXERCISE, spec.get("replace", ()),
                                       spec.get("before", ())), 4)
    tests = {t["name"]: t for t in results["tests"]}
    for question in EXERCISES[EXERCISE]:
        if question.id in spec["expect"]:
            assert tests[question.id]["score"] == 0
            assert spec["expect"][question.id] in tests[question.id]["output"]
        else:
            assert tests[question.id]["score"] == question.points, tests[question.id]["output"]


def test_no_notebook_scores_zero_and_says_why(autograder):
    results, _ = autograder.run(None, 5)
    assert results["score"] == 0 and len(results["tests"]) == len(EXERCISES[EXERCISE])
    assert "No notebook" in results["output"]


def test_seeds_are_per_submission_and_stable_on_regrading():
    policy = {"policy": "per-submission", "salt": "s"}
    assert seed_for(policy, {"id": 1}) == seed_for(policy, {"id": 1}) != seed_for(policy, {"id": 2})
    assert seed_for({"policy": "fixed", "value": 7}, {"id": 1}) == 7
    assert 0 <= seed_for(policy, {}) < 2**32


def test_feedback_becomes_markdown_with_details_verbatim():
    text = ("✗ step: 1 of 3 cases pass.\nFirst failing case: differs\n  inputs:\n"
            "    z = [0, ```1```]\nHint: step(z) is 1 where z > 0, x_i * w")
    md = markdown(text)
    assert md.startswith("✗ step: 1 of 3 cases pass.\n\n````text\nFirst failing case")
    assert "    z = [0, ```1```]\n````" in md
    assert md.endswith("**Hint:** step(z) is 1 where z \\> 0, x\\_i \\* w")

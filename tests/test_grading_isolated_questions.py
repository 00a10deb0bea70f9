"""Each question is graded on its own: a mistake, or a cell that does not run, costs
only the question it is in, in the grader (over several seeds) and in `check`; and
the report names the learner's functions each question's run used."""
import json
import subprocess
import sys

import pytest

from scratchnet.grading import cells, check
from scratchnet.grading.questions import EXERCISES
from submissions.make import derive, write

SEEDS = (1, 7, 2024)

STEP = "    return (np.asarray(z) > 0).astype(int)\n"
PREDICT = "return step(np.asarray(x, dtype=float) @ self.w + self.b)"
AFFINE = "\n\ndef affine(x, w, b):\n    return np.asarray(x, dtype=float) @ w + b\n"

# name: (exercise, replacements, {question id: what its output says}), the questions
# named lose points and every other question of the exercise keeps full marks.
SUBMISSIONS = {
    "wrong sigmoid slope": (
        "03_mlp", [("    return a * (1 - a)\n", "    return sigmoid(a) * (1 - sigmoid(a))\n")],
        {"sigmoid-slope": "differs"}),
    "predict of the wrong shape": (
        "01_perceptron", [(PREDICT, PREDICT + "[:, None]")], {"perceptron-predict": "shape"}),
    "syntax error in step": (
        "01_perceptron", [(STEP, STEP.rstrip(")\n") + "\n")],
        {"step": "step did not compile: SyntaxError"}),
    # The helper after the broken function, in the same cell, is still defined.
    "syntax error in step, helper in its cell": (
        "01_perceptron", [(STEP, STEP.rstrip(")\n") + "\n" + AFFINE),
                          (PREDICT, "return step(affine(x, self.w, self.b))")],
        {"step": "step did not compile"}),
    "syntax error in update": (
        "01_perceptron", [("error = y_i - self.predict(x_i[None, :])[0]",
                           "error = y_i - self.predict(x_i[None, :][0]")],
        {"perceptron-update": "Perceptron.update did not compile: SyntaxError"}),
    # A statement that raises does not stop the rest of its cell.
    "a cell that raises before a helper": (
        "01_perceptron", [(STEP, STEP + "\n\nstep(None)\n" + AFFINE),
                          (PREDICT, "return step(affine(x, self.w, self.b))")], {}),
    # A correct backward that reads its own forward's cache: the package's forward does not
    # fill it, so the answer is asked again with the learner's own forward.
    "backward reading its own cache": (
        "08_convolution",
        [("        n, c, h, w = x.shape\n        k, s = self.kernel_size, self.stride\n",
          "        self.seen = x\n        n, c, h, w = x.shape\n        k, s = self.kernel_size, "
          "self.stride\n"),
         ("x = self.x\n        n, c = x.shape[:2]\n        k, s = self.kernel_size",
          "x = self.seen\n        n, c = x.shape[:2]\n        k, s = self.kernel_size")], {}),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """``{seed: {submission name: {question id: test}}}`` from one grader run per seed."""
    folder = tmp_path_factory.mktemp("isolated")
    paths = {name: write(derive(exercise, replace), folder / f"s{i}.ipynb")
             for i, (name, (exercise, replace, _)) in enumerate(SUBMISSIONS.items())}
    results = {}
    for seed in SEEDS:
        out = folder / f"out-{seed}"
        process = subprocess.run(
            [sys.executable, "-m", "scratchnet.grading", *map(str, paths.values()), "--out",
             str(out), "--jobs", "2", "--seed", str(seed), "--timeout", "5"],
            capture_output=True, text=True, timeout=600)
        assert process.returncode == 0, process.stderr
        results[seed] = {}
        for name, path in paths.items():
            data = json.loads((out / f"{path.stem}.json").read_text())
            results[seed][name] = {t["name"]: t for t in data["tests"]}
            results[seed][name]["notes"] = data["output"]
    return results


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", SUBMISSIONS)
def test_a_mistake_costs_only_its_question(graded, seed, name):
    exercise, _, losing = SUBMISSIONS[name]
    tests = graded[seed][name]
    for question in EXERCISES[exercise]:
        test = tests[question.id]
        if question.id in losing:
            assert test["score"] < test["max_score"], test["output"]
            assert losing[question.id] in test["output"]
        else:
            assert test["score"] == test["max_score"], test["output"]


def test_a_syntax_error_in_the_first_answer_costs_one_point_of_six(graded):
    for seed in SEEDS:
        tests = graded[seed]["syntax error in step"]
        assert sum(t["score"] for q, t in tests.items() if q != "notes") == 5
        assert "code cell 2: SyntaxError" in tests["notes"]


def test_a_cell_that_raises_is_reported(graded):
    notes = graded[SEEDS[0]]["a cell that raises before a helper"]["notes"]
    assert "code cell 2: TypeError" in notes


def test_the_report_names_the_learners_functions_each_question_used(graded):
    tests = graded[SEEDS[0]]["wrong sigmoid slope"]
    deltas = tests["mlp-deltas"]
    assert deltas["extra_data"]["used_yours"] == ["iteration"]
    assert {"sigmoid", "sigmoid_slope"} <= set(deltas["extra_data"]["used_package"])
    assert "Used your: iteration; the package's: " in deltas["output"]
    assert "sigmoid_slope" in deltas["output"].split("Used your:")[1]
    # The wrong slope calls sigmoid: the package's stands in for the learner's.
    assert tests["sigmoid-slope"]["extra_data"] == {"used_yours": ["sigmoid_slope"],
                                                    "used_package": ["sigmoid"]}

    update = graded[SEEDS[0]]["predict of the wrong shape"]["perceptron-update"]
    assert "Perceptron.update" in update["extra_data"]["used_yours"]
    assert "Perceptron.predict" not in update["extra_data"]["used_yours"]
    assert "Perceptron.predict" in update["extra_data"]["used_package"]
    assert "the package's: " in update["output"] and "Perceptron.predict" in update["output"]

    # Asked again with the learner's own forward: the report says so.
    backward = graded[SEEDS[0]]["backward reading its own cache"]["maxpool-backward"]
    assert backward["extra_data"] == {"used_yours": ["MaxPool2D.__init__", "MaxPool2D.forward",
                                                     "MaxPool2D.backward"],
                                      "used_package": []}


def _notebook(source):
    namespace = {"__name__": "__main__"}
    exec(compile(source, "<notebook>", "exec"), namespace)
    return namespace


MLP = """
import numpy as np

def sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))

def sigmoid_slope(a):
    return 1 - a ** 2  # tanh's slope: wrong

def hidden(X, params):  # a helper no question grades: it stays the learner's
    return sigmoid(X @ params["wh"] + params["bh"])

def iteration(X, y, params, lr):
    s = {"hiddenlayer_activations": hidden(X, params)}
    s["output"] = sigmoid(s["hiddenlayer_activations"] @ params["wout"] + params["bout"])
    s["E"] = y - s["output"]
    s["d_output"] = s["E"] * sigmoid_slope(s["output"])
    s["Error_at_hidden_layer"] = s["d_output"] @ params["wout"].T
    s["d_hiddenlayer"] = s["Error_at_hidden_layer"] * sigmoid_slope(s["hiddenlayer_activations"])
    s["wout"] = params["wout"] + s["hiddenlayer_activations"].T @ s["d_output"] * lr
    s["bout"] = params["bout"] + np.sum(s["d_output"], axis=0, keepdims=True) * lr
    s["wh"] = params["wh"] + X.T @ s["d_hiddenlayer"] * lr
    s["bh"] = params["bh"] + np.sum(s["d_hiddenlayer"], axis=0, keepdims=True) * lr
    return s
"""


def test_check_grades_one_answer_on_its_own_and_restores_the_notebook(capsys):
    namespace = _notebook(MLP)
    slope = namespace["sigmoid_slope"]
    check("sigmoid-slope", slope)
    check("mlp-deltas", namespace["iteration"])
    check("mlp-updates", namespace["iteration"])
    out = capsys.readouterr().out
    assert out.startswith("✗ sigmoid-slope")
    assert "✓ mlp-deltas: all" in out and "✓ mlp-updates: all" in out
    assert "Used your: iteration, hidden; the package's: sigmoid, sigmoid_slope." in out
    assert namespace["sigmoid_slope"] is slope and "forward" not in namespace


def test_check_asks_a_method_with_the_packages_other_methods(capsys):
    namespace = _notebook("""
import numpy as np
from scratchnet.perceptron import step

class Perceptron:
    def __init__(self, n_inputs, learning_rate=1.0):
        self.w, self.b, self.learning_rate = np.zeros(n_inputs), 0.0, learning_rate

    def predict(self, x):
        return step(np.asarray(x, dtype=float) @ self.w + self.b)[:, None]  # wrong shape

    def update(self, x_i, y_i):
        error = y_i - self.predict(np.asarray(x_i, dtype=float)[None, :])[0]
        self.w = self.w + self.learning_rate * error * x_i
        self.b = self.b + self.learning_rate * error
        return error != 0
""")
    check("perceptron-predict", namespace["Perceptron"])
    check("perceptron-update", namespace["Perceptron"])
    out = capsys.readouterr().out
    assert "✗ perceptron-predict" in out and "✓ perceptron-update: all" in out
    assert "the package's: Perceptron.predict" in out
    assert namespace["Perceptron"].predict.__qualname__ == "Perceptron.predict"


def test_a_cell_that_does_not_compile_keeps_what_does():
    source = ("import numpy as np\n\ndef step(z):\n    return (z > 0\n\n"
              "class P:\n    def ok(self):\n        return 1\n\n"
              "    def broken(self):\n        return [\n\n"
              "x = (1,\ny = 2\n")
    with pytest.raises(SyntaxError):
        cells.statements(source, "<cell 3>")
    namespace = {}
    for code in cells.salvage(source, "<cell 3>", "code cell 3"):
        exec(code, namespace)
    assert namespace["y"] == 2 and namespace["P"]().ok() == 1 and "x" not in namespace
    with pytest.raises(cells.DidNotCompile, match=r"step did not compile: SyntaxError: .* "
                                                  r"\(code cell 3, line 4\)"):
        namespace["step"](1)
    with pytest.raises(cells.DidNotCompile, match=r"P.broken did not compile.*line 11\)"):
        namespace["P"]().broken()
    assert cells.defined_names(source) == {"step", "P"}

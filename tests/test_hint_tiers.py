"""Hints in tiers: a failure says what to look at; the formula comes only when asked.

Tier 1 (every failure, and all the grader's reports): the failing property, the
failing input, expected and actual output, and the question's first hint.
Tier 2 (the formula or the code): ``check(id, answer, hint=2)``, or by itself
from the third failed check of a question in a row in the same kernel.
"""
import json
import subprocess
import sys

import pytest

from scratchnet.grading import check, feedback
from scratchnet.grading.gradescope import markdown
from scratchnet.grading.in_kernel import score
from scratchnet.grading.questions import EXERCISES, QUESTIONS
from submissions.make import derive, write

# For each question, a piece of its answer that only the second hint may give.
ANSWER = {
    "step": "> 0).astype(int)",
    "perceptron-predict": "x @ self.w + self.b",
    "perceptron-update": "learning_rate * error * x_i",
    "perceptron-fit": "mistakes.append(count)",
    "linear-loss-and-gradients": "mean(2 * r * x)",
    "gradient-descent": "point - learning_rate * grad_fn(point)",
    "learning-rate-bound": "np.linalg.eigvalsh(H).max()",
    "logistic-loss-and-gradients": "(p - y) / N",
    "sigmoid": "e / (1 + e)",
    "sigmoid-slope": "a * (1 - a)",
    "mlp-forward": "sigmoid(X @ wh + bh)",
    "mlp-deltas": "d_output @ wout.T",
    "mlp-updates": "hiddenlayer_activations.T @ d_output",
    "dense-forward": "x @ self.params['W']",
    "dense-backward": "X.T @ dout",
    "activation-backward": "dout * self.f_prime(self.x)",
    "network-fit": "self.backward(self.loss_prime(yb, out))",
    "tanh-prime": "1 - tanh(z)**2",
    "xavier": "2 / (n_in + n_out)",
    "he": "2 / n_in",
    "collapse-linear": "b1 @ W2 + b2",
    "saturated-fraction": "np.mean(f_prime(z) < threshold)",
    "mse": "np.mean((y_true - y_pred) ** 2)",
    "mse-prime": "2 * (y_pred - y_true) / y_pred.size",
    "softmax": "z.max(axis=1, keepdims=True)",
    "cross-entropy": "np.clip(y_pred, 1e-12, 1)",
    "softmax-cross-entropy-prime": "(softmax(logits) - y_true) / N",
    "two-layer-predict": "softmax(A1 @ W2 + b2)",
    "two-layer-loss": "p[np.arange(len(t)), t]",
    "two-layer-accuracy": "argmax(self.predict(x), axis=1) == t",
    "two-layer-gradient": "(P - Y) / N",
    "conv-forward": "x[n, c, i + p, j + q] * W[f, c, p, q]",
    "conv-backward-input": "+= W[f] * dout[n, f, i, j]",
    "conv-backward-params": "x[n, :, i:i+HH, j:j+WW] * dout[n, f, i, j]",
    "maxpool-forward": "1 + (H - kernel_size) // stride",
    "maxpool-backward": "np.argmax(window)",
    "flatten": "x.reshape(len(x), -1)",
    "dropout": "/ (1 - p)",
    "one-hot": "np.eye(n_classes)[labels]",
    "rel-error": "np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))",
    "numerical-gradient": "(f_plus - f_minus) / (2 * h)",
}


def _raises(*args, **kwargs):
    raise RuntimeError("a wrong answer")


def wrong(question):
    """An answer that fails every case: a wrong number, or code that raises."""
    return -1.0 if getattr(question, "kind", "function") == "value" else _raises


@pytest.fixture(autouse=True)
def fresh_kernel():
    """No failed checks counted yet, as in a kernel just started."""
    feedback.failed_checks.clear()
    yield
    feedback.failed_checks.clear()


def checked(capsys, question, answer=None, **options):
    check(question.id, wrong(question) if answer is None else answer, **options)
    return capsys.readouterr().out


@pytest.mark.parametrize("question_id", QUESTIONS)
def test_every_question_has_two_tiers_of_hints(question_id):
    hints = QUESTIONS[question_id].hints
    assert len(hints) == 2 and all(len(h.strip()) > 20 for h in hints)
    assert hints[1] not in hints[0]


@pytest.mark.parametrize("question_id", ANSWER)
def test_only_the_second_hint_gives_the_answer(question_id):
    first, second = QUESTIONS[question_id].hints
    assert ANSWER[question_id] in second
    assert ANSWER[question_id] not in first


@pytest.mark.parametrize("question_id", QUESTIONS)
def test_a_first_failure_shows_the_first_tier_only(capsys, question_id):
    question = QUESTIONS[question_id]
    out = checked(capsys, question)
    assert out.startswith(f"✗ {question_id}: 0 of ") and "First failing case:" in out
    assert f"\nHint: {question.hints[0]}\n" in out
    assert question.hints[1] not in out and "Hint 2" not in out
    assert f"Stuck? check({question_id!r}, {question.name}, hint=2) shows the formula." in out


@pytest.mark.parametrize("question_id", QUESTIONS)
def test_hint_2_shows_the_formula_on_request(capsys, question_id):
    question = QUESTIONS[question_id]
    out = checked(capsys, question, hint=2)
    assert f"\nHint: {question.hints[0]}\nHint 2: {question.hints[1]}\n" in out
    assert "Stuck?" not in out and "is shown because" not in out


def test_the_third_failed_check_shows_the_formula_and_says_why(capsys):
    question = QUESTIONS["one-hot"]
    first, second, third = (checked(capsys, question) for _ in range(3))
    assert question.hints[1] not in first + second
    assert f"Hint 2: {question.hints[1]}" in third
    assert "(Hint 2 is shown because check('one-hot') has failed 3 times in a row" in third
    assert "Stuck?" not in third
    assert question.hints[1] not in checked(capsys, question, hint=1)


def test_a_pass_starts_the_count_again_and_questions_count_apart(capsys):
    import numpy as np

    question = QUESTIONS["one-hot"]
    checked(capsys, question)
    checked(capsys, question)
    checked(capsys, QUESTIONS["step"])
    assert checked(capsys, question, lambda labels, n: np.eye(n)[labels]).startswith("✓")
    assert question.hints[1] not in checked(capsys, question) + checked(capsys, question)
    assert question.hints[1] in checked(capsys, question)


def test_a_stub_is_no_attempt_and_shows_hints_only_when_asked(capsys):
    question = QUESTIONS["step"]

    def stub(z):
        raise NotImplementedError

    for _ in range(3):
        out = checked(capsys, question, stub)
        assert "not answered yet" in out and "Hint" not in out
    out = checked(capsys, question, stub, hint=2)
    assert f"Hint: {question.hints[0]}\nHint 2: {question.hints[1]}" in out
    assert "could not run" in checked(capsys, question, hint=3)


@pytest.mark.parametrize("question_id", QUESTIONS)
def test_nbgraders_score_gives_the_first_tier(capsys, question_id):
    question = QUESTIONS[question_id]
    assert score(question_id, wrong(question)) == 0
    out = capsys.readouterr().out
    assert f"Hint: {question.hints[0]}" in out and question.hints[1] not in out


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The grader's JSON reports for one notebook per exercise whose every answer is wrong."""
    folder = tmp_path_factory.mktemp("hint-tiers")
    paths = []
    for exercise, questions in EXERCISES.items():
        names = {q.name: q for q in questions}
        cell = "\n".join(f"{name} = -1.0" if getattr(q, "kind", "function") == "value" else
                         f"def {name}(*args, **kwargs):\n    raise RuntimeError('wrong')"
                         for name, q in names.items())
        paths.append(write(derive(exercise, after=[cell]), folder / f"{exercise}.ipynb"))
    process = subprocess.run(
        [sys.executable, "-m", "scratchnet.grading", *map(str, paths), "--out",
         str(folder / "out"), "--jobs", "2", "--seed", "15"],
        capture_output=True, text=True, timeout=600)
    assert process.returncode == 0, process.stderr
    return {p.stem: json.loads((folder / "out" / f"{p.stem}.json").read_text()) for p in paths}


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_graders_report_gives_the_first_tier_only(reports, exercise):
    report = reports[exercise]
    text = json.dumps(report, ensure_ascii=False)
    tests = {t["name"]: t for t in report["tests"]}
    assert list(tests) == [q.id for q in EXERCISES[exercise]]
    for question in EXERCISES[exercise]:
        test = tests[question.id]
        assert test["score"] == 0
        assert f"Hint: {question.hints[0]}" in test["output"]
        assert question.hints[1] not in text and "Hint 2" not in text and "Stuck?" not in text
        # Gradescope's results are these outputs, as markdown.
        assert "**Hint:**" in markdown(test["output"])

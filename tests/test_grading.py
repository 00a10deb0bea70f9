"""Unit tests of the grader's parts: wire format, comparison, blocking, check, reports."""
import base64
import io
import os

import numpy as np
import pytest

from scratchnet.grading import check, wire
from scratchnet.grading.cli import parse_size
from scratchnet.grading.compare import compare
from scratchnet.grading.evaluate import Assessment
from scratchnet.grading.forbid import ReferenceCallError, forbid
from scratchnet.grading.question import case_rng
from scratchnet.grading.notebook import exercise_of, only_checks, plain_python
from scratchnet.grading.questions import EXERCISES, QUESTIONS
from scratchnet.grading.report import output_names, results_json
from scratchnet.grading.runner import SubmissionResult, prepare


def test_wire_round_trips_arrays_numbers_lists_and_dicts():
    value = {"dW": np.arange(6.0).reshape(2, 3), "n": 3, "ok": True, "none": None,
             "pair": [np.int64(4), 2.5], "bools": np.array([True, False]), "name": "tanh"}
    back = wire.decode(wire.encode(value))
    assert back.keys() == value.keys()
    np.testing.assert_array_equal(back["dW"], value["dW"])
    assert back["dW"].dtype == np.float64 and back["bools"].dtype == bool
    assert back["n"] == 3 and back["ok"] is True and back["none"] is None
    assert back["pair"][0] == 4 and back["pair"][1] == 2.5 and back["name"] == "tanh"


@pytest.mark.parametrize("value", [object(), np.array([object()]), {1: 2}, b"bytes"])
def test_wire_refuses_what_cannot_be_graded(value):
    with pytest.raises(wire.WireError):
        wire.encode(value)


def _npy(shape, data):
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": "<f8", "fortran_order": False,
                                                  "shape": shape})
    return {"array": base64.b64encode(buffer.getvalue() + data).decode()}


def test_wire_refuses_an_array_whose_header_lies_about_its_size():
    assert wire.decode(_npy((2,), np.zeros(2).tobytes())).shape == (2,)
    with pytest.raises(wire.WireError, match="header"):
        wire.decode(_npy((10**12,), np.zeros(2).tobytes()))


@pytest.mark.parametrize("data", [{"pickle": "x"}, {"list": 3}, {"number": "1"}, [1], {},
                                  {"array": "not base64 npy"}])
def test_wire_refuses_malformed_values(data):
    with pytest.raises(wire.WireError):
        wire.decode(data)


def test_wire_messages_over_the_limit_are_refused():
    read, write = os.pipe()
    try:
        wire.send(write, {"x": "y" * 100})
        with pytest.raises(wire.WireError, match="over the limit"):
            wire.receive(read, limit=50)
    finally:
        os.close(read)
        os.close(write)


@pytest.mark.parametrize("expected, got, message", [
    (np.ones((2, 3)), np.ones((3, 2)), "has shape (3, 2), expected (2, 3)"),
    (np.ones(3), None, "is None"),
    (np.ones(3), np.array([1.0, np.nan, 1.0]), "NaN"),
    (np.ones(3), np.array(["a", "b", "c"]), "real numbers"),
    (np.ones(3), np.array([1.0, 1.5, 1.0]), "differs at index (1,): expected 1, got 1.5"),
    ({"dx": np.ones(2), "dW": np.ones(2)}, {"dx": np.ones(2)}, "has no 'dW'"),
    ((np.ones(2), np.zeros(2)), np.ones(2), "should be a sequence of 2 values"),
    ([1, 2, 0], [1, 2], "shape (2,), expected (3,)"),
])
def test_compare_says_how_an_answer_differs(expected, got, message):
    assert message in compare(expected, got, rtol=1e-6, atol=1e-9)


def test_compare_accepts_lists_ints_and_rounding_noise():
    assert compare(np.array([1.0, 2.0]), [1, 2 + 1e-12], rtol=1e-6, atol=1e-9) is None
    assert compare(np.array([0, 1]), np.array([False, True]), rtol=0, atol=0) is None


def test_forbid_blocks_every_alias_of_a_function_and_restores_it():
    from scratchnet.losses import mse_prime as alias
    import scratchnet.losses
    y = np.ones((2, 2))
    with forbid(["scratchnet.losses.mse_prime"], "mse-prime"):
        for f in (alias, scratchnet.losses.mse_prime):
            with pytest.raises(ReferenceCallError, match="not allowed in the answer to 'mse-pr"):
                f(y, y)
    np.testing.assert_array_equal(alias(y, y), np.zeros((2, 2)))


def test_forbid_blocks_a_method_for_subclasses_and_notices_tampering():
    from scratchnet.perceptron import Perceptron

    class Mine(Perceptron):
        pass

    with forbid(["scratchnet.perceptron.Perceptron.fit"], "perceptron-fit") as block:
        with pytest.raises(ReferenceCallError):
            Mine(2).fit(np.zeros((1, 2)), np.zeros(1))
        Perceptron.fit = lambda self, x, y, epochs=100: []
    assert block.tampered
    assert Perceptron(2).fit(np.zeros((1, 2)), np.zeros(1)) == [0]


def test_check_reports_passes_failures_and_unanswered_questions(capsys):
    from scratchnet.perceptron import step

    def unfinished(z):
        raise NotImplementedError

    check("step", lambda z: (np.asarray(z) > 0).astype(int))
    check("step", lambda z: (np.asarray(z) >= 0).astype(int))
    check("step", unfinished)
    check("step", step)
    out = capsys.readouterr().out.split("\n")
    assert out[0] == "✓ step: all 3 cases pass."
    assert out[1].startswith("✗ step: ") and "First failing case:" in out[2]
    assert any(line.startswith("  expected:") for line in out)
    assert any(line.startswith("Hint:") for line in out)
    assert "not answered yet" in "\n".join(out)
    assert "calling scratchnet.perceptron.step is not allowed" in "\n".join(out)


def test_check_writes_nothing_to_stderr_and_reports_warnings(capsys):
    import sys

    def noisy(z):
        print("debug", file=sys.stderr)
        return (np.exp(np.asarray(z) * 1000) > 1).astype(int)  # overflows: a RuntimeWarning

    check("step", noisy)
    out, err = capsys.readouterr()
    assert err == ""
    assert "debug" in out and "Your code warned: RuntimeWarning: overflow" in out


@pytest.mark.parametrize("question_id, answer", [
    ("step", 3), ("step", None), ("no-such-question", len), ("step", lambda z: exit(1)),
    ("step", lambda z: object()), ("perceptron-fit", lambda *a: 1 / 0),
])
def test_check_never_raises(capsys, question_id, answer):
    check(question_id, answer)
    assert capsys.readouterr().out.strip()


def test_grading_cases_follow_the_seed_and_differ_from_practice():
    question = QUESTIONS["perceptron-predict"]
    first, again, other = (prepare([question], seed)[question.id].cases for seed in (1, 1, 2))
    practised = question.make_cases(case_rng("practice", question.id))

    def same(a, b):
        return all(np.array_equal(a[k], b[k]) for k in a)
    assert all(same(a, b) for a, b in zip(first, again))
    assert not any(same(a, b) for a in first for b in other + practised)


def test_questions_are_unique_and_cover_the_exercises():
    ids = [q.id for questions in EXERCISES.values() for q in questions]
    assert len(ids) == len(set(ids)) == len(QUESTIONS)
    assert all(len(questions) >= 4 for questions in EXERCISES.values())


def test_notebook_code_is_read_as_plain_python():
    assert plain_python("%matplotlib inline\nx = 1\n!ls") == "# %matplotlib inline\nx = 1\n# !ls"
    assert plain_python("%%time\nx = 1") == "# %%time\n# x = 1"
    assert only_checks('check("step", step)\n# done\ncheck("perceptron-fit", Perceptron)')
    assert not only_checks('check("step", step)\nx = 1')
    assert exercise_of([], {"scratchnet": {"exercise": "01_perceptron"}}) == "01_perceptron"
    assert exercise_of(['check("perceptron-fit", P)'], {}) == "01_perceptron"
    assert exercise_of(["x = 1"], {}) is None


def test_results_follow_gradescopes_format():
    result = SubmissionResult("/x/ada.ipynb", "01_perceptron",
                              [Assessment("step", 2, 3, 0.67, 1, "✗ step: 2 of 3 cases pass.")],
                              ["code cell 2 failed: NameError"], 1.5)
    data = results_json(result, seed=7, isolation="process only")
    assert data["score"] == 0.67 and data["execution_time"] == 1.5
    assert data["tests"] == [{"name": "step", "score": 0.67, "max_score": 1,
                              "output": "✗ step: 2 of 3 cases pass."}]
    assert "Grading seed: 7" in data["output"] and "NameError" in data["output"]
    assert data["extra_data"]["isolation"] == "process only"


def test_output_names_stay_distinct():
    results = [SubmissionResult(p, None, []) for p in ("a/ada.ipynb", "b/ada.ipynb", "ada-2.ipynb")]
    assert output_names(results) == ["ada", "ada-2", "ada-2-2"]


@pytest.mark.parametrize("text, size", [("2GiB", 2 * 2**30), ("512MiB", 512 * 2**20),
                                        ("1.5G", 3 * 2**29), ("1000", 1000)])
def test_memory_sizes_parse(text, size):
    assert parse_size(text) == size

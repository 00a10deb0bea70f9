"""Grading in the learner's own kernel: the hidden tests of nbgrader's test cells.

``nbgrader autograde`` runs a notebook's cells, test cells included, in one
kernel, and gives a test cell the number it shows last (its
``execute_result``) as its score, or zero if the cell raises or writes to
stderr. Each test cell of the exercises calls `score` in a hidden region
(``### BEGIN HIDDEN TESTS``), so nbgrader grades on the same question
definitions as `check` and ``scratchnet-grade``, on cases drawn at grading
time, with partial credit.

This runs beside the learner's code, which can change anything in the
kernel, this module included: it is only as trustworthy as nbgrader itself.
``scratchnet-grade`` runs submissions in a sandbox; use it for grades that count.
"""
import contextlib
import functools
import io
import os
import secrets
import warnings

from . import wire
from .evaluate import expected_outputs, grade_alone
from .question import case_rng

SEED_VARIABLE = "SCRATCHNET_GRADING_SEED"


@functools.cache
def grading_seed():
    """This kernel's grading seed: ``$SCRATCHNET_GRADING_SEED``, else drawn once and shown."""
    text = os.environ.get(SEED_VARIABLE, "").strip()
    return int(text) if text else secrets.randbits(32)


def score(question_id, answer):
    """Grade ``answer`` on fresh cases of the question; print the verdict, return the points.

    The cases are those ``scratchnet-grade --seed S`` draws, S being
    `grading_seed`, and the outputs are judged as the grader judges them
    (after the same round trip through its wire format, with the other
    answers standing in from the package as in `evaluate.grade_alone`).

    Parameters
    ----------
    question_id : str
    answer : function or class

    Returns
    -------
    float
        The points earned, from 0 to the question's points.
    """
    from .questions import QUESTIONS

    question, seed = QUESTIONS[question_id], grading_seed()
    cases = question.make_cases(case_rng("grade", seed, question.id))
    expected = expected_outputs(question, cases)
    # nbgrader gives zero to a test cell that writes to stderr: keep the answer's prints
    # and warnings out of the cell's output.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")
        verdict = grade_alone(question, answer, cases, expected, encode=_round_trip,
                              interactive=True)
    print(f"Graded on {verdict.total} fresh cases (grading seed {seed}): "
          f"{verdict.score:g} of {question.points:g} points.")
    if verdict.passed < verdict.total:
        print(verdict.feedback)
    return float(verdict.score)


def _round_trip(value):
    return wire.decode(wire.encode(value))

"""``check(question_id, answer)``: instant feedback in the learner's notebook."""
import contextlib
import sys
import warnings

from .evaluate import expected_outputs, grade_alone
from .question import case_rng


def check(question_id, answer):
    """Try ``answer`` on the question's practice cases and print what passes.

    Prints how many cases pass; for the first that fails, its inputs, the
    expected and the actual result, and a hint. Never raises, so a
    notebook with unfinished answers still runs top to bottom. As in the
    grader, the answer is asked on its own: your other answers that it calls
    are the package's while it runs (the output names what it used).

    Parameters
    ----------
    question_id : str
        As in the exercise notebook, e.g. ``"mse-prime"``.
    answer : function or class
        Your version, e.g. ``mse_prime`` or ``Dense``.
    """
    try:
        # Everything goes to stdout: nbgrader gives zero to a test cell that writes to
        # stderr, and this call sits in its test cells.
        with contextlib.redirect_stderr(sys.stdout), warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            feedback = practice(question_id, answer).feedback
        print(feedback)
        for warning in dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in seen):
            print(f"Your code warned: {warning}")
    except KeyboardInterrupt:
        raise
    except Exception as error:  # feedback must never stop the notebook
        print(f"check({question_id!r}) could not run: {type(error).__name__}: {error}")


def practice(question_id, answer):
    """The `Assessment` of ``answer`` on the fixed practice cases (what `check` prints)."""
    from .questions import QUESTIONS

    if question_id not in QUESTIONS:
        raise KeyError(f"there is no question {question_id!r}; "
                       f"the questions are {', '.join(QUESTIONS)}")
    question = QUESTIONS[question_id]
    cases = question.make_cases(case_rng("practice", question_id))
    expected = expected_outputs(question, cases)
    return grade_alone(question, answer, cases, expected, interactive=True)

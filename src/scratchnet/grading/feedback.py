"""``check(question_id, answer)``: instant feedback in the learner's notebook."""
import collections
import contextlib
import sys
import warnings

from .evaluate import NOT_ANSWERED, expected_outputs, grade_alone, hint_lines
from .question import case_rng

# After this many failed checks of one question in a row, a failure shows the second hint.
AUTO_HINT_AFTER = 3
# Failed checks in a row, by question id, in this kernel; a pass starts the count again.
failed_checks = collections.Counter()


def check(question_id, answer, hint=None):
    """Try ``answer`` on the question's practice cases and print what passes.

    Prints how many cases pass; for the first that fails, its inputs, the
    expected and the actual result, and a hint that says what to look at.
    The second hint, with the formula, comes with ``hint=2``, or by itself
    from the third failed check of the same question in a row. Never raises,
    so a notebook with unfinished answers still runs top to bottom. As in
    the grader, the answer is asked on its own: your other answers that it
    calls are the package's while it runs (the output names what it used).

    Parameters
    ----------
    question_id : str
        As in the exercise notebook, e.g. ``"mse-prime"``.
    answer : function or class
        Your version, e.g. ``mse_prime`` or ``Dense``.
    hint : {1, 2}, optional
        How much help to show: 1, what to look at; 2, the formula too.
        By default 1, and 2 after repeated failures.
    """
    try:
        if hint not in (None, 1, 2):
            raise ValueError(f"hint should be 1 or 2, got {hint!r}")
        # Everything goes to stdout: nbgrader gives zero to a test cell that writes to
        # stderr, and this call sits in its test cells.
        with contextlib.redirect_stderr(sys.stdout), warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            print(_feedback(question_id, answer, hint))
        for warning in dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in seen):
            print(f"Your code warned: {warning}")
    except KeyboardInterrupt:
        raise
    except Exception as error:  # feedback must never stop the notebook
        print(f"check({question_id!r}) could not run: {type(error).__name__}: {error}")


def _feedback(question_id, answer, hint):
    """The text `check` prints, counting the failures of ``question_id`` as it goes."""
    earlier = failed_checks[question_id]
    automatic = hint is None and earlier + 1 >= AUTO_HINT_AFTER
    verdict = practice(question_id, answer, hint=2 if automatic else hint or 1)
    question = _question(question_id)
    if verdict.passed == verdict.total:
        failed_checks[question_id] = 0
        return verdict.feedback
    if verdict.feedback.startswith(f"… {question_id}: {NOT_ANSWERED}"):
        # A stub is no attempt; its hints show only when asked for.
        return "\n".join([verdict.feedback, *hint_lines(question, hint or 0)])
    failed_checks[question_id] = earlier + 1
    lines = [verdict.feedback]
    if automatic and len(question.hints) > 1:
        lines.append(f"(Hint 2 is shown because check({question_id!r}) has failed "
                     f"{earlier + 1} times in a row in this kernel.)")
    elif (hint or 1) < 2 and len(question.hints) > 1:
        lines.append(f"Stuck? check({question_id!r}, {question.name}, hint=2) shows the formula.")
    return "\n".join(lines)


def _question(question_id):
    from .questions import QUESTIONS

    if question_id not in QUESTIONS:
        raise KeyError(f"there is no question {question_id!r}; "
                       f"the questions are {', '.join(QUESTIONS)}")
    return QUESTIONS[question_id]


def practice(question_id, answer, hint=1):
    """The `Assessment` of ``answer`` on the fixed practice cases (what `check` prints).

    ``hint`` is the number of hint tiers a failure shows, as in `evaluate.assess`.
    """
    question = _question(question_id)
    cases = question.make_cases(case_rng("practice", question_id))
    expected = expected_outputs(question, cases)
    return grade_alone(question, answer, cases, expected, interactive=True, hint=hint)

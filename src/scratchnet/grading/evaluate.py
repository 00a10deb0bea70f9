"""Ask an answer a question's cases and judge what it returns.

`ask` runs where the answer lives (the learner's kernel for `check`, the
sandboxed process for the grader); `assess` runs where the score is
decided and compares with the reference computed there.
"""
import copy
import os
import sys
import traceback
from dataclasses import dataclass

from .alone import Plan, describe_used, exercise_questions, plan, standing_in, watching
from .cells import DidNotCompile
from .compare import compare, describe
from .forbid import ReferenceCallError, forbid

NOT_ANSWERED = "not answered yet (it raises NotImplementedError)"


def expected_outputs(question, cases):
    """The reference's output for each case (``None`` for judged questions)."""
    if question.judge is not None:
        return [None] * len(cases)
    reference = question.reference_object()
    return [question.run(reference, *copy.deepcopy(list(case.values()))) for case in cases]


def ask(question, answer, cases, encode=None, interactive=False):
    """Run ``answer`` on every case, with the reference blocked.

    Parameters
    ----------
    question : Question
    answer : object
        The learner's function or class.
    cases : list of dict
        Inputs by name; each case gets its own deep copy.
    encode : callable, optional
        Applied to each output straight away (the sandbox turns outputs
        into bytes before the next case can change them).
    interactive : bool
        Let KeyboardInterrupt through (in a notebook, the learner's stop).

    Returns
    -------
    outcomes : list of dict
        ``{"value": output}`` or ``{"error": message}`` per case.
    """
    if question.kind == "function" and not callable(answer):
        return [{"error": f"{question.name} should be a function or class, "
                          f"got a {type(answer).__name__}"}] * len(cases)
    outcomes = []
    with forbid(question.blocked, question.id) as block:
        for case in cases:
            del ReferenceCallError.calls[:]
            try:
                value = question.run(answer, *copy.deepcopy(list(case.values())))
                outcome = {"value": encode(value) if encode else value}
            except KeyboardInterrupt:
                if interactive:
                    raise
                outcome = {"error": "raised KeyboardInterrupt"}
            except BaseException as error:  # the answer may raise anything, SystemExit too
                outcome = {"error": explain(error)}
            if ReferenceCallError.calls:
                outcome = {"error": ReferenceCallError.calls[0]}
            outcomes.append(outcome)
    if block.tampered:
        message = "the answer undid the grader's block on calling the package's version"
        outcomes = [{"error": message}] * len(cases)
    return outcomes


def ask_alone(question, answer, cases, alone=True, namespace=None, encode=None,
              interactive=False):
    """`ask`, with the exercise's other answers replaced by the package's (see `alone`).

    Parameters
    ----------
    alone : bool
        Bind the stand-ins; with False the answer runs with the learner's
        own versions of everything (what the fallback asks).
    namespace : dict, optional
        The globals of the learner's code (found from the answer if omitted).

    Returns
    -------
    outcomes : list of dict
        As `ask` returns them.
    used : dict
        ``{"yours": [...], "package": [...]}``: the learner's functions and
        the package's stand-ins that ran, in call order.
    """
    try:
        steps = plan(question, answer, exercise_questions(question), namespace)
    except Exception:  # an answer the plan cannot read is asked as it is
        steps = Plan(answer)
    with watching(steps) as used:
        if alone:
            with standing_in(steps):
                outcomes = ask(question, steps.answer, cases, encode, interactive)
        else:
            outcomes = ask(question, answer, cases, encode, interactive)
    return outcomes, used


def grade_alone(question, answer, cases, expected, encode=None, interactive=False, hint=1):
    """The `Assessment` of ``answer`` asked on its own, or with its own helpers if that is better.

    A learner's method may rely on what the learner's other methods cache
    (``self.cols`` from their ``forward``); when the run with the package's
    stand-ins fails and used any of them, the answer is asked once more with
    the learner's own code, and the better verdict counts, so a correct
    answer never loses points to the stand-ins. ``hint`` is as in `assess`.
    """
    outcomes, used = ask_alone(question, answer, cases, encode=encode, interactive=interactive)
    verdict = assess(question, cases, expected, outcomes, used, hint)
    if retry_with_own(verdict, used):
        outcomes, used = ask_alone(question, answer, cases, alone=False, encode=encode,
                                   interactive=interactive)
        verdict = better(verdict, assess(question, cases, expected, outcomes, used, hint))
    return verdict


def retry_with_own(verdict, used):
    """Whether a verdict from a run with stand-ins is worth a run with the learner's own code."""
    return verdict.passed < verdict.total and bool(used and used["package"])


def better(first, second):
    """The verdict with more passing cases; the first on a tie."""
    return second if second.passed > first.passed else first


def explain(error):
    """A one-line account of an exception raised by an answer, with its line."""
    if isinstance(error, NotImplementedError):
        return NOT_ANSWERED
    if isinstance(error, (ReferenceCallError, DidNotCompile)):
        return str(error)
    if isinstance(error, SystemExit):
        return f"SystemExit: sys.exit({error.code!r}) was called"
    if isinstance(error, MemoryError):
        return "MemoryError: out of memory (more than the grader's limit)"
    text = f"{type(error).__name__}: {error}"
    place = _learner_line(error)
    return f"{text} ({place})" if place else text


def _learner_line(error):
    """Where the learner's code raised: the last frame outside this package and NumPy."""
    library = (os.path.dirname(os.path.dirname(__file__)), sys.prefix, sys.base_prefix, "<blocked")
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if not f.filename.startswith(library)]
    if not frames:
        return ""
    frame = frames[-1]
    where = frame.filename if frame.filename.startswith("<cell") else "your code"
    line = f": {frame.line.strip()}" if frame.line else ""
    return f"{where}, line {frame.lineno}{line}"


@dataclass
class Assessment:
    """The verdict on one question."""

    question_id: str
    passed: int
    total: int
    score: float
    max_score: float
    feedback: str
    used: dict | None = None  # {"yours": [...], "package": [...]}: what the run called


def assess(question, cases, expected, outcomes, used=None, hint=1):
    """Judge each case's outcome and write the feedback.

    Parameters
    ----------
    question : Question
    cases : list of dict
    expected : list
        The reference's outputs, from `expected_outputs`.
    outcomes : list of dict
        From `ask`: ``{"value": ...}`` or ``{"error": message}`` per case.
    used : dict, optional
        From `ask_alone`: what the run called; the feedback names it.
    hint : int
        How many tiers of the question's hints a failure shows: 1 (what to
        look at; the grader's reports never show more) or 2 (the formula too).
    """
    problems = []
    for case, want, outcome in zip(cases, expected, outcomes):
        if "error" in outcome:
            problems.append(outcome["error"])
        elif question.judge is not None:
            problems.append(question.judge(case, outcome["value"]))
        else:
            problems.append(compare(want, outcome["value"], question.rtol, question.atol))
    total = len(cases)
    passed = sum(p is None for p in problems)
    score = round(question.points * passed / total, 2)
    if passed == total:
        text = f"✓ {question.id}: all {total} cases pass."
    elif all(p == NOT_ANSWERED for p in problems):
        text = f"… {question.id}: {NOT_ANSWERED}."
    else:
        first = next(i for i, p in enumerate(problems) if p is not None)
        text = _failure(question, passed, total, cases[first], expected[first],
                        outcomes[first], problems[first], hint)
    if describe_used(used):
        text += "\n" + describe_used(used)
    return Assessment(question.id, passed, total, score, question.points, text, used)


def _labelled(label, value):
    """``label`` then the value, its continuation lines aligned under the first."""
    return label + describe(value).replace("\n", "\n" + " " * len(label))


def _entries(name, value):
    """``(label, value)`` pairs: one per entry of a dict, else the value itself."""
    if isinstance(value, dict):
        return [(f"{name}[{key!r}]", entry) for key, entry in value.items()]
    return [(name, value)]


def hint_lines(question, hint=1):
    """The question's first ``hint`` tiers of hints: ``Hint: ...``, ``Hint 2: ...``."""
    return [f"Hint{'' if tier == 1 else f' {tier}'}: {text}"
            for tier, text in enumerate(question.hints[:hint], start=1)]


def _failure(question, passed, total, case, want, outcome, problem, hint):
    lines = [f"✗ {question.id}: {passed} of {total} cases pass.",
             f"First failing case: {problem}", "  inputs:"]
    for name, value in case.items():
        lines += [_labelled(f"    {label} = ", v) for label, v in _entries(name, value)]
    if "value" in outcome and question.judge is None:
        lines += _expected_and_got(question, want, outcome["value"])
    lines += hint_lines(question, hint)
    return "\n".join(lines)


def _expected_and_got(question, want, got):
    """Lines showing the expected and the actual output (of a dict, the entries that differ)."""
    if isinstance(want, dict) and isinstance(got, dict):
        pairs = [(f" {key}", want[key], got.get(key, "(missing)")) for key in want
                 if key not in got or compare(want[key], got[key], question.rtol, question.atol)]
    else:
        pairs = [("", want, got)]
    lines = []
    for name, expected, actual in pairs:
        label = f"  expected{name}: "
        lines.append(_labelled(label, expected))
        lines.append(_labelled(f"  got{name}:".ljust(len(label)), actual))
    return lines

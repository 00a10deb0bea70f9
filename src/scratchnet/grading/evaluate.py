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
    if not callable(answer):
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


def explain(error):
    """A one-line account of an exception raised by an answer, with its line."""
    if isinstance(error, NotImplementedError):
        return NOT_ANSWERED
    if isinstance(error, ReferenceCallError):
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


def assess(question, cases, expected, outcomes):
    """Judge each case's outcome and write the feedback.

    Parameters
    ----------
    question : Question
    cases : list of dict
    expected : list
        The reference's outputs, from `expected_outputs`.
    outcomes : list of dict
        From `ask`: ``{"value": ...}`` or ``{"error": message}`` per case.
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
                        outcomes[first], problems[first])
    return Assessment(question.id, passed, total, score, question.points, text)


def _labelled(label, value):
    """``label`` then the value, its continuation lines aligned under the first."""
    return label + describe(value).replace("\n", "\n" + " " * len(label))


def _entries(name, value):
    """``(label, value)`` pairs: one per entry of a dict, else the value itself."""
    if isinstance(value, dict):
        return [(f"{name}[{key!r}]", entry) for key, entry in value.items()]
    return [(name, value)]


def _failure(question, passed, total, case, want, outcome, problem):
    lines = [f"✗ {question.id}: {passed} of {total} cases pass.",
             f"First failing case: {problem}", "  inputs:"]
    for name, value in case.items():
        lines += [_labelled(f"    {label} = ", v) for label, v in _entries(name, value)]
    if "value" in outcome and question.judge is None:
        lines += _expected_and_got(question, want, outcome["value"])
    lines += [f"Hint: {hint}" for hint in question.hints]
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

"""Grade one submission: run its code in sandboxes, judge what they return.

The grader never imports a submission's code. A sandboxed process
(`process.Sandbox`, running `sandbox`) runs the notebook's code cells, then
receives each question's inputs and sends back the outputs; this process
computes the reference and compares. When the sandbox overruns a time
limit or dies, it is killed with its process group, the question (or
code cell) it was busy with is marked, and a fresh sandbox grades the
rest, skipping the cells that were lost.

Each question is asked on its own (see `alone`): the learner's other
answers are the package's while it runs, so a mistake costs the question it
is in; when that run fails after calling the package's stand-ins, the answer
is asked again with the learner's own code and the better verdict counts.
"""
import time
from dataclasses import dataclass, field

from . import wire
from .alone import read_used
from .cells import defined_names
from .evaluate import Assessment, assess, better, expected_outputs, retry_with_own
from .notebook import NotebookError, read_notebook
from .process import Lost, Sandbox
from .question import case_rng
from .questions import EXERCISES

MAX_ERROR = 2000
# Starting Python and NumPy in a sandbox is not the submission's time: allowed on top.
STARTUP_SECONDS = 10.0
UNREADABLE = "the notebook's process sent a reply the grader cannot read"


@dataclass(frozen=True)
class Limits:
    """Time and memory allowed to a submission.

    Attributes
    ----------
    question_seconds : float
        For each question, and for each notebook cell.
    submission_seconds : float
        For the whole submission, restarts included.
    memory : int
        Bytes of address space for the process running the submission.
    """

    question_seconds: float = 20.0
    submission_seconds: float = 300.0
    memory: int = 2 * 2**30


@dataclass
class Prepared:
    """A question's grading cases, as sent to the sandbox, and the reference's outputs."""

    cases: list
    sent: list
    expected: list


def prepare(questions, seed):
    """Draw every question's cases from the run's ``seed`` and compute the reference."""
    prepared = {}
    for question in questions:
        cases = question.make_cases(case_rng("grade", seed, question.id))
        sent = [{name: wire.encode(value) for name, value in case.items()} for case in cases]
        prepared[question.id] = Prepared(cases, sent, expected_outputs(question, cases))
    return prepared


@dataclass
class SubmissionResult:
    """Everything the reports need about one graded submission."""

    path: str
    exercise: str | None
    assessments: list
    notes: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self):
        return round(sum(a.score for a in self.assessments), 2)

    @property
    def max_score(self):
        return sum(a.max_score for a in self.assessments)


def grade(path, prepared, limits, exercise=None):
    """Grade the notebook at ``path``.

    Parameters
    ----------
    path : str
    prepared : dict of str to Prepared
        From `prepare`, for every question of the exercise.
    limits : Limits
    exercise : str, optional
        The exercise's name; read from the notebook when omitted.

    Returns
    -------
    SubmissionResult
    """
    start = time.monotonic()
    try:
        cells, found = read_notebook(path)
    except NotebookError as error:
        questions = EXERCISES.get(exercise, [])
        return SubmissionResult(path, exercise, [_zero(q, str(error)) for q in questions],
                                [str(error)], time.monotonic() - start)
    exercise = exercise or found
    if exercise is None:
        note = "cannot tell which exercise this notebook answers; pass --exercise"
        return SubmissionResult(path, None, [], [note], time.monotonic() - start)
    session = _Session(cells, EXERCISES[exercise], prepared, limits, start)
    notes = []
    try:
        session.run()
    except Exception as error:  # a grader bug must not stop the other submissions
        notes.append(f"internal error of the grader: {type(error).__name__}: {error}")
        session.give_up("not graded: internal error of the grader")
    return SubmissionResult(path, exercise, session.assessments(), session.failures() + notes,
                            time.monotonic() - start)


class _Session:
    """The grading of one submission, over as many sandboxes as it takes."""

    def __init__(self, cells, questions, prepared, limits, start):
        self.cells, self.questions, self.prepared, self.limits = cells, questions, prepared, limits
        self.end = start + limits.submission_seconds
        self.lost_cells = {}   # cell number -> why it is skipped from now on
        self.cell_errors = {}  # cell number -> what it raised
        self.results = {}      # question id -> Assessment
        # What each cell defines, from parsing it here (its code runs only in the sandbox).
        self.defines = {n: defined_names(s) for n, s in cells}

    def run(self):
        while self.pending():
            if time.monotonic() >= self.end:
                self.give_up(f"not graded: the submission used up its "
                             f"{self.limits.submission_seconds:g} s")
                return
            sandbox = Sandbox(self.limits.memory)
            try:
                if self._run_cells(sandbox):
                    self._ask_pending(sandbox)
            finally:
                sandbox.close()

    def pending(self):
        return [q for q in self.questions if q.id not in self.results]

    def give_up(self, message):
        for question in self.pending():
            self.results[question.id] = _zero(question, message)

    def _deadline(self):
        return min(time.monotonic() + self.limits.question_seconds, self.end)

    def _run_cells(self, sandbox):
        """Run the notebook's cells; False if a cell was lost (it is skipped from now on)."""
        cells = [[n, s] for n, s in self.cells if n not in self.lost_cells]
        numbers = {n for n, _ in cells}
        current = None
        started = min(self._deadline() + STARTUP_SECONDS, self.end)
        try:
            sandbox.send({"do": "run", "cells": cells}, started)
            reply = sandbox.receive(started)
            while "cell" in reply:
                current = reply["cell"] if reply["cell"] in numbers else None
                reply = sandbox.receive(self._deadline())
            self.cell_errors = {int(n): str(e)[:MAX_ERROR] for n, e in dict(reply["ran"]).items()}
            return True
        except Lost as lost:
            if current is None:
                # Not a cell's fault: the process could not start, or lied about its progress.
                self.give_up(f"the notebook could not be run: {lost}")
            elif lost.timeout:
                self.lost_cells[current] = (f"skipped: it ran longer than "
                                            f"{self.limits.question_seconds:g} s")
            else:
                self.lost_cells[current] = f"skipped: while it ran, {lost}"
            return False
        except (KeyError, TypeError, ValueError, AttributeError):
            self.give_up(UNREADABLE)
            return False

    def _ask_pending(self, sandbox):
        for question in self.pending():
            prepared, verdict = self.prepared[question.id], None
            for alone in (True, False):
                try:
                    sandbox.send({"do": "ask", "question": question.id, "cases": prepared.sent,
                                  "alone": alone}, self._deadline())
                    reply = sandbox.receive(self._deadline())
                except Lost as lost:
                    self.results[question.id] = verdict or _zero(
                        question, self._lost_message(question, lost))
                    return
                attempt = self._judge(question, prepared, reply)
                verdict = attempt if verdict is None else better(verdict, attempt)
                if not retry_with_own(attempt, attempt.used):
                    break
            self.results[question.id] = verdict

    def _lost_message(self, question, lost):
        if lost.timeout:
            return (f"{question.id}: no answer within {self.limits.question_seconds:g} s "
                    "(an endless loop?); the other questions were graded in a fresh process.")
        return (f"{question.id}: while the answer ran, {lost}. Calling os._exit, killing the "
                f"process or running out of memory (limit {_size(self.limits.memory)}) do this.")

    def _judge(self, question, prepared, reply):
        if isinstance(reply, dict) and "missing" in reply:
            message = (f"{question.id}: missing: the notebook does not define {question.name}. "
                       f"Define `{question.name}` in a code cell (was its cell deleted or "
                       "renamed?).")
            failed = self.failures(defining=question.name) or self.failures()
            if failed:
                message += " These code cells failed: " + "; ".join(failed)
            return _zero(question, message)
        try:
            outcomes = [_read_outcome(o) for o in reply["outcomes"]]
            if len(outcomes) != len(prepared.cases):
                raise ValueError
        except (KeyError, TypeError, ValueError):
            return _zero(question, f"{question.id}: {UNREADABLE}")
        return assess(question, prepared.cases, prepared.expected, outcomes,
                      read_used(reply.get("used")))

    def assessments(self):
        return [self.results[q.id] for q in self.questions]

    def failures(self, defining=None):
        """One line per code cell that raised or was lost, in notebook order.

        With ``defining``, only the cells that define that name.
        """
        failed = {**self.cell_errors, **self.lost_cells}
        return [f"code cell {n}: {failed[n]}" for n in sorted(failed)
                if defining is None or defining in self.defines.get(n, ())]


def _read_outcome(outcome):
    """One case's outcome as sent by the sandbox, decoded (arrays checked as read)."""
    if not isinstance(outcome, dict):
        raise TypeError
    if "error" in outcome:
        return {"error": str(outcome["error"])[:MAX_ERROR]}
    try:
        return {"value": wire.decode(outcome["value"])}
    except wire.WireError as error:
        return {"error": f"the result could not be read: {error}"}


def _zero(question, message):
    return Assessment(question.id, 0, 0, 0.0, question.points, message)


def _size(n):
    return f"{n / 2**30:g} GiB" if n >= 2**30 else f"{n / 2**20:g} MiB"

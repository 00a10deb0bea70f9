"""The sandboxed process: runs a submission's code, then answers questions.

`process` starts it as ``python -I -B -m scratchnet.grading.sandbox
REQUESTS REPLIES MEMORY PROCESSES HOOK`` in an empty directory of its own,
with two pipe file descriptors (PROCESSES caps its user's processes, 0 for
no cap; HOOK is ``hook``, or ``no-hook`` for tests: see `guard`), in
namespaces of its own where the machine allows them (`isolation`; as the
first process of a PID namespace it forks, see `pid1`). It decides no
score: it sends back what the answers return (arrays as ``.npy`` bytes)
and the grader compares them with the reference in its own process.

Requests and replies:

- ``{"do": "run", "cells": [[number, source], ...]}``: sends ``{"cell": n}``
  before each cell (and again before a second run of each cell that raised
  NameError), then ``{"ran": {number: error message}}``. A cell runs
  statement by statement, and of a cell that does not compile, the parts
  that do (see `cells`).
- ``{"do": "ask", "question": id, "cases": [{name: encoded input}],
  "alone": bool}``: sends ``{"outcomes": [...], "used": {...}}`` (see
  `evaluate.ask_alone`: with ``alone``, the other answers are the
  package's), or ``{"missing": name}`` when the notebook does not define
  the answer.
"""
import builtins
import linecache
import os
import sys


def main(requests, replies, memory, processes=0, hook=True):
    from . import guard, pid1, wire
    if os.getpid() == 1:
        pid1.split(lifeline=requests, replies=replies)
    guard.limit_resources(memory, processes)
    from . import feedback
    from .evaluate import ask_alone, explain
    from .questions import QUESTIONS
    import scratchnet.grading
    import scratchnet.parallel

    # One thread for the layers, as for BLAS (see process.Sandbox): parallel jobs then do
    # not oversubscribe the cores, and a sandbox stays far below its process cap.
    scratchnet.parallel.set_num_threads(1)

    # In the grader, check() cells do nothing: the grader asks its own cases.
    scratchnet.grading.check = feedback.check = _no_check
    namespace = {"__name__": "__main__", "__builtins__": builtins, "display": _no_check}
    if hook:
        guard.install(os.getcwd())
    while True:
        request = wire.receive(requests)
        if request["do"] == "run":
            errors, again = {}, []
            for number, source in request["cells"]:
                wire.send(replies, {"cell": number})
                error, named = _run_cell(number, source, namespace)
                if error is not None:
                    errors[number] = _message(error, explain)
                    if named:
                        again.append((number, source))
            # Cells moved above what they use (a class above its base class's import) run
            # once more, after the others: the learner's kernel had run those too.
            for number, source in again:
                wire.send(replies, {"cell": number})
                error, _ = _run_cell(number, source, namespace)
                errors[number] = None if error is None else _message(error, explain)
            wire.send(replies, {"ran": {n: e for n, e in errors.items() if e}})
        elif request["do"] == "ask":
            question = QUESTIONS[request["question"]]
            answer = namespace.get(question.name)
            # A value question's stub assigns None: that is "not answered", not "missing".
            if question.name not in namespace or (answer is None and question.kind != "value"):
                wire.send(replies, {"missing": question.name})
                continue
            cases = [{k: wire.decode(v) for k, v in case.items()} for case in request["cases"]]
            outcomes, used = ask_alone(question, answer, cases, alone=request.get("alone", True),
                                       namespace=namespace, encode=wire.encode)
            wire.send(replies, {"outcomes": outcomes, "used": used})


def _run_cell(number, source, namespace):
    """Run one code cell, statement by statement.

    Returns what it raised first (its SyntaxError, for a cell that does not
    compile), or None; and whether a statement raised NameError.
    """
    from . import cells

    filename = f"<cell {number}>"
    # Registered so that tracebacks can quote the learner's line.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    first, named = None, False
    try:
        codes = cells.statements(source, filename)
    except (SyntaxError, ValueError) as error:
        first, codes = error, cells.salvage(source, filename, f"code cell {number}")
    for code in codes:
        try:
            exec(code, namespace)
        except BaseException as error:  # whatever a statement raises, the next ones still run
            first = first or error
            named = named or isinstance(error, NameError)
    return first, named


def _message(error, explain):
    if isinstance(error, SyntaxError):
        return f"{type(error).__name__}: {error.msg} (line {error.lineno})"
    return explain(error)


def _no_check(*args, **kwargs):
    return None


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:5]), hook=sys.argv[5] == "hook")

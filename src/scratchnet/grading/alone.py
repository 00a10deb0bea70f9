"""Grade each answer on its own: the other answers it calls are the package's.

While a question asks one answer, the names that the exercise's other
questions grade (``sigmoid_slope`` while ``iteration`` is asked) are bound,
in the namespace the answer runs in, to the package's versions, and a class
under test gets the package's version of its methods that other questions
grade (``Perceptron.predict`` while ``update`` is asked). The learner's
helpers that no question grades stay the learner's. So a mistake costs the
question it is in, not the ones that call it.

`plan` decides the stand-ins, `standing_in` binds them for the time of a
run, and `watching` records which of the learner's functions and of the
stand-ins the run called, for the report.
"""
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field

from .question import resolve

MAX_NAMES = 40


def answer_methods(question):
    """The methods a class question grades (from its ``forbidden``), or () for a whole answer."""
    prefix = question.reference + "."
    return tuple(path[len(prefix):] for path in question.blocked
                 if path.startswith(prefix) and "." not in path[len(prefix):])


def exercise_questions(question):
    """The questions of the exercise that ``question`` belongs to."""
    from .questions import EXERCISES

    return next((qs for qs in EXERCISES.values() if question in qs), [question])


@dataclass
class Plan:
    """How one question's answer is asked on its own.

    Attributes
    ----------
    answer : object
        What to ask: the learner's answer, or for a class, a subclass of it
        whose methods graded by other questions are the package's.
    names : dict of str to object
        The other answers' names, bound to the package's versions.
    namespace : dict or None
        Where the names are bound: the globals the learner's code runs in.
    yours, package : dict of int to str
        ``id(code)`` to a label (``"Perceptron.update"``) for the learner's
        code and for the stand-ins' code.
    """

    answer: object
    names: dict = field(default_factory=dict)
    namespace: dict | None = None
    yours: dict = field(default_factory=dict)
    package: dict = field(default_factory=dict)
    keep: list = field(default_factory=list)  # the code objects the ids refer to


def plan(question, answer, questions, namespace=None):
    """The stand-ins for every other answer of ``questions`` while ``question`` is asked.

    Parameters
    ----------
    question : Question
    answer : object
        The learner's function or class.
    questions : list of Question
        The exercise's questions.
    namespace : dict, optional
        The globals of the learner's code; found from the answer when omitted.
        Nothing is bound in the package's own modules.
    """
    namespace = namespace if namespace is not None else namespace_of(answer)
    if namespace is not None and str(namespace.get("__name__", "")).startswith("scratchnet"):
        namespace = None
    result = Plan(answer, namespace=namespace)
    blocked = {id(_raw_path(path)) for path in question.blocked}
    methods = {}  # answer name -> methods graded by some question (empty: the whole answer)
    for other in questions:
        if other.kind == "value":  # a number the learner worked out stays the learner's
            continue
        methods.setdefault(other.name, set()).update(answer_methods(other))
    for name, graded in methods.items():
        other = next(q for q in questions if q.name == name)
        reference = other.reference_object()
        if name != question.name:
            if id(reference) not in blocked:
                result.names[name] = reference
                _label_reference(result, name, reference, graded, blocked)
            continue
        # The class under test: the package's versions of its methods other questions grade.
        mine = set(answer_methods(question))
        others = {m: _raw(reference, m) for m in sorted(graded - mine)} if mine else {}
        others = {m: f for m, f in others.items() if f is not None and id(f) not in blocked}
        if others and isinstance(answer, type):
            try:
                result.answer = type(answer.__name__, (answer,), {
                    **others, "__module__": answer.__module__,
                    "__qualname__": answer.__qualname__, "__doc__": answer.__doc__})
            except Exception:  # a class that refuses subclasses is asked as it is
                pass
            else:
                for method, function in others.items():
                    _label(result, result.package, function, f"{name}.{method}")
    _label_learner(result, question, answer)
    return result


def namespace_of(answer):
    """The globals a learner's function or class runs with, or None."""
    functions = [answer] if not isinstance(answer, type) else [
        _function(member) for member in vars(answer).values()]
    for function in functions:
        if function is not None and isinstance(getattr(function, "__globals__", None), dict):
            return function.__globals__
    return None


@contextmanager
def standing_in(plan):
    """Bind the plan's stand-ins in the learner's namespace; restore the names on exit."""
    namespace = plan.namespace
    if namespace is None or not plan.names:
        yield
        return
    missing = object()
    saved = {name: namespace.get(name, missing) for name in plan.names}
    try:
        namespace.update(plan.names)
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value


@contextmanager
def watching(plan):
    """Record which of the learner's functions and of the stand-ins run, in call order.

    Yields ``{"yours": [...], "package": [...]}``, filled as the code runs.
    A profile function sees each Python call; the one before is put back.
    """
    used = {"yours": [], "package": []}
    labels = {**{k: ("yours", v) for k, v in plan.yours.items()},
              **{k: ("package", v) for k, v in plan.package.items()}}

    def profile(frame, event, arg):
        if event == "call":
            found = labels.get(id(frame.f_code))
            if found is not None and found[1] not in used[found[0]]:
                used[found[0]].append(found[1])

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield used
    finally:
        sys.setprofile(previous)


def read_used(value):
    """A sandbox's ``used`` record checked as data: two short lists of names, or None."""
    if not isinstance(value, dict):
        return None
    lists = [value.get(key) for key in ("yours", "package")]
    if not all(isinstance(names, list) and all(isinstance(n, str) for n in names)
               for names in lists):
        return None
    return {key: [n[:80] for n in names[:MAX_NAMES]] for key, names in zip(("yours", "package"),
                                                                            lists)}


def describe_used(used):
    """``"Used your: a, b; the package's: c."`` or "" when only the answer itself ran."""
    if not used or (not used["package"] and len(used["yours"]) <= 1):
        return ""
    parts = []
    if used["yours"]:
        parts.append("your: " + ", ".join(used["yours"]))
    if used["package"]:
        parts.append("the package's: " + ", ".join(used["package"]))
    return "Used " + "; ".join(parts) + "."


def _label_learner(plan, question, answer):
    """Label the learner's functions and classes of the namespace, and the answer's own code."""
    namespace = plan.namespace or {}
    module = namespace.get("__name__")
    for name, value in list(namespace.items()):
        if isinstance(value, type) and value.__module__ == module:
            _label_class(plan, value, namespace)
        elif getattr(value, "__globals__", None) is namespace and hasattr(value, "__code__"):
            _label(plan, plan.yours, value, _name(value, name))
    if isinstance(answer, type):
        _label_class(plan, answer, None)
    elif hasattr(answer, "__code__"):
        _label(plan, plan.yours, answer, _name(answer, question.name))


def _label_class(plan, cls, namespace):
    for attr, member in vars(cls).items():
        function = _function(member)
        if function is not None and (namespace is None or function.__globals__ is namespace):
            _label(plan, plan.yours, function, f"{cls.__name__}.{attr}")


def _label_reference(plan, name, reference, graded, blocked):
    """Label the package's stand-in for ``name``: the function, or the class's graded methods."""
    if not isinstance(reference, type):
        _label(plan, plan.package, reference, name)
        return
    for method in graded or [m for m in vars(reference) if _function(vars(reference)[m])]:
        function = _raw(reference, method)
        if function is not None and id(function) not in blocked:
            _label(plan, plan.package, function, f"{name}.{method}")


def _label(plan, labels, function, label):
    """Label ``function``'s code and the code nested in it (inner functions, lambdas)."""
    code = getattr(function, "__code__", None)
    todo = [code] if code is not None else []
    while todo:
        code = todo.pop()
        if id(code) in plan.yours or id(code) in plan.package:
            continue
        labels[id(code)] = label
        plan.keep.append(code)
        todo += [c for c in code.co_consts if hasattr(c, "co_code")]


def _name(function, bound):
    name = getattr(function, "__name__", bound)
    return bound if name == "<lambda>" else name


def _function(member):
    """The plain function behind a class attribute (method, static or class method, property)."""
    if isinstance(member, (staticmethod, classmethod)):
        member = member.__func__
    elif isinstance(member, property):
        member = member.fget
    return member if hasattr(member, "__code__") and hasattr(member, "__globals__") else None


def _raw(cls, name):
    """The attribute ``name`` as stored on ``cls`` or its first base that has it."""
    for klass in cls.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    return None


def _raw_path(path):
    try:
        return resolve(path)
    except (ImportError, AttributeError):
        return None

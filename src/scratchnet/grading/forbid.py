"""Keep an answer from calling the package's version of what it must write."""
from contextlib import contextmanager

from .question import resolve_owner


class ReferenceCallError(RuntimeError):
    """The answer called the package function it was asked to write.

    Every instance is recorded in `calls`, so an answer that catches the
    error and carries on is still caught.
    """

    calls = []

    def __init__(self, message):
        super().__init__(message)
        ReferenceCallError.calls.append(message)


def _blocked_code(message):
    """A code object that raises `ReferenceCallError` with ``message``.

    It replaces a function's ``__code__``, so it runs with that function's
    module globals: it finds this module through ``__import__``, not a
    global name.
    """
    source = (
        "def blocked(*args, **kwargs):\n"
        "    raise __import__('scratchnet.grading.forbid', fromlist=['_'])"
        f".ReferenceCallError({message!r})\n"
    )
    namespace = {}
    exec(compile(source, "<blocked reference>", "exec"), namespace)
    return namespace["blocked"].__code__


class Forbidden:
    """What `forbid` did; ``tampered`` is True if the answer undid a block."""

    def __init__(self):
        self.tampered = False


@contextmanager
def forbid(paths, question_id):
    """Make the package objects at ``paths`` raise while the block runs.

    A module function gets a new ``__code__``, which reaches every alias
    (``from scratchnet.losses import mse_prime as f`` included); a method
    is replaced on its class, which reaches subclasses and instances.
    Everything is restored on exit.

    Parameters
    ----------
    paths : iterable of str
        Dotted paths, e.g. ``"scratchnet.losses.mse_prime"``.
    question_id : str
        Named in the error message.

    Yields
    ------
    Forbidden
    """
    state = Forbidden()
    restore = []
    try:
        for path in paths:
            owner, attr = resolve_owner(path)
            message = (
                f"calling {path} is not allowed in the answer to '{question_id}': "
                "that is the package's version of what this question asks you to write"
            )
            if isinstance(owner, type):
                original = owner.__dict__[attr]
                stand_in = _make_raiser(message)
                setattr(owner, attr, stand_in)
                restore.append((owner, attr, original, stand_in))
            else:
                function = getattr(owner, attr)
                original, stand_in = function.__code__, _blocked_code(message)
                function.__code__ = stand_in
                restore.append((function, "__code__", original, stand_in))
        yield state
    finally:
        for target, attr, original, stand_in in reversed(restore):
            current = target.__dict__.get(attr) if isinstance(target, type) else target.__code__
            if current is not stand_in:
                state.tampered = True
            setattr(target, attr, original)


def _make_raiser(message):
    def blocked(*args, **kwargs):
        raise ReferenceCallError(message)
    return blocked

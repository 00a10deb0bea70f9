"""What a question is: one definition shared by `check` and the grader."""
import importlib
from dataclasses import dataclass
from typing import Callable

import numpy as np


def call(answer, *inputs):
    """The default way to ask a question: call the answer on the inputs."""
    return answer(*inputs)


@dataclass(frozen=True)
class Question:
    """One auto-graded question.

    Parameters
    ----------
    id : str
        Short stable name, e.g. ``"mse-prime"``; ``check(id, answer)``
        and the gradebook use it.
    points : float
    name : str
        What the notebook defines and the grader looks up, e.g.
        ``"mse_prime"`` or ``"Dense"``.
    reference : str
        Dotted path of the package's version, e.g.
        ``"scratchnet.losses.mse_prime"``; ``run`` applied to it gives the
        expected outputs.
    make_cases : callable
        ``make_cases(rng) -> list of dict``: the inputs of each case, by
        argument name (in call order). `check` draws them from a fixed
        seed, the grader from the run's seed.
    run : callable, default `call`
        ``run(answer, *inputs) -> outputs``: how to ask the answer (or the
        reference) for its outputs, e.g. build a layer, run forward and
        backward, return ``{"dx": ..., "dW": ..., "db": ...}``. Outputs
        are arrays, numbers, or lists and dicts of them.
    forbidden : tuple of str, optional
        Package functions or methods the answer may not call while it is
        asked; defaults to ``(reference,)``. Give the method for class
        questions, e.g. ``"scratchnet.layers.Dense.backward"``.
    rtol, atol : float
        Tolerances of the comparison with the reference.
    hints : tuple of str
        Hints in tiers, shown when a case fails: ``hints[0]`` says what to
        look at without giving the answer away (every failure shows it, the
        grader's reports too); ``hints[1]`` gives the formula or the code,
        shown by ``check(id, answer, hint=2)`` or after repeated failed
        checks in the notebook.
    judge : callable, optional
        ``judge(inputs, got) -> None or str`` checks properties of the
        outputs instead of comparing them with the reference's, for answers
        that depend on random draws (dropout masks); returns a message
        saying what is wrong, or None.
    kind : {"function", "value"}
        ``"function"`` (the default): the notebook defines a function or
        class that ``run`` calls. ``"value"``: the notebook assigns a number
        or array to ``name`` (an output size worked out by hand); ``run``
        receives that value (None: not answered yet) and ``reference`` names
        the package's value. Value questions are not stood in for while other
        questions are asked.
    """

    id: str
    points: float
    name: str
    reference: str
    make_cases: Callable
    run: Callable = call
    forbidden: tuple = ()
    rtol: float = 1e-6
    atol: float = 1e-9
    hints: tuple = ()
    judge: Callable | None = None
    kind: str = "function"

    @property
    def blocked(self):
        """The dotted paths the answer may not call."""
        return self.forbidden or (self.reference,)

    def reference_object(self):
        """Import and return the package's version."""
        return resolve(self.reference)


def resolve(path):
    """The object at a dotted path such as ``"scratchnet.layers.Dense.backward"``."""
    owner, attr = resolve_owner(path)
    return getattr(owner, attr)


def resolve_owner(path):
    """Split a dotted path into the object holding the last name, and that name.

    The longest importable prefix is the module; the rest are attributes,
    so ``"scratchnet.layers.Dense.backward"`` gives ``(Dense, "backward")``.
    """
    parts = path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            owner = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:-1]:
            owner = getattr(owner, attr)
        return owner, parts[-1]
    raise ImportError(f"cannot import any module from {path!r}")


def case_rng(*words):
    """A generator seeded from integers and strings, stable across runs and machines."""
    entropy = [w if isinstance(w, int) else int.from_bytes(w.encode(), "little") for w in words]
    return np.random.default_rng(entropy)

"""common.js's seeded random numbers, in Python: the same draws as the page's.

A widget whose data or weights the browser draws from a seed (so that a share
code can restore them) needs the very same numbers in Python, for its readout
and for the tests: `random_generator` follows common.js's ``randomGenerator``
(mulberry32) one draw at a time, `uniforms` gives its first n draws at once,
and `normal` is common.js's Box-Muller ``normal``.
"""
import math

import numpy as np

_MASK = 0xFFFFFFFF
_STEP = 0x6D2B79F5


def _imul(a, b):
    """JavaScript's Math.imul on unsigned 32-bit values: the low 32 bits of a * b."""
    return (a * b) & _MASK


def random_generator(seed):
    """Uniform numbers in [0, 1), the same sequence as common.js's ``randomGenerator(seed)``."""
    state = seed & _MASK

    def random():
        nonlocal state
        state = (state + _STEP) & _MASK
        t = _imul(state ^ (state >> 15), state | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & _MASK
        return (t ^ (t >> 14)) / 4294967296

    return random


def uniforms(seed, n):
    """The first ``n`` numbers of ``random_generator(seed)``, computed all at once.

    Returns
    -------
    ndarray of shape (n,)
        In [0, 1).
    """
    mask = np.uint64(_MASK)
    # mulberry32's state moves by a fixed step, so every draw can be computed at once.
    a = (np.uint64(seed & _MASK) + np.arange(1, n + 1, dtype=np.uint64) * np.uint64(_STEP)) & mask
    t = ((a ^ (a >> np.uint64(15))) * (a | np.uint64(1))) & mask
    t = t ^ ((t + (((t ^ (t >> np.uint64(7))) * (t | np.uint64(61))) & mask)) & mask)
    return (t ^ (t >> np.uint64(14))).astype(np.float64) / 2.0 ** 32


def normal(random):
    """A standard normal number from two uniform ones (Box-Muller), as common.js's ``normal``."""
    u = 1 - random()
    return math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * random())

"""A fair side-by-side timer for two implementations of the same work.

Timing two libraries back to back on a 2-core machine is biased: after a
matrix product, OpenBLAS's worker threads keep spinning for about 0.1-0.2 s
(PyTorch's OpenMP pool for a few ms), and a spinning pool can halve the
speed of whatever runs next. So before each timed call the same side runs
untimed for about a quarter of a second, the two sides alternate which goes
first, and the figure reported is the median of the per-pair ratios, which
holds on a noisy, shared machine better than a ratio of two medians.
"""
import statistics
import time
from dataclasses import dataclass

WARMUP_SECONDS = 0.25

# What the timings read. Wall time by default; `run.py --cpu-time` switches to
# the process's CPU time, which does not count the time another process holds
# the core, and so is steadier on a shared machine when each side runs on one
# thread (with more, idle worker threads that spin would count).
clock = time.perf_counter


def run_for(fn, seconds):
    """Call ``fn`` repeatedly for at least ``seconds`` (and at least once)."""
    end = time.perf_counter() + seconds
    fn()
    while time.perf_counter() < end:
        fn()


def time_call(fn, calls=1):
    """Seconds per call of ``fn``: the median of ``calls`` consecutive calls."""
    times = []
    for _ in range(calls):
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times)


@dataclass
class Comparison:
    """Seconds per call on each side, and our time / their time.

    ``ours`` and ``theirs`` are medians over the pairs; ``ratio`` is the
    median of the per-pair ratios, ``low`` and ``high`` their extremes.
    """

    ours: float
    theirs: float
    ratio: float
    low: float
    high: float
    pairs: int


def side_by_side(ours, theirs, pairs=7, calls=5, warmup=WARMUP_SECONDS,
                 warm_ours=None, warm_theirs=None):
    """Time ``ours`` against ``theirs`` in alternating, warmed pairs.

    Parameters
    ----------
    ours, theirs : callable
        Each does the whole unit of work once, with no arguments.
    pairs : int
        Number of (ours, theirs) measurements; the order alternates.
    calls : int
        Consecutive timed calls per measurement (their median is taken),
        right after the warm-up.
    warmup : float
        Seconds each side runs untimed before its timed calls.
    warm_ours, warm_theirs : callable, optional
        A shorter piece of the same work to warm up with, for a unit of
        work much longer than ``warmup`` (default: the timed callable).

    Returns
    -------
    Comparison
    """
    mine, other, ratios = [], [], []
    for pair in range(pairs):
        sides = [(ours, warm_ours or ours, mine), (theirs, warm_theirs or theirs, other)]
        for fn, warm, times in (sides if pair % 2 == 0 else sides[::-1]):
            run_for(warm, warmup)
            times.append(time_call(fn, calls))
        ratios.append(mine[-1] / other[-1])
    return Comparison(statistics.median(mine), statistics.median(other),
                      statistics.median(ratios), min(ratios), max(ratios), pairs)


def time_alone(fn, repeats=5, calls=1, warmup=WARMUP_SECONDS):
    """Median seconds per call of ``fn`` over ``repeats`` warmed measurements."""
    times = []
    for _ in range(repeats):
        run_for(fn, warmup)
        times.append(time_call(fn, calls))
    return statistics.median(times)

"""The machine's two ceilings for a roofline: matrix-product speed and memory bandwidth."""
import numpy as np

from scratchnet.parallel import map_blocks, split
from timing import time_alone


def matmul_peak(dtype=np.float32, size=2048, repeats=5):
    """NumPy's matrix-product speed on this machine, in FLOP/s (best of ``repeats``)."""
    rng = np.random.default_rng(0)
    a = rng.random((size, size)).astype(dtype)
    b = rng.random((size, size)).astype(dtype)
    seconds = min(time_alone(lambda: a @ b, repeats=1) for _ in range(repeats))
    return 2 * size ** 3 / seconds


def copy_bandwidth(megabytes=256, repeats=5):
    """Bytes per second NumPy moves through memory, copying one large array into another.

    The copy is shared out among the cores as the fast layers share their
    work (`scratchnet.parallel`); each byte is read once and written once,
    and both count. Arrays far larger than the caches, so the figure is the
    main memory's, not a cache's. Best of ``repeats``.
    """
    n = megabytes * 2**20 // 8
    source = np.random.default_rng(0).random(n)
    target = np.empty_like(source)
    blocks = split(n, 8)

    def copy():
        map_blocks(lambda part: np.copyto(target[part], source[part]), blocks)

    seconds = min(time_alone(copy, repeats=1) for _ in range(repeats))
    return 2 * source.nbytes / seconds

"""Spread a layer's work over the CPU's cores, one block of images at a time.

NumPy runs each operation on one core; only its matrix products (BLAS) use
more, and only when they are large. The images of a batch are independent,
so `Conv2D` and `MaxPool2D` cut the batch into blocks and hand each core a
share of the blocks. Plain threads suffice: NumPy lets go of Python's global
lock inside its array loops and its matrix products. While the blocks run,
BLAS is held to one thread per call (for the whole process: other threads'
products too), so that its threads and ours do not fight over the same cores.

The blocks depend on the data alone, never on the number of threads, and a
batch cut into blocks has BLAS on one thread even when the blocks all run
on the calling thread (a multi-threaded BLAS may round differently), so a
layer computes the same numbers, to the last bit, whatever `set_num_threads`
says.
"""
import os
import threading
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager

from threadpoolctl import ThreadpoolController

# Bytes of work arrays (im2col columns, products, images) a block of images may fill.
# Larger blocks mean fewer, larger NumPy calls; each call costs microseconds of Python,
# and those cannot overlap between threads. 4 MiB was the fastest of 2, 4 and 8 MiB for
# the convolutions of benchmarks/conv.py on a 2-core machine with 2 MiB of L2 per core.
# Smaller blocks would keep more of their work in cache, but there that bought nothing
# measurable: on one thread, the im2col copy and product of that batch took 1.50-1.54 ms
# in blocks of anything from 1 to 64 images.
BLOCK_BYTES = 4 * 2**20
# The number of blocks is a multiple of this, so that two cores get equal shares.
BLOCKS_MULTIPLE = 2
# A batch whose work arrays are smaller stays in one block: handing work to another
# thread costs tens of microseconds, more than it saves on so little work (the digits
# CNN of benchmarks/digits.py, 147 KB of columns per batch, trained 30% slower split).
SPLIT_BYTES = 2**20

_threads = None  # set by set_num_threads; None means one per core
_pool = None
_pool_lock = threading.Lock()
_blas = None  # the ThreadpoolController, found on first use
_blas_lock = threading.Lock()
_blas_users = 0  # map_blocks calls inside _one_blas_thread right now
_blas_limit = None
_inside = threading.local()  # .running is True on a thread that is running blocks


def num_threads():
    """How many threads the layers use: `set_num_threads`'s value, else one per core."""
    if _threads is not None:
        return _threads
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def set_num_threads(threads):
    """Use ``threads`` threads from now on (1: everything on the calling thread).

    ``None`` goes back to the default, one per core.
    """
    global _threads, _pool
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, int)
                                or threads < 1):
        raise ValueError(f"threads must be an int >= 1 or None, got {threads!r}")
    with _pool_lock:
        _threads = threads
        # The next map_blocks makes a pool of the new size. The old one is not shut down,
        # as a call running on another thread may still be using it; once nobody holds
        # it, its idle threads end.
        _pool = None


def split(n, bytes_per_image):
    """Cut a batch of ``n`` images into blocks of (nearly) equal size.

    Parameters
    ----------
    n : int
        Images in the batch.
    bytes_per_image : int
        What one image adds to the work arrays of a block.

    Returns
    -------
    blocks : list of slice
        One block below `SPLIT_BYTES` in all; otherwise as few blocks as
        keep each within `BLOCK_BYTES`, their number rounded up to a
        multiple of `BLOCKS_MULTIPLE` (at most ``n``). Nothing here depends
        on the number of threads.
    """
    if n == 0:
        return []
    if n * bytes_per_image < SPLIT_BYTES:
        return [slice(0, n)]
    blocks = -(-n * bytes_per_image // BLOCK_BYTES)
    blocks = min(n, BLOCKS_MULTIPLE * -(-blocks // BLOCKS_MULTIPLE))
    edges = [b * n // blocks for b in range(blocks + 1)]
    return [slice(first, last) for first, last in zip(edges, edges[1:])]


def map_blocks(work, blocks):
    """``[work(images) for images in blocks]``, the blocks spread over the threads.

    Parameters
    ----------
    work : callable
        Takes a slice of the batch, e.g. ``slice(0, 8)``, and does that
        block's share; blocks must not write to the same memory.
    blocks : list of slice
        From `split`.

    Returns
    -------
    results : list
        What ``work`` returned for each block, in batch order. An exception
        raised by ``work`` is raised here.
    """
    if len(blocks) < 2:
        # A batch too small to cut: BLAS as it is (holding it costs more than this work).
        return _do_run(work, blocks)
    # Blocks that call map_blocks themselves run it on their own thread: waiting on the
    # pool from inside the pool could wait for ever.
    threads = 1 if getattr(_inside, "running", False) else min(num_threads(), len(blocks))
    with _one_blas_thread():
        if threads == 1:
            return _do_run(work, blocks)
        # Each thread takes a run of neighbouring blocks: one task per thread, not per block.
        runs = [blocks[t * len(blocks) // threads:(t + 1) * len(blocks) // threads]
                for t in range(threads)]
        pool = _thread_pool()
        others = []
        try:
            for run in runs[1:]:
                others.append(pool.submit(_do_run, work, run))
            # The calling thread does the first run itself instead of waiting idle.
            first = _do_run(work, runs[0])
        finally:
            wait(others)  # even if the first run failed: the others still write to the arrays
    return first + [result for future in others for result in future.result()]


def _do_run(work, run):
    before = getattr(_inside, "running", False)
    _inside.running = True
    try:
        return [work(images) for images in run]
    finally:
        _inside.running = before


def _thread_pool():
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max(1, num_threads() - 1), thread_name_prefix="scratchnet")
        return _pool


def _forget_pool():
    # A forked child (multiprocessing's "fork") inherits the pool but not its threads:
    # work handed to it would wait forever, so the child starts a pool of its own. It
    # starts its own locks and count of BLAS users too, in case a parent thread held
    # them, and lifts a BLAS limit that such a thread had set.
    global _pool, _pool_lock, _blas_lock, _blas_users
    _pool = None
    _pool_lock = threading.Lock()
    _blas_lock = threading.Lock()
    if _blas_users:
        _blas_limit.restore_original_limits()
    _blas_users = 0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


@contextmanager
def _one_blas_thread():
    """Hold BLAS to one thread inside this block, however many callers overlap.

    Each limit remembers the thread count it replaced, so two overlapping
    limits restored out of order would leave BLAS on one thread for good:
    the first caller in sets the limit and the last one out lifts it.
    """
    global _blas, _blas_users, _blas_limit
    with _blas_lock:
        if _blas_users == 0:
            if _blas is None:
                # Finding the loaded BLAS libraries takes milliseconds; limiting them, microseconds.
                _blas = ThreadpoolController()
            _blas_limit = _blas.limit(limits=1, user_api="blas")
        _blas_users += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            if _blas_users == 0:
                _blas_limit.restore_original_limits()

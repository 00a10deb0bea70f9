"""scratchnet.parallel: blocks of images spread over threads, with results that never depend on them."""
import multiprocessing
import os
import sys
import threading
import time

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from scratchnet import parallel
from scratchnet.fast import Conv2D, MaxPool2D


@pytest.fixture
def threads():
    """Set the thread count for one test, then go back to the default."""
    yield parallel.set_num_threads
    parallel.set_num_threads(None)


@pytest.mark.parametrize("n, image_bytes, blocks", [
    (64, 1000, 1),                   # too little work to share out
    (64, parallel.SPLIT_BYTES // 64, 2),  # enough to share: cut in two, for two cores
    (64, parallel.BLOCK_BYTES // 4, 16),  # 16 blocks of 4 images, each exactly full
    (64, parallel.BLOCK_BYTES // 5, 14),  # 13 blocks would do; rounded up to 14
    (3, parallel.BLOCK_BYTES, 3),    # no more blocks than images
    (1, 1, 1),
    (0, 1, 0),
])
def test_split_cuts_as_few_equal_blocks_as_fit(n, image_bytes, blocks):
    parts = parallel.split(n, image_bytes)
    assert len(parts) == blocks
    assert [i for part in parts for i in range(n)[part]] == list(range(n))
    sizes = [part.stop - part.start for part in parts]
    assert max(sizes, default=0) - min(sizes, default=0) <= 1
    assert max(sizes, default=0) * image_bytes <= max(parallel.BLOCK_BYTES, image_bytes)


@pytest.mark.parametrize("count", [1, 2, 3, 8])
@pytest.mark.parametrize("n, blocks", [(10, 4), (7, 1), (1, 1), (0, 0), (9, 9)])
def test_map_blocks_covers_every_image_once_in_order(threads, count, n, blocks):
    threads(count)
    workers = set()
    parts = [slice(b * n // blocks, (b + 1) * n // blocks) for b in range(blocks)]

    def work(images):
        workers.add(threading.get_ident())
        return list(range(n))[images]

    results = parallel.map_blocks(work, parts)
    assert [image for result in results for image in result] == list(range(n))
    assert len(results) == blocks
    assert len(workers) <= count


def test_map_blocks_uses_several_threads_when_asked(threads):
    threads(2)
    barrier = threading.Barrier(2, timeout=10)

    def work(images):
        # Both runs must be in progress at once to pass the barrier.
        barrier.wait()
        return threading.get_ident()

    assert len(set(parallel.map_blocks(work, [slice(0, 2), slice(2, 4)]))) == 2


@pytest.mark.parametrize("failing", [0, 5])
def test_an_error_in_a_block_reaches_the_caller_once_the_other_threads_are_done(threads, failing):
    threads(2)
    finished = []

    def work(images):
        if images.start == failing:
            raise ZeroDivisionError(f"block {failing}")
        time.sleep(0.05)  # the other thread is still busy when the caller's run fails
        finished.append(images.start)

    with pytest.raises(ZeroDivisionError, match=f"block {failing}"):
        parallel.map_blocks(work, [slice(i, i + 1) for i in range(6)])
    # Blocks 0-2 run on the calling thread and 3-5 on the other, each in order: a failure
    # ends its own run, but the other run has finished before the error comes out.
    other_run = [3, 4, 5] if failing < 3 else [0, 1, 2]
    assert set(other_run) <= set(finished)


def blas_threads():
    """The thread count of every BLAS library loaded."""
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_blas_threads_are_restored_after_the_blocks(threads):
    threads(2)
    before = blas_threads()
    inside = parallel.map_blocks(lambda images: blas_threads(), [slice(0, 1), slice(1, 2)])
    assert inside == [[1] * len(before)] * 2
    assert blas_threads() == before


def test_one_thread_gives_the_same_bits_as_two_on_products_blas_would_share_out(threads):
    # Products large enough for a multi-threaded BLAS to split (and round differently):
    # on one thread, too, the layers hold BLAS to one thread.
    rng = np.random.default_rng(3)
    x = rng.standard_normal((50, 32, 14, 14))
    results = []
    for count in (1, 2):
        threads(count)
        layer = Conv2D(32, 64, 3, padding=1, rng=1)
        out = layer.forward(x)
        dx = layer.backward(np.cos(out))
        results.append([out, dx, layer.grads["W"], layer.grads["b"]])
    for alone, shared in zip(*results):
        np.testing.assert_array_equal(alone, shared)


def test_set_num_threads_while_another_thread_runs_layers(threads):
    # The pool a running call holds must stay usable when the thread count changes.
    threads(2)
    errors = []
    stop = threading.Event()

    def run_layers_repeatedly():
        try:
            while not stop.is_set():
                parallel.map_blocks(lambda images: None, [slice(0, 1), slice(1, 2)])
        except Exception as error:  # noqa: BLE001 - the test reports whatever escaped
            errors.append(error)

    runner = threading.Thread(target=run_layers_repeatedly)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to meet the race
    try:
        runner.start()
        for count in [2, 3] * 2000:
            parallel.set_num_threads(count)
    finally:
        sys.setswitchinterval(interval)
    stop.set()
    runner.join(30)
    assert errors == []


def test_map_blocks_inside_a_block_runs_on_that_thread(threads):
    # Handed to the pool from inside the pool, the inner blocks would wait for ever.
    threads(2)
    results = []

    def outer(images):
        return parallel.map_blocks(lambda inner: threading.get_ident(), [slice(0, 1), slice(1, 2)])

    caller = threading.Thread(
        target=lambda: results.extend(parallel.map_blocks(outer, [slice(0, 1), slice(1, 2)])),
        daemon=True)
    caller.start()
    caller.join(30)
    assert not caller.is_alive(), "nested map_blocks hung"
    assert len(results) == 2 and all(len(set(inner)) == 1 for inner in results)


def test_overlapping_callers_leave_blas_threads_as_they_were(threads):
    # Two threads run layers at once, over and over; their BLAS limits overlap in every
    # order. Restored out of order, they would leave BLAS on one thread for good.
    threads(2)
    before = blas_threads()
    inner = threading.Barrier(2, timeout=10)

    def work(images):
        if images.start == 0:
            time.sleep(0.001 * (threading.get_ident() % 3))
        return None

    def caller():
        inner.wait()
        for _ in range(200):
            parallel.map_blocks(work, [slice(0, 1), slice(1, 2)])

    callers = [threading.Thread(target=caller) for _ in range(2)]
    for thread in callers:
        thread.start()
    for thread in callers:
        thread.join(60)
    assert blas_threads() == before


def _forward_in_child(layer, x, queue):
    queue.put(layer.forward(x).shape)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the fork start method needs os.fork")
def test_a_forked_child_runs_the_layers_on_a_pool_of_its_own(threads, monkeypatch):
    threads(2)
    monkeypatch.setattr(parallel, "SPLIT_BYTES", 0)
    layer = Conv2D(3, 4, 3, rng=0)
    x = np.ones((8, 3, 10, 10))
    layer.forward(x)  # the parent's pool now has a worker thread, which a child lacks
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_forward_in_child, args=(layer, x, queue))
    child.start()
    child.join(30)
    if child.is_alive():
        child.kill()
        pytest.fail("the forked child hung waiting for the parent's threads")
    assert queue.get(timeout=5) == (8, 4, 8, 8)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True])
def test_set_num_threads_names_a_bad_count(bad):
    with pytest.raises(ValueError, match="threads must be an int >= 1"):
        parallel.set_num_threads(bad)


def run_layers(seed, dtype):
    """Output and every gradient of a Conv2D (stride 1 and 2) and a MaxPool2D."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((9, 3, 11, 10)).astype(dtype)
    results = []
    for layer in (Conv2D(3, 4, 3, padding=1, rng=1, dtype=dtype),
                  Conv2D(3, 4, 3, stride=2, rng=2, dtype=dtype), MaxPool2D(3, stride=2)):
        out = layer.forward(x)
        dx = layer.backward(rng.standard_normal(out.shape).astype(dtype))
        results += [out, dx] + list(layer.grads.values())
    return results


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("block_bytes", [1, 5000, parallel.BLOCK_BYTES])
def test_layers_give_the_same_bits_on_any_number_of_threads(threads, monkeypatch, block_bytes,
                                                            dtype):
    monkeypatch.setattr(parallel, "BLOCK_BYTES", block_bytes)
    monkeypatch.setattr(parallel, "SPLIT_BYTES", 0)  # split even these small batches
    threads(1)
    alone = run_layers(0, dtype)
    assert all(result.dtype == dtype for result in alone)  # blocks keep float32 float32
    for count in (2, 3):
        threads(count)
        for ours, reference in zip(run_layers(0, dtype), alone):
            np.testing.assert_array_equal(ours, reference)

"""Messages between the grader and the sandboxed process, in a format safe to read.

A message is an 8-byte length and a JSON document. Arrays travel as the
bytes of an ``.npy`` file, read back with ``allow_pickle=False``, so
decoding what a submission sends can never run its code. The grader
caps the size and nesting of what it accepts.
"""
import base64
import io
import json
import os
import select
import time

import numpy as np

MAX_MESSAGE = 16 * 2**20
MAX_DEPTH = 20


class WireError(Exception):
    """A message could not be sent, received or decoded."""


def encode(value, depth=0):
    """A JSON-ready form of an array, a number, a string, None, or lists and dicts of them."""
    if depth > MAX_DEPTH:
        raise WireError("the result is nested too deeply")
    if isinstance(value, (np.ndarray, np.generic)):
        buffer = io.BytesIO()
        try:
            np.save(buffer, np.asarray(value), allow_pickle=False)
        except ValueError:
            raise WireError(f"an array of dtype {value.dtype} cannot be graded") from None
        return {"array": base64.b64encode(buffer.getvalue()).decode("ascii")}
    if value is None or isinstance(value, (bool, int, float)):
        return {"number": value}
    if isinstance(value, str):
        return {"text": value}
    if isinstance(value, (list, tuple)):
        return {"list": [encode(v, depth + 1) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: encode(v, depth + 1) for k, v in value.items()}}
    raise WireError(f"a {type(value).__name__} cannot be graded; return arrays or numbers")


def decode(data, depth=0):
    """Invert `encode`; raise `WireError` on anything else."""
    if depth > MAX_DEPTH or not isinstance(data, dict) or len(data) != 1:
        raise WireError("malformed value")
    (kind, body), = data.items()
    if kind == "array" and isinstance(body, str):
        try:
            return _load_npy(base64.b64decode(body))
        except Exception as error:
            raise WireError(f"malformed array: {error}") from None
    if kind == "number" and (body is None or isinstance(body, (bool, int, float))):
        return body
    if kind == "text" and isinstance(body, str):
        return body
    if kind == "list" and isinstance(body, list):
        return [decode(v, depth + 1) for v in body]
    if kind == "dict" and isinstance(body, dict):
        return {str(k): decode(v, depth + 1) for k, v in body.items()}
    raise WireError("malformed value")


def _load_npy(raw):
    """Read ``.npy`` bytes, first checking that the header matches the data size.

    ``np.load`` would allocate whatever shape a header claims before
    reading the data, so a forged header could exhaust the grader's memory.
    """
    stream = io.BytesIO(raw)
    version = np.lib.format.read_magic(stream)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(stream)
    elif version == (2, 0):
        shape, _, dtype = np.lib.format.read_array_header_2_0(stream)
    else:
        raise WireError(f"unsupported .npy version {version}")
    size = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if dtype.hasobject or size != len(raw) - stream.tell():
        raise WireError("the array's header does not match its data")
    stream.seek(0)
    return np.load(stream, allow_pickle=False)


def send(fd, message, deadline=None):
    """Write one message to the file descriptor ``fd`` (blocking, or until ``deadline``)."""
    body = json.dumps(message).encode()
    data = memoryview(len(body).to_bytes(8, "big") + body)
    while data:
        if deadline is not None:
            _wait(fd, deadline, write=True)
        try:
            written = os.write(fd, data)
        except OSError as error:
            raise WireError(f"the other side hung up ({error.strerror})") from None
        data = data[written:]


def receive(fd, deadline=None, limit=MAX_MESSAGE):
    """Read one message from ``fd``; raise `WireError` or `TimeoutError`."""
    size = int.from_bytes(_read_exactly(fd, 8, deadline), "big")
    if size > limit:
        raise WireError(f"a message of {size} bytes is over the limit of {limit}")
    try:
        return json.loads(_read_exactly(fd, size, deadline))
    except (ValueError, RecursionError) as error:
        raise WireError(f"malformed message: {error}") from None


def _read_exactly(fd, size, deadline):
    chunks, remaining = [], size
    while remaining:
        if deadline is not None:
            _wait(fd, deadline, write=False)
        chunk = os.read(fd, min(remaining, 2**20))
        if not chunk:
            raise WireError("the process ended")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _wait(fd, deadline, write):
    remaining = deadline - time.monotonic()
    if remaining > 0:
        readable, writable, _ = select.select([] if write else [fd], [fd] if write else [], [],
                                              remaining)
        if readable or writable:
            return
    raise TimeoutError

"""A wheel of the installed ``scratchnet``, for the Gradescope bundle.

The wheel holds the package's files as this process imports them and the
metadata of the installed distribution, so the bundle grades with exactly
the code (and version) the teacher has. Written by hand, it needs no build
tools and no network, and works from an editable install as from a wheel.
"""
import base64
import hashlib
import importlib.metadata
import os
import zipfile

import scratchnet

TAG = "py3-none-any"


def write_wheel(folder):
    """Write ``scratchnet-VERSION-py3-none-any.whl`` into ``folder``; return its path."""
    distribution = importlib.metadata.distribution("scratchnet")
    version = distribution.version
    info = f"scratchnet-{version}.dist-info"
    files = {f"scratchnet/{name}": data for name, data in _package_files()}
    files[f"{info}/METADATA"] = distribution.read_text("METADATA").encode()
    entry_points = distribution.read_text("entry_points.txt")
    if entry_points:
        files[f"{info}/entry_points.txt"] = entry_points.encode()
    files[f"{info}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: scratchnet.grading.wheel\n"
                              f"Root-Is-Purelib: true\nTag: {TAG}\n").encode()
    record = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in files.items()]
    files[f"{info}/RECORD"] = "\n".join([*record, f"{info}/RECORD,,", ""]).encode()
    path = os.path.join(folder, f"scratchnet-{version}-{TAG}.whl")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)
    return path


def _package_files():
    """``(path inside the package, bytes)`` of every file but caches, in a stable order."""
    top = os.path.dirname(scratchnet.__file__)
    for folder, subfolders, names in os.walk(top):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(names):
            if not name.endswith((".pyc", ".pyo")):
                path = os.path.join(folder, name)
                with open(path, "rb") as file:
                    yield os.path.relpath(path, top).replace(os.sep, "/"), file.read()


def _digest(data):
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()

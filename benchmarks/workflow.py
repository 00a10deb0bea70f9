"""The project's own workflow, timed once each: book build, test suite, grading.

These take minutes, so `run.py --quick` skips them. They run as child
processes from the repository root.
"""
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SUBMISSIONS = 100


def timed(command, cwd=ROOT, pick=None):
    """Run ``command``; return (seconds, exit code, an output line).

    The line is the last non-empty one, or the last containing ``pick``.
    """
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    lines = [line for line in (done.stdout + done.stderr).splitlines()
             if line.strip() and (pick is None or pick in line)]
    return seconds, done.returncode, lines[-1] if lines else ""


def book_build():
    """A clean build of the whole book, as `make book` runs it.

    It builds into a fresh temporary folder (``--path-output``) rather than
    deleting ``_build``, which other processes on the machine may be reading.
    """
    if shutil.which("make"):
        subprocess.run(["make", "vendor"], cwd=ROOT, capture_output=True)
    with tempfile.TemporaryDirectory() as out:
        return timed([str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going",
                      "--path-output", out])


def test_suite():
    """The full test suite, as `make test` runs it (pytest over tests/)."""
    return timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"])


def grading(jobs=2):
    """`scratchnet-grade --jobs 2` over SUBMISSIONS solution notebooks (the chapters in turn).

    Timed once; benchmarks/bench_grading.py has the detailed, repeated figures.
    Returns None when the grader is not installed.
    """
    grader = BIN / "scratchnet-grade"
    solutions = sorted((ROOT / "solutions").glob("*.ipynb"))
    if not grader.exists() or not solutions:
        return None
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        copies = []
        for i in range(SUBMISSIONS):
            copy = folder / f"student{i:03d}.ipynb"
            shutil.copyfile(solutions[i % len(solutions)], copy)
            copies.append(str(copy))
        return timed([str(grader), "--jobs", str(jobs), "--seed", "0",
                      "--out", str(folder / "grades"), *copies], pick="graded in")


def pytest_counts(line):
    """'12 passed, 1 skipped in 3.4s' -> '12 passed, 1 skipped'."""
    match = re.search(r"(\d+ \w+(, \d+ \w+)*) in ", line)
    return match.group(1) if match else line

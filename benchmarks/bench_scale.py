"""A class of hundreds: grading 1,000 submissions, and one Gradescope run from a cold start.

1. Copies the solved notebooks (every exercise in turn) into a temporary folder
   until there are ``--count`` of them, and grades them with
   ``python -m scratchnet.grading --jobs N`` as a teacher would. Reports the
   wall-clock time, the time per submission, and the peak memory of the
   grader's whole process tree (the sum of every process's resident memory,
   sampled every 0.1 s with psutil).
2. Builds the Gradescope bundle with ``--gradescope-zip``, installs it with
   its own ``setup.sh`` into a temporary root (offline, as tests/test_gradescope.py
   does), asks the kernel to drop its page cache (as root; say so when it cannot),
   and times the first ``run_autograder`` on one solved notebook: a cold start
   of Python, the package and the sandbox.

Prints the figures; not part of the tests. Run it on a quiet machine.

Usage: python benchmarks/bench_scale.py [--count 1000] [--jobs 2]
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import psutil

from scratchnet.grading.questions import EXERCISES

ROOT = Path(__file__).resolve().parent.parent


def tree_rss(process):
    """Resident bytes of ``process`` and all its descendants, now."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass  # ended between listing and reading
    return total


def grade_many(folder, count, jobs):
    """Seconds and peak process-tree memory of grading ``count`` solved notebooks."""
    names = [name for name in EXERCISES if (ROOT / "solutions" / f"{name}.ipynb").exists()]
    paths = []
    for i in range(count):
        name = names[i % len(names)]
        path = folder / f"{i:04d}_{name}.ipynb"
        shutil.copy(ROOT / "solutions" / f"{name}.ipynb", path)
        paths.append(path)
    start = time.perf_counter()
    grader = subprocess.Popen([sys.executable, "-m", "scratchnet.grading", *map(str, paths),
                               "--out", str(folder / "grades"), "--jobs", str(jobs),
                               "--seed", "0"], stdout=subprocess.PIPE, text=True)
    peak, watched = 0, psutil.Process(grader.pid)
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, tree_rss(watched))
            except psutil.Error:
                return
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    output = grader.communicate()[0]
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if grader.returncode != 0:
        raise SystemExit(f"the grader exited with {grader.returncode}")
    isolation = next(line for line in output.splitlines() if line.startswith("isolation:"))
    with open(folder / "grades" / "gradebook.csv", newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    full = sum(1 for row in rows if float(row["total"]) == float(row["max_score"]))
    return seconds, peak, isolation, full


def drop_page_cache():
    """Ask the kernel to forget cached files; True if it accepted."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def gradescope_cold_start(folder):
    """Seconds of the first run_autograder after setup.sh, and whether the cache was dropped."""
    exercise = next(iter(EXERCISES))
    bundle, root = folder / "autograder.zip", folder / "autograder"
    subprocess.run([sys.executable, "-m", "scratchnet.grading", "--gradescope-zip", str(bundle),
                    "--exercise", exercise], check=True, capture_output=True)
    root.mkdir()
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
        for info in archive.infolist():
            os.chmod(root / "source" / info.filename, (info.external_attr >> 16) & 0o777)
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    env = dict(os.environ, SCRATCHNET_AUTOGRADER_ROOT=str(root), PIP_NO_INDEX="1",
               SCRATCHNET_SITE_PACKAGES=sysconfig.get_paths()["purelib"],
               PYTHON=sys._base_executable, PIP_DISABLE_PIP_VERSION_CHECK="1")
    subprocess.run(["bash", "setup.sh"], cwd=root / "source", env=env, check=True,
                   capture_output=True)
    for sub in ("submission", "results"):
        (root / sub).mkdir()
    shutil.copy(ROOT / "solutions" / f"{exercise}.ipynb", root / "submission" / "answer.ipynb")
    (root / "submission_metadata.json").write_text(json.dumps({"id": 1}))
    dropped = drop_page_cache()
    start = time.perf_counter()
    subprocess.run([str(root / "run_autograder")], cwd=root, env=env, check=True,
                   capture_output=True)
    seconds = time.perf_counter() - start
    score = json.loads((root / "results" / "results.json").read_text())["score"]
    return seconds, dropped, score


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as folder:
        seconds, peak, isolation, full = grade_many(Path(folder), args.count, args.jobs)
    print(f"{args.count} solved submissions, --jobs {args.jobs}: {seconds:.1f} s in all, "
          f"{seconds / args.count * 1e3:.0f} ms per submission, peak memory of the grader's "
          f"process tree {peak / 2**20:.0f} MiB; {full} of {args.count} got full marks")
    print(isolation)
    with tempfile.TemporaryDirectory() as folder:
        seconds, dropped, score = gradescope_cold_start(Path(folder))
    cache = "page cache dropped first" if dropped else "page cache NOT dropped (not root?)"
    print(f"Gradescope run_autograder, first run after setup.sh ({cache}): {seconds:.2f} s, "
          f"score {score}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

"""Grading throughput: seconds per submission, and for 100 submissions with --jobs 2.

Copies the solution notebooks (every exercise in turn) into a temporary
folder and times ``python -m scratchnet.grading`` on them, as a teacher
would run it, in two settings: with the isolation the grader finds on this
machine (namespaces, where it can make them) and without namespaces (the
grader run with a PATH where it cannot find ``unshare``). The settings take
turns; each figure is the median wall-clock time of ``--repeat`` runs (the
machine is shared and noisy). Prints the figures; not part of the tests.

Usage: python benchmarks/bench_grading.py [--count 100] [--jobs 2] [--repeat 3]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {"as found": None, "without namespaces": dict(os.environ, PATH="/nonexistent")}


def grade(paths, out, jobs, env):
    """Seconds taken by the grader on ``paths``, and its isolation line."""
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "scratchnet.grading", *map(str, paths),
                          "--out", str(out), "--jobs", str(jobs), "--seed", "0"],
                         check=True, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    isolation = next(line for line in run.stdout.splitlines() if line.startswith("isolation:"))
    return seconds, isolation


def measure(paths, out, jobs, repeat):
    """For each setting: the median seconds over ``repeat`` runs, and the isolation line."""
    runs = {name: [] for name in SETTINGS}
    for i in range(repeat):
        order = list(SETTINGS) if i % 2 == 0 else list(reversed(SETTINGS))
        for name in order:
            runs[name].append(grade(paths, out, jobs, SETTINGS[name]))
    return {name: (statistics.median(s for s, _ in found), found[0][1])
            for name, found in runs.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    solutions = sorted((ROOT / "solutions").glob("*.ipynb"))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        print("One submission, --jobs 1 (includes starting the grader):")
        for solution in solutions:
            figures = measure([solution], folder / "one", 1, args.repeat)
            print(f"  {solution.stem:<24}" + "".join(
                f"  {name} {seconds:5.2f} s" for name, (seconds, _) in figures.items()))
        paths = [shutil.copy(solutions[i % len(solutions)], folder / f"student{i:03d}.ipynb")
                 for i in range(args.count)]
        print(f"{args.count} submissions (every exercise in turn), --jobs {args.jobs}:")
        for name, (seconds, isolation) in measure(paths, folder / "many", args.jobs,
                                                  args.repeat).items():
            print(f"  {name:<19} {seconds:5.1f} s, {seconds / args.count:.3f} s per submission"
                  f" ({isolation})")


if __name__ == "__main__":
    main()

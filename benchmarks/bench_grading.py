"""Grading throughput: seconds per submission, and for 100 submissions with --jobs 2.

Copies the solution notebooks (all six chapters in turn) into a temporary
folder and times ``python -m scratchnet.grading`` on them, as a teacher
would run it. Prints the figures; not part of the tests.

Usage: python benchmarks/bench_grading.py [--count 100] [--jobs 2]
"""
import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def grade(paths, out, jobs):
    """Seconds taken by the grader on ``paths``."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scratchnet.grading", *map(str, paths), "--out", str(out),
                    "--jobs", str(jobs), "--seed", "0"], check=True, capture_output=True)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    solutions = sorted((ROOT / "solutions").glob("*.ipynb"))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        print("One submission, --jobs 1 (includes starting the grader):")
        for solution in solutions:
            seconds = grade([solution], folder / "one", jobs=1)
            print(f"  {solution.stem:<24} {seconds:5.2f} s")
        paths = [shutil.copy(solutions[i % len(solutions)], folder / f"student{i:03d}.ipynb")
                 for i in range(args.count)]
        seconds = grade(paths, folder / "many", jobs=args.jobs)
        print(f"{args.count} submissions (the six chapters in turn), --jobs {args.jobs}: "
              f"{seconds:.1f} s, {seconds / args.count:.2f} s per submission")


if __name__ == "__main__":
    main()

"""``scratchnet-grade``: grade a folder of exercise notebooks in one command."""
import argparse
import os
import re
import secrets
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from .notebook import NotebookError, read_notebook
from .isolation import describe
from .questions import EXERCISES
from .report import summary, write_reports
from .runner import Limits, grade, prepare


def parse_size(text):
    """Bytes from ``"2GiB"``, ``"512MiB"``, ``"2G"`` or a number of bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 2GiB or 512MiB)")
    number, unit = float(match[1]), match[2].upper()
    return int(number * {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}[unit])


def positive(text):
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def parser():
    p = argparse.ArgumentParser(
        prog="scratchnet-grade",
        description="Grade exercise notebooks: one Gradescope results JSON per submission, "
                    "a gradebook.csv and a summary. Exits 0 whenever grading ran.")
    p.add_argument("submissions", nargs="*", metavar="SUBMISSION.ipynb")
    p.add_argument("--out", default="grades", help="output folder (default: grades)")
    p.add_argument("--jobs", type=int, default=1, help="submissions graded at once (default: 1)")
    p.add_argument("--seed", type=int, default=None,
                   help="seed of the grading inputs (default: a fresh random seed, recorded)")
    p.add_argument("--exercise", choices=sorted(EXERCISES),
                   help="grade every submission as this exercise (default: read each notebook)")
    p.add_argument("--timeout", type=positive, default=Limits.question_seconds,
                   help="seconds per question and per notebook cell (default: %(default)g)")
    p.add_argument("--submission-timeout", type=positive, default=Limits.submission_seconds,
                   help="seconds per submission (default: %(default)g)")
    p.add_argument("--memory", type=parse_size, default=Limits.memory,
                   help="memory per submission, e.g. 2GiB (default: 2GiB)")
    p.add_argument("--gradescope-zip", metavar="PATH",
                   help="grade nothing: write a Gradescope autograder zip that grades with "
                        "these options (--seed fixes the seed of every submission)")
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    if args.gradescope_zip:
        if args.submissions:
            parser().error("give either submissions to grade or --gradescope-zip, not both")
        return _bundle(args)
    if not args.submissions:
        parser().error("no submissions to grade (or pass --gradescope-zip PATH)")
    missing = [path for path in args.submissions if not os.path.isfile(path)]
    if missing:
        parser().error(f"no such file: {', '.join(missing)}")
    if args.jobs < 1:
        parser().error("--jobs must be at least 1")
    seed = secrets.randbits(32) if args.seed is None else args.seed
    limits = Limits(args.timeout, args.submission_timeout, args.memory)
    start = time.monotonic()
    # Found out before the jobs start, so that they do not all try the ways at once.
    isolation = describe()
    exercises = {args.exercise} if args.exercise else _exercises(args.submissions)
    prepared = prepare([q for name in sorted(exercises) for q in EXERCISES[name]], seed)
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda path: grade(path, prepared, limits, args.exercise),
                                args.submissions))
    write_reports(results, args.out, seed, isolation)
    print(summary(results, time.monotonic() - start))
    print(f"isolation: {isolation}")
    print(f"Seed {seed}. Results in {args.out}/ (one JSON per submission, gradebook.csv).")
    return 0


def _bundle(args):
    """Write the Gradescope autograder zip and say what it holds."""
    from .gradescope import write_bundle

    limits = Limits(args.timeout, args.submission_timeout, args.memory)
    names = write_bundle(args.gradescope_zip, limits, args.exercise, args.seed)
    seed = (f"seed {args.seed} for every submission" if args.seed is not None
            else "a seed per submission, the same on regrading")
    print(f"Wrote {args.gradescope_zip} ({os.path.getsize(args.gradescope_zip) / 1024:.0f} KiB): "
          f"{', '.join(names)}.")
    print(f"Exercise: {args.exercise or 'read from each notebook'}; {seed}; limits: "
          f"{limits.question_seconds:g} s per question, {limits.submission_seconds:g} s per "
          f"submission, {limits.memory / 2**20:g} MiB.")
    return 0


def _exercises(paths):
    """The exercises the notebooks at ``paths`` answer (unreadable ones are skipped)."""
    found = set()
    for path in paths:
        try:
            found.add(read_notebook(path)[1])
        except NotebookError:
            pass
    return found - {None}


if __name__ == "__main__":
    sys.exit(main())

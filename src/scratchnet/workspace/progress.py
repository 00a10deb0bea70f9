"""``scratchnet-progress``: grade the learner's workspace and print how far they are.

Usage: scratchnet-progress [--workspace workspace] [--seed N] [--jobs N]
(``make progress``). It runs the teachers' grader on ``WORKSPACE/NAME.ipynb``
for every exercise, in the grader's sandboxes, writes nothing and changes
nothing in the workspace.
"""
import argparse
import os
import secrets
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..grading.isolation import chosen
from ..grading.questions import EXERCISES
from ..grading.runner import Limits, grade, prepare


def passed(assessment):
    return assessment.max_score > 0 and assessment.score == assessment.max_score


def status(assessment):
    """The first line of a question's feedback, without its mark and id."""
    line = assessment.feedback.splitlines()[0] if assessment.feedback else ""
    line = line.lstrip("✓✗… ")
    prefix = f"{assessment.question_id}: "
    line = line[len(prefix):] if line.startswith(prefix) else line
    return line if len(line) <= 70 else line[:67] + "..."


def table(rows):
    """The progress table.

    Parameters
    ----------
    rows : list of (str, SubmissionResult or None)
        Each exercise's name and its graded notebook (None if the workspace lacks it).
    """
    width = max([len("chapter")] + [len(name) for name, _ in rows])
    lines = [f"{'chapter':<{width}}  passed  next question"]
    done = total = 0
    for name, result in rows:
        count = len(EXERCISES[name])
        total += count
        if result is None:
            lines.append(f"{name:<{width}}  {'-':>6}  not in the workspace: run `make workspace`")
            continue
        good = sum(passed(a) for a in result.assessments)
        done += good
        todo = next((a for a in result.assessments if not passed(a)), None)
        step = "all done" if todo is None else f"{todo.question_id}: {status(todo)}"
        lines.append(f"{name:<{width}}  {f'{good} / {count}':>6}  {step}")
    lines.append(f"{'total':<{width}}  {f'{done} / {total}':>6}")
    return "\n".join(lines)


def progress(workspace, seed, jobs=1, limits=Limits()):
    """Grade every exercise's notebook in ``workspace``; ``[(name, result or None)]``."""
    paths = {name: Path(workspace) / f"{name}.ipynb" for name in EXERCISES}
    present = [name for name, path in paths.items() if path.is_file()]
    prepared = prepare([q for name in present for q in EXERCISES[name]], seed)
    chosen()  # found out before the jobs start, so that they do not all try the ways at once
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        graded = dict(zip(present, pool.map(
            lambda name: grade(str(paths[name]), prepared, limits, name), present)))
    return [(name, graded.get(name)) for name in EXERCISES]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="scratchnet-progress",
                                     description=__doc__.splitlines()[0].split(": ", 1)[1])
    parser.add_argument("--workspace", default="workspace", help="default: %(default)s")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed of the grading inputs (default: a fresh one)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="notebooks graded at once (default: the number of cores)")
    args = parser.parse_args(argv)
    if not Path(args.workspace).is_dir():
        parser.error(f"no folder {args.workspace}/: run `make workspace` first")
    seed = secrets.randbits(32) if args.seed is None else args.seed
    rows = progress(args.workspace, seed, max(1, args.jobs))
    print(table(rows))
    waiting = sorted(p.name for p in Path(args.workspace).glob("*.new.ipynb"))
    if waiting:
        print(f"Waiting for you to merge: {', '.join(waiting)} (see `make workspace`).")
    print(f"Graded as the teachers' grader does, on fresh inputs (seed {seed}); a check cell "
          "in the notebook shows a failing case.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

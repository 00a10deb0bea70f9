"""Grading on Gradescope: the autograder bundle, and what runs inside it.

``scratchnet-grade --gradescope-zip PATH`` calls `write_bundle`: a zip with
Gradescope's ``setup.sh`` and ``run_autograder`` at its root, a wheel of this
very scratchnet (`wheel`) and the grading configuration (`CONFIG`). On
Gradescope, ``run_autograder`` runs ``python -m scratchnet.grading.gradescope``
(`main`), which grades the notebooks in ``ROOT/submission`` with the same
sandbox as ``scratchnet-grade`` and writes ``ROOT/results/results.json``.
``ROOT`` is ``/autograder``, or ``$SCRATCHNET_AUTOGRADER_ROOT`` (for tests).
"""
import argparse
import hashlib
import json
import os
import re
import secrets
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict

from .cli import _exercises
from .evaluate import Assessment
from .isolation import describe
from .questions import EXERCISES
from .report import results_json
from .runner import Limits, SubmissionResult, grade, prepare
from .wheel import write_wheel

CONFIG = "scratchnet-grading.json"
ROOT_VARIABLE = "SCRATCHNET_AUTOGRADER_ROOT"

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image: it
# makes the virtual environment ROOT/venv and installs into it the scratchnet
# wheel that came in this zip, with its dependencies from PyPI.
# ROOT is /autograder, or $SCRATCHNET_AUTOGRADER_ROOT.
#
# Offline, with the dependencies installed in another environment, set
# SCRATCHNET_SITE_PACKAGES to that environment's site-packages: the new
# environment then sees them (through a .pth file) and only the wheel is installed.
set -euo pipefail
ROOT="${SCRATCHNET_AUTOGRADER_ROOT:-/autograder}"
SOURCE="$(cd "$(dirname "$0")" && pwd)"
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c "import ensurepip, venv" 2>/dev/null; then
  apt-get update && apt-get install -y python3 python3-venv
fi
"$PYTHON" -m venv "$ROOT/venv"
if [ -n "${SCRATCHNET_SITE_PACKAGES:-}" ]; then
  site="$("$ROOT/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "$SCRATCHNET_SITE_PACKAGES" > "$site/scratchnet-dependencies.pth"
  "$ROOT/venv/bin/python" -m pip install --no-index --no-deps --force-reinstall "$SOURCE"/scratchnet-*.whl
else
  "$ROOT/venv/bin/python" -m pip install --no-cache-dir "$SOURCE"/scratchnet-*.whl
fi
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for each submission: it grades the notebooks in
# ROOT/submission and writes ROOT/results/results.json.
ROOT="${SCRATCHNET_AUTOGRADER_ROOT:-/autograder}"
exec "$ROOT/venv/bin/python" -m scratchnet.grading.gradescope --root "$ROOT"
"""


def write_bundle(path, limits, exercise=None, seed=None, visibility="visible"):
    """Write the Gradescope autograder zip at ``path``; return the names it holds.

    Parameters
    ----------
    path : str
    limits : runner.Limits
    exercise : str, optional
        Grade every notebook as this exercise; by default each as the one it records.
    seed : int, optional
        Grade every submission on the cases of this seed. By default each
        submission gets its own seed, drawn from a secret salt kept in the
        bundle and the submission's Gradescope id: the same submission
        regrades the same way, and two submissions get different cases.
    visibility : str
        Gradescope's visibility of the results (``"visible"``, ``"after_due_date"``...).
    """
    policy = ({"policy": "fixed", "value": seed} if seed is not None
              else {"policy": "per-submission", "salt": secrets.token_hex(16)})
    with tempfile.TemporaryDirectory() as folder:
        wheel = write_wheel(folder)
        config = {"exercise": exercise, "limits": asdict(limits), "seed": policy,
                  "visibility": visibility, "wheel": os.path.basename(wheel)}
        with open(wheel, "rb") as file:
            files = [("setup.sh", SETUP.encode(), 0o755), ("run_autograder", RUN.encode(), 0o755),
                     (CONFIG, (json.dumps(config, indent=2) + "\n").encode(), 0o644),
                     (os.path.basename(wheel), file.read(), 0o644)]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
            for name, data, mode in files:
                info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
                info.external_attr = (0o100000 | mode) << 16  # Gradescope runs the scripts
                info.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(info, data)
            return bundle.namelist()


def seed_for(policy, metadata):
    """The grading seed of one submission under the bundle's seed ``policy``."""
    if policy["policy"] == "fixed":
        return int(policy["value"])
    submission = metadata.get("id") if isinstance(metadata, dict) else None
    if submission is None:
        return secrets.randbits(32)
    digest = hashlib.sha256(f"{policy['salt']}:{submission}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def run(root):
    """Grade ``root/submission`` as ``root/source/CONFIG`` says; return the results."""
    start = time.monotonic()
    with open(os.path.join(root, "source", CONFIG), encoding="utf-8") as file:
        config = json.load(file)
    seed = seed_for(config["seed"], _read_json(os.path.join(root, "submission_metadata.json")))
    limits, exercise = Limits(**config["limits"]), config["exercise"]
    notebooks = sorted(os.path.join(folder, name)
                       for folder, _, names in os.walk(os.path.join(root, "submission"))
                       if ".ipynb_checkpoints" not in folder
                       for name in names if name.endswith(".ipynb"))
    isolation = describe()
    exercises = {exercise} if exercise else _exercises(notebooks)
    prepared = prepare([q for name in sorted(exercises) for q in EXERCISES[name]], seed)
    graded = [grade(path, prepared, limits, exercise) for path in notebooks]
    # One result per exercise: a student who uploads two copies gets the better one.
    best = {}
    for result in graded:
        if result.exercise is not None and (result.exercise not in best
                                            or result.score > best[result.exercise].score):
            best[result.exercise] = result
    chosen = [best[name] for name in sorted(best)] or graded[:1]
    notes = []
    if not notebooks:
        notes.append("No notebook (.ipynb) was found in the submission: upload your exercise "
                     "notebook.")
        chosen = [SubmissionResult("(no notebook)", name, [
            Assessment(q.id, 0, 0, 0.0, q.points, f"{q.id}: not graded: no notebook")
            for q in EXERCISES[name]]) for name in sorted(exercises)]
    elif len(graded) > len(chosen):
        notes.append("Graded: " + ", ".join(_name(root, r.path) for r in chosen) +
                     " (the best of " + ", ".join(_name(root, r.path) for r in graded) + ").")
    return gradescope_results(chosen, seed, isolation, config["visibility"], notes,
                              time.monotonic() - start)


def gradescope_results(results, seed, isolation, visibility, notes, seconds):
    """Gradescope's ``results.json`` for the graded notebooks ``results``, feedback in markdown."""
    reports = [results_json(result, seed, isolation) for result in results]
    tests = [{**test, "status": "passed" if test["score"] == test["max_score"] else "failed",
              "output": markdown(test["output"]), "output_format": "md",
              "visibility": visibility} for report in reports for test in report["tests"]]
    lines = [line for report in reports for line in report["output"].split("\n")]
    lines = list(dict.fromkeys(notes + (lines or [f"Grading seed: {seed}"])))
    return {
        "score": round(sum(r.score for r in results), 2),
        "execution_time": round(seconds, 3),
        "output": "\n\n".join(_escape(line) for line in lines),
        "output_format": "md",
        "visibility": visibility,
        "tests": tests,
        "extra_data": {"exercise": [r.exercise for r in results], "seed": seed,
                       "submission": [os.path.basename(r.path) for r in results],
                       "isolation": isolation},
    }


HINT = re.compile(r"(Hint(?: \d+)?): (.*)")


def markdown(feedback):
    """A question's feedback as markdown: its first line, the details verbatim, the hints."""
    first, *rest = feedback.split("\n")
    hints = [m for m in map(HINT.match, rest) if m]
    details = [line for line in rest if not HINT.match(line)]
    parts = [_escape(first)]
    if details:
        longest = max((len(run) for run in re.findall(r"`+", "\n".join(details))), default=0)
        fence = "`" * max(3, longest + 1)
        parts.append(f"{fence}text\n" + "\n".join(details) + f"\n{fence}")
    parts += [f"**{m[1]}:** {_escape(m[2])}" for m in hints]
    return "\n\n".join(parts)


def _escape(text):
    """Markdown's special characters escaped, except inside `code` spans."""
    pieces = text.split("`")
    if len(pieces) % 2 == 0:  # an unmatched backtick: escape it too
        return re.sub(r"([\\`*_<>#\[\]|])", r"\\\1", text)
    return "`".join(p if i % 2 else re.sub(r"([\\*_<>#\[\]|])", r"\\\1", p)
                    for i, p in enumerate(pieces))


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except (OSError, ValueError):
        return {}


def _name(root, path):
    return os.path.relpath(path, os.path.join(root, "submission"))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run the Gradescope autograder (inside it).")
    parser.add_argument("--root", default=os.environ.get(ROOT_VARIABLE, "/autograder"))
    root = parser.parse_args(argv).root
    os.makedirs(os.path.join(root, "results"), exist_ok=True)
    try:
        results = run(root)
    except Exception as error:  # Gradescope shows nothing useful without a results.json
        results = {"score": 0, "output": f"The autograder failed: {type(error).__name__}: "
                                         f"{_escape(str(error))}. Tell your teacher.",
                   "output_format": "md", "tests": []}
    with open(os.path.join(root, "results", "results.json"), "w", encoding="utf-8") as file:
        json.dump(results, file, indent=2, ensure_ascii=False)
    import scratchnet
    print(f"scratchnet {scratchnet.__version__} from {os.path.dirname(scratchnet.__file__)}")
    print(f"score {results['score']}; isolation: {results.get('extra_data', {}).get('isolation')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

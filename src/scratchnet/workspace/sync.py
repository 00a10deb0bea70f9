"""``scratchnet-workspace``: make or update the learner's own copy of the exercises.

Usage: scratchnet-workspace [--exercises exercises] [--workspace workspace]
(``make workspace``, from the book's top folder).

A notebook missing from the workspace is copied from ``exercises/``. One
that is there is never replaced: the book's changes since the version it
was made from (kept in ``WORKSPACE/.base/``) are merged into it cell by
cell (`merge`), its previous version is kept in ``WORKSPACE/.backup/``,
and each change is printed. When the merge is not safe, the notebook is
left alone and the book's version is written beside it as
``NAME.new.ipynb``; once the learner has removed that file (after moving
their answers into it and renaming it, or to keep their own), the next run
counts their notebook as made from that version.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .merge import Merged, merge

RESOLVE = ("move your answers into {new} and rename it to {name} (or delete {new} to keep "
           "yours as it is), then run `make workspace` again")


def sync(exercises, workspace, say=print):
    """Bring every exercise notebook into ``workspace``; return the names that conflict."""
    exercises, workspace = Path(exercises), Path(workspace)
    bases = workspace / ".base"
    bases.mkdir(parents=True, exist_ok=True)
    conflicting = []
    for book in sorted(exercises.glob("*.ipynb")):
        text = book.read_text(encoding="utf-8")
        mine, base = workspace / book.name, bases / book.name
        new, pending = mine.with_suffix(".new.ipynb"), base.with_suffix(".new.ipynb")
        shown = _shown(mine)
        if pending.exists() and not new.exists():
            os.replace(pending, base)
            say(f"{shown}: counted as made from the version that was in {new.name}")
        if not mine.exists():
            _write(mine, text)
            _write(base, text)
            say(f"{shown}: new, copied from {exercises.name}/")
            continue
        if base.exists() and base.read_text(encoding="utf-8") == text:
            continue
        if pending.exists():
            if pending.read_text(encoding="utf-8") == text:
                say(f"{shown}: still waiting for you to merge {new.name}: "
                    + RESOLVE.format(new=new.name, name=mine.name))
            else:
                say(f"{shown}: the book changed again; first finish with {new.name}: "
                    + RESOLVE.format(new=new.name, name=mine.name))
            conflicting.append(book.name)
            continue
        outcome = _merge(base, mine, text)
        if outcome.conflicts:
            if new.exists():
                say(f"{shown}: not merged, and {new.name} is in the way; rename or delete it, "
                    "then run `make workspace` again")
            else:
                _write(new, text)
                _write(pending, text)
                say(f"{shown}: NOT merged, your notebook is unchanged. The book's new version "
                    f"is {_shown(new)}. " + "; ".join(outcome.conflicts) + ". To finish, "
                    + RESOLVE.format(new=new.name, name=mine.name) + ".")
            conflicting.append(book.name)
            continue
        if outcome.notebook != _read(mine):
            backup = _backup(mine, workspace / ".backup")
            _write(mine, json.dumps(outcome.notebook, indent=1, sort_keys=True,
                                    ensure_ascii=False) + "\n")
            say(f"{shown}: merged the book's update, your answers kept: "
                + "; ".join(outcome.changes)
                + f". Your previous version is in {_shown(backup)}; reload the notebook "
                  "if JupyterLab has it open.")
        _write(base, text)
    return conflicting


def _merge(base, mine, text):
    try:
        learner = _read(mine)
    except ValueError as error:
        return Merged(None, conflicts=[f"your notebook cannot be read ({error})"])
    return merge(_read(base) if base.exists() else None, learner, json.loads(text))


def _read(path):
    with open(path, encoding="utf-8") as file:
        notebook = json.load(file)
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ValueError("not a Jupyter notebook")
    return notebook


def _write(path, text):
    """Write ``text`` to ``path`` all at once: a reader sees the old file or the new one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, path.stat().st_mode if path.exists() else 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _backup(path, folder):
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup, n = folder / f"{path.stem}-{stamp}.ipynb", 1
    while backup.exists():
        n += 1
        backup = folder / f"{path.stem}-{stamp}-{n}.ipynb"
    shutil.copy2(path, backup)
    return backup


def _shown(path):
    """The path as the learner would type it: relative to here when it can be."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="scratchnet-workspace",
                                     description=__doc__.splitlines()[0].split(": ", 1)[1])
    parser.add_argument("--exercises", default="exercises", help="default: %(default)s")
    parser.add_argument("--workspace", default="workspace", help="default: %(default)s")
    args = parser.parse_args(argv)
    if not any(Path(args.exercises).glob("*.ipynb")):
        parser.error(f"no notebooks in {args.exercises}/: run this from the book's top folder")
    conflicting = sync(args.exercises, args.workspace)
    print(f"Your notebooks are in {_shown(args.workspace)}/ (git ignores it). Open them with "
          "`.venv/bin/jupyter lab`; `make progress` shows how far you are.")
    if conflicting:
        print(f"{len(conflicting)} notebook(s) wait for you to merge by hand (see above).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

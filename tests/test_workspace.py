"""The learner's workspace: made once, updated with the book, answers never lost."""
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from scratchnet.grading.questions import EXERCISES
from scratchnet.workspace.merge import merge
from scratchnet.workspace.sync import sync

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def cell(key, text, kind="code", outputs=()):
    made = {"cell_type": kind, "id": key, "metadata": {}, "source": text}
    if kind == "code":
        made.update(outputs=list(outputs), execution_count=1 if outputs else None)
    return made


def book(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def sources(notebook):
    return [(c.get("id"), c["source"]) for c in notebook["cells"]]


BASE = book(cell("a", "# Q1", "markdown"), cell("b", "def f(): raise NotImplementedError"),
            cell("c", 'check("f", f)'))


def test_merge_takes_the_books_changes_and_keeps_the_learners():
    ran = [{"output_type": "stream", "name": "stdout", "text": "✓"}]
    mine = book(cell("a", "# Q1", "markdown"), cell("b", "def f(): return 1"),
                cell("mine", "f()  # trying it"), cell("c", 'check("f", f)', outputs=ran))
    new = book(cell("a", "# Q1, reworded", "markdown"), cell("b", BASE["cells"][1]["source"]),
               cell("c", 'check("f", f)'), cell("d", "# Q2", "markdown"), cell("e", "def g(): ..."))
    merged = merge(BASE, mine, new)
    assert merged.conflicts == []
    assert sources(merged.notebook) == [("a", "# Q1, reworded"), ("b", "def f(): return 1"),
                                        ("mine", "f()  # trying it"), ("c", 'check("f", f)'),
                                        ("d", "# Q2"), ("e", "def g(): ...")]
    assert merged.notebook["cells"][3]["outputs"] == ran
    assert [c.split(" (")[0] for c in merged.changes] == [
        "updated markdown cell a", "added markdown cell d", "added code cell e"]


def test_merge_puts_a_new_cell_after_the_one_before_it_in_the_book():
    mine = book(cell("c", 'check("f", f)'), cell("b", "def f(): return 1"), cell("a", "# Q1", "markdown"))
    new = book(*BASE["cells"][:2], cell("n", "# new"), BASE["cells"][2])
    assert [k for k, _ in sources(merge(BASE, mine, new).notebook)] == ["c", "b", "n", "a"]


def test_merge_follows_deletions_that_are_safe():
    mine = book(cell("a", "# Q1", "markdown"), cell("b", "def f(): return 1"))  # check deleted
    new = book(cell("b", "def f(): raise NotImplementedError"), cell("c", 'check("f", f)'))
    merged = merge(BASE, mine, new)
    assert sources(merged.notebook) == [("b", "def f(): return 1")]


@pytest.mark.parametrize("mine, new, why", [
    (book(cell("a", "# Q1", "markdown"), cell("b", "def f(): return 1"), BASE["cells"][2]),
     book(BASE["cells"][0], cell("b", "def f(x): raise NotImplementedError"), BASE["cells"][2]),
     "changed both in the book and in your notebook"),
    (book(*BASE["cells"][:2]), book(*BASE["cells"][:2], cell("c", 'check("f", f, 2)')),
     "you deleted it, the book changed it"),
    (book(BASE["cells"][0], cell("b", "def f(): return 1")), book(BASE["cells"][0]),
     "the book removed it, you changed it"),
    (book({"cell_type": "code", "metadata": {}, "source": "x", "outputs": []}), BASE, "no ids"),
])
def test_merge_refuses_what_it_cannot_merge_safely(mine, new, why):
    merged = merge(BASE, mine, new)
    assert merged.notebook is None and why in "; ".join(merged.conflicts)


def test_merge_without_a_base_takes_only_what_agrees():
    fresh = merge(None, BASE, book(*BASE["cells"], cell("d", "# Q2", "markdown")))
    assert fresh.conflicts == [] and len(fresh.notebook["cells"]) == 4
    assert merge(None, book(cell("b", "def f(): return 1")), BASE).notebook is None


def write_json(path, notebook):
    path.write_text(json.dumps(notebook, indent=1))


def test_a_conflict_leaves_the_learners_file_and_writes_the_new_version_beside_it(tmp_path):
    exercises, workspace, said = tmp_path / "exercises", tmp_path / "workspace", []
    exercises.mkdir()
    write_json(exercises / "q.ipynb", BASE)
    sync(exercises, workspace, said.append)
    mine = workspace / "q.ipynb"
    answered = json.loads(mine.read_text())
    answered["cells"][1]["source"] = "def f(): return 1"
    write_json(mine, answered)
    before = mine.read_bytes()
    changed = book(BASE["cells"][0], cell("b", "def f(x): raise NotImplementedError"),
                   BASE["cells"][2])
    write_json(exercises / "q.ipynb", changed)
    assert sync(exercises, workspace, said.append) == ["q.ipynb"]
    assert mine.read_bytes() == before
    assert json.loads((workspace / "q.new.ipynb").read_text()) == changed
    assert "NOT merged, your notebook is unchanged" in said[-1] and "q.new.ipynb" in said[-1]
    assert sync(exercises, workspace, said.append) == ["q.ipynb"]  # still waiting
    assert mine.read_bytes() == before
    # The learner moves the answer into q.new.ipynb and renames it: done.
    resolved = json.loads((workspace / "q.new.ipynb").read_text())
    resolved["cells"][1]["source"] = "def f(x): return x"
    write_json(mine, resolved)
    (workspace / "q.new.ipynb").unlink()
    write_json(exercises / "q.ipynb", book(*changed["cells"], cell("d", "# Q2", "markdown")))
    assert sync(exercises, workspace, said.append) == []
    assert sources(json.loads(mine.read_text()))[1:] == [
        ("b", "def f(x): return x"), ("c", 'check("f", f)'), ("d", "# Q2")]
    backups = list((workspace / ".backup").glob("q-*.ipynb"))
    assert [json.loads(b.read_text()) for b in backups] == [resolved]


def run(*command, cwd, check=True):
    process = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True,
                             timeout=300)
    assert not check or process.returncode == 0, process.stdout + process.stderr
    return process


def git(clone, *args):
    return run("git", "-c", "user.name=t", "-c", "user.email=t@t", *args, cwd=clone).stdout


@pytest.fixture
def clone(tmp_path):
    """A git repository holding the parts of the book the workspace needs."""
    for folder in ("exercises", "solutions", "scripts"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "tests").mkdir()
    shutil.copy(ROOT / "tests" / "test_exercises.py", tmp_path / "tests")
    shutil.copy(ROOT / ".gitignore", tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "the book")
    return tmp_path


def answer_ids(exercise):
    notebook = nbformat.read(ROOT / "solutions" / f"{exercise}.ipynb", as_version=4)
    return {c.id for c in notebook.cells if "### BEGIN SOLUTION" in c.source}


def answer(path, exercise, keys):
    """Write the solutions' answers into the cells ``keys`` of a workspace notebook, and run it."""
    solved = {c.id: c.source for c in nbformat.read(ROOT / "solutions" / f"{exercise}.ipynb", 4).cells}
    notebook = nbformat.read(path, as_version=4)
    for c in notebook.cells:
        if c.id in keys:
            c.source = solved[c.id]
    notebook.cells.append(nbformat.v4.new_code_cell("print('my own notes')"))
    nbformat.write(notebook, path)


def update_the_book(clone):
    """A new question and a reworded instruction in chapter 1, as a `git pull` would bring."""
    path = clone / "solutions" / "01_perceptron.ipynb"
    notebook = nbformat.read(path, as_version=4)
    at = next(i for i, c in enumerate(notebook.cells) if c.id == "01-05") + 1
    new = [nbformat.v4.new_markdown_cell("## 1b. The sign function", id="01-12"),
           nbformat.v4.new_code_cell("def sign(z):\n    ### BEGIN SOLUTION\n    return np.sign(z)\n"
                                     "    ### END SOLUTION", id="01-13")]
    notebook.cells[at:at] = new
    notebook.cells[2].source = notebook.cells[2].source.replace("## 1. The step function",
                                                                "## 1. The step function, reworded")
    nbformat.write(notebook, path)
    run(sys.executable, "scripts/make_exercises.py", cwd=clone)
    git(clone, "commit", "-qam", "a new question")


def test_a_learner_works_updates_and_sees_progress(clone):
    made = run(BIN / "scratchnet-workspace", cwd=clone).stdout
    assert made.count("new, copied from exercises/") == len(EXERCISES)
    workspace = clone / "workspace"
    answer(workspace / "01_perceptron.ipynb", "01_perceptron", {"01-04"})
    answer(workspace / "06_losses.ipynb", "06_losses", answer_ids("06_losses"))
    again = run(BIN / "scratchnet-workspace", cwd=clone).stdout
    assert not [line for line in again.splitlines() if line.startswith("workspace/0")]  # no change
    update_the_book(clone)

    updated = run(BIN / "scratchnet-workspace", cwd=clone).stdout
    line = next(l for l in updated.splitlines() if l.startswith("workspace/01_perceptron.ipynb"))
    assert "merged the book's update, your answers kept" in line
    assert "added markdown cell 01-12" in line and "added code cell 01-13" in line
    assert "updated markdown cell 01-03" in line
    mine = nbformat.read(workspace / "01_perceptron.ipynb", as_version=4)
    ids = [c.id for c in mine.cells]
    assert ids.index("01-05") + 1 == ids.index("01-12") and ids.index("01-13") == ids.index("01-12") + 1
    cells = {c.id: c.source for c in mine.cells}
    assert "return (np.asarray(z) > 0).astype(int)" in cells["01-04"]
    assert "reworded" in cells["01-03"] and "NotImplementedError" in cells["01-13"]
    assert mine.cells[-1].source == "print('my own notes')"
    assert not list(workspace.glob("*.new.ipynb"))

    assert git(clone, "status", "--porcelain") == ""
    assert run(sys.executable, "scripts/make_exercises.py", "--check", cwd=clone).returncode == 0
    run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_exercises.py",
        "-k", "up_to_date", cwd=clone)

    hashes = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in workspace.rglob("*")
              if p.is_file()}
    shown = run(BIN / "scratchnet-progress", "--seed", "5", cwd=clone).stdout
    rows = {line.split()[0]: line.split(None, 4)[1:] for line in shown.splitlines()[1:]
            if line.split() and line.split()[0] in [*EXERCISES, "total"]}
    assert rows["01_perceptron"][:3] == ["1", "/", str(len(EXERCISES["01_perceptron"]))]
    assert "perceptron-predict: not answered yet" in rows["01_perceptron"][3]
    assert rows["06_losses"] == ["5", "/", "5", "all done"]
    assert rows["03_mlp"][0] == "0"
    assert rows["total"] == ["6", "/", str(sum(map(len, EXERCISES.values())))]
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in workspace.rglob("*")
            if p.is_file()} == hashes
    assert git(clone, "status", "--porcelain") == ""

    # The learner hands in the workspace notebook as it is.
    graded = run(BIN / "scratchnet-grade", workspace / "06_losses.ipynb", "--out",
                 clone.parent / "grades", cwd=clone).stdout
    assert re.search(r"06_losses\s+8 / 8", graded)


def test_check_runs_in_the_workspace_as_in_exercises(tmp_path):
    sync(ROOT / "exercises", tmp_path / "workspace", lambda line: None)
    path = tmp_path / "workspace" / "01_perceptron.ipynb"
    answer(path, "01_perceptron", {"01-04", "01-07"})
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code"
                      for o in c.outputs)
    assert printed.count("✓") == len(EXERCISES["01_perceptron"]), printed

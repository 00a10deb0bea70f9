"""Build a submission from a solution notebook: answers changed, cells added."""
import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"


def _source(cell):
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def derive(exercise, replace=(), before=(), after=()):
    """A copy of ``solutions/<exercise>.ipynb`` with changes.

    Parameters
    ----------
    exercise : str
    replace : iterable of (str, str)
        Each ``old`` must occur exactly once in the notebook's code.
    before : iterable of str
        Code cells inserted right after the first code cell (the imports),
        so they run before the answers are defined.
    after : iterable of str
        Code cells appended at the end.

    Returns
    -------
    dict
        The notebook, ready for ``json.dump``.
    """
    notebook = copy.deepcopy(json.loads((SOLUTIONS / f"{exercise}.ipynb").read_text()))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    for old, new in replace:
        hits = [c for c in code if old in _source(c)]
        assert len(hits) == 1 and _source(hits[0]).count(old) == 1, \
            f"{old!r} should occur once in solutions/{exercise}.ipynb"
        hits[0]["source"] = _source(hits[0]).replace(old, new)
    first = notebook["cells"].index(code[0]) + 1
    notebook["cells"][first:first] = [_code_cell(s) for s in before]
    notebook["cells"] += [_code_cell(s) for s in after]
    return notebook


def _code_cell(source):
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": source}


def write(notebook, path):
    Path(path).write_text(json.dumps(notebook, indent=1))
    return Path(path)

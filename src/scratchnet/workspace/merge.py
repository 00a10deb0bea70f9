"""Three-way merge of a learner's notebook with a new version of its exercise.

Cells are matched by their ``id`` (the exercises keep the ids of
``solutions/``). For each cell, compared by type and source (outputs and
execution counts are the learner's runs, not edits):

- changed by neither, or the same in both: kept as the learner has it;
- changed only in the book: the book's new version;
- changed only by the learner: the learner's;
- changed by both, or removed by one and changed by the other: a conflict,
  and the merge gives no notebook.

New cells of the book go after the cell that precedes them in the book;
cells the learner added stay where they are.
"""
import copy
from dataclasses import dataclass, field


@dataclass
class Merged:
    """What `merge` made.

    Attributes
    ----------
    notebook : dict or None
        The merged notebook; None when it cannot merge safely.
    changes : list of str
        What the book's version changed in the learner's notebook.
    conflicts : list of str
        Why it cannot merge safely.
    """

    notebook: dict | None
    changes: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)


def source(cell):
    text = cell.get("source", "")
    return text if isinstance(text, str) else "".join(text)


def content(cell):
    """What counts as an edit of a cell: its type and its source."""
    return cell.get("cell_type"), source(cell)


def label(cell):
    """A cell in words: ``code cell 01-04 (def step(z):)``."""
    first = next((line.strip() for line in source(cell).splitlines() if line.strip()), "")
    first = first if len(first) <= 50 else first[:47] + "..."
    return f"{cell.get('cell_type', '?')} cell {cell.get('id', '(no id)')} ({first})"


def keyed(notebook):
    """``{id: cell}`` of a notebook's cells; a repeated id counts once, at its first cell."""
    cells = {}
    for cell in notebook.get("cells", []):
        if isinstance(cell.get("id"), str):
            cells.setdefault(cell["id"], cell)
    return cells


def merge(base, mine, new):
    """Merge the book's changes from ``base`` to ``new`` into the learner's ``mine``.

    Parameters
    ----------
    base : dict or None
        The exercise notebook ``mine`` was made from (None if unknown: then
        every cell that differs from ``new`` is a conflict).
    mine, new : dict
        The learner's notebook, and the book's new version (JSON as read).

    Returns
    -------
    Merged
    """
    old, theirs, own = keyed(base or {"cells": []}), keyed(new), keyed(mine)
    if mine.get("cells") and not own:
        return Merged(None, conflicts=["your notebook's cells have no ids to match them by"])
    merged, changes, conflicts = [], [], []
    for cell in mine.get("cells", []):
        key = cell.get("id")
        if own.get(key) is not cell or (key not in old and key not in theirs):
            merged.append(cell)  # the learner's own cell (or a copy of one)
        elif key not in theirs:
            if content(cell) == content(old[key]):
                changes.append(f"removed {label(cell)}")
            else:
                conflicts.append(f"{label(cell)}: the book removed it, you changed it")
                merged.append(cell)
        elif content(cell) == content(theirs[key]):
            merged.append(cell)
        elif key in old and content(cell) == content(old[key]):
            merged.append(_updated(cell, old[key], theirs[key]))
            changes.append(f"updated {label(theirs[key])}")
        elif key in old and content(old[key]) == content(theirs[key]):
            merged.append(cell)
        else:
            conflicts.append(f"{label(cell)}: changed both in the book and in your notebook")
            merged.append(cell)
    previous = None
    for key, cell in theirs.items():
        if key in own:
            previous = key
        elif key in old:
            if content(old[key]) != content(cell):
                conflicts.append(f"{label(cell)}: you deleted it, the book changed it")
        else:
            at = next((i + 1 for i, c in enumerate(merged) if c.get("id") == previous), 0)
            merged.insert(at, copy.deepcopy(cell))
            changes.append(f"added {label(cell)}")
            previous = key
    if conflicts:
        return Merged(None, changes, conflicts)
    notebook = dict(mine, cells=merged)
    notebook["metadata"] = _metadata(mine.get("metadata"), (base or {}).get("metadata"),
                                     new.get("metadata"))
    notebook["nbformat_minor"] = max(mine.get("nbformat_minor", 0), new.get("nbformat_minor", 0))
    return Merged(notebook, changes)


def _metadata(mine, base, new):
    """The learner's metadata, with the keys the book changed set to the book's values."""
    mine, base, new = mine or {}, base or {}, new or {}
    return {**mine, **{k: copy.deepcopy(v) for k, v in new.items() if base.get(k) != v}}


def _updated(mine, base, new):
    """The book's new version of a cell the learner left as it was (its runs dropped)."""
    cell = copy.deepcopy(new)
    cell["metadata"] = _metadata(mine.get("metadata"), base.get("metadata"), new.get("metadata"))
    return cell

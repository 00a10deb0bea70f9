"""Re-execute notebooks in place, in a fresh kernel, storing deterministic outputs.

Usage: python scripts/execute_notebooks.py NOTEBOOK.ipynb...

Like `jupyter execute --inplace`, but records no execution timestamps in the
cell metadata, so a re-run changes a notebook only where its outputs change.
Review the new outputs (git diff) before committing them: nbval compares them.
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", record_timing=False,
        # A static page has no kernel: the widget cells show a figure instead.
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nbformat.write(nb, path)


def main(paths):
    if not paths:
        sys.exit(__doc__)
    for name in paths:
        path = Path(name)
        print(f"executing {path}")
        execute(path)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Re-execute notebooks in place, in a fresh kernel, storing deterministic outputs.

Usage: python scripts/execute_notebooks.py NOTEBOOK.ipynb...

Like `jupyter execute --inplace`, but records no execution timestamps in the
cell metadata, joins consecutive prints into one output (how the kernel
splits them depends on timing), keeps no live widget view (a random model id)
and stores no output for cells tagged
remove-output, so a re-run changes a notebook only where its outputs change.
Review the new outputs (git diff) before committing them: nbval compares them.
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def execute(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", record_timing=False,
        # The web book draws the widgets from their HTML output (scratchnet.widgets.live).
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    # ipywidgets state an older run stored: no widget of the book uses it any more.
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if "remove-output" in cell.metadata.get("tags", []):
            # The book does not show it, and a widget's output holds a random model id
            # that would change the notebook on every run.
            cell.outputs = []
        else:
            cell.outputs = join_streams(drop_widget_views(cell.outputs))
    nbformat.write(nb, path)


def drop_widget_views(outputs):
    """The outputs without live widget views, whose random model id would change every run.

    A widget's output keeps its HTML form, which the web book brings to life,
    and its text; Jupyter shows the live widget again once the cell runs.
    """
    for output in outputs:
        output.get("data", {}).pop(WIDGET_VIEW, None)
    return outputs


def join_streams(outputs):
    """The outputs with each run of consecutive stdout (or stderr) texts joined into one."""
    joined = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (output.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == output.name):
            previous.text += output.text
        else:
            joined.append(output)
    return joined


def main(paths):
    if not paths:
        sys.exit(__doc__)
    for name in paths:
        path = Path(name)
        print(f"executing {path}")
        execute(path)


if __name__ == "__main__":
    main(sys.argv[1:])

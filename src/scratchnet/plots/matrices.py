"""One step of a matrix computation, drawn as grids of numbers.

The picture of the classic walkthrough's step-by-step figures: the result
and its operands side by side as the code writes them
(``hidden_layer_input = X @ wh + bh``), one *active* cell of the result
filled in gold, the operand cells it is computed from in blue, and the
arithmetic for that one cell written out underneath.

Lengths are in inches: one data unit of the axes is one inch, and
`matrix_step_figure` sizes its figure to the drawing.
"""
from dataclasses import dataclass

import numpy as np
from matplotlib.patches import Rectangle

ACTIVE = "#f6c445"
SOURCE = "#a6cee3"
PLAIN = "white"

# The code drawn around the operands: symbols[0] before the first operand,
# symbols[k] between operands k-1 and k, symbols[-1] after the last.
# "apply" takes its symbols from the name of the function applied.
OPS = {
    "matmul": ("", "@", ""),
    "affine": ("", "@", "+", ""),
    "multiply": ("", "*", ""),
    "subtract": ("", "-", ""),
    "apply": ("f(", ")"),
    "update": ("", "+", "@", "* lr"),
    "bias_update": ("", "+ sum(", ", axis=0) * lr"),
}

CELL_HEIGHT = 0.3
GAP = 0.12
LABEL_SIZE = 10
SYMBOL_SIZE = 13
SMALL_SIZE = 8


@dataclass
class DrawnMatrix:
    """The artists of one drawn matrix.

    Attributes
    ----------
    label : str
    cells : dict of (int, int) to matplotlib.patches.Rectangle
    texts : dict of (int, int) to matplotlib.text.Text
        The number shown in each cell.
    """

    label: str
    cells: dict
    texts: dict


def source_cells(op, shapes, active_cell):
    """The cells of each operand that the result cell ``active_cell`` comes from.

    Parameters
    ----------
    op : str
        A key of `OPS`.
    shapes : sequence of tuple of int
        The 2-D shape of each operand, in the order the code writes them.
    active_cell : tuple of int
        (i, j) in the result.

    Returns
    -------
    cells : list of set of (int, int)
        One set per operand: a row and a column for a matrix product, the
        same cell (after broadcasting a (1, M) row) for element-wise steps.
    """
    _check_op(op, len(shapes))
    i, j = active_cell

    def same(shape):
        return {(i if shape[0] > 1 else 0, j if shape[1] > 1 else 0)}

    def row(shape):
        return {(i, k) for k in range(shape[1])}

    def column(shape):
        return {(k, j) for k in range(shape[0])}

    if op == "matmul":
        return [row(shapes[0]), column(shapes[1])]
    if op == "affine":
        return [row(shapes[0]), column(shapes[1]), same(shapes[2])]
    if op == "update":
        return [same(shapes[0]), row(shapes[1]), column(shapes[2])]
    if op == "bias_update":
        return [same(shapes[0]), column(shapes[1])]
    return [same(shape) for shape in shapes]


def explain_cell(op, arrays, active_cell, fmt="{:.3g}", func=None, lr=None):
    """The value of one result cell, and its arithmetic written out.

    Parameters
    ----------
    op : str
        A key of `OPS`.
    arrays : sequence of ndarray, each 2-D
        The operands.
    active_cell : tuple of int
    fmt : str
        Format of each number in the text; whole numbers show as integers.
    func : callable, optional
        The element-wise function of ``op="apply"``.
    lr : float, optional
        The learning rate of ``"update"`` and ``"bias_update"``.

    Returns
    -------
    value : float
    arithmetic : str
        For example ``"1×0.943 + 0×0.0808 + 1×0.802 + 0×0.544 + 0.43"``.
    """
    arrays = [np.asarray(a, dtype=float) for a in arrays]
    cells = source_cells(op, [a.shape for a in arrays], active_cell)
    values = [[a[cell] for cell in sorted(c)] for a, c in zip(arrays, cells)]

    def num(x):
        text = _number(x, fmt)
        return f"({text})" if x < 0 else text

    def dot(left, right):
        text = " + ".join(f"{num(a)}×{num(b)}" for a, b in zip(left, right))
        return float(np.dot(left, right)), text

    if op == "matmul":
        return dot(values[0], values[1])
    if op == "affine":
        total, text = dot(values[0], values[1])
        return total + values[2][0], f"{text} + {num(values[2][0])}"
    if op == "update":
        total, text = dot(values[1], values[2])
        return values[0][0] + total * lr, f"{num(values[0][0])} + ({text}) × {lr:g}"
    if op == "bias_update":
        total = float(np.sum(values[1]))
        text = " + ".join(num(x) for x in values[1])
        return values[0][0] + total * lr, f"{num(values[0][0])} + ({text}) × {lr:g}"
    if op == "multiply":
        return values[0][0] * values[1][0], f"{num(values[0][0])} × {num(values[1][0])}"
    if op == "subtract":
        return values[0][0] - values[1][0], f"{num(values[0][0])} - {num(values[1][0])}"
    return float(func(np.asarray(values[0][0]))), f"{func.__name__}({_number(values[0][0], fmt)})"


def before_and_after(op, labels, result_label):
    """Tell apart an updated array and its old value when both carry one name.

    ``wh = wh + X.T @ d_hiddenlayer * lr`` draws two arrays named ``wh``;
    for ``"update"`` and ``"bias_update"`` they become ``"wh (before)"``
    and ``"wh (after)"``.

    Returns
    -------
    labels : list of str
        The operands' labels.
    result_label : str
    name : str
        The result's name in the arithmetic line: ``"new wh"`` for an
        update (``new wh[1, 1] = 0.0808 + ...``), else ``result_label``.
    """
    labels = list(labels)
    if op in ("update", "bias_update") and labels[0] == result_label:
        labels[0] = f"{result_label} (before)"
        return labels, f"{result_label} (after)", f"new {result_label}"
    return labels, result_label, result_label


def draw_matrix_step(ax, operands, result, active_cell, op, *, func=None, lr=None,
                     fmt="{:.3g}", fontsize=9, title=None):
    """Draw ``result = <op>(operands)`` as grids, one result cell highlighted.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Drawn at one data unit per inch; its limits are set to the drawing.
    operands : sequence of (str, ndarray)
        Label and 2-D array of each operand, in the order the code writes
        them, e.g. ``[("X", X), ("wh", wh), ("bh", bh)]`` for ``"affine"``.
    result : (str, ndarray)
        Label and array of the result.
    active_cell : tuple of int
        (i, j): the result cell filled in `ACTIVE`; the operand cells it is
        computed from (`source_cells`) are filled in `SOURCE`.
    op : str
        A key of `OPS`.
    func : callable, optional
        Required for ``"apply"``: the element-wise function, drawn by name.
    lr : float, optional
        Required for ``"update"`` and ``"bias_update"``.
    fmt : str
        Format of the numbers shown; whole numbers (such as the 0/1
        inputs) show as integers.
    fontsize : float
        Size of the numbers, in points.
    title : str, optional

    Returns
    -------
    drawn : list of DrawnMatrix
        The result first, then the operands.

    Raises
    ------
    ValueError
        For an unknown op, shapes the op cannot combine, a cell outside the
        result, or a result whose active cell the operands do not give.
    """
    labels = [label for label, _ in operands]
    arrays = [np.asarray(array, dtype=float) for _, array in operands]
    result_label, result_array = result[0], np.asarray(result[1], dtype=float)
    _check_shapes(op, labels, arrays, result_label, result_array, active_cell)
    labels, result_label, name = before_and_after(op, labels, result_label)
    if op == "apply" and func is None:
        raise ValueError('op "apply" needs func, the function applied')
    if op in ("update", "bias_update") and lr is None:
        raise ValueError(f'op "{op}" needs lr, the learning rate')
    value, arithmetic = explain_cell(op, arrays, active_cell, fmt, func, lr)
    i, j = active_cell
    if not np.isclose(value, result_array[i, j], rtol=1e-9, atol=1e-12):
        raise ValueError(
            f"{result_label}[{i}, {j}] is {result_array[i, j]!r} but the operands give {value!r}"
        )

    symbols = list(OPS[op])
    if op == "apply":
        symbols = [f"{func.__name__}(", ")"]
    symbols[0] = f"= {symbols[0]}".strip()
    strings = [_number(x, fmt) for a in [result_array, *arrays] for x in a.ravel()]
    cell_width = max(0.42, _text_width(max(strings, key=len), fontsize) + 0.08)
    rows = max(a.shape[0] for a in [result_array, *arrays])
    half = rows * CELL_HEIGHT / 2

    marked = [{(i, j)}, *source_cells(op, [a.shape for a in arrays], active_cell)]
    items = [(result_label, result_array)]
    for label, array, symbol in zip(labels, arrays, symbols):
        items += [symbol, (label, array)]
    items.append(symbols[-1])

    drawn, x = [], GAP
    for item in items:
        if isinstance(item, str):
            if item:
                width = _text_width(item, SYMBOL_SIZE)
                ax.text(x + width / 2, 0, item, ha="center", va="center",
                        family="monospace", fontsize=SYMBOL_SIZE)
                x += width + GAP
            continue
        label, array = item
        width = max(array.shape[1] * cell_width, _text_width(label, LABEL_SIZE))
        left = x + (width - array.shape[1] * cell_width) / 2
        k = len(drawn)
        drawn.append(_draw_grid(ax, label, array, left, cell_width, marked[k],
                                (i, j) if k == 0 else None, fmt, fontsize))
        x += width + GAP

    formula = f"{name}[{i}, {j}] = {arithmetic} = {_number(result_array[i, j], fmt)}"
    ax.text(GAP, -half - 0.45, formula, ha="left", va="center",
            family="monospace", fontsize=fontsize)
    top = half + 0.45
    if title:
        ax.text(GAP, top + 0.1, title, ha="left", va="bottom", fontsize=LABEL_SIZE + 1,
                fontweight="bold")
        top += 0.4
    width = max(x, 2 * GAP + _text_width(formula, fontsize))
    ax.set_xlim(0, width)
    ax.set_ylim(-half - 0.7, top)
    ax.set_aspect("equal")
    ax.axis("off")
    return drawn


def matrix_step_figure(operands, result, active_cell, op, **options):
    """A new pyplot figure sized to `draw_matrix_step`'s drawing.

    Takes the arguments of `draw_matrix_step` (without ``ax``).

    Returns
    -------
    fig : matplotlib.figure.Figure
    drawn : list of DrawnMatrix
    """
    import matplotlib.pyplot as plt

    fig = plt.figure()
    ax = fig.add_axes((0, 0, 1, 1))
    drawn = draw_matrix_step(ax, operands, result, active_cell, op, **options)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    fig.set_size_inches(x1 - x0, y1 - y0)
    return fig, drawn


def _text_width(text, size):
    """Width in inches of monospaced text, with room to spare.

    Each character is 0.6 em wide, but a raster renderer rounds every
    advance up to whole pixels, up to 11% more at 72 dpi.
    """
    return 1.12 * 0.6 * size / 72 * len(text)


def _number(x, fmt):
    """``x`` formatted by ``fmt``, but whole numbers (such as 0/1 inputs) as integers."""
    return str(int(x)) if float(x).is_integer() else fmt.format(x)


def _draw_grid(ax, label, array, left, cell_width, marked, active, fmt, fontsize):
    rows, cols = array.shape
    top = rows * CELL_HEIGHT / 2
    cells, texts = {}, {}
    for r in range(rows):
        for c in range(cols):
            color = ACTIVE if (r, c) == active else SOURCE if (r, c) in marked else PLAIN
            x, y = left + c * cell_width, top - (r + 1) * CELL_HEIGHT
            cells[r, c] = ax.add_patch(Rectangle(
                (x, y), cell_width, CELL_HEIGHT, facecolor=color,
                edgecolor="#333333" if (r, c) == active else "#9a9a9a",
                linewidth=1.6 if (r, c) == active else 0.6, zorder=2 if (r, c) == active else 1))
            texts[r, c] = ax.text(x + cell_width / 2, y + CELL_HEIGHT / 2, _number(array[r, c], fmt),
                                  ha="center", va="center", family="monospace",
                                  fontsize=fontsize, zorder=3)
    middle = left + cols * cell_width / 2
    ax.text(middle, top + 0.08, label, ha="center", va="bottom", family="monospace",
            fontsize=LABEL_SIZE, fontweight="bold")
    ax.text(middle, -top - 0.06, f"({rows}, {cols})", ha="center", va="top",
            fontsize=SMALL_SIZE, color="#666666")
    return DrawnMatrix(label, cells, texts)


def _check_op(op, n_operands):
    if op not in OPS:
        raise ValueError(f"unknown op {op!r}; choose one of {sorted(OPS)}")
    if n_operands != len(OPS[op]) - 1:
        raise ValueError(f'op "{op}" takes {len(OPS[op]) - 1} operands, got {n_operands}')


def _check_shapes(op, labels, arrays, result_label, result, active_cell):
    _check_op(op, len(arrays))
    for label, array in [*zip(labels, arrays), (result_label, result)]:
        if array.ndim != 2:
            raise ValueError(f"{label} must be a 2-D matrix, got shape {array.shape}")
    shapes = [a.shape for a in arrays]
    if op in ("matmul", "affine", "update"):
        a, b = (1, 2) if op == "update" else (0, 1)
        if shapes[a][1] != shapes[b][0]:
            raise ValueError(f"{labels[a]} @ {labels[b]} needs {labels[a]}'s columns "
                             f"({shapes[a][1]}) to equal {labels[b]}'s rows ({shapes[b][0]})")
        expected = [(shapes[a][0], shapes[b][1])]
        expected += [shapes[0]] if op == "update" else shapes[2:]
    elif op == "bias_update":
        expected = [shapes[0], (1, shapes[1][1])]
    else:
        expected = shapes
    try:
        shape = np.broadcast_shapes(*expected)
    except ValueError:
        shape = None
    if shape != result.shape:
        raise ValueError(f"{result_label} has shape {result.shape}, but {op} of "
                         f"{', '.join(labels)} with shapes {shapes} does not give that")
    i, j = active_cell
    if not (0 <= i < shape[0] and 0 <= j < shape[1]):
        raise ValueError(f"active cell {active_cell} lies outside {result_label} {shape}")

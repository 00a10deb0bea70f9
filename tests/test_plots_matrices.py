import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from scratchnet import mlp
from scratchnet.activations import sigmoid
from scratchnet.datasets import walkthrough
from scratchnet.plots import draw_matrix_step, explain_cell, matrix_step_figure, source_cells
from scratchnet.plots.matrices import ACTIVE, PLAIN, SOURCE


@pytest.fixture
def step():
    X, y = walkthrough()
    params = mlp.init_params(4, 3, 1, np.random.default_rng(4))
    return X, params, mlp.iteration(X, y, params, lr=0.1)


def new_axes():
    return Figure().add_axes((0, 0, 1, 1))


def colored_cells(ax, drawn):
    """{color: set of (matrix index, cell)} read from the patches on the axes."""
    where = {id(rect): (k, cell) for k, m in enumerate(drawn) for cell, rect in m.cells.items()}
    found = {}
    for patch in ax.patches:
        color = next(c for c in (ACTIVE, SOURCE, PLAIN) if to_rgba(c) == patch.get_facecolor())
        found.setdefault(color, set()).add(where[id(patch)])
    return found


def test_affine_step_lights_the_cell_and_marks_its_row_column_and_bias(step):
    X, params, s = step
    ax = new_axes()
    drawn = draw_matrix_step(
        ax, [("X", X), ("wh", params["wh"]), ("bh", params["bh"])],
        ("hidden_layer_input", s["hidden_layer_input"]), (2, 1), "affine")
    found = colored_cells(ax, drawn)
    assert found[ACTIVE] == {(0, (2, 1))}
    assert found[SOURCE] == ({(1, (2, k)) for k in range(4)} | {(2, (k, 1)) for k in range(4)}
                             | {(3, (0, 1))})
    assert len(found[PLAIN]) == 9 + 12 + 12 + 3 - 1 - 9
    formula = ax.texts[-1].get_text()
    assert formula.startswith("hidden_layer_input[2, 1] = 0×0.511 + 1×0.607")
    assert formula.endswith(f"= {s['hidden_layer_input'][2, 1]:.3g}")


def test_the_numbers_shown_are_the_matrices(step):
    X, params, s = step
    ax = new_axes()
    operands = [("wh", params["wh"]), ("X.T", X.T), ("d_hiddenlayer", s["d_hiddenlayer"])]
    drawn = draw_matrix_step(ax, operands, ("wh", s["wh"]), (1, 2), "update", lr=0.1,
                             fmt="{:.4f}")
    # the old and the new wh carry one name in the code; the picture tells them apart
    assert [m.label for m in drawn] == ["wh (after)", "wh (before)", "X.T", "d_hiddenlayer"]
    assert ax.texts[-1].get_text().startswith("new wh[1, 2] = ")
    for m, array in zip(drawn, [s["wh"], params["wh"], X.T, s["d_hiddenlayer"]]):
        shown = np.zeros(array.shape)
        for cell, text in m.texts.items():
            shown[cell] = float(text.get_text())
        assert len(m.texts) == array.size
        np.testing.assert_allclose(shown, array, atol=0.5e-4)
    # the 0/1 inputs show as integers
    assert {t.get_text() for t in drawn[2].texts.values()} == {"0", "1"}


@pytest.mark.parametrize("op, shapes, cell, expected", [
    ("matmul", [(3, 1), (1, 3)], (2, 0), [{(2, 0)}, {(0, 0)}]),
    ("multiply", [(3, 3), (3, 3)], (1, 2), [{(1, 2)}, {(1, 2)}]),
    ("subtract", [(3, 1), (3, 1)], (2, 0), [{(2, 0)}, {(2, 0)}]),
    ("apply", [(3, 3)], (0, 2), [{(0, 2)}]),
    ("update", [(3, 1), (3, 3), (3, 1)], (1, 0),
     [{(1, 0)}, {(1, 0), (1, 1), (1, 2)}, {(0, 0), (1, 0), (2, 0)}]),
    ("bias_update", [(1, 3), (3, 3)], (0, 2), [{(0, 2)}, {(0, 2), (1, 2), (2, 2)}]),
])
def test_source_cells(op, shapes, cell, expected):
    assert source_cells(op, shapes, cell) == expected


def test_explain_cell_by_hand():
    value, text = explain_cell("affine", [[[1, 2]], [[3], [4]], [[-5]]], (0, 0))
    assert value == 1 * 3 + 2 * 4 - 5
    assert text == "1×3 + 2×4 + (-5)"
    value, text = explain_cell("bias_update", [[[0.5]], [[1.0], [-3.0]]], (0, 0), lr=0.1)
    assert value == pytest.approx(0.5 + (1.0 - 3.0) * 0.1)
    assert text == "0.5 + (1 + (-3)) × 0.1"
    assert explain_cell("apply", [[[0.0]]], (0, 0), func=sigmoid) == (0.5, "sigmoid(0)")


@pytest.mark.parametrize("op", ["matmul", "affine", "multiply", "subtract", "apply",
                                "update", "bias_update"])
def test_explain_cell_agrees_with_numpy_everywhere(op):
    rng = np.random.default_rng(0)
    a, b, c = rng.normal(size=(3, 4)), rng.normal(size=(4, 2)), rng.normal(size=(1, 2))
    p, d = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    cases = {
        "matmul": ([a, b], a @ b),
        "affine": ([a, b, c], a @ b + c),
        "multiply": ([p, d], p * d),
        "subtract": ([p, d], p - d),
        "apply": ([p], sigmoid(p)),
        "update": ([p, a, b], p + a @ b * 0.1),
        "bias_update": ([c, d], c + d.sum(axis=0, keepdims=True) * 0.1),
    }
    arrays, result = cases[op]
    for cell in np.ndindex(result.shape):
        value, _ = explain_cell(op, arrays, cell, func=sigmoid, lr=0.1)
        assert value == pytest.approx(result[cell], rel=1e-12)


def test_bad_input_is_refused_with_a_clear_message(step):
    X, params, s = step
    ax = new_axes()
    with pytest.raises(ValueError, match="unknown op 'dot'"):
        draw_matrix_step(ax, [("X", X), ("wh", params["wh"])], ("h", X @ params["wh"]),
                         (0, 0), "dot")
    with pytest.raises(ValueError, match=r"X @ wout needs X's columns \(4\) to equal wout's rows \(3\)"):
        draw_matrix_step(ax, [("X", X), ("wout", params["wout"])], ("h", X), (0, 0), "matmul")
    with pytest.raises(ValueError, match=r"h has shape \(3, 4\)"):
        draw_matrix_step(ax, [("X", X), ("wh", params["wh"])], ("h", X), (0, 0), "matmul")
    with pytest.raises(ValueError, match=r"active cell \(3, 0\) lies outside h"):
        draw_matrix_step(ax, [("X", X), ("wh", params["wh"])], ("h", X @ params["wh"]),
                         (3, 0), "matmul")
    with pytest.raises(ValueError, match=r"h\[0, 0\] is .* but the operands give"):
        draw_matrix_step(ax, [("X", X), ("wh", params["wh"])], ("h", X @ params["wh"] + 1),
                         (0, 0), "matmul")
    with pytest.raises(ValueError, match="needs func"):
        draw_matrix_step(ax, [("z", X)], ("a", sigmoid(X)), (0, 0), "apply")
    with pytest.raises(ValueError, match="needs lr"):
        draw_matrix_step(ax, [("bout", params["bout"]), ("d_output", s["d_output"])],
                         ("bout", s["bout"]), (0, 0), "bias_update")
    with pytest.raises(ValueError, match="takes 2 operands, got 1"):
        draw_matrix_step(ax, [("X", X)], ("h", X), (0, 0), "multiply")
    with pytest.raises(ValueError, match="must be a 2-D matrix"):
        draw_matrix_step(ax, [("v", np.ones(3))], ("a", sigmoid(np.ones(3))), (0, 0), "apply",
                         func=sigmoid)


@pytest.mark.parametrize("dpi", [72, 100, 150])
def test_the_figure_holds_every_label_and_number(step, dpi):
    import matplotlib.pyplot as plt

    X, params, s = step
    fig, drawn = matrix_step_figure(
        [("wout", params["wout"]), ("hiddenlayer_activations.T", s["hiddenlayer_activations"].T),
         ("d_output", s["d_output"])], ("wout", s["wout"]), (2, 0), "update", lr=0.1,
        fmt="{:.4f}", title="Update wout")
    try:
        fig.set_dpi(dpi)
        renderer = fig.canvas.get_renderer()
        frame = fig.bbox
        for text in fig.axes[0].texts:
            box = text.get_window_extent(renderer)
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1, text.get_text()
            assert frame.y0 <= box.y0 and box.y1 <= frame.y1, text.get_text()
        # every number sits inside its own cell
        for m in drawn:
            for cell, text in m.texts.items():
                box = text.get_window_extent(renderer)
                rect = m.cells[cell].get_window_extent(renderer)
                assert rect.x0 < box.x0 and box.x1 < rect.x1
    finally:
        plt.close(fig)


def test_only_an_update_of_one_name_is_relabelled():
    from scratchnet.plots.matrices import before_and_after

    assert before_and_after("bias_update", ["bout", "d_output"], "bout") == (
        ["bout (before)", "d_output"], "bout (after)", "new bout")
    # a different name, or an op that does not update, keeps its labels
    assert before_and_after("update", ["w", "a", "b"], "w2") == (["w", "a", "b"], "w2", "w2")
    assert before_and_after("multiply", ["E", "E"], "E") == (["E", "E"], "E", "E")

"""The descent widget: its pure view against the neuron module, and its sliders."""

import numpy as np
import pytest

from scratchnet.neuron import learning_rate_bound, linear_loss, noisy_line
from scratchnet.widgets import descent_figure, descent_widget
from scratchnet.widgets import descent_view
from scratchnet.widgets.render import png_bytes
from widget_boxes import assert_shows, control, pixels, readout_text


def test_first_step_by_hand():
    x, y = noisy_line()
    state = descent_view.descent_state(learning_rate=0.1, w=1.0, b=0.0, steps=1)
    error = 1.0 * x - y
    expected = [1.0 - 0.1 * 2 * np.mean(error * x), 0.0 - 0.1 * 2 * np.mean(error)]
    np.testing.assert_allclose(state.path[1], expected)
    np.testing.assert_allclose(state.losses, linear_loss(state.path[:, 0], state.path[:, 1], x, y))


def test_bound_and_least_squares():
    x, y = noisy_line()
    state = descent_view.descent_state()
    assert state.bound == learning_rate_bound(x)
    # At the least-squares point both gradients vanish.
    w, b = state.best
    np.testing.assert_allclose([np.mean((w * x + b - y) * x), np.mean(w * x + b - y)], 0,
                               atol=1e-12)
    assert state.losses[-1] >= state.best_loss


@pytest.mark.parametrize("factor, verdict", [(0.3, "converges"), (0.8, "zigzags"),
                                             (1.05, "diverges")])
def test_verdict_follows_the_bound(factor, verdict):
    bound = descent_view.descent_state().bound
    state = descent_view.descent_state(learning_rate=factor * bound, steps=100)
    assert verdict in descent_view.verdict(state)
    assert (state.losses[-1] < state.best_loss + 1e-3) == (factor < 1)


def test_state_rejects_bad_settings():
    with pytest.raises(ValueError, match="learning_rate"):
        descent_view.descent_state(learning_rate=0.0)
    with pytest.raises(ValueError, match="steps"):
        descent_view.descent_state(steps=descent_view.MAX_STEPS + 1)


def test_readout():
    text = descent_view.descent_readout(descent_view.descent_state(steps=0))
    assert text.startswith("learning rate 0.140, bound 2/lambda_max = 0.291")
    assert "after 0 steps w = -1.5, b = 3," in text


def test_redrawing_only_what_moves_gives_the_whole_drawing():
    plot = descent_view.DescentPlot()
    for settings in [{}, {"learning_rate": 0.3, "steps": 100}, {"steps": 0, "w": 4.0}]:
        plot.show(descent_view.descent_state(**settings))
        fast, whole = pixels(plot.png()), pixels(png_bytes(plot.figure))
        assert np.mean(np.any(fast != whole, axis=-1)) <= 1e-4


def test_figure_renders_the_same_bytes_every_time():
    first = png_bytes(descent_figure())
    assert first.startswith(b"\x89PNG") and png_bytes(descent_figure()) == first


def test_widget_opens_on_the_books_figure_and_follows_its_sliders():
    box = descent_widget()
    assert_shows(box, descent_figure())
    control(box, "learning rate").value = 0.3
    control(box, "steps").value = 12
    control(box, "start w").value = 0.0
    control(box, "start b").value = -2.0
    state = descent_view.descent_state(learning_rate=0.3, w=0.0, b=-2.0, steps=12)
    assert readout_text(box) == descent_view.descent_readout(state)
    assert_shows(box, descent_figure(0.3, 0.0, -2.0, 12))

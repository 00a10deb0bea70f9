"""The sigmoid-MLP widget: nine sliders for a 2-2-1 network on XOR."""
import html

import ipywidgets as widgets

from .controls import Redraw, container, figure_image, float_slider, readout
from .mlp_view import (
    MLPPlot,
    flatten,
    gradient_step,
    mlp_readout,
    mlp_state,
    parameter_names,
    start_params,
    trained_params,
    unflatten,
)

# Wide enough for the trained weights (the tests check it).
WEIGHT_RANGE = (-10.0, 10.0)


def mlp_widget(params=None, learning_rate=1.0):
    """Sliders for every entry of ``wh``, ``bh``, ``wout``, ``bout``.

    Buttons load the trained weights (`mlp_view.trained_params`), take one
    (or a hundred) gradient steps of the walkthrough (`scratchnet.mlp.iteration`
    with ``learning_rate``), or go back to the start.

    Parameters
    ----------
    params : dict, optional
        Starting parameters, shapes as in `scratchnet.mlp.init_params(2, 2, 1)`;
        `mlp_view.start_params` by default.

    Returns
    -------
    ipywidgets.VBox
        With the CSS class ``scratchnet-mlp``.
    """
    first = flatten(start_params() if params is None else params)
    plot = MLPPlot()
    image = figure_image(plot.figure)
    sliders = {name: float_slider(name, first[name], *WEIGHT_RANGE)
               for name in parameter_names()}
    score = readout()
    steps_taken = widgets.Label()
    fit = widgets.Layout(width="auto")
    trained_button = widgets.Button(description="load trained weights", icon="check", layout=fit)
    step_button = widgets.Button(description="gradient step", icon="step-forward", layout=fit)
    hundred_button = widgets.Button(description="100 steps", icon="fast-forward", layout=fit)
    reset_button = widgets.Button(description="start over", icon="undo", layout=fit)

    def current():
        return unflatten({name: slider.value for name, slider in sliders.items()})

    def draw():
        state = mlp_state(current())
        plot.show(state)
        image.value = plot.png()
        score.value = html.escape(mlp_readout(state))

    # Gradient steps since the start or the last load, for the note.
    count = {"steps": 0}

    def load(values, note, steps=0):
        with redraw.batch():
            for name, slider in sliders.items():
                slider.value = values[name]
        count["steps"] = steps
        steps_taken.value = note

    def step(n):
        params = current()
        for _ in range(n):
            params = gradient_step(params, learning_rate)
        steps = count["steps"] + n
        load(flatten(params), f"{steps} gradient steps (learning rate {learning_rate})", steps)

    redraw = Redraw(draw)
    redraw.watch(*sliders.values())
    trained_button.on_click(lambda button: load(flatten(trained_params()), "trained weights"))
    step_button.on_click(lambda button: step(1))
    hundred_button.on_click(lambda button: step(100))
    reset_button.on_click(lambda button: load(first, ""))
    draw()

    def group(prefix):
        return widgets.VBox([s for name, s in sliders.items() if name.startswith(prefix + "[")])

    return container(
        "mlp",
        image,
        widgets.HBox([group("wh"), group("bh"), widgets.VBox([group("wout"), group("bout")])]),
        widgets.HBox([trained_button, step_button, hundred_button, reset_button]),
        steps_taken,
        score,
    )

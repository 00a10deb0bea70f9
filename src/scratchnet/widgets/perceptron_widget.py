"""The perceptron widget: drag w1, w2, b or let the learning rule move them."""
import html

import ipywidgets as widgets

from ..datasets import logic_gate
from .controls import Redraw, container, figure_image, float_slider, readout
from .perceptron_view import START, PerceptronPlot, perceptron_readout, perceptron_state, rule_step

# Wide enough for every weight the rule reaches from the start on AND, OR and XOR.
WEIGHT_RANGE = (-4.0, 4.0)


def perceptron_widget(gate=START["gate"], w1=START["w1"], w2=START["w2"], b=START["b"],
                      learning_rate=1.0):
    """Sliders for ``w1``, ``w2``, ``b``, a gate to learn, and one-step learning.

    The button applies the perceptron rule to the next example in turn
    ((0,0), (0,1), (1,0), (1,1), then again), so a learner can watch it
    converge on AND and OR and cycle for ever on XOR.

    Parameters
    ----------
    gate : {"and", "or", "xor"}
    w1, w2, b : float
        The starting weights and bias.
    learning_rate : float
        The rule's step size.

    Returns
    -------
    ipywidgets.VBox
        With the CSS class ``scratchnet-perceptron``.
    """
    plot = PerceptronPlot()
    image = figure_image(plot.figure)
    sliders = {
        "w1": float_slider("w1", w1, *WEIGHT_RANGE),
        "w2": float_slider("w2", w2, *WEIGHT_RANGE),
        "b": float_slider("b", b, *WEIGHT_RANGE),
    }
    choice = widgets.ToggleButtons(options=[("AND", "and"), ("OR", "or"), ("XOR", "xor")],
                                   value=gate.lower(), description="gate")
    choice.style.button_width = "60px"
    step_button = widgets.Button(description="one step of the rule", icon="step-forward")
    score = readout()
    status = widgets.HTML()
    # Which example the rule looks at next, and how many in a row were right.
    progress = {"next": 0, "right_in_a_row": 0}

    def draw():
        state = perceptron_state(choice.value, *(s.value for s in sliders.values()))
        plot.show(state)
        image.value = plot.png()
        score.value = html.escape(perceptron_readout(state))

    def changed_by_hand(change):
        # Also runs when the rule moves a slider; `step` then sets the progress itself.
        progress.update(next=0, right_in_a_row=0)
        status.value = ""

    def step(button):
        index = progress["next"]
        new_w1, new_w2, new_b, changed = rule_step(
            choice.value, *(s.value for s in sliders.values()), index, learning_rate
        )
        X, y = logic_gate(choice.value)
        example = f"example ({X[index, 0]:.0f}, {X[index, 1]:.0f}) with target {y[index, 0]:.0f}"
        right_in_a_row = progress["right_in_a_row"]
        with redraw.batch():
            for slider, value in zip(sliders.values(), (new_w1, new_w2, new_b)):
                slider.value = value
        progress["next"] = (index + 1) % len(X)
        progress["right_in_a_row"] = 0 if changed else right_in_a_row + 1
        if progress["right_in_a_row"] >= len(X):
            status.value = f"{example}: right. A whole pass without a mistake: converged."
        elif changed:
            status.value = f"{example}: wrong, so the weights moved."
        else:
            status.value = f"{example}: right, nothing changes."

    redraw = Redraw(draw)
    redraw.watch(choice, *sliders.values())
    for control in (choice, *sliders.values()):
        control.observe(changed_by_hand, names="value")
    step_button.on_click(step)
    draw()
    return container(
        "perceptron",
        choice,
        widgets.HBox([image, widgets.VBox([*sliders.values(), step_button, status])]),
        score,
    )

"""The training widget: choose the settings, train, and watch (or replay) the run."""
import html

import ipywidgets as widgets

from .controls import container, figure_image, readout
from .training_view import START, TrainingPlot, train_frames, training_readout


def training_widget(learning_rate=START["learning_rate"], hidden_size=START["hidden_size"],
                    epochs=START["epochs"]):
    """Learning rate, hidden size and epochs; a train button; a replay slider.

    The widget opens on a finished run with the given settings. Pressing
    "train" runs again with the sliders' settings and redraws the loss
    curve and the decision regions after every twentieth of the epochs,
    with a progress bar. The "show epoch" slider replays the recorded run.

    Parameters
    ----------
    learning_rate : float
    hidden_size : int
        Hidden units of Dense(2, H) -> Tanh -> Dense(H, 3).
    epochs : int

    Returns
    -------
    ipywidgets.VBox
        With the CSS class ``scratchnet-training``.
    """
    style = {"description_width": "initial"}
    rate = widgets.FloatLogSlider(value=learning_rate, base=10, min=-2, max=1, step=0.1,
                                  description="learning rate", style=style)
    hidden = widgets.IntSlider(value=hidden_size, min=2, max=64, description="hidden units",
                               style=style)
    length = widgets.IntSlider(value=epochs, min=100, max=3000, step=100, description="epochs",
                               style=style)
    train_button = widgets.Button(description="train", icon="play", button_style="primary")
    progress = widgets.IntProgress(value=epochs, max=epochs, description="progress",
                                   style=style)
    replay = widgets.SelectionSlider(options=[0], description="show epoch", style=style,
                                     continuous_update=True)
    score = readout()
    plot = TrainingPlot()
    image = figure_image(plot.figure)
    # The frames of the last run, by epoch, for the replay slider.
    frames = {}
    # True while a run refills the replay slider, which must not redraw meanwhile.
    refilling = {"now": False}

    def show(frame):
        plot.show(frame)
        image.value = plot.png()
        score.value = html.escape(training_readout(frame))

    def replayed(change):
        if not refilling["now"]:
            show(frames[change["new"]])

    def run(settings, live):
        frames.clear()
        progress.max = settings["epochs"]
        for frame in train_frames(**settings):
            frames[frame.epoch] = frame
            progress.value = frame.epoch
            if live:
                show(frame)
        refilling["now"] = True
        replay.options = list(frames)
        replay.value = max(frames)
        refilling["now"] = False
        if not live:
            show(frames[replay.value])

    def train(button):
        train_button.disabled = True
        try:
            run({"learning_rate": rate.value, "hidden_size": hidden.value,
                 "epochs": length.value}, live=True)
        finally:
            train_button.disabled = False

    replay.observe(replayed, names="value")
    run({"learning_rate": learning_rate, "hidden_size": hidden_size, "epochs": epochs},
        live=False)
    train_button.on_click(train)
    return container(
        "training",
        widgets.HBox([widgets.VBox([rate, hidden, length]),
                      widgets.VBox([train_button, progress])]),
        image,
        replay,
        score,
    )

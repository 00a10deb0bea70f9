"""The training widget: a small network learns two classes of points, live, as in the Playground."""
import traitlets

from .bundle import module_source
from .live import LiveWidget
from .training_view import (
    BATCH_SIZES, DATASETS, LEARNING_RATES, SEED_RANGE, START, as_lists, check_hidden_size,
    init_params, training_readout,
)


class TrainingWidget(LiveWidget):
    """Data set, learning rate, hidden units, batch size and seed; Train/Pause, One epoch, Reset.

    The network Dense(2, H), Tanh, Dense(H, H), Tanh, Dense(H, 1), Sigmoid
    trains with binary cross-entropy by minibatch gradient descent in the
    page (``js/training*.js``), each epoch in a seeded shuffle, while the
    loss curve and the decision regions redraw. ``params`` holds the current
    weights (flat lists, row by row) and ``epoch`` the epochs run; in Jupyter
    they reach Python when training pauses. Changing the data set, the seed or
    the hidden size starts again from the seed's starting weights.
    """

    name = "training"
    _esm = module_source("training")
    dataset = traitlets.Unicode(START["dataset"]).tag(sync=True)
    seed = traitlets.Int(START["seed"]).tag(sync=True)
    learning_rate = traitlets.Float(START["learning_rate"]).tag(sync=True)
    hidden_size = traitlets.Int(START["hidden_size"]).tag(sync=True)
    batch_size = traitlets.Int(START["batch_size"]).tag(sync=True)
    epoch = traitlets.Int(0).tag(sync=True)
    params = traitlets.Dict().tag(sync=True)

    def describe(self):
        return training_readout(self.dataset, self.seed, self.params, self.epoch)


def training_widget(dataset=START["dataset"], learning_rate=START["learning_rate"],
                    hidden_size=START["hidden_size"], batch_size=START["batch_size"],
                    seed=START["seed"]):
    """The training widget, untrained, with these settings.

    Parameters
    ----------
    dataset : {"xor", "circles", "spirals"}
        300 points of two classes, drawn from ``seed``.
    learning_rate : float
        One of 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10.
    hidden_size : int
        H, the units of each hidden layer, 1 to 16.
    batch_size : int
        One of 1, 10, 30, 100, 300 (300 is the whole data set).
    seed : int
        0 to 99: draws the data, the starting weights and each epoch's order.

    Returns
    -------
    TrainingWidget
    """
    if dataset not in DATASETS:
        raise ValueError(f"unknown data set {dataset!r}; choose one of {list(DATASETS)}")
    if learning_rate not in LEARNING_RATES:
        raise ValueError(f"learning_rate must be one of {list(LEARNING_RATES)}, "
                         f"got {learning_rate!r}")
    if batch_size not in BATCH_SIZES:
        raise ValueError(f"batch_size must be one of {list(BATCH_SIZES)}, got {batch_size!r}")
    low, high = SEED_RANGE
    if not (isinstance(seed, int) and low <= seed <= high):
        raise ValueError(f"seed must be a whole number from {low} to {high}, got {seed!r}")
    check_hidden_size(hidden_size)
    return TrainingWidget(dataset=dataset, learning_rate=float(learning_rate),
                          hidden_size=hidden_size, batch_size=int(batch_size), seed=seed, epoch=0,
                          params=as_lists(init_params(hidden_size, seed)))

"""What the training widget shows: a small network learning the spirals, frame by frame."""
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..datasets import spirals
from ..layers import Dense, Tanh
from ..losses import softmax_cross_entropy, softmax_cross_entropy_prime
from ..network import Network
from .render import CLASS3_COLORS, REGION3_CMAP, LiveFigure, new_figure

START = {"learning_rate": 1.0, "hidden_size": 32, "epochs": 1000}
FRAMES = 20
LIMITS = (-1.1, 1.1)
GRID = 61
SEED = 0


@lru_cache(maxsize=1)
def _spirals():
    X, labels = spirals(n_per_class=100, n_classes=3, noise=0.2, rng=SEED)
    X.setflags(write=False)
    labels.setflags(write=False)
    return X, labels


def spiral_data():
    """The widget's data set: three spirals of 100 points (seeded).

    Returns
    -------
    X : ndarray of shape (300, 2)
    labels : ndarray of int, shape (300,)
    """
    return _spirals()


def build_network(hidden_size, seed=SEED):
    """Dense(2, H) -> Tanh -> Dense(H, 3) with softmax cross-entropy on the logits."""
    if hidden_size < 1:
        raise ValueError(f"hidden_size must be at least 1, got {hidden_size}")
    rng = np.random.default_rng(seed)
    net = Network([Dense(2, hidden_size, rng=rng), Tanh(), Dense(hidden_size, 3, rng=rng)])
    net.use(softmax_cross_entropy, softmax_cross_entropy_prime)
    return net


@dataclass(frozen=True)
class TrainingFrame:
    """One picture of a training run.

    Attributes
    ----------
    epoch, epochs : int
        Epochs done so far, and in the whole run.
    history : ndarray of shape (epoch,)
        The loss of every epoch so far (as `Network.fit` reports it).
    loss : float
        The loss on the whole data set now.
    accuracy : float
        The fraction of the data set classified right now.
    regions : ndarray of int, shape (GRID, GRID)
        The predicted class on a grid over `LIMITS` (row i is x2 = grid[i]).
    """

    epoch: int
    epochs: int
    history: np.ndarray
    loss: float
    accuracy: float
    regions: np.ndarray


def _grid():
    axis = np.linspace(*LIMITS, GRID)
    g1, g2 = np.meshgrid(axis, axis)
    return np.column_stack([g1.ravel(), g2.ravel()])


def _frame(net, epoch, epochs, history):
    X, labels = spiral_data()
    logits = net.predict(X)
    return TrainingFrame(
        epoch=epoch,
        epochs=epochs,
        history=np.array(history),
        loss=net.loss(labels, logits),
        accuracy=float(np.mean(logits.argmax(axis=1) == labels)),
        regions=net.predict(_grid()).argmax(axis=1).reshape(GRID, GRID),
    )


def train_frames(learning_rate=START["learning_rate"], hidden_size=START["hidden_size"],
                 epochs=START["epochs"], n_frames=FRAMES, seed=SEED):
    """Train full-batch on the spirals, yielding a `TrainingFrame` as it goes.

    Yields the untrained network first, then one frame after each of
    ``n_frames`` equal chunks of epochs (fewer when ``epochs < n_frames``).
    """
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, got {epochs}")
    X, labels = spiral_data()
    net = build_network(hidden_size, seed)
    history = []
    yield _frame(net, 0, epochs, history)
    ends = np.unique(np.linspace(0, epochs, n_frames + 1).round().astype(int))
    for done, end in zip(ends[:-1], ends[1:]):
        history += net.fit(X, labels, epochs=int(end - done), learning_rate=learning_rate,
                           verbose=False)
        yield _frame(net, int(end), epochs, history)


def training_readout(frame):
    """Epoch, loss and accuracy of ``frame``, as one line of text."""
    return (
        f"epoch {frame.epoch}/{frame.epochs}: loss {frame.loss:.4f}, "
        f"training accuracy {100 * frame.accuracy:.1f}%"
    )


class TrainingPlot:
    """The loss curve on the left, the decision regions and the data on the right."""

    def __init__(self):
        self.figure, (curve, regions) = new_figure(6.4, 3.1, ncols=2)
        (self.curve,) = curve.plot([], [], color="black")
        curve.set(yscale="log", ylim=(0.01, 3), xlabel="epoch", ylabel="loss")
        self.curve_axes = curve
        self.regions = regions.imshow(np.zeros((GRID, GRID)), extent=(*LIMITS, *LIMITS),
                                      origin="lower", cmap=REGION3_CMAP, vmin=0, vmax=2,
                                      interpolation="nearest")
        X, labels = spiral_data()
        points = [regions.scatter(*X[labels == label].T, s=8, color=color)
                  for label, color in enumerate(CLASS3_COLORS)]
        regions.set(xlim=LIMITS, ylim=LIMITS, xticks=[], yticks=[], aspect="equal")
        self.title = self.figure.suptitle("", fontsize=10)
        self.figure.subplots_adjust(left=0.11, right=0.98, top=0.88, bottom=0.15, wspace=0.15)
        # The points do not move, but lie on the regions, which do.
        self.live = LiveFigure(self.figure, [self.curve, self.regions, *points, self.title])

    def show(self, frame):
        """Draw ``frame`` (a `TrainingFrame`)."""
        self.curve.set_data(np.arange(1, frame.epoch + 1), frame.history)
        # Room for the large losses of a much too large learning rate.
        top = max(3.0, 1.5 * float(frame.history.max(initial=0.0)))
        if (self.curve_axes.get_xlim(), self.curve_axes.get_ylim()) != ((0, frame.epochs),
                                                                       (0.01, top)):
            # The ticks are part of the background.
            self.live.invalidate()
            self.curve_axes.set(xlim=(0, frame.epochs), ylim=(0.01, top))
        self.regions.set_data(frame.regions)
        self.title.set_text(training_readout(frame))

    def png(self):
        """The figure as it is now, as PNG bytes (see `LiveFigure`)."""
        return self.live.png()


def training_figure(learning_rate=START["learning_rate"], hidden_size=START["hidden_size"],
                    epochs=START["epochs"]):
    """The training widget's figure at the end of a run (by default the run it starts with).

    Returns
    -------
    matplotlib.figure.Figure
    """
    plot = TrainingPlot()
    *_, last = train_frames(learning_rate, hidden_size, epochs)
    plot.show(last)
    return plot.figure

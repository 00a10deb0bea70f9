"""The training widget's NumPy reference (the *_view module), checked by hand and against the package."""
import io

import numpy as np
import pytest
from PIL import Image
from scipy.signal import correlate2d

from scratchnet import mlp
from scratchnet.activations import sigmoid
from scratchnet.datasets import logic_gate
from scratchnet.gradcheck import numerical_gradient
from scratchnet.losses import binary_cross_entropy, mse
from scratchnet.widgets import conv_view, loss_view, mlp_view, perceptron_view, training_view
from scratchnet.widgets.mlp_widget import WEIGHT_RANGE as MLP_RANGE
from scratchnet.widgets.perceptron_widget import WEIGHT_RANGE as PERCEPTRON_RANGE
from scratchnet.widgets.render import png_bytes


@pytest.fixture(scope="module")
def frames():
    return list(training_view.train_frames(learning_rate=1.0, hidden_size=16, epochs=400))


def test_frames_cover_the_run(frames):
    assert [f.epoch for f in frames] == list(range(0, 401, 20))
    for frame in frames:
        assert frame.history.shape == (frame.epoch,)
        assert frame.regions.shape == (training_view.GRID, training_view.GRID)
    assert frames[-1].loss < frames[0].loss
    assert frames[-1].accuracy > 0.6 > frames[0].accuracy


def test_frames_are_deterministic(frames):
    again = list(training_view.train_frames(learning_rate=1.0, hidden_size=16, epochs=400))
    assert [f.loss for f in again] == [f.loss for f in frames]
    np.testing.assert_array_equal(again[-1].regions, frames[-1].regions)


def test_regions_are_the_predicted_classes():
    net = training_view.build_network(8)
    frame = next(training_view.train_frames(hidden_size=8))
    corner = np.array([[training_view.LIMITS[0], training_view.LIMITS[1]]])
    assert frame.regions[-1, 0] == net.predict(corner).argmax()


def test_short_runs_give_one_frame_per_epoch():
    epochs = [f.epoch for f in training_view.train_frames(epochs=5, n_frames=20)]
    assert epochs == [0, 1, 2, 3, 4, 5]


def test_training_rejects_bad_settings():
    with pytest.raises(ValueError, match="epochs"):
        next(training_view.train_frames(epochs=0))
    with pytest.raises(ValueError, match="hidden_size"):
        training_view.build_network(0)

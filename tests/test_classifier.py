import numpy as np
import pytest

from scratchnet.classifier import TwoLayerNet, train
from scratchnet.datasets import one_hot, spirals
from scratchnet.gradcheck import rel_error


def _net(rng, d=4, h=5, c=3):
    # A larger weight scale than the default, so the sigmoids leave their linear middle.
    return TwoLayerNet(d, h, c, weight_init_std=1.0, rng=rng)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("targets", ["labels", "one-hot"])
def test_backprop_matches_the_numerical_gradient(seed, targets):
    rng = np.random.default_rng(seed)
    net = _net(rng)
    for b in net.params.values():
        b += rng.normal(scale=0.5, size=b.shape)  # non-zero biases too
    x, labels = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
    t = labels if targets == "labels" else one_hot(labels, 3)
    numeric, analytic = net.numerical_gradient(x, t), net.gradient(x, t)
    assert set(analytic) == set(net.params)
    for name, param in net.params.items():
        assert analytic[name].shape == param.shape
        assert rel_error(analytic[name], numeric[name]) < 1e-7, name


def test_numerical_gradient_leaves_the_parameters_as_they_were():
    net = _net(0)
    before = {k: v.copy() for k, v in net.params.items()}
    net.numerical_gradient(np.ones((2, 4)), np.array([0, 2]))
    assert all(np.array_equal(before[k], net.params[k]) for k in before)


def test_worked_values_with_zero_weights():
    # Zero weights: every logit is 0, so every class gets probability 1/C.
    net = TwoLayerNet(2, 3, 4, weight_init_std=0.0)
    x, t = np.array([[1.0, 2.0], [-1.0, 0.5]]), np.array([1, 3])
    np.testing.assert_allclose(net.predict(x), np.full((2, 4), 0.25))
    assert net.loss(x, t) == pytest.approx(np.log(4))
    # dE/dZ2 = (P - Y) / N; the hidden activations are all sigmoid(0) = 1/2.
    dz2 = (np.full((2, 4), 0.25) - one_hot(t, 4)) / 2
    grads = net.gradient(x, t)
    np.testing.assert_allclose(grads["b2"], dz2.sum(axis=0))
    np.testing.assert_allclose(grads["W2"], np.full((2, 3), 0.5).T @ dz2)
    np.testing.assert_allclose(grads["W1"], 0.0)  # W2 = 0 blocks the way back


def test_accuracy_by_hand_with_labels_and_one_hot():
    net = TwoLayerNet(2, 2, 2, weight_init_std=0.0)
    net.params["W1"][:] = np.eye(2) * 10
    net.params["W2"][:] = np.eye(2) * 10  # the larger input wins
    x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    t = np.array([0, 1, 1, 1])
    assert net.accuracy(x, t) == 0.75
    assert net.accuracy(x, one_hot(t, 2)) == 0.75


def test_predict_gives_probabilities_of_the_right_shape():
    net = _net(3, d=5, h=7, c=4)
    p = net.predict(np.random.default_rng(3).normal(size=(9, 5)))
    assert p.shape == (9, 4)
    assert np.all(p > 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


def test_the_seed_fixes_the_initial_weights():
    a, b = TwoLayerNet(3, 4, 2, rng=5), TwoLayerNet(3, 4, 2, rng=5)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert a.params["W1"].shape == (3, 4) and a.params["b2"].shape == (2,)
    assert np.std(TwoLayerNet(50, 50, 2, weight_init_std=0.01, rng=0).params["W1"]) < 0.02


def test_training_learns_the_spirals_and_records_every_epoch():
    x, t = spirals(n_per_class=60, n_classes=2, noise=0.1, rng=0)
    net = TwoLayerNet(2, 30, 2, weight_init_std=1.0, rng=0)
    history = train(net, x, t, epochs=150, learning_rate=1.0, batch_size=20, rng=0,
                    x_test=x[::2], t_test=t[::2])
    assert [len(history[k]) for k in ("loss", "train", "test")] == [150] * 3
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert history["train"][-1] > 0.9
    again = train(TwoLayerNet(2, 30, 2, weight_init_std=1.0, rng=0), x, t, epochs=150,
                  learning_rate=1.0, batch_size=20, rng=0)
    assert again["loss"] == history["loss"] and again["test"] == []

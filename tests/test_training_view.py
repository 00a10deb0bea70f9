"""The training widget's NumPy reference (the *_view module), checked by hand and against the package.

The page's arithmetic is held to these functions in tests/browser/test_live_training.py.
"""
import math

import numpy as np
import pytest

from scratchnet.layers import Dense, Sigmoid, Tanh
from scratchnet.losses import binary_cross_entropy, binary_cross_entropy_prime
from scratchnet.widgets import training_view as tv


@pytest.mark.parametrize("dataset", tv.DATASETS)
def test_data_sets_have_two_halves_and_depend_on_the_seed(dataset):
    X, y = tv.make_data(dataset, 0)
    assert X.shape == (tv.POINTS, 2) and y.shape == (tv.POINTS, 1)
    np.testing.assert_array_equal(y.ravel(), np.repeat([0.0, 1.0], tv.POINTS // 2))
    np.testing.assert_array_equal(tv.make_data(dataset, 0)[0], X)
    assert not np.array_equal(tv.make_data(dataset, 1)[0], X)
    assert np.all(np.abs(X) < 1.6)


def test_xor_class_is_whether_the_signs_differ():
    X, y = tv.make_data("xor", 0)
    differ = (X[:, 0] > 0) != (X[:, 1] > 0)
    # Clusters of spread 0.2 around (±0.5, ±0.5): a few points stray over an axis.
    assert np.mean(differ == (y.ravel() == 1)) > 0.95


def test_circles_class_1_is_the_inner_disc():
    X, y = tv.make_data("circles", 0)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert np.median(radius[y.ravel() == 1]) < 0.4 < 0.8 < np.median(radius[y.ravel() == 0])


def test_spiral_arms_are_half_a_turn_apart():
    X, y = tv.make_data("spirals", 0)
    arm0, arm1 = X[:150], X[150:]
    # Without noise the arms are point reflections of each other.
    assert np.mean(np.hypot(*(arm0 + arm1).T)) < 0.1
    assert np.mean(np.hypot(*(arm0 - arm1).T)) > 0.5


def test_unknown_data_set_is_named():
    with pytest.raises(ValueError, match="unknown data set 'moons'"):
        tv.make_data("moons", 0)


@pytest.mark.parametrize("hidden", [1, 8, 16])
def test_starting_weights_follow_denses_formula(hidden):
    params = tv.init_params(hidden, 3)
    shapes = {"W1": (2, hidden), "b1": (hidden,), "W2": (hidden, hidden), "b2": (hidden,),
              "W3": (hidden, 1), "b3": (1,)}
    assert {name: value.shape for name, value in params.items()} == shapes
    for name, (n_in, n_out) in [("W1", (2, hidden)), ("W2", (hidden, hidden)), ("W3", (hidden, 1))]:
        assert np.abs(params[name]).max() <= math.sqrt(6 / (n_in + n_out))
    for name in ("b1", "b2", "b3"):
        np.testing.assert_array_equal(params[name], 0)
    assert not np.array_equal(tv.init_params(hidden, 4)["W1"], params["W1"])


def test_starting_weights_are_spread_over_the_whole_range():
    W = tv.init_params(16, 0)["W2"]
    limit = math.sqrt(6 / 32)
    assert W.min() < -0.8 * limit and W.max() > 0.8 * limit
    assert abs(W.mean()) < 0.1 * limit


@pytest.mark.parametrize("hidden", [0, 17, 2.5])
def test_hidden_size_out_of_range_is_refused(hidden):
    with pytest.raises(ValueError, match="hidden_size must be a whole number from 1 to 16"):
        tv.init_params(hidden, 0)


def test_network_is_the_six_layers_with_the_given_weights():
    params = tv.init_params(4, 0)
    net = tv.build_network(tv.as_lists(params))
    assert [type(layer) for layer in net.layers] == [Dense, Tanh, Dense, Tanh, Dense, Sigmoid]
    assert (net.loss, net.loss_prime) == (binary_cross_entropy, binary_cross_entropy_prime)
    for name, value in tv.network_params(net).items():
        np.testing.assert_array_equal(value, params[name])
    # The network holds copies: training it leaves the arrays it came from alone.
    net.layers[0].params["W"] += 1
    assert not np.array_equal(tv.network_params(net)["W1"], params["W1"])


def test_lists_and_arrays_round_trip():
    params = tv.init_params(3, 9)
    lists = tv.as_lists(params)
    assert len(lists["W2"]) == 9 and all(isinstance(v, float) for v in lists["W2"])
    for name, value in tv.as_arrays(lists).items():
        np.testing.assert_array_equal(value, params[name])


def test_shuffle_is_a_fresh_permutation_every_epoch():
    first = tv.shuffle_order(0, 0)
    assert sorted(first.tolist()) == list(range(tv.POINTS))
    np.testing.assert_array_equal(tv.shuffle_order(0, 0), first)
    assert not np.array_equal(tv.shuffle_order(0, 1), first)
    assert not np.array_equal(tv.shuffle_order(1, 0), first)


def test_fixed_order_makes_fit_visit_the_points_in_that_order():
    X, y = tv.make_data("circles", 2)
    params = tv.init_params(5, 2)
    order = tv.shuffle_order(2, 7)
    fitted = tv.build_network(params)
    history = fitted.fit(X, y, epochs=1, learning_rate=0.3, batch_size=30,
                         rng=tv.FixedOrder(order), verbose=False)
    # The same epoch written out: forward, loss, backward, step, batch by batch.
    net = tv.build_network(params)
    total = 0.0
    for start in range(0, tv.POINTS, 30):
        batch = order[start:start + 30]
        out = net.forward(X[batch])
        total += binary_cross_entropy(y[batch], out) * len(batch)
        net.backward(binary_cross_entropy_prime(y[batch], out))
        net.step(0.3)
    assert history == [total / tv.POINTS]
    for name, value in tv.network_params(net).items():
        np.testing.assert_array_equal(tv.network_params(fitted)[name], value)
    with pytest.raises(ValueError, match="299 entries, not 300"):
        tv.FixedOrder(order[:-1]).permutation(300)


def test_training_learns_xor():
    X, y = tv.make_data("xor", 0)
    net = tv.build_network(tv.init_params(8, 0))
    history = tv.train_epochs(net, X, y, seed=0, first_epoch=0, epochs=30, learning_rate=0.1,
                              batch_size=10)
    assert len(history) == 30 and history[-1] < history[0] / 2
    loss, right = tv.evaluate(tv.network_params(net), X, y)
    assert loss < 0.3 and right > 280


def test_training_in_two_parts_equals_one_run():
    X, y = tv.make_data("spirals", 4)
    whole = tv.build_network(tv.init_params(3, 4))
    parts = tv.build_network(tv.init_params(3, 4))
    tv.train_epochs(whole, X, y, 4, 0, 4, 0.1, 30)
    tv.train_epochs(parts, X, y, 4, 0, 1, 0.1, 30)
    tv.train_epochs(parts, X, y, 4, 1, 3, 0.1, 30)
    for name, value in tv.network_params(whole).items():
        np.testing.assert_array_equal(tv.network_params(parts)[name], value)


def zero_params(hidden):
    return {name: np.zeros_like(value) for name, value in tv.init_params(hidden, 0).items()}


def test_zero_weights_say_one_half_everywhere():
    # Output sigmoid(0) = 0.5 for every point: loss ln 2, and "above 0.5" is never true,
    # so the 150 points of class 0 count as right.
    X, y = tv.make_data("spirals", 0)
    loss, right = tv.evaluate(zero_params(2), X, y)
    assert loss == pytest.approx(math.log(2), rel=1e-12)
    assert right == 150
    assert tv.training_readout("spirals", 0, tv.as_lists(zero_params(2)), 12) == (
        "epoch 12: loss 0.6931, accuracy 50.0% (150/300)")


def test_readout_counts_the_points_on_their_side():
    # Output sigmoid(W3 . tanh(...)): with one unit per layer set by hand, class 1 above x1 = 0.
    params = zero_params(1)
    params["W1"][0, 0] = 5.0   # unit 1 ~ sign(x1)
    params["W2"][0, 0] = 5.0
    params["W3"][0, 0] = 5.0
    X, y = tv.make_data("xor", 0)
    expected = int(np.sum((X[:, 0] > 0) == (y.ravel() == 1)))
    readout = tv.training_readout("xor", 0, tv.as_lists(params), 3)
    assert readout.endswith(f"% ({expected}/300)")
    assert readout.startswith("epoch 3: loss ")


def test_regions_are_the_output_on_the_grid():
    params = tv.init_params(6, 1)
    grid = tv.regions(params)
    assert grid.shape == (tv.GRID, tv.GRID)
    low, high = tv.LIMITS
    net = tv.build_network(params)
    # Row i is x2 = grid[i] and column j is x1 = grid[j]: row 0 is the bottom edge.
    assert grid[0, -1] == pytest.approx(net.predict(np.array([[high, low]]))[0, 0], rel=1e-12)
    assert grid[-1, 0] == pytest.approx(net.predict(np.array([[low, high]]))[0, 0], rel=1e-12)
    assert np.all((grid > 0) & (grid < 1))

import numpy as np
import pytest

from scratchnet import Network
from scratchnet.network import all_finite
from scratchnet.datasets import logic_gate
from scratchnet.layers import Dense, Tanh
from scratchnet.losses import mse, mse_prime


def xor_network(rng=0):
    rng = np.random.default_rng(rng)
    net = Network()
    net.add(Dense(2, 3, rng=rng))
    net.add(Tanh())
    net.add(Dense(3, 1, rng=rng))
    net.add(Tanh())
    net.use(mse, mse_prime)
    return net


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_classic_xor_network_learns_xor(seed):
    x, y = logic_gate("xor")
    net = xor_network(seed)
    # The classic tutorial: 2-3-1 tanh, MSE, 1000 epochs, lr 0.1, one sample at a time.
    history = net.fit(x, y, epochs=1000, learning_rate=0.1, batch_size=1, verbose=False)
    assert len(history) == 1000
    assert history[-1] < 0.01 < history[0]
    np.testing.assert_array_equal(net.predict(x) > 0.5, y > 0.5)


def test_full_batch_step_is_one_gradient_step_on_the_mean_loss():
    x, y = logic_gate("xor")
    net = xor_network()
    w_before = net.layers[0].params["W"].copy()
    net.fit(x, y, epochs=1, learning_rate=0.5, verbose=False)
    reference = xor_network()
    reference.backward(mse_prime(y, reference.forward(x)))
    np.testing.assert_allclose(net.layers[0].params["W"],
                               w_before - 0.5 * reference.layers[0].grads["W"])


def test_minibatches_are_shuffled_reproducibly():
    x, y = logic_gate("xor")
    runs = [xor_network().fit(x, y, 5, 0.1, batch_size=2, rng=np.random.default_rng(4),
                              verbose=False) for _ in range(2)]
    assert runs[0] == runs[1]
    other = xor_network().fit(x, y, 5, 0.1, batch_size=2, rng=np.random.default_rng(5),
                              verbose=False)
    assert other != runs[0]


def test_progress_is_printed_about_ten_times_and_can_be_silenced(capsys):
    x, y = logic_gate("xor")
    xor_network().fit(x, y, epochs=100, learning_rate=0.1)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("epoch   1/100  loss ")
    assert lines[-1].startswith("epoch 100/100  loss ")
    assert len(lines) == 11
    xor_network().fit(x, y, epochs=100, learning_rate=0.1, verbose=False)
    assert capsys.readouterr().out == ""


# On the way to an infinite loss NumPy warns of the overflow; the readable fit lets it
# (the learner sees what happened), and the error below is what this test is about.
@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
def test_divergence_stops_with_a_clear_message():
    x, y = logic_gate("xor")
    net = Network([Dense(2, 1, rng=0)])
    net.use(mse, mse_prime)
    with pytest.raises(FloatingPointError, match="smaller learning rate than 1000"):
        net.fit(x * 100, y, epochs=50, learning_rate=1000.0, verbose=False)


def test_mismatched_data_and_missing_loss_are_refused():
    x, y = logic_gate("and")
    net = Network([Dense(2, 1)])
    with pytest.raises(RuntimeError, match="use\\(loss, loss_prime\\)"):
        net.fit(x, y, 1, 0.1)
    net.use(mse, mse_prime)
    with pytest.raises(ValueError, match="x has 4 samples but y has 3"):
        net.fit(x, y[:3], 1, 0.1)
    x[1, 0] = np.nan
    with pytest.raises(ValueError, match="x contains NaN"):
        net.fit(x, y, 1, 0.1)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("row", [0, 1023, 1024, 2999])
def test_all_finite_finds_a_bad_value_in_any_chunk(bad, row):
    data = np.ones((3000, 2, 2), dtype=np.float32)
    assert all_finite(data)
    data[row, 1, 0] = bad
    assert not all_finite(data)
    assert not all_finite(data.astype(np.float64))


def test_all_finite_passes_integer_labels_and_fit_names_bad_targets():
    assert all_finite(np.arange(5000))
    assert all_finite(np.float32(2.5)) and not all_finite(np.nan)
    x, y = logic_gate("and")
    net = Network([Dense(2, 1)])
    net.use(mse, mse_prime)
    y = y.astype(float)
    y[3] = np.inf
    with pytest.raises(ValueError, match="y contains NaN or infinite"):
        net.fit(x, y, 1, 0.1)


def test_train_and_eval_modes():
    net = xor_network()
    net.train()
    assert all(layer.training for layer in net.layers)
    net.eval()
    assert not any(layer.training for layer in net.layers)
    net.train()
    net.predict(np.zeros((1, 2)))
    assert all(layer.training for layer in net.layers)  # predict restores the mode

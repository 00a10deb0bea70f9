"""MLP training: one epoch of minibatch SGD, scratchnet against its PyTorch twin.

A 784-256-128-10 ReLU network with softmax cross-entropy, trained for one
epoch (batch 128, plain SGD) on 60,000 random MNIST-shaped float32 samples.
Both sides start from the same weights and see the same batches in the same
order, so they do the same arithmetic; `twin_agreement` checks that they end
with the same weights. The network comes in two kinds: the fast one
(`scratchnet.fast.Network` and `fast.Dense`, whose first layer skips the
unused dE/dX as PyTorch does) and the readable one the book displays
(`scratchnet.Network` and `scratchnet.layers.Dense`).
"""
import numpy as np

from scratchnet import fast, network
from scratchnet.layers import Dense, ReLU
from scratchnet.losses import softmax_cross_entropy, softmax_cross_entropy_prime

SIZES = (784, 256, 128, 10)
SAMPLES = 60_000
BATCH = 128
LEARNING_RATE = 0.01
SEED = 0


def make_data(samples=SAMPLES, rng=SEED):
    """Random pixels in [0, 1) of shape (samples, 784) float32, integer labels (samples,)."""
    rng = np.random.default_rng(rng)
    x = rng.random((samples, SIZES[0]), dtype=np.float32)
    labels = rng.integers(0, SIZES[-1], samples)
    return x, labels


KINDS = {"fast": (fast.Network, fast.Dense), "readable": (network.Network, Dense)}


def make_network(dtype=np.float32, rng=1, kind="fast"):
    """The scratchnet network: Dense, ReLU, Dense, ReLU, Dense, softmax cross-entropy.

    ``kind`` is "fast" or "readable" (see KINDS); both start from the same
    weights for the same ``rng``.
    """
    network_class, dense_class = KINDS[kind]
    rng = np.random.default_rng(rng)
    layers = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        layers += [dense_class(n_in, n_out, rng=rng, dtype=dtype), ReLU()]
    net = network_class(layers[:-1])
    net.use(softmax_cross_entropy, softmax_cross_entropy_prime)
    return net


def train_epoch(net, x, labels, samples=None, seed=SEED):
    """One epoch of ``Network.fit`` (over the first ``samples`` rows if given)."""
    samples = len(x) if samples is None else samples
    return net.fit(x[:samples], labels[:samples], epochs=1, learning_rate=LEARNING_RATE,
                   batch_size=BATCH, rng=seed, verbose=False)


def matmul_flops(samples=SAMPLES, first_input_grad=False):
    """Floating-point operations of one epoch's matrix products, as PyTorch does them.

    Forward and dE/dW for every layer, dE/dX for every layer but the first
    (its input is data, so no framework needs that gradient): 2 N D M each.
    With ``first_input_grad``, the first layer's dE/dX too, as the readable
    `scratchnet.Network` computes it.
    """
    products = [n_in * n_out for n_in, n_out in zip(SIZES[:-1], SIZES[1:])]
    input_grads = products if first_input_grad else products[1:]
    return 2 * samples * (2 * sum(products) + sum(input_grads))


class TorchTwin:
    """The same network in PyTorch, with the same initial weights and batch order."""

    def __init__(self, net, x, labels):
        import torch

        self.torch = torch
        dense = [layer for layer in net.layers if isinstance(layer, Dense)]
        modules = []
        for layer in dense:
            linear = torch.nn.Linear(layer.n_in, layer.n_out, dtype=torch.float32)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(layer.params["W"].T.copy()))
                linear.bias.copy_(torch.from_numpy(layer.params["b"].copy()))
            modules += [linear, torch.nn.ReLU()]
        self.model = torch.nn.Sequential(*modules[:-1])
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=LEARNING_RATE)
        self.x = torch.from_numpy(x)
        self.labels = torch.from_numpy(labels)

    def train_epoch(self, samples=None, seed=SEED):
        """One epoch over the batches `Network.fit` would draw with the same seed."""
        torch = self.torch
        samples = len(self.x) if samples is None else samples
        order = torch.from_numpy(np.random.default_rng(seed).permutation(samples))
        total = 0.0
        for start in range(0, samples, BATCH):
            batch = order[start:start + BATCH]
            logits = self.model(self.x[batch])
            loss = torch.nn.functional.cross_entropy(logits, self.labels[batch])
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            total += loss.item() * len(batch)
        return [total / samples]

    def weights(self):
        """The Dense weights in scratchnet's (D, M) layout."""
        return [module.weight.detach().numpy().T for module in self.model
                if isinstance(module, self.torch.nn.Linear)]


def twin_agreement(x, labels, kind="fast"):
    """Largest difference between the two sides' losses and weights after one epoch.

    Returns
    -------
    loss_diff, weight_diff : float
        Absolute difference of the epoch losses, and the largest absolute
        difference of any weight relative to that layer's largest weight.
    """
    net = make_network(kind=kind)
    twin = TorchTwin(net, x, labels)
    ours = train_epoch(net, x, labels)[0]
    theirs = twin.train_epoch()[0]
    mine = [layer.params["W"] for layer in net.layers if isinstance(layer, Dense)]
    weight_diff = max(float(np.max(np.abs(a - b)) / np.max(np.abs(b)))
                      for a, b in zip(mine, twin.weights()))
    return abs(ours - theirs), weight_diff


def products_only_epoch(net, x, seed=SEED):
    """One epoch of nothing but the network's matrix products, on the batches `fit` would draw.

    Forward X W for every Dense layer, dE/dW = X^T dout for every layer,
    dE/dX = dout W^T for all but the first, with the real shapes and data,
    and no bias, activation, loss or update: the time a training epoch
    would take if everything but BLAS were free, the most any NumPy
    network can reach at batch 128.
    """
    dense = [layer for layer in net.layers if isinstance(layer, Dense)]
    weights = [layer.params["W"] for layer in dense]
    order = np.random.default_rng(seed).permutation(len(x))
    for start in range(0, len(x), BATCH):
        inputs = [x[order[start:start + BATCH]]]
        for w in weights:
            inputs.append(inputs[-1] @ w)
        dout = inputs[-1]
        for layer in reversed(range(len(weights))):
            inputs[layer].T @ dout
            if layer:
                dout = dout @ weights[layer].T

"""scratchnet: the neural-network package behind *Neural Networks from Scratch*.

Modules: `activations`, `losses`, `layers`, `network`, `perceptron`, `neuron`,
`mlp`, `init`, `diagnostics`, `classifier`, `gradcheck`, `datasets`, `listing`;
`fast` holds fast twins of the layers (over `parallel`); `grading`, `workspace`
and `widgets` build on them.
"""
from .network import Network

__all__ = ["Network"]
__version__ = "0.1.0"

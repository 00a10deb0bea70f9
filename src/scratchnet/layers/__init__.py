"""Layers: each gives Y from X (forward) and dE/dX from dE/dY (backward)."""
from .activation import Activation, ReLU, Sigmoid, Tanh
from .base import Layer, ShapeError
from .conv import Conv2D
from .dense import Dense
from .dropout import Dropout
from .pooling import MaxPool2D
from .reshape import Flatten

__all__ = [
    "Activation", "Conv2D", "Dense", "Dropout", "Flatten", "Layer",
    "MaxPool2D", "ReLU", "ShapeError", "Sigmoid", "Tanh",
]

"""Layers: each gives Y from X (forward) and dE/dX from dE/dY (backward)."""
from .activation import Activation, ReLU, Sigmoid, Tanh
from .base import Layer, ShapeError
from .dense import Dense

__all__ = ["Activation", "Dense", "Layer", "ReLU", "ShapeError", "Sigmoid", "Tanh"]

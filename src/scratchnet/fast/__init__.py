"""Fast drop-in twins of the readable layers, taught in the chapter "Making it fast".

Each class has the constructor, ``params``, ``grads`` and results of its
readable twin in `scratchnet.layers` / `scratchnet.network` (tests/test_fast.py
holds them equal); only the arrangement of the arithmetic differs. `Conv2D`
and `MaxPool2D` spread each batch over the cores (`scratchnet.parallel`).
"""
from .conv import Conv2D
from .network import Dense, Network
from .pooling import MaxPool2D

__all__ = ["Conv2D", "Dense", "MaxPool2D", "Network"]

"""Every exercise's questions, one module per chapter.

`EXERCISES` maps an exercise notebook's name to its questions, in order;
`QUESTIONS` maps each question's id to its definition.
"""
from . import (ch01_perceptron, ch02_mlp, ch03_layers, ch04_losses, ch05_convolution,
               ch06_putting_it_together)

EXERCISES = {
    "01_perceptron": ch01_perceptron.QUESTIONS,
    "02_mlp": ch02_mlp.QUESTIONS,
    "03_layers": ch03_layers.QUESTIONS,
    "04_losses": ch04_losses.QUESTIONS,
    "05_convolution": ch05_convolution.QUESTIONS,
    "06_putting_it_together": ch06_putting_it_together.QUESTIONS,
}

QUESTIONS = {q.id: q for questions in EXERCISES.values() for q in questions}

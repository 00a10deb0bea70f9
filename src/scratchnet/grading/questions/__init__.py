"""Every exercise's questions, one module per chapter.

`EXERCISES` maps an exercise notebook's name to its questions, in order;
`QUESTIONS` maps each question's id to its definition.
"""
from . import (ch01_perceptron, ch02_one_neuron, ch03_mlp, ch04_layers, ch05_activations,
               ch06_losses, ch07_classifier, ch08_convolution, ch09_putting_it_together)

EXERCISES = {
    "01_perceptron": ch01_perceptron.QUESTIONS,
    "02_one_neuron": ch02_one_neuron.QUESTIONS,
    "03_mlp": ch03_mlp.QUESTIONS,
    "04_layers": ch04_layers.QUESTIONS,
    "05_activations": ch05_activations.QUESTIONS,
    "06_losses": ch06_losses.QUESTIONS,
    "07_classifier": ch07_classifier.QUESTIONS,
    "08_convolution": ch08_convolution.QUESTIONS,
    "09_putting_it_together": ch09_putting_it_together.QUESTIONS,
}

QUESTIONS = {q.id: q for questions in EXERCISES.values() for q in questions}

"""How long a slider update takes in each widget, end to end.

An update is what runs in the kernel when a reader moves a slider: the
pure function computes the new state, the figure's artists move, the
figure is rendered to PNG and handed to the Image widget. (Sending the
PNG to the browser is not included: outside a kernel there is no comm.)
Each widget gets 30 updates cycling through a few slider values, after
3 untimed ones. The table gives the median and the slowest tenth of a
whole update, the median of the pure function alone and of computing
plus drawing (redrawing only what moves, as the widgets do), and, for
comparison, of computing plus drawing the whole figure every time.

Run: .venv/bin/python benchmarks/bench_widgets.py
"""
import statistics
import time

import ipywidgets as widgets

from scratchnet.widgets import conv_widget, loss_widget, mlp_widget, perceptron_widget
from scratchnet.widgets import training_widget
from scratchnet.widgets.conv_view import ConvPlot, conv_state
from scratchnet.widgets.loss_view import LossPlot, loss_values
from scratchnet.widgets.mlp_view import MLPPlot, mlp_state, start_params
from scratchnet.widgets.perceptron_view import PerceptronPlot, perceptron_state
from scratchnet.widgets.render import png_bytes
from scratchnet.widgets.training_view import TrainingPlot, train_frames

UPDATES = 30
WARMUP = 3


def find(box, description):
    """The control labelled ``description`` inside ``box``."""
    stack = [box]
    while stack:
        widget = stack.pop()
        if getattr(widget, "description", None) == description:
            return widget
        stack.extend(getattr(widget, "children", ()))
    raise LookupError(description)


def time_calls(function, arguments):
    """Seconds per call of ``function(argument)``, untimed warm-up first."""
    for argument in arguments[:WARMUP]:
        function(argument)
    times = []
    for i in range(UPDATES):
        argument = arguments[i % len(arguments)]
        start = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - start)
    return times


def slider_updates(box, description, values):
    control = find(box, description)

    def move(value):
        control.value = value

    return time_calls(move, values)


def cases():
    """(widget, control, values, compute(value), draw(plot, state)-maker)."""
    mlp_params = start_params()

    def mlp_compute(value):
        params = {name: array.copy() for name, array in mlp_params.items()}
        params["wout"][1, 0] = value
        return mlp_state(params)

    kernel = [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]

    def conv_compute(value):
        k = [row[:] for row in kernel]
        k[1][1] = value
        return conv_state(k)

    frames = {frame.epoch: frame for frame in train_frames()}
    return [
        ("perceptron", perceptron_widget, "w1", [0.1 * k for k in range(-10, 11)],
         lambda v: perceptron_state("and", v, 0.4, -0.2), PerceptronPlot),
        ("mlp", mlp_widget, "wout[1,0]", [0.5 * k for k in range(-10, 11)],
         mlp_compute, MLPPlot),
        ("loss", loss_widget, "p (true class)", [0.01 + 0.04 * k for k in range(25)],
         lambda v: (loss_values(v), v)[1], LossPlot),
        ("conv", conv_widget, "(1,1)", [0.25 * k for k in range(-8, 9)],
         conv_compute, ConvPlot),
        ("training", training_widget, "show epoch", list(frames),
         lambda epoch: frames[epoch], TrainingPlot),
    ]


def milliseconds(seconds):
    return f"{1000 * seconds:7.1f}"


def main():
    rows = []
    for name, make_widget, description, values, compute, make_plot in cases():
        total = slider_updates(make_widget(), description, values)
        computing = time_calls(compute, values)
        plot = make_plot()

        def draw_whole(value, plot=plot):
            plot.show(compute(value))
            png_bytes(plot.figure)

        def draw_moving(value, plot=plot):
            plot.show(compute(value))
            plot.png()

        rows.append((name, description, statistics.median(total),
                     statistics.quantiles(total, n=10)[-1], statistics.median(computing),
                     statistics.median(time_calls(draw_moving, values)),
                     statistics.median(time_calls(draw_whole, values))))

    # One frame of a live training run: 50 epochs of the default network, then a redraw.
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        list(train_frames())
        runs.append(time.perf_counter() - start)
    print(f"widget redraw after one slider update, {UPDATES} updates each "
          f"(ipywidgets {widgets.__version__})")
    print(f"{'widget':<11} {'slider':<15} {'median ms':>9} {'p90 ms':>7} {'compute':>7} "
          f"{'+draw':>7} {'+whole':>7}")
    for name, description, median, p90, compute, moving, whole in rows:
        print(f"{name:<11} {description:<15} {milliseconds(median):>9} {milliseconds(p90)} "
              f"{milliseconds(compute)} {milliseconds(moving)} {milliseconds(whole)}")
    print(f"training run of the training widget (1000 epochs, 21 frames, no drawing): "
          f"{statistics.median(runs):.2f} s")


if __name__ == "__main__":
    main()

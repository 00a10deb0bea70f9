"""A small computational graph drawn with its numbers: values forward, gradients backward.

The graph is the one of `scratchnet.neuron.squared_error_graph`,
``L = (w x + b - y)**2`` for one example. Each edge carries the value that
flows forward along it (above, green) and the gradient dL/d(value) that
flows back along it (below, red).
"""
from matplotlib.patches import Circle, FancyArrowPatch

FORWARD, BACKWARD = "#1b7837", "#b2182b"

# Where each node sits (x, y), and the operation drawn in it; inputs have none.
POSITIONS = {"w": (0, 3.6), "x": (0, 2.0), "b": (0, 0.9), "y": (0, -0.2),
             "u": (2.4, 2.8), "y_hat": (4.6, 1.9), "e": (6.8, 1.0), "L": (8.8, 1.0)}
OPERATIONS = {"u": "×", "y_hat": "+", "e": "−", "L": "( )²"}
NAMES = {"w": "$w$", "x": "$x$", "b": "$b$", "y": "$y$", "u": "$u$", "y_hat": r"$\hat y$",
         "e": "$e$", "L": "$L$"}
# Each edge carries the value of its first node.
EDGES = [("w", "u"), ("x", "u"), ("u", "y_hat"), ("b", "y_hat"), ("y_hat", "e"), ("y", "e"),
         ("e", "L")]
RADIUS = 0.32


def draw_graph(ax, values, grads):
    """Draw the graph on ``ax``, every edge labelled with its value and its gradient.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    values, grads : dict of str to float
        As `scratchnet.neuron.squared_error_graph` returns them.
    """
    for name, (px, py) in POSITIONS.items():
        if name in OPERATIONS:
            ax.add_patch(Circle((px, py), RADIUS, facecolor="#f0f0f0", edgecolor="black"))
            ax.text(px, py, OPERATIONS[name], ha="center", va="center", fontsize=12)
            ax.text(px, py + RADIUS + 0.12, NAMES[name], ha="center", va="bottom",
                    fontsize=11)
        else:
            ax.text(px - 0.15, py, NAMES[name], ha="right", va="center", fontsize=13)
    for start, end in EDGES:
        (x0, y0), (x1, y1) = POSITIONS[start], POSITIONS[end]
        gap = 0.0 if start not in OPERATIONS else RADIUS
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=12,
                                     shrinkA=gap * 72, shrinkB=RADIUS * 72, color="0.3",
                                     transform=ax.transData))
        mx, my = x0 + 0.5 * (x1 - x0), y0 + 0.5 * (y1 - y0)
        ax.text(mx, my + 0.08, f"{values[start]:g}", color=FORWARD, ha="center", va="bottom",
                fontsize=10, fontweight="bold")
        ax.text(mx, my - 0.08, f"{grads[start]:g}", color=BACKWARD, ha="center", va="top",
                fontsize=10, fontweight="bold")
    lx, ly = POSITIONS["L"]
    ax.text(lx + RADIUS + 0.1, ly + 0.08, f"{values['L']:g}", color=FORWARD, ha="left",
            va="bottom", fontsize=10, fontweight="bold")
    ax.text(lx + RADIUS + 0.1, ly - 0.08, f"{grads['L']:g}", color=BACKWARD, ha="left",
            va="top", fontsize=10, fontweight="bold")
    ax.set(xlim=(-0.8, 10.0), ylim=(-0.6, 4.0), aspect="equal")
    ax.axis("off")

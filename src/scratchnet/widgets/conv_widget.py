"""The convolution widget: a 3x3 kernel, by sliders or presets, over a digit."""
import html

import ipywidgets as widgets

from .controls import Redraw, container, figure_image, float_slider, readout
from .conv_view import PRESETS, START, ConvPlot, conv_readout, conv_state, n_images

KERNEL_RANGE = (-5.0, 5.0)
CUSTOM = "custom"


def conv_widget(preset=START["preset"], image_index=START["image_index"]):
    """Nine sliders for the kernel, a preset menu and a choice of digit.

    Moving a kernel slider by hand switches the menu to "custom".

    Parameters
    ----------
    preset : str
        A key of `conv_view.PRESETS`, the kernel to start with.
    image_index : int
        Which training image of `scratchnet.datasets.digits` to start with.

    Returns
    -------
    ipywidgets.VBox
        With the CSS class ``scratchnet-conv``.
    """
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {sorted(PRESETS)}")
    plot = ConvPlot()
    image = figure_image(plot.figure)
    sliders = [
        [float_slider(f"({i},{j})", PRESETS[preset][i][j], *KERNEL_RANGE) for j in range(3)]
        for i in range(3)
    ]
    flat = [slider for row in sliders for slider in row]
    menu = widgets.Dropdown(options=[*PRESETS, CUSTOM], value=preset, description="kernel")
    which = widgets.IntSlider(value=image_index, min=0, max=n_images() - 1,
                              description="digit image", style={"description_width": "initial"})
    score = readout()
    # True while a preset fills the sliders, so the menu keeps its name.
    loading = {"preset": False}

    def draw():
        state = conv_state([[s.value for s in row] for row in sliders], which.value)
        plot.show(state)
        image.value = plot.png()
        score.value = html.escape(conv_readout(state))

    def choose(change):
        if change["new"] == CUSTOM:
            return
        loading["preset"] = True
        with redraw.batch():
            for slider, value in zip(flat, (v for row in PRESETS[change["new"]] for v in row)):
                slider.value = value
        loading["preset"] = False

    def by_hand(change):
        if not loading["preset"]:
            menu.value = CUSTOM

    redraw = Redraw(draw)
    redraw.watch(which, *flat)
    menu.observe(choose, names="value")
    for slider in flat:
        slider.layout.width = "230px"
        slider.observe(by_hand, names="value")
    draw()
    grid = widgets.GridBox(flat, layout=widgets.Layout(grid_template_columns="repeat(3, 240px)"))
    return container("conv", image, widgets.HBox([menu, which]), grid, score)

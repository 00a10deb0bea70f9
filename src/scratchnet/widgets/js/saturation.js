// The saturation widget: an activation to choose and two logarithmic sliders, the
// weights' standard deviation and the inputs' scale. The picture shows where the
// layer's pre-activations land (histogram, top) over the activation and its slope
// (bottom), shaded where the slope is below THRESHOLD; the readout counts them.

const WIDTH = 520;
const HEIGHT = 390;
const LEFT = 48;
const RIGHT = WIDTH - 12;
const TOP_PANEL = [26, 136];  // the histogram's top and bottom, in pixels
const BOTTOM_PANEL = [150, 336];  // the curves'
const GRID_POINTS = 801;
const SATURATED_COLOUR = "#fdd0a2";
const BAR_COLOUR = "#525252";
const F_COLOUR = "#2166ac";
const SLOPE_COLOUR = "#d95f02";
const LABELS = { sigmoid: "sigmoid", tanh: "tanh", relu: "ReLU" };
// The bottom panel's vertical range and ticks for each activation.
const CURVE_RANGES = {
  sigmoid: { low: -0.15, high: 1.25, ticks: [0, 0.5, 1] },
  tanh: { low: -1.2, high: 1.25, ticks: [-1, 0, 1] },
  relu: { low: -0.5, high: 4.3, ticks: [0, 1, 2, 3, 4] },
};
const SHARED = ["activation", "weight_std", "input_scale", "seed"];

// The same line of text as scratchnet.widgets.saturation_view.saturation_readout.
function readoutText(state) {
  return `${LABELS[state.activation]}, weight std ${formatG(state.weightStd)}, input scale `
    + `${formatG(state.inputScale)}: z has std ${formatG(state.zStd)}; ${state.count} of `
    + `${state.total} pre-activations (${percent(state.count, state.total)}) have `
    + `slope f'(z) < ${THRESHOLD}`;
}

function intervalsText(intervals) {
  const parts = intervals.map(([from, to]) => {
    if (from <= -Z_LIMIT) return `below ${to.toFixed(2)}`;
    if (to >= Z_LIMIT) return `above ${from.toFixed(2)}`;
    return `from ${from.toFixed(2)} to ${to.toFixed(2)}`;
  });
  return parts.length ? parts.join(" and ") : "nowhere in view";
}

function pictureText(state, intervals) {
  const name = LABELS[state.activation];
  return `Histogram of the ${state.total} pre-activations z of a layer with ${N_IN} inputs and `
    + `${N_UNITS} units (${N_EXAMPLES} examples): standard deviation ${formatG(state.zStd)}. `
    + `Below it, ${name} and its slope from z = -${Z_LIMIT} to ${Z_LIMIT}; the slope is under `
    + `${THRESHOLD} (shaded) ${intervalsText(intervals)}, where ${state.count} of the `
    + `pre-activations (${percent(state.count, state.total)}) fall.`;
}

const toX = (z) => LEFT + ((z + Z_LIMIT) / (2 * Z_LIMIT)) * (RIGHT - LEFT);

function shade(context, intervals, [top, bottom]) {
  context.fillStyle = SATURATED_COLOUR;
  for (const [from, to] of intervals) context.fillRect(toX(from), top, toX(to) - toX(from), bottom - top);
}

function frame(context, [top, bottom]) {
  context.strokeStyle = "#999";
  context.lineWidth = 1;
  context.strokeRect(LEFT + 0.5, top + 0.5, RIGHT - LEFT - 1, bottom - top - 1);
}

function drawHistogram(context, state, intervals) {
  const [top, bottom] = TOP_PANEL;
  shade(context, intervals, TOP_PANEL);
  const peak = Math.max(...state.counts, 1);
  const height = (bottom - top) * 0.92;
  context.fillStyle = BAR_COLOUR;
  state.counts.forEach((count, i) => {
    if (count === 0) return;
    const x = toX(state.edges[i]);
    const h = Math.max((count / peak) * height, 1);
    context.fillRect(x, bottom - h, toX(state.edges[i + 1]) - x - 0.5, h);
  });
  frame(context, TOP_PANEL);
  context.fillStyle = "#333";
  context.textAlign = "right";
  context.fillText(`${peak}`, LEFT - 4, bottom - height + 4);
  context.fillText("0", LEFT - 4, bottom);
  context.textAlign = "left";
  context.fillText(`how many z per bin (tallest bar ${peak})`, LEFT, top - 8);
  context.textAlign = "right";
  context.fillText(`shaded: f'(z) < ${THRESHOLD}`, RIGHT, top - 8);
}

function drawCurves(context, activation, intervals) {
  const [top, bottom] = BOTTOM_PANEL;
  const { low, high, ticks } = CURVE_RANGES[activation];
  const toY = (v) => bottom - ((v - low) / (high - low)) * (bottom - top);
  shade(context, intervals, BOTTOM_PANEL);
  context.strokeStyle = "#ccc";
  context.beginPath();
  context.moveTo(LEFT, toY(0));
  context.lineTo(RIGHT, toY(0));
  context.stroke();
  const grid = linspace(-Z_LIMIT, Z_LIMIT, GRID_POINTS);
  context.save();
  context.beginPath();
  context.rect(LEFT, top, RIGHT - LEFT, bottom - top);
  context.clip();
  for (const [values, colour] of [[activate(activation, grid), F_COLOUR],
    [slopes(activation, grid), SLOPE_COLOUR]]) {
    context.strokeStyle = colour;
    context.lineWidth = 2.5;
    context.beginPath();
    context.moveTo(toX(grid[0]), toY(values[0]));
    for (let i = 1; i < grid.length; i += 1) context.lineTo(toX(grid[i]), toY(values[i]));
    context.stroke();
  }
  context.restore();
  frame(context, BOTTOM_PANEL);
  context.fillStyle = "#333";
  context.textAlign = "right";
  for (const tick of ticks) context.fillText(String(tick), LEFT - 4, toY(tick) + 5);
  context.textAlign = "center";
  for (let z = -Z_LIMIT; z <= Z_LIMIT; z += 2) context.fillText(String(z), toX(z), bottom + 16);
  context.fillText(`pre-activation z (beyond ±${Z_LIMIT}: counted in the end bins)`,
    (LEFT + RIGHT) / 2, bottom + 36);
  // The legend, in the top left corner of the curves' panel.
  context.textAlign = "left";
  [[`${LABELS[activation]}(z)`, F_COLOUR], [`slope f'(z)`, SLOPE_COLOUR]].forEach(([text, colour], i) => {
    const y = top + 18 + 18 * i;
    context.fillStyle = colour;
    context.fillRect(LEFT + 8, y - 5, 18, 3);
    context.fillStyle = "#333";
    context.fillText(text, LEFT + 32, y);
  });
}

function draw(context, state, intervals) {
  context.clearRect(0, 0, WIDTH, HEIGHT);
  context.fillStyle = "white";
  context.fillRect(0, 0, WIDTH, HEIGHT);
  // Large enough to read when the picture shrinks to a phone's width.
  context.font = "14px sans-serif";
  drawHistogram(context, state, intervals);
  drawCurves(context, state.activation, intervals);
}

// A labelled slider over log10(model[key]), for a scale spanning decades. The arrow
// keys move it by a factor of 10^step; the model holds the value itself, to three
// significant digits, which the output shows. (A candidate for common.js.)
function logSlider(model, key, { label, min, max, step = 0.05 }) {
  const id = freshId(key);
  const input = element("input", {
    type: "range", id, min: Math.log10(min), max: Math.log10(max), step, "data-key": key,
  });
  const output = element("output", { for: id });
  const show = () => {
    const value = model.get(key);
    input.value = Math.log10(value);
    output.textContent = formatG(value);
    input.setAttribute("aria-valuetext", output.textContent);
  };
  input.addEventListener("input", () => {
    model.set(key, Number((10 ** Number(input.value)).toPrecision(3)));
    model.save_changes();
  });
  model.on(`change:${key}`, show);
  show();
  return element("div", { class: "sn-slider" }, element("label", { for: id, text: label }), input, output);
}

function validState(model) {
  return (state) => {
    if (!(state.activation in ACTIVATIONS)) return "unknown activation";
    for (const [key, range] of [["weight_std", "weight_std_range"], ["input_scale", "input_scale_range"]]) {
      const [low, high] = model.get(range);
      if (!(typeof state[key] === "number" && state[key] >= low && state[key] <= high)) {
        return `${key} must lie between ${low} and ${high}`;
      }
    }
    if (!(Number.isInteger(state.seed) && state.seed >= 0 && state.seed < 2 ** 32)) return "bad seed";
    return null;
  };
}

function render({ model, el }) {
  const box = widgetBox(el, "saturation", "Saturation: an activation's slope where its inputs land");
  const view = picture(WIDTH, HEIGHT, "");
  const score = readout();
  const [stdLow, stdHigh] = model.get("weight_std_range");
  const [scaleLow, scaleHigh] = model.get("input_scale_range");
  const controls = element("div", { class: "sn-controls" },
    choice(model, "activation", { label: "activation", options: Object.entries(LABELS) }),
    logSlider(model, "weight_std", { label: "weight std", min: stdLow, max: stdHigh }),
    logSlider(model, "input_scale", { label: "input scale", min: scaleLow, max: scaleHigh }));
  box.append(element("div", { class: "sn-row" }, view.canvas, controls), score,
    shareBox(model, "saturation", SHARED, validState(model)));

  const grid = linspace(-Z_LIMIT, Z_LIMIT, GRID_POINTS);
  const redraw = () => {
    const state = saturationState(model.get("activation"), model.get("weight_std"),
      model.get("input_scale"), model.get("seed"));
    const intervals = saturatedIntervals(state.activation, grid);
    draw(view.context, state, intervals);
    view.describe(pictureText(state, intervals));
    score.textContent = readoutText(state);
  };
  redrawOn(model, SHARED, redraw);
  redraw();
}

export default { render, maths };

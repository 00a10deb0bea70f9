// The sigmoid-MLP widget: a 2-2-1 network on XOR with a slider for every entry of wh, bh,
// wout and bout. The first picture is the input square: the output as colour, each hidden
// unit's boundary (where its activation is 1/2) and XOR's four points; the second shows
// the same points at their hidden activations, where the output's boundary is a line.
// "Gradient step" runs one iteration of the walkthrough; "Train" runs them, animated.

const LOW = -0.5;
const HIGH = 1.5;
const HIDDEN_LOW = -0.05;
const HIDDEN_HIGH = 1.05;
const GRID = 121;  // as mlp_view.GRID
const SIZE = 300;  // canvas pixels
const PLOT = { left: 26, top: 20, size: 260 };  // where the field is drawn, in canvas pixels
const LOSS_GOAL = 0.001;  // as mlp_view.LOSS_GOAL
// Training: this many gradient steps per animation frame, and at most RUN_STEPS per press.
const STEPS_PER_FRAME = 20;
const RUN_STEPS = 10000;
const CLASS_COLOURS = ["#e66101", "#2166ac"];
const LINE_STYLES = [
  { colour: "#222", dash: [9, 5], label: "h1 = ½" },
  { colour: "#6a3d9a", dash: [2, 4], label: "h2 = ½" },
];
const SHARED = ["wh", "bh", "wout", "bout", "learning_rate"];
const INPUT_NAMES = ["(0,0)", "(0,1)", "(1,0)", "(1,1)"];
const MLP_STYLE_ID = "scratchnet-mlp-style";
const MLP_STYLE = `
.sn-mlp .sn-slider { grid-template-columns: minmax(5em, auto) 1fr 3.6em; }
.sn-mlp fieldset.sn-controls { border: 0; margin: 0; padding: 0; min-width: 12em; }
.sn-mlp fieldset.sn-controls legend { font: 600 14px/1.4 system-ui, sans-serif; float: none; width: auto;
  padding: 0; margin: 0 0 0.2em; border: 0; }
.sn-mlp .sn-buttons { display: flex; flex-wrap: wrap; gap: 0.4em; margin-top: 0.6em; }
.sn-mlp .sn-legend { font-size: 12px; color: #444; margin: 0.3em 0; }
.sn-mlp .sn-steps { font-variant-numeric: tabular-nums; margin: 0.2em 0; }
.sn-mlp .sn-status { margin: 0.2em 0; min-height: 1.4em; }
`;

// Output 0 is orange, 1/2 white, 1 blue; 256 shades computed once.
const OUTPUT_SHADES = Array.from({ length: 256 }, (_, k) => {
  const v = k / 255;
  const [from, t] = v < 0.5 ? [[244, 165, 130], 1 - 2 * v] : [[146, 197, 222], 2 * v - 1];
  return from.map((c) => Math.round(255 + (c - 255) * t));
});
const outputColour = (v) => OUTPUT_SHADES[Math.round(v * 255)];

function paramsOf(model) {
  return { wh: model.get("wh"), bh: model.get("bh"), wout: model.get("wout"), bout: model.get("bout") };
}

// The line w1 x1 + w2 x2 + b = 0 as text, e.g. "4.00 x1 + 4.00 x2 - 2.00 = 0".
function equation(w1, w2, b, [n1, n2]) {
  const signed = (value) => `${value < 0 ? "-" : "+"} ${Math.abs(value).toFixed(2)}`;
  return `${w1.toFixed(2)} ${n1} ${signed(w2)} ${n2} ${signed(b)} = 0`;
}

// The same line of text as scratchnet.widgets.mlp_view.mlp_readout.
function readoutText(state) {
  return `loss 0.5 sum(E^2) = ${state.loss.toFixed(4)}, outputs for (0,0) (0,1) (1,0) (1,1): `
    + state.output.map((o) => o.toFixed(2)).join(", ");
}

function wrong(state, n) {
  return (state.output[n] > 0.5 ? 1 : 0) !== state.y[n];
}

function inputsText(params, state) {
  const { wh, bh } = params;
  const units = [0, 1].map((j) => (wh[0][j] === 0 && wh[1][j] === 0
    ? `hidden unit ${j + 1} is the same everywhere (both its weights are 0)`
    : `hidden unit ${j + 1} is one half on the line ${equation(wh[0][j], wh[1][j], bh[0][j], ["x1", "x2"])}`));
  const right = state.output.filter((_, n) => !wrong(state, n)).length;
  const points = state.output.map((o, n) => `${INPUT_NAMES[n]} has target ${state.y[n]}, output ${o.toFixed(2)}`
    + (wrong(state, n) ? ", on the wrong side of one half" : ""));
  return `The input square, coloured by the network's output, with XOR's four points; ${units.join("; ")}. `
    + `${points.join("; ")}. ${right} of 4 on the right side.`;
}

function hiddenText(params, state) {
  const { wout, bout } = params;
  const points = state.hidden.map(([h1, h2], n) => `${INPUT_NAMES[n]} at h1 = ${h1.toFixed(2)}, h2 = ${h2.toFixed(2)}`);
  const line = wout[0][0] === 0 && wout[1][0] === 0
    ? "the output is the same everywhere (both output weights are 0)"
    : `the output is one half on the line ${equation(wout[0][0], wout[1][0], bout[0][0], ["h1", "h2"])}`;
  return `XOR's four points at their hidden activations: ${points.join("; ")}; ${line}.`;
}

// A picture of one plane over [low, high]^2: a field of outputs, lines, the points.
// The field fills the square PLOT.size wide at (PLOT.left, PLOT.top); the margins hold
// the title and the axes' labels.
function drawPlane(context, { values, low, high, lines, points, title, axes }) {
  const { left, top, size } = PLOT;
  const toX = (u) => left + ((u - low) / (high - low)) * size;
  const toY = (v) => top + size - ((v - low) / (high - low)) * size;
  context.fillStyle = "white";
  context.fillRect(0, 0, SIZE, SIZE);
  drawField(context, values, GRID, GRID, outputColour, left, top, size, size);
  context.setLineDash([]);
  context.fillStyle = "#333";
  context.font = "bold 12px sans-serif";
  context.textAlign = "center";
  context.fillText(title, left + size / 2, 14);
  context.font = "12px sans-serif";
  for (const v of [0, 1]) {
    context.fillText(String(v), toX(v), top + size + 13);
    context.fillText(String(v), left - 16, toY(v) + 4);
  }
  context.fillText(axes[0], left + size / 2, top + size + 13);
  context.fillText(axes[1], left - 16, top + size / 2 + 4);
  context.textAlign = "start";

  // Where the points and their labels go (points that land on one another share one
  // label), so that the lines' labels can keep clear of them.
  const spots = points.map((point) => ({ ...point, x: toX(point.u), y: toY(point.v) }));
  const labels = [];
  for (const { x, y, name } of spots) {
    if (!name) continue;
    const near = labels.find((label) => Math.hypot(label.x - x, label.y - y) < 12);
    if (near) near.text += ` ${name}`;
    else labels.push({ x, y, text: name });
  }
  context.font = "11px sans-serif";
  for (const label of labels) {
    label.width = context.measureText(label.text).width;
    label.at = label.x + 18 + label.width < SIZE ? label.x + 18 : label.x - 18 - label.width;
    label.row = Math.min(Math.max(label.y + 4, top + 10), top + size - 2);
  }
  const taken = [
    ...spots.map(({ x, y }) => [x - 16, y - 16, x + 16, y + 16]),
    ...labels.map(({ at, row, width }) => [at - 2, row - 11, at + width + 2, row + 3]),
  ];
  const free = ([x0, y0, x1, y1]) => taken.every(([a0, b0, a1, b1]) => x1 < a0 || x0 > a1 || y1 < b0 || y0 > b1);

  context.save();
  context.beginPath();
  context.rect(left, top, size, size);
  context.clip();
  for (const { line, colour, dash, label } of lines) {
    if (!line) continue;
    const [x0, x1] = line.x1.map(toX);
    const [y0, y1] = line.x2.map(toY);
    context.strokeStyle = colour;
    context.lineWidth = 2.5;
    context.setLineDash(dash);
    context.beginPath();
    context.moveTo(x0, y0);
    context.lineTo(x1, y1);
    context.stroke();
    context.setLineDash([]);
    // The label where the line is well inside the picture and clear of the points, if it is.
    context.font = "bold 12px sans-serif";
    const width = context.measureText(label).width;
    for (const t of [0.75, 0.65, 0.85, 0.55, 0.45, 0.35, 0.25, 0.15, 0.9]) {
      const x = x0 + t * (x1 - x0) + 5;
      const y = y0 + t * (y1 - y0) - 5;
      const box = [x - 2, y - 12, x + width + 2, y + 3];
      if (box[0] > left && box[2] < left + size && box[1] > top + 16 && box[3] < top + size && free(box)) {
        context.lineWidth = 3;
        context.strokeStyle = "white";
        context.strokeText(label, x, y);
        context.fillStyle = colour;
        context.fillText(label, x, y);
        taken.push(box);
        break;
      }
    }
  }
  context.restore();

  for (const { x, y, target, ring } of spots) {
    context.fillStyle = CLASS_COLOURS[target];
    context.strokeStyle = "black";
    context.lineWidth = 1;
    context.beginPath();
    if (target === 0) context.arc(x, y, 8, 0, 2 * Math.PI);
    else context.rect(x - 7, y - 7, 14, 14);
    context.fill();
    context.stroke();
    if (ring) {
      context.strokeStyle = "crimson";
      context.lineWidth = 3;
      context.beginPath();
      context.arc(x, y, 15, 0, 2 * Math.PI);
      context.stroke();
    }
  }
  context.font = "11px sans-serif";
  for (const { at, row, text } of labels) {
    context.lineWidth = 3;
    context.strokeStyle = "white";
    context.strokeText(text, at, row);
    context.fillStyle = "#111";
    context.fillText(text, at, row);
  }
}

function draw(inputsContext, hiddenContext, params) {
  const state = xorState(params);
  const lines = boundaries(params, [LOW, HIGH], [HIDDEN_LOW, HIDDEN_HIGH]);
  drawPlane(inputsContext, {
    values: surface(params, LOW, HIGH, GRID), low: LOW, high: HIGH, title: "inputs", axes: ["x1", "x2"],
    lines: lines.hidden.map((line, j) => ({ line, ...LINE_STYLES[j] })),
    points: state.X.map(([u, v], n) => ({ u, v, target: state.y[n], ring: wrong(state, n) })),
  });
  drawPlane(hiddenContext, {
    values: hiddenSurface(params, HIDDEN_LOW, HIDDEN_HIGH, GRID), low: HIDDEN_LOW, high: HIDDEN_HIGH,
    title: "hidden activations", axes: ["h1", "h2"],
    lines: [{ line: lines.output, colour: "black", dash: [], label: "output = ½" }],
    points: state.hidden.map(([u, v], n) => ({ u, v, target: state.y[n], ring: wrong(state, n), name: INPUT_NAMES[n] })),
  });
  return state;
}

// A labelled slider for entry [i][j] of the matrix model[key] (common.js's `slider`
// is for a number; this one sets a new matrix, so the model notices the change).
function entrySlider(model, key, i, j, limit) {
  const id = freshId(`${key}-${i}-${j}`);
  const input = element("input", { type: "range", id, min: -limit, max: limit, step: 0.1, "data-key": key });
  const output = element("output", { for: id });
  const show = () => {
    const value = model.get(key)[i][j];
    input.value = value;
    output.textContent = formatNumber(value, 2);
    input.setAttribute("aria-valuetext", output.textContent);
  };
  input.addEventListener("input", () => {
    const matrix = model.get(key).map((row) => row.slice());
    matrix[i][j] = Number(input.value);
    model.set(key, matrix);
    model.save_changes();
  });
  model.on(`change:${key}`, show);
  show();
  return element("div", { class: "sn-slider" }, element("label", { for: id, text: `${key}[${i},${j}]` }),
    input, output);
}

function group(title, ...children) {
  return element("fieldset", { class: "sn-controls" }, element("legend", { text: title }), ...children);
}

// The error message for a shared state the widget cannot show, or null.
function invalidState(state, limit) {
  const shapes = { wh: [2, 2], bh: [1, 2], wout: [2, 1], bout: [1, 1] };
  for (const [name, [rows, columns]] of Object.entries(shapes)) {
    const value = state[name];
    const fits = Array.isArray(value) && value.length === rows && value.every((row) => Array.isArray(row)
      && row.length === columns && row.every((v) => typeof v === "number" && Math.abs(v) <= limit));
    if (!fits) return `${name} must be ${rows}x${columns} numbers between -${limit} and ${limit}`;
  }
  const lr = state.learning_rate;
  if (typeof lr !== "number" || !(lr > 0) || !Number.isFinite(lr)) return "the learning rate must be a positive number";
  return null;
}

function render({ model, el }) {
  const box = widgetBox(el, "mlp", "Sigmoid MLP on XOR: weights, gradient steps and training");
  addStyle(el, MLP_STYLE_ID, MLP_STYLE);
  const limit = model.get("weight_limit");
  const inputsView = picture(SIZE, SIZE, "");
  const hiddenView = picture(SIZE, SIZE, "");
  const score = readout();
  const status = element("p", { class: "sn-status", "aria-live": "polite" });
  const stepsLine = element("p", { class: "sn-steps" });
  const entries = (key) => {
    const [rows, columns] = [model.get(key).length, model.get(key)[0].length];
    const sliders = [];
    for (let i = 0; i < rows; i += 1) for (let j = 0; j < columns; j += 1) sliders.push(entrySlider(model, key, i, j, limit));
    return sliders;
  };

  // Gradient steps since the start or the last preset, shown under the buttons.
  let steps = 0;
  const countSteps = (n) => {
    steps = n;
    stepsLine.textContent = `Gradient steps taken: ${steps}`;
  };
  const setParams = (params) => {
    for (const key of ["wh", "bh", "wout", "bout"]) model.set(key, params[key]);
  };

  // Training: a few steps per animation frame; the kernel hears of it only when it stops.
  let frame = null;
  let runSteps = 0;
  const trainButton = button("Train", () => (frame === null ? startTraining() : stopTraining("stopped")));
  const stopTraining = (reason) => {
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
    model.save_changes();
    trainButton.textContent = reason === "converged" || reason === "limit" ? "Train" : "Continue";
    const after = `after ${runSteps} steps`;
    status.textContent = {
      converged: `Training stopped ${after}: the loss is below ${LOSS_GOAL}.`,
      limit: `Training stopped ${after}: one more step would take a weight past the sliders' limit, ±${limit}.`,
      paused: `Training paused ${after}: press Continue to go on.`,
      stopped: `You stopped training ${after}: press Continue to go on.`,
    }[reason];
  };
  const trainFrame = () => {
    const result = trainUntil(paramsOf(model), model.get("learning_rate"),
      Math.min(STEPS_PER_FRAME, RUN_STEPS - runSteps), LOSS_GOAL, limit);
    if (result.steps > 0) setParams(result.params);
    runSteps += result.steps;
    countSteps(steps + result.steps);
    if (result.reason !== "paused") stopTraining(result.reason);
    else if (runSteps >= RUN_STEPS) stopTraining("paused");
    else frame = requestAnimationFrame(trainFrame);
  };
  const startTraining = () => {
    runSteps = 0;
    trainButton.textContent = "Stop";
    status.textContent = `Training at learning rate ${formatNumber(model.get("learning_rate"), 2)}…`;
    frame = requestAnimationFrame(trainFrame);
  };

  const stepButton = button("Gradient step", () => {
    if (frame !== null) stopTraining("stopped");
    const params = paramsOf(model);
    const lr = model.get("learning_rate");
    const before = xorState(params).loss;
    const next = gradientStep(params, lr);
    setParams(next);
    model.save_changes();
    countSteps(steps + 1);
    status.textContent = `One gradient step at learning rate ${formatNumber(lr, 2)}: the loss went from `
      + `${before.toFixed(4)} to ${xorState(next).loss.toFixed(4)}.`;
  });
  const preset = (key, text) => button(text, () => {
    if (frame !== null) stopTraining("stopped");
    const params = model.get(key);
    setParams(Object.fromEntries(Object.entries(params).map(([name, value]) => [name, value.map((row) => row.slice())])));
    model.save_changes();
    countSteps(0);
    trainButton.textContent = "Train";
    status.textContent = `${text} loaded.`;
  });

  box.append(
    element("div", { class: "sn-row" }, inputsView.canvas, hiddenView.canvas),
    element("p", { class: "sn-legend", text: "Colour: the network's output, orange 0, white ½, blue 1. Circles have "
      + "target 0, squares target 1; a red ring marks an output on the wrong side of ½. In “inputs”, "
      + "each hidden unit's boundary: dashed h1 = ½, dotted h2 = ½. In “hidden activations”, the same "
      + "points where the hidden layer sends them, and the output's boundary, a straight line." }),
    score,
    element("div", { class: "sn-row" },
      group("hidden weights wh", ...entries("wh")),
      group("hidden biases bh", ...entries("bh")),
      group("output weights wout, bias bout", ...entries("wout"), ...entries("bout")),
      group("training", slider(model, "learning_rate", { label: "learning rate", min: 0.1, max: 10, step: 0.1 }),
        element("div", { class: "sn-buttons" }, stepButton, trainButton, preset("start_weights", "Start weights"),
          preset("trained_weights", "Trained weights")),
        stepsLine, status)),
    shareBox(model, "mlp", SHARED, (state) => invalidState(state, limit)),
  );

  const redraw = () => {
    const params = paramsOf(model);
    const state = draw(inputsView.context, hiddenView.context, params);
    inputsView.describe(inputsText(params, state));
    hiddenView.describe(hiddenText(params, state));
    score.textContent = readoutText(state);
  };
  redrawOn(model, ["wh", "bh", "wout", "bout"], redraw);
  countSteps(0);
  redraw();
  return () => { if (frame !== null) cancelAnimationFrame(frame); };
}

export default { render, maths };

// The training widget, after the TensorFlow Playground: a 2-H-H-1 network learns
// two classes of points live in the page. Each animation frame runs as many
// epochs as fit in about 12 ms (at least one), then redraws the network's output
// over the plane (the decision regions), the points and the loss curve.

const LOW = -1.3;
const HIGH = 1.3;
const GRID = 61;
const SIZE = 300;  // the regions' canvas, in pixels
const CURVE = { width: 300, height: 130, left: 42, right: 8, top: 8, bottom: 22 };
const FRAME_BUDGET = 12;  // ms of epochs and drawing per animation frame
const CURVE_POINTS = 1000;  // the loss curve keeps every other point beyond this
const LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const BATCH_SIZES = [1, 10, 30, 100, POINTS];
const HIDDEN = [1, 16];
const SEEDS = [0, 99];
const CLASS_COLOURS = ["#e66101", "#2166ac"];
const CLASS_NAMES = ["orange circles", "blue squares"];
const TRAINING_STYLE_ID = "scratchnet-training-style";
const TRAINING_STYLE = `
.sn-training .sn-pictures { display: flex; flex-direction: column; gap: 0.4em; max-width: ${SIZE}px; }
.sn-training .sn-buttons { display: flex; flex-wrap: wrap; gap: 0.4em; }
.sn-training .sn-buttons button:first-child { min-width: 5.5em; }
.sn-training .sn-slider { grid-template-columns: 7.5em 1fr 2em; }
.sn-training .sn-caption { font-size: 12px; color: #444; margin: 0; }
`;
const SHARED = ["dataset", "seed", "learning_rate", "hidden_size", "batch_size", "params", "epoch"];

// The regions' colour for an output p: white at 0.5, towards light orange (p = 0)
// or light blue (p = 1) as the network grows sure; a table of 256 steps.
const REGION_TABLE = Array.from({ length: 256 }, (_, i) => {
  const p = i / 255;
  const end = p < 0.5 ? [246, 170, 120] : [140, 185, 225];
  const weight = Math.abs(2 * p - 1);
  return [0, 1, 2].map((c) => Math.round(250 + (end[c] - 250) * weight));
});
function regionColour(p) {
  return REGION_TABLE[Math.round(p * 255)] || REGION_TABLE[0];
}

const dataCache = new Map();
function dataOf(dataset, seed) {
  const key = `${dataset}:${seed}`;
  if (!dataCache.has(key)) {
    if (dataCache.size > 20) dataCache.clear();
    dataCache.set(key, makeData(dataset, seed));
  }
  return dataCache.get(key);
}

function typedParams(params) {
  return Object.fromEntries(PARAM_NAMES.map((name) => [name, Float64Array.from(params[name])]));
}

function plainParams(params) {
  return Object.fromEntries(PARAM_NAMES.map((name) => [name, Array.from(params[name])]));
}

// The same line of text as scratchnet.widgets.training_view.training_readout.
function readoutText(epoch, { loss, right }) {
  return `epoch ${epoch}: loss ${formatFixed(loss, 4)}, accuracy ${formatFixed(100 * right / POINTS, 1)}%`
    + ` (${right}/${POINTS})`;
}

function networkName(hidden) {
  return `2-${hidden}-${hidden}-1`;
}

function regionsText(dataset, hidden, epoch, right) {
  return `The ${dataset} data set: ${POINTS / 2} ${CLASS_NAMES[0]} (class 0) and ${POINTS / 2} `
    + `${CLASS_NAMES[1]} (class 1), on the ${networkName(hidden)} network's output after `
    + `${epoch} epochs, orange where it predicts class 0 and blue where it predicts class 1; `
    + `${right} of ${POINTS} points lie in their class's region.`;
}

function curveText(curve) {
  const n = curve.epochs.length;
  if (n < 2) return "The loss curve: no training yet since the start or the last reset.";
  const lowest = Math.min(...curve.losses);
  return `The loss curve, on a logarithmic scale: ${curve.losses[0].toFixed(4)} at epoch `
    + `${curve.epochs[0]}, ${curve.losses[n - 1].toFixed(4)} at epoch ${curve.epochs[n - 1]}, `
    + `lowest ${lowest.toFixed(4)}.`;
}

// The points of a data set, drawn once on a canvas of their own and laid over the regions.
function pointsLayer(X, y) {
  const canvas = document.createElement("canvas");
  canvas.width = SIZE;
  canvas.height = SIZE;
  const context = canvas.getContext("2d");
  context.lineWidth = 0.8;
  context.strokeStyle = "white";
  for (let n = 0; n < y.length; n += 1) {
    const x = toPixel(X[2 * n]);
    const top = SIZE - toPixel(X[2 * n + 1]);
    context.fillStyle = CLASS_COLOURS[y[n]];
    context.beginPath();
    if (y[n] === 0) context.arc(x, top, 3.4, 0, 2 * Math.PI);
    else context.rect(x - 3, top - 3, 6, 6);
    context.fill();
    context.stroke();
  }
  return canvas;
}

function toPixel(value) {
  return ((value - LOW) / (HIGH - LOW)) * SIZE;
}

function drawRegions(context, params, points) {
  drawField(context, regions(params, LOW, HIGH, GRID), GRID, GRID, regionColour, 0, 0, SIZE, SIZE);
  context.drawImage(points, 0, 0);
}

// The loss after each frame of training, (epoch, loss) pairs, thinned when long.
function lossCurve() {
  const curve = { epochs: [], losses: [] };
  curve.clear = () => {
    curve.epochs = [];
    curve.losses = [];
  };
  curve.add = (epoch, loss) => {
    const last = curve.epochs.length - 1;
    if (last >= 0 && epoch < curve.epochs[last]) curve.clear();
    if (last >= 0 && epoch === curve.epochs[curve.epochs.length - 1]) {
      curve.losses[curve.losses.length - 1] = loss;
      return;
    }
    curve.epochs.push(epoch);
    curve.losses.push(loss);
    if (curve.epochs.length > CURVE_POINTS) {
      const keep = (_, i, all) => i % 2 === 0 || i === all.length - 1;
      curve.epochs = curve.epochs.filter(keep);
      curve.losses = curve.losses.filter(keep);
    }
  };
  return curve;
}

function drawCurve(context, curve) {
  const { width, height, left, right, top, bottom } = CURVE;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  context.fillStyle = "white";
  context.fillRect(0, 0, width, height);
  const finite = curve.losses.filter((loss) => loss > 0 && Number.isFinite(loss));
  const lowPower = Math.max(-4, Math.floor(Math.log10(Math.min(0.1, ...finite))));
  const highPower = Math.ceil(Math.log10(Math.max(1, ...finite)));
  const firstEpoch = curve.epochs.length ? curve.epochs[0] : 0;
  const lastEpoch = Math.max(firstEpoch + 10, curve.epochs.length ? curve.epochs.at(-1) : 0);
  const toX = (epoch) => left + ((epoch - firstEpoch) / (lastEpoch - firstEpoch)) * plotWidth;
  const toY = (loss) => top + ((highPower - Math.log10(Math.max(loss, 10 ** lowPower)))
    / (highPower - lowPower)) * plotHeight;
  context.font = "11px sans-serif";
  context.strokeStyle = "#ddd";
  context.fillStyle = "#333";
  context.lineWidth = 1;
  context.textAlign = "right";
  context.textBaseline = "middle";
  for (let power = lowPower; power <= highPower; power += 1) {
    const y = Math.round(toY(10 ** power)) + 0.5;
    context.beginPath();
    context.moveTo(left, y);
    context.lineTo(width - right, y);
    context.stroke();
    context.fillText(power >= 0 ? String(10 ** power) : (10 ** power).toFixed(-power), left - 4, y);
  }
  context.strokeStyle = "#888";
  context.strokeRect(left + 0.5, top + 0.5, plotWidth, plotHeight);
  context.textBaseline = "top";
  context.textAlign = "left";
  context.fillText(String(firstEpoch), left, height - bottom + 4);
  context.textAlign = "right";
  context.fillText(String(lastEpoch), width - right, height - bottom + 4);
  context.textAlign = "center";
  context.fillText("epoch", left + plotWidth / 2, height - bottom + 4);
  context.save();
  context.translate(10, top + plotHeight / 2);
  context.rotate(-Math.PI / 2);
  context.textBaseline = "middle";
  context.fillText("loss", 0, 0);
  context.restore();
  context.strokeStyle = "black";
  context.fillStyle = "black";
  context.lineWidth = 1.5;
  if (curve.epochs.length === 1) {
    context.beginPath();
    context.arc(toX(curve.epochs[0]), toY(curve.losses[0]), 2.5, 0, 2 * Math.PI);
    context.fill();
  }
  context.beginPath();
  curve.epochs.forEach((epoch, i) => {
    const point = [toX(epoch), toY(curve.losses[i])];
    if (i === 0) context.moveTo(...point);
    else context.lineTo(...point);
  });
  context.stroke();
}

// What a share code must hold for the widget to show it.
function validState(state) {
  if (!DATASETS.includes(state.dataset)) return "unknown data set";
  if (!LEARNING_RATES.includes(state.learning_rate)) return "unknown learning rate";
  if (!BATCH_SIZES.includes(state.batch_size)) return "unknown batch size";
  const whole = (value, [low, high]) => Number.isInteger(value) && value >= low && value <= high;
  if (!whole(state.hidden_size, HIDDEN)) return "hidden units out of range";
  if (!whole(state.seed, SEEDS)) return "seed out of range";
  if (!Number.isInteger(state.epoch) || state.epoch < 0) return "bad epoch";
  const H = state.hidden_size;
  const sizes = { W1: 2 * H, b1: H, W2: H * H, b2: H, W3: H, b3: 1 };
  const params = state.params || {};
  const fits = PARAM_NAMES.every((name) => Array.isArray(params[name])
    && params[name].length === sizes[name] && params[name].every(Number.isFinite));
  return fits ? null : "the weights do not fit the network";
}

function render({ model, el }) {
  const box = widgetBox(el, "training", "Training a network live: data, settings, loss curve");
  const field = picture(SIZE, SIZE, "");
  const curvePicture = picture(CURVE.width, CURVE.height, "");
  const score = readout();
  const status = element("p", { class: "sn-status", "aria-live": "polite" });
  const curve = lossCurve();
  let net = typedParams(model.get("params"));
  let published = model.get("params");  // the params object this view last set
  let work = null;
  let running = false;
  let frameId = null;
  let epochTime = 0.2;  // ms, a running estimate
  let drawTime = 2;

  const trainButton = button("Train", () => (running ? pause() : play()));
  const epochButton = button("One epoch", () => {
    pause();
    trainEpochs(1);
    model.save_changes();
  });
  const resetButton = button("Reset", () => {
    pause();
    reset();
  });
  const options = (values, text = String) => values.map((value) => [String(value), text(value)]);
  const controls = element("div", { class: "sn-controls" },
    element("div", { class: "sn-buttons" }, trainButton, epochButton, resetButton),
    choice(model, "dataset", { label: "data set", options: [["xor", "XOR"], ["circles", "circles"],
      ["spirals", "spirals"]] }),
    choice(model, "learning_rate", { label: "learning rate", options: options(LEARNING_RATES) }),
    slider(model, "hidden_size", { label: "hidden units", min: HIDDEN[0], max: HIDDEN[1], step: 1,
      digits: 0 }),
    choice(model, "batch_size", { label: "batch size",
      options: options(BATCH_SIZES, (size) => (size === POINTS ? `${size} (all)` : String(size))) }),
    slider(model, "seed", { label: "seed", min: SEEDS[0], max: SEEDS[1], step: 1, digits: 0 }),
    status);
  const key = element("p", { class: "sn-caption", text: "Points: orange circles are class 0, blue "
    + "squares class 1. Background: the network's output, orange below 0.5, blue above." });
  const pictures = element("div", { class: "sn-pictures" }, field.canvas, key, curvePicture.canvas);
  box.append(element("div", { class: "sn-row" }, pictures, controls), score,
    shareBox(model, "training", SHARED, validState));
  addStyle(el, TRAINING_STYLE_ID, TRAINING_STYLE);

  function publish(epoch) {
    published = plainParams(net);
    model.set("params", published);
    model.set("epoch", epoch);
  }

  // Run `count` epochs, or as many as fit in `budget` ms when count is null.
  function trainEpochs(count, budget = 0) {
    const data = dataOf(model.get("dataset"), model.get("seed"));
    const batchSize = model.get("batch_size");
    const rows = Math.min(batchSize, POINTS);
    const hidden = net.b1.length;
    if (!work || work.hidden !== hidden || work.rows < rows) work = workspace(hidden, rows);
    const seed = model.get("seed");
    const learningRate = model.get("learning_rate");
    let epoch = model.get("epoch");
    const start = performance.now();
    let done = 0;
    let loss = 0;
    do {
      const order = batchSize < POINTS ? shuffleOrder(seed, epoch, POINTS) : null;
      loss = epochInPlace(net, data.X, data.y, order, learningRate, batchSize, work);
      epoch += 1;
      done += 1;
      if (!Number.isFinite(loss)) break;
    } while (count === null ? performance.now() - start + epochTime < budget : done < count);
    epochTime = 0.8 * epochTime + 0.2 * ((performance.now() - start) / done);
    publish(epoch);
    if (!Number.isFinite(loss)) {
      pause();
      status.textContent = `The loss became ${loss} at epoch ${epoch}: training diverged. `
        + "Reset, and try a smaller learning rate.";
    }
  }

  function frame() {
    trainEpochs(null, FRAME_BUDGET - drawTime);
    if (running) frameId = requestAnimationFrame(frame);
  }

  function play() {
    if (running) return;
    running = true;
    status.textContent = "";
    trainButton.textContent = "Pause";
    score.setAttribute("aria-live", "off");  // sixty lines a second would drown a screen reader
    frameId = requestAnimationFrame(frame);
  }

  function pause() {
    if (!running) return;
    running = false;
    cancelAnimationFrame(frameId);
    trainButton.textContent = "Train";
    score.setAttribute("aria-live", "polite");
    model.save_changes();  // in Jupyter, once per run, not once per frame
  }

  // Fresh starting weights for the current settings, and epoch 0.
  function reset() {
    net = initParams(model.get("hidden_size"), model.get("seed"));
    curve.clear();
    status.textContent = "";
    publish(0);
    if (!running) model.save_changes();
  }

  const redraw = () => {
    const start = performance.now();
    const dataset = model.get("dataset");
    const data = dataOf(dataset, model.get("seed"));
    const params = net;
    const epoch = model.get("epoch");
    const result = evaluate(params, data.X, data.y);
    curve.add(epoch, result.loss);
    drawRegions(field.context, params, pointsFor(dataset, model.get("seed"), data));
    drawCurve(curvePicture.context, curve);
    field.describe(regionsText(dataset, params.b1.length, epoch, result.right));
    curvePicture.describe(curveText(curve));
    score.textContent = readoutText(epoch, result);
    drawTime = 0.8 * drawTime + 0.2 * (performance.now() - start);
  };

  let points = null;
  function pointsFor(dataset, seed, data) {
    if (!points || points.key !== `${dataset}:${seed}`) {
      points = { key: `${dataset}:${seed}`, canvas: pointsLayer(data.X, data.y) };
    }
    return points.canvas;
  }

  // New data, a new seed or a new network size start again from fresh weights;
  // weights from elsewhere (a share code, Python) replace the page's.
  for (const key of ["dataset", "seed", "hidden_size"]) model.on(`change:${key}`, reset);
  model.on("change:params", () => {
    if (model.get("params") === published) return;
    net = typedParams(model.get("params"));
    published = model.get("params");
    curve.clear();
  });
  redrawOn(model, SHARED, redraw);
  redraw();
  return () => {
    running = false;
    cancelAnimationFrame(frameId);
  };
}

export default { render, maths };

// The descent widget: sliders for the learning rate, the start (w, b) and the
// number of steps; the loss surface of the linear neuron as a colour field
// (log-scaled, darker is lower, white contour lines), the path of gradient
// descent on it, and the loss after each step on a log scale.

const FIELD_COLUMNS = 320;  // the map's pixels: one loss value each (40 per unit of w and b)
const FIELD_ROWS = 360;
const MAP = { left: 46, top: 26, width: FIELD_COLUMNS, height: FIELD_ROWS };
const MAP_SIZE = [MAP.left + MAP.width + 10, MAP.top + MAP.height + 40];
// Narrow enough to sit unscaled beside the map in the book's column.
const CURVE = { left: 44, top: 24, width: 214, height: 140 };
const CURVE_SIZE = [CURVE.left + CURVE.width + 12, CURVE.top + CURVE.height + 40];
const LOSS_LIMITS = [0.1, 1e4];
const CONTOURS = Array.from(linspace(Math.log10(0.4), Math.log10(200), 10), (v) => 10 ** v);
// matplotlib's "Blues" (ColorBrewer), light to dark; the map runs it backwards.
const BLUES = ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5",
  "#08519c", "#08306b"];
const PATH_COLOUR = "#d95f02";
const SHARED = ["learning_rate", "w", "b", "steps"];

function rgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

// 256 colours from dark blue (low loss) to white-ish (high loss), then white for the contour lines.
function palette() {
  const stops = BLUES.map(rgb).reverse();
  const colours = [];
  for (let k = 0; k < 256; k += 1) {
    const t = (k / 255) * (stops.length - 1);
    const i = Math.min(Math.floor(t), stops.length - 2);
    const f = t - i;
    colours.push(stops[i].map((c, channel) => Math.round(c + f * (stops[i + 1][channel] - c))));
  }
  colours.push([255, 255, 255]);
  return colours;
}

// The colour index of every cell: log10(loss) spread over 0..255, and 256 on a contour
// line (where the cell's contour band differs from its right or upper neighbour's).
function shades(losses, columns, rows) {
  const logs = new Float64Array(losses.length);
  const bands = new Uint8Array(losses.length);
  let low = Infinity;
  let high = -Infinity;
  for (let at = 0; at < losses.length; at += 1) {
    logs[at] = Math.log10(losses[at]);
    low = Math.min(low, logs[at]);
    high = Math.max(high, logs[at]);
    let band = 0;
    while (band < CONTOURS.length && losses[at] >= CONTOURS[band]) band += 1;
    bands[at] = band;
  }
  const out = new Uint16Array(losses.length);
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < columns; j += 1) {
      const at = i * columns + j;
      const edge = (j + 1 < columns && bands[at + 1] !== bands[at])
        || (i + 1 < rows && bands[at + columns] !== bands[at]);
      out[at] = edge ? 256 : Math.round((255 * (logs[at] - low)) / (high - low));
    }
  }
  return out;
}

function axisText(context, text, x, y, align = "center") {
  context.textAlign = align;
  context.fillText(text, x, y);
}

// The part of the segment a-b inside `box` (Liang-Barsky), or null: canvases draw
// far-off coordinates badly, and a diverging path reaches 1e100 and beyond.
function clipSegment([x0, y0], [x1, y1], box) {
  let t0 = 0;
  let t1 = 1;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const edges = [[-dx, x0 - box.left], [dx, box.right - x0], [-dy, y0 - box.top], [dy, box.bottom - y0]];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  if (t0 > t1) return null;
  return [[x0 + t0 * dx, y0 + t0 * dy], [x0 + t1 * dx, y0 + t1 * dy]];
}

// Draws the points' polyline, stopping at the first point that is not finite;
// only the segments k - 1 -> k for which drawn(k) is true.
function drawPolyline(context, points, box, drawn = () => true) {
  context.beginPath();
  for (let k = 1; k < points.length; k += 1) {
    if (!points[k].every(Number.isFinite)) break;
    const piece = drawn(k) && clipSegment(points[k - 1], points[k], box);
    if (piece) {
      context.moveTo(...piece[0]);
      context.lineTo(...piece[1]);
    }
  }
  context.stroke();
}

function dot(context, [x, y], radius, fill, stroke) {
  context.beginPath();
  context.arc(x, y, radius, 0, 2 * Math.PI);
  context.fillStyle = fill;
  context.fill();
  if (stroke) {
    context.strokeStyle = stroke;
    context.lineWidth = 1;
    context.stroke();
  }
}

function star(context, [x, y], radius) {
  context.beginPath();
  for (let k = 0; k < 10; k += 1) {
    const r = k % 2 === 0 ? radius : radius * 0.45;
    const angle = -Math.PI / 2 + (k * Math.PI) / 5;
    context.lineTo(x + r * Math.cos(angle), y + r * Math.sin(angle));
  }
  context.closePath();
  context.fillStyle = "gold";
  context.fill();
  context.strokeStyle = "black";
  context.lineWidth = 1;
  context.stroke();
}

// The map's unchanging layer (field, contours, axes, the least-squares star), drawn once.
function drawMapBackground(x, y, wLimits, bLimits, best) {
  const canvas = document.createElement("canvas");
  [canvas.width, canvas.height] = MAP_SIZE;
  const context = canvas.getContext("2d");
  context.fillStyle = "white";
  context.fillRect(0, 0, canvas.width, canvas.height);
  const losses = lossSurface(x, y, wLimits, bLimits, FIELD_COLUMNS, FIELD_ROWS);
  const colours = palette();
  drawField(context, shades(losses, FIELD_COLUMNS, FIELD_ROWS), FIELD_ROWS, FIELD_COLUMNS,
    (k) => colours[k], MAP.left, MAP.top, MAP.width, MAP.height);
  const toPixel = mapPixels(wLimits, bLimits);
  context.fillStyle = "#333";
  context.strokeStyle = "#333";
  context.font = "12px sans-serif";
  for (let w = Math.ceil(wLimits[0]); w <= wLimits[1]; w += 1) {
    const [px] = toPixel([w, bLimits[0]]);
    context.fillRect(px, MAP.top + MAP.height, 1, 4);
    axisText(context, String(w), px, MAP.top + MAP.height + 16);
  }
  for (let b = Math.ceil(bLimits[0]); b <= bLimits[1]; b += 1) {
    const [, py] = toPixel([wLimits[0], b]);
    context.fillRect(MAP.left - 4, py, 4, 1);
    axisText(context, String(b), MAP.left - 7, py + 4, "right");
  }
  axisText(context, "weight w", MAP.left + MAP.width / 2, MAP.top + MAP.height + 33);
  context.save();
  context.translate(13, MAP.top + MAP.height / 2);
  context.rotate(-Math.PI / 2);
  axisText(context, "bias b", 0, 0);
  context.restore();
  context.strokeRect(MAP.left - 0.5, MAP.top - 0.5, MAP.width + 1, MAP.height + 1);
  star(context, toPixel(best), 9);
  return canvas;
}

function mapPixels([wLow, wHigh], [bLow, bHigh]) {
  return ([w, b]) => [MAP.left + ((w - wLow) / (wHigh - wLow)) * MAP.width,
    MAP.top + MAP.height - ((b - bLow) / (bHigh - bLow)) * MAP.height];
}

// The first step at which the path is off the map, or -1.
function leavesAt(path, [wLow, wHigh], [bLow, bHigh]) {
  return path.findIndex(([w, b]) => !(w >= wLow && w <= wHigh && b >= bLow && b <= bHigh));
}

function drawMap(context, background, state, wLimits, bLimits) {
  context.drawImage(background, 0, 0);
  const toPixel = mapPixels(wLimits, bLimits);
  const points = state.path.map(toPixel);
  const box = { left: MAP.left, right: MAP.left + MAP.width, top: MAP.top, bottom: MAP.top + MAP.height };
  context.save();
  context.beginPath();
  context.rect(MAP.left, MAP.top, MAP.width, MAP.height);
  context.clip();
  const inside = ([px, py]) => px >= box.left && px <= box.right && py >= box.top && py <= box.bottom;
  const onMap = (k) => inside(points[k - 1]) && inside(points[k]);
  context.strokeStyle = PATH_COLOUR;
  context.lineWidth = 1.5;
  drawPolyline(context, points, box, onMap);
  // A step from or to a point off the map is fainter: the map shows only where it crosses.
  context.globalAlpha = 0.4;
  drawPolyline(context, points, box, (k) => !onMap(k));
  context.globalAlpha = 1;
  for (const point of points.slice(1, -1)) if (inside(point)) dot(context, point, 2.5, PATH_COLOUR);
  if (points.length > 1 && inside(points[points.length - 1])) {
    dot(context, points[points.length - 1], 4.5, PATH_COLOUR, "black");
  }
  dot(context, points[0], 5.5, "white", "black");
  context.restore();
  context.fillStyle = "#333";
  context.font = "13px sans-serif";
  const away = leavesAt(state.path, wLimits, bLimits);
  const title = away > 0 ? `the path leaves the map at step ${away}`
    : `learning rate ${formatFixed(state.learningRate, 3)} (bound ${formatFixed(state.bound, 3)})`;
  axisText(context, title, MAP.left + MAP.width / 2, 17);
}

function drawCurve(context, state, maxSteps) {
  const [low, high] = LOSS_LIMITS.map(Math.log10);
  const toPixel = (k, loss) => [CURVE.left + (k / maxSteps) * CURVE.width,
    CURVE.top + CURVE.height - ((Math.log10(loss) - low) / (high - low)) * CURVE.height];
  const box = { left: CURVE.left, right: CURVE.left + CURVE.width, top: CURVE.top,
    bottom: CURVE.top + CURVE.height };
  context.fillStyle = "white";
  context.fillRect(0, 0, ...CURVE_SIZE);
  context.fillStyle = "#333";
  context.strokeStyle = "#333";
  context.font = "12px sans-serif";
  for (let k = 0; k <= maxSteps; k += maxSteps / 4) {
    const [px] = toPixel(k, 1);
    context.fillRect(px, box.bottom, 1, 4);
    axisText(context, String(k), px, box.bottom + 16);
  }
  for (let e = Math.ceil(low); e <= high; e += 1) {
    const [, py] = toPixel(0, 10 ** e);
    context.fillRect(box.left - 4, py, 4, 1);
    axisText(context, e < 0 || e > 2 ? `1e${e}` : String(10 ** e), box.left - 7, py + 4, "right");
  }
  axisText(context, "step", box.left + CURVE.width / 2, box.bottom + 33);
  context.save();
  context.translate(13, box.top + CURVE.height / 2);
  context.rotate(-Math.PI / 2);
  axisText(context, "loss (log scale)", 0, 0);
  context.restore();
  context.strokeRect(box.left - 0.5, box.top - 0.5, CURVE.width + 1, CURVE.height + 1);
  context.save();
  context.beginPath();
  context.rect(box.left, box.top, CURVE.width, CURVE.height);
  context.clip();
  const [, bestY] = toPixel(0, state.bestLoss);
  context.strokeStyle = "gray";
  context.setLineDash([5, 4]);
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(box.left, bestY);
  context.lineTo(box.right, bestY);
  context.stroke();
  context.setLineDash([]);
  context.strokeStyle = PATH_COLOUR;
  context.lineWidth = 2;
  const points = state.losses.map((loss, k) => toPixel(k, loss));
  drawPolyline(context, points, box);
  if (points.length === 1 && points[0].every(Number.isFinite)) dot(context, points[0], 3, PATH_COLOUR);
  context.restore();
  context.fillStyle = "#333";
  context.font = "13px sans-serif";
  const steps = state.losses.length - 1;
  axisText(context, `loss after ${steps} steps: ${formatG(state.losses[steps], 3)}`,
    box.left + CURVE.width / 2, 17);
}

function point(w, b) {
  return `w = ${formatG(w, 3)}, b = ${formatG(b, 3)}`;
}

function mapText(state, wLimits, bLimits) {
  const steps = state.path.length - 1;
  const away = leavesAt(state.path, wLimits, bLimits);
  const broken = state.path.findIndex((p) => !p.every(Number.isFinite));
  let text = `The loss of the linear neuron over w from ${wLimits[0]} to ${wLimits[1]} and b from `
    + `${bLimits[0]} to ${bLimits[1]}, darker where it is lower, with contour lines; the least loss, `
    + `${formatFixed(state.bestLoss, 4)}, is at the star, ${point(...state.best)}. Gradient descent starts at `
    + `${point(...state.path[0])} and after ${steps} steps is at ${point(...state.path[steps])}.`;
  if (away > 0) text += ` The path leaves the map at step ${away}.`;
  if (broken > 0) text += ` Its numbers overflow at step ${broken}.`;
  return text;
}

function curveText(state) {
  const steps = state.losses.length - 1;
  return `The loss after each step, on a log scale: ${formatG(state.losses[0], 4)} at the start, `
    + `${formatG(state.losses[steps], 4)} after ${steps} steps; the least possible is `
    + `${formatFixed(state.bestLoss, 4)}.`;
}

// A share code's state the sliders can show, or the reason it is not.
function shareProblem(model, state) {
  const inRange = (value, [low, high]) => typeof value === "number" && value >= low && value <= high;
  if (!inRange(state.learning_rate, model.get("learning_rate_range"))) return "learning rate out of range";
  if (!inRange(state.w, model.get("w_limits")) || !inRange(state.b, model.get("b_limits"))) {
    return "start off the map";
  }
  if (!Number.isInteger(state.steps) || !inRange(state.steps, [0, model.get("max_steps")])) {
    return "steps out of range";
  }
  return null;
}

function render({ model, el }) {
  const box = widgetBox(el, "descent", "Gradient descent on the loss surface of a linear neuron");
  const x = model.get("x");
  const y = model.get("y");
  const wLimits = model.get("w_limits");
  const bLimits = model.get("b_limits");
  const maxSteps = model.get("max_steps");
  const [rateLow, rateHigh] = model.get("learning_rate_range");
  const map = picture(...MAP_SIZE, "");
  const curve = picture(...CURVE_SIZE, "");
  const score = readout();
  const controls = element("div", { class: "sn-controls" },
    slider(model, "learning_rate", { label: "learning rate", min: rateLow, max: rateHigh, step: 0.005,
      digits: 3 }),
    slider(model, "steps", { label: "steps", min: 0, max: maxSteps, step: 1, digits: 0 }),
    slider(model, "w", { label: "start w", min: wLimits[0], max: wLimits[1], step: 0.1 }),
    slider(model, "b", { label: "start b", min: bLimits[0], max: bLimits[1], step: 0.1 }),
    element("p", { class: "sn-hint", text: "Or click the map to start there." }),
    curve.canvas);
  curve.canvas.style.alignSelf = "flex-start";  // not stretched to the column's width
  box.append(element("div", { class: "sn-row" }, map.canvas, controls), score,
    shareBox(model, "descent", SHARED, (state) => shareProblem(model, state)));

  const background = drawMapBackground(x, y, wLimits, bLimits, leastSquares(x, y));
  const redraw = () => {
    const state = descentState(x, y, model.get("learning_rate"), model.get("w"), model.get("b"),
      model.get("steps"));
    drawMap(map.context, background, state, wLimits, bLimits);
    drawCurve(curve.context, state, maxSteps);
    map.describe(mapText(state, wLimits, bLimits));
    curve.describe(curveText(state));
    score.textContent = readoutText(state);
  };
  redrawOn(model, SHARED, redraw);

  // A click on the map starts the descent there (to a tenth, as the sliders).
  map.canvas.addEventListener("click", (event) => {
    // offsetX/Y are CSS pixels from the canvas's padding edge; the canvas may be scaled down.
    const px = (event.offsetX / map.canvas.clientWidth) * map.canvas.width;
    const py = (event.offsetY / map.canvas.clientHeight) * map.canvas.height;
    const w = wLimits[0] + ((px - MAP.left) / MAP.width) * (wLimits[1] - wLimits[0]);
    const b = bLimits[0] + ((MAP.top + MAP.height - py) / MAP.height) * (bLimits[1] - bLimits[0]);
    if (w < wLimits[0] || w > wLimits[1] || b < bLimits[0] || b > bLimits[1]) return;
    // (+ 0 turns a rounded -0 into 0.)
    model.set("w", Math.round(w * 10) / 10 + 0);
    model.set("b", Math.round(b * 10) / 10 + 0);
    model.save_changes();
  });
  redraw();
}

export default { render, maths };

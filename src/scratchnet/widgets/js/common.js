// What every widget shares: building labelled controls, drawing on a canvas,
// a seeded random generator and the share code. bundle.py puts this file in
// front of each widget's maths and drawing, so none of them imports anything
// (an anywidget module and the web book's classic script both need one file).
//
// A widget's state lives in `model` (anywidget's model in Jupyter, page.js's
// PageModel in the web book): `model.get(key)`, then `model.set(key, value)`
// and `model.save_changes()`. Set a new array, never a changed old one: a
// model only notices a value that is not the same object.

const STYLE_ID = "scratchnet-widget-style";
const STYLE = `
.sn-widget { font: 14px/1.4 system-ui, sans-serif; max-width: 100%; margin: 0.5em 0;
  border: 1px solid #ccc; border-radius: 6px; padding: 0.6em; box-sizing: border-box; }
.sn-row { display: flex; flex-wrap: wrap; gap: 0.6em 1.2em; align-items: flex-start; }
.sn-controls { display: flex; flex-direction: column; gap: 0.3em; min-width: 14em; flex: 1 1 14em; }
.sn-slider { display: grid; grid-template-columns: 4.5em 1fr 4.5em; align-items: center; gap: 0.4em; }
.sn-slider input { width: 100%; min-width: 6em; }
.sn-slider output { font-variant-numeric: tabular-nums; text-align: right; }
.sn-widget canvas { max-width: 100%; height: auto; border: 1px solid #ddd; }
.sn-widget button, .sn-widget select { font: inherit; padding: 0.2em 0.6em; }
.sn-widget button:focus-visible, .sn-widget input:focus-visible, .sn-widget select:focus-visible {
  outline: 2px solid #1a73e8; outline-offset: 2px; }
.sn-readout { font-variant-numeric: tabular-nums; margin: 0.4em 0; }
.sn-share { display: flex; flex-wrap: wrap; gap: 0.4em; align-items: center; margin-top: 0.4em; }
.sn-share input { flex: 1 1 12em; min-width: 0; font: 12px monospace; }
`;

// Puts `css` in the document once, under `id` (the page, or JupyterLab's whole
// window); a widget adds its own rules this way after the shared ones.
function addStyle(root, id = STYLE_ID, css = STYLE) {
  const doc = root.ownerDocument || document;
  if (!doc.getElementById(id)) {
    const style = doc.createElement("style");
    style.id = id;
    style.textContent = css;
    doc.head.appendChild(style);
  }
}

let uniqueId = 0;
function freshId(prefix) {
  uniqueId += 1;
  return `sn-${prefix}-${uniqueId}-${Math.random().toString(36).slice(2, 8)}`;
}

// Controls that take keys. In JupyterLab the notebook's shortcuts would take
// them first (ArrowLeft and ArrowRight fold headings, and swallow the key a
// slider needs); Lumino gives up a shortcut for a key pressed on an element
// marked data-lm-suppress-shortcuts.
const KEYED = new Set(["input", "select", "button", "textarea"]);

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  if (KEYED.has(tag)) node.setAttribute("data-lm-suppress-shortcuts", "true");
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

// The widget's frame: a region named for screen readers.
function widgetBox(el, name, title) {
  addStyle(el);
  const box = element("section", { class: `sn-widget sn-${name}`, "aria-label": title });
  el.replaceChildren(box);
  return box;
}

function formatNumber(value, digits) {
  return Number(value).toFixed(digits);
}

// A labelled range input for model[key], with its value shown as a number.
// The arrow keys move it by `step` (Page Up/Down by a tenth of the range in Chromium),
// Home/End to the ends.
function slider(model, key, { label, min, max, step, digits = 2 }) {
  const id = freshId(key);
  const input = element("input", { type: "range", id, min, max, step, "data-key": key });
  const output = element("output", { for: id });
  const show = () => {
    const value = model.get(key);
    input.value = value;
    output.textContent = formatNumber(value, digits);
    input.setAttribute("aria-valuetext", output.textContent);
  };
  // Every step of a drag redraws; Jupyter hears of the value once, when the drag ends
  // (a key press is a whole move: it fires both events).
  input.addEventListener("input", () => model.set(key, Number(input.value)));
  input.addEventListener("change", () => model.save_changes());
  model.on(`change:${key}`, show);
  show();
  return element("div", { class: "sn-slider" }, element("label", { for: id, text: label }), input, output);
}

// A labelled drop-down list for model[key]; options are [value, text] pairs.
function choice(model, key, { label, options }) {
  const id = freshId(key);
  const select = element("select", { id, "data-key": key });
  for (const [value, text] of options) select.append(element("option", { value, text }));
  const show = () => { select.value = String(model.get(key)); };
  select.addEventListener("change", () => {
    const old = model.get(key);
    model.set(key, typeof old === "number" ? Number(select.value) : select.value);
    model.save_changes();
  });
  model.on(`change:${key}`, show);
  show();
  return element("div", { class: "sn-slider" }, element("label", { for: id, text: label }), select,
    element("span"));
}

function button(text, onClick) {
  const node = element("button", { type: "button", text });
  node.addEventListener("click", onClick);
  return node;
}

// A line of text that screen readers announce when it changes.
function readout() {
  return element("p", { class: "sn-readout scratchnet-readout", "aria-live": "polite" });
}

// A canvas that screen readers treat as one picture; `describe(text)` sets what they read.
function picture(width, height, label) {
  const canvas = element("canvas", { width, height, role: "img", "aria-label": label });
  return { canvas, context: canvas.getContext("2d"), describe: (text) => canvas.setAttribute("aria-label", text) };
}

// Call draw() once after any of `keys` changes, however many change together
// (a rule step sets three weights): the draw waits for the current task's end.
function redrawOn(model, keys, draw) {
  let pending = false;
  const request = () => {
    if (pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      draw();
    });
  };
  for (const key of keys) model.on(`change:${key}`, request);
  return request;
}

// Fill `canvas` with a field of values on a grid: colour(value) gives [r, g, b].
// values[i * columns + j] is row i from the bottom. The grid is drawn at its own
// size and stretched, which is much faster than one rectangle per cell; its
// pixels and the small canvas they go through are made once per grid size.
function drawField(context, values, rows, columns, colour, x, y, width, height) {
  const { canvas, image } = fieldCanvas(columns, rows);
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < columns; j += 1) {
      const [r, g, b] = colour(values[i * columns + j]);
      const at = ((rows - 1 - i) * columns + j) * 4;
      image.data[at] = r;
      image.data[at + 1] = g;
      image.data[at + 2] = b;
      image.data[at + 3] = 255;
    }
  }
  canvas.getContext("2d").putImageData(image, 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(canvas, x, y, width, height);
}

const fieldCanvases = new Map();
function fieldCanvas(columns, rows) {
  const key = `${columns}x${rows}`;
  if (!fieldCanvases.has(key)) {
    const canvas = document.createElement("canvas");
    canvas.width = columns;
    canvas.height = rows;
    fieldCanvases.set(key, { canvas, image: new ImageData(columns, rows) });
  }
  return fieldCanvases.get(key);
}

// Python's format(value, ".{digits}f"), so that a readout equals the one
// scratchnet prints: toFixed rounds a value lying exactly halfway (an odd
// multiple of 2^-(digits+1), such as 0.125) away from zero where Python rounds
// to the even digit, and Python writes "inf", "nan" and "-0.00".
function formatFixed(value, digits) {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  const halves = value * 2 ** (digits + 1);
  if (Number.isInteger(halves) && halves % 2 !== 0 && Math.abs(value) < 1e6) {
    let n = Math.floor(value * 10 ** digits);  // exact: value * 10^digits is n + 1/2
    if (n % 2 !== 0) n += 1;
    return `${n === 0 && value < 0 ? "-" : ""}${(n / 10 ** digits).toFixed(digits)}`;
  }
  // toFixed writes 1e21 and above in exponent form; they are whole numbers, exactly a BigInt.
  const whole = digits > 0 ? `.${"0".repeat(digits)}` : "";
  const text = Math.abs(value) >= 1e21 ? `${BigInt(value)}${whole}` : value.toFixed(digits);
  return Object.is(value, -0) ? `-${text}` : text;
}

// Python's format(value, ".{precision}g"): `precision` significant digits,
// trailing zeros dropped, exponent form outside 1e-4 .. 10^precision.
function formatG(value, precision = 3) {
  if (!Number.isFinite(value)) return formatFixed(value, 0);
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const sign = value < 0 ? "-" : "";
  const size = Math.abs(value);
  const digits = Math.max(precision, 1);
  const [mantissa, power] = size.toExponential(digits - 1).split("e");
  const exponent = Number(power);
  const trim = (text) => (text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text);
  if (exponent >= -4 && exponent < digits) return sign + trim(size.toFixed(digits - 1 - exponent));
  const magnitude = String(Math.abs(exponent)).padStart(2, "0");
  return `${sign}${trim(mantissa)}e${exponent < 0 ? "-" : "+"}${magnitude}`;
}

// n evenly spaced numbers from low to high, computed as numpy.linspace does
// (i * step + low, the last one exactly high), so grids match the package's.
function linspace(low, high, n) {
  const step = (high - low) / (n - 1);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i += 1) values[i] = i * step + low;
  values[n - 1] = high;
  return values;
}

// As scratchnet.activations.sigmoid: only ever exponentiate -|z|, so nothing overflows.
function sigmoid(z) {
  const e = Math.exp(-Math.abs(z));
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

// The ends of the line w1 x1 + w2 x2 + b = 0 across [low, high], solved for the
// coordinate it is steeper in (as scratchnet.widgets.perceptron_view.decision_line);
// null when w1 = w2 = 0 (no line). The perceptron's and the hidden units' boundaries.
function decisionLine(w1, w2, b, low, high) {
  if (w1 === 0 && w2 === 0) return null;
  if (Math.abs(w2) >= Math.abs(w1)) {
    return { x1: [low, high], x2: [-(w1 * low + b) / w2, -(w1 * high + b) / w2] };
  }
  return { x1: [-(w2 * low + b) / w1, -(w2 * high + b) / w1], x2: [low, high] };
}

// Seeded uniform numbers in [0, 1) (mulberry32): the same seed gives the same
// data set and weights in every browser, so a share code restores them.
function randomGenerator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A standard normal number from two uniform ones (Box-Muller).
function normal(random) {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

// The share code of a widget's state: "name:" and the JSON of `keys` in base64url.
function shareCode(name, model, keys) {
  const state = {};
  for (const key of keys) state[key] = model.get(key);
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  const base64 = btoa(String.fromCharCode(...bytes));
  return `${name}:${base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

// The object in a share code (or in a link that ends with one), or an Error
// that says what is wrong with it.
function decodeShareCode(name, code) {
  const text = code.trim().replace(/^.*#/, "");
  if (!text.startsWith(`${name}:`)) {
    return new Error(`a code for this widget starts with "${name}:"`);
  }
  try {
    const base64 = text.slice(name.length + 1).replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const state = JSON.parse(new TextDecoder().decode(bytes));
    if (state === null || typeof state !== "object") throw new TypeError("not an object");
    return state;
  } catch (error) {
    return new Error("the code is damaged (copy it again, whole)");
  }
}

function readShareCode(name, code, keys) {
  const state = decodeShareCode(name, code);
  if (state instanceof Error) return state;
  const missing = keys.filter((key) => !(key in state));
  if (missing.length) return new Error(`the code lacks ${missing.join(", ")}`);
  return state;
}

// "Share": the state as a code and, in the web book, as a link; pasting a code
// (or a link) and pressing Enter or "Restore" brings that state back.
// `valid(state)` returns an error message for a state the widget cannot show.
function shareBox(model, name, keys, valid = () => null) {
  const id = freshId("share");
  const field = element("input", { type: "text", id, spellcheck: "false", class: "sn-share-code" });
  const status = element("span", { class: "sn-share-status", "aria-live": "polite" });
  const show = () => { field.value = shareCode(name, model, keys); };
  const restore = () => {
    const state = readShareCode(name, field.value, keys);
    const problem = state instanceof Error ? state.message : valid(state);
    if (problem) {
      status.textContent = `Not restored: ${problem}.`;
      return;
    }
    for (const key of keys) model.set(key, state[key]);
    model.save_changes();
    status.textContent = "Restored.";
  };
  field.addEventListener("keydown", (event) => { if (event.key === "Enter") restore(); });
  const copy = button(isWebPage() ? "Copy link" : "Copy code", () => {
    const text = isWebPage()
      ? `${location.href.split("#")[0]}#${shareCode(name, model, keys)}` : shareCode(name, model, keys);
    field.value = text;
    field.select();
    if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {});
    status.textContent = isWebPage() ? "Link copied." : "Code copied.";
  });
  for (const key of keys) model.on(`change:${key}`, show);
  show();
  return element("div", { class: "sn-share" }, element("label", { for: id, text: "Share" }), field,
    copy, button("Restore", restore), status);
}

// True in the web book (page.js sets it), false in Jupyter.
function isWebPage() {
  return Boolean(globalThis.scratchnetWebPage);
}

// The convolution widget: a 3x3 kernel (nine sliders, or a preset) slid over a
// digit; three pictures show the digit, the feature map and the map after
// 2x2 max-pooling, the maps on one colour scale that is symmetric about 0.

const KERNEL_KEYS = ["k00", "k01", "k02", "k10", "k11", "k12", "k20", "k21", "k22"];
const CUSTOM = "custom";
const SHARED_KEYS = ["preset", ...KERNEL_KEYS, "image_index"];
const CELL = 20;  // canvas pixels per feature map cell: the pictures are 160 x 160
const SIDE = 8 * CELL;
const BAR_WIDTH = 56;

const CONV_STYLE_ID = "scratchnet-conv-style";
const CONV_STYLE = `
.sn-conv .sn-pictures { display: flex; flex-wrap: wrap; gap: 0.6em 1em; align-items: flex-start; }
.sn-conv figure { margin: 0; text-align: center; }
.sn-conv figcaption { font-size: 13px; color: #333; }
.sn-conv .sn-menus { display: flex; flex-wrap: wrap; gap: 0.3em 1.2em; margin: 0.5em 0 0.3em; }
.sn-conv .sn-menus .sn-slider { grid-template-columns: auto auto; }
.sn-conv .sn-kernel { display: grid; grid-template-columns: repeat(3, minmax(10.5em, 1fr)); gap: 0.2em 1em; }
.sn-conv .sn-kernel .sn-slider { grid-template-columns: 3.6em 1fr 3.2em; }
.sn-conv .sn-kernel .sn-slider input { min-width: 4em; }
@media (max-width: 40em) {
  .sn-conv .sn-kernel { grid-template-columns: 1fr; }
  .sn-conv canvas[role=img] { width: 140px; }  /* two pictures side by side on a phone */
  .sn-conv .sn-colour-bar { height: 140px; }
}
`;

function rowsText(values, size) {
  const rows = [];
  for (let r = 0; r < size; r += 1) {
    rows.push(`row ${r + 1}: ${Array.from(values.slice(r * size, (r + 1) * size), shown).join(" ")}`);
  }
  return rows.join("; ");
}

// drawField counts rows from the bottom; these arrays count them from the top.
function upsideDown(values, size) {
  const flipped = new Float64Array(size * size);
  for (let r = 0; r < size; r += 1) {
    flipped.set(values.slice(r * size, (r + 1) * size), (size - 1 - r) * size);
  }
  return flipped;
}

function drawPooled(context, pooled, limit) {
  drawField(context, upsideDown(pooled, 4), 4, 4, (v) => mapColour(v, limit), 0, 0, SIDE, SIDE);
  // The pooled values as numbers, dark on light cells and light on dark ones.
  const cell = SIDE / 4;
  context.font = "12px system-ui, sans-serif";
  context.textAlign = "center";
  context.textBaseline = "middle";
  for (let r = 0; r < 4; r += 1) {
    for (let c = 0; c < 4; c += 1) {
      const value = pooled[r * 4 + c];
      context.fillStyle = Math.abs(value) / limit > 0.6 ? "white" : "#222";
      context.fillText(shown(value), (c + 0.5) * cell, (r + 0.5) * cell);
    }
  }
}

function drawColourBar(context, limit) {
  const steps = 64;
  const values = linspace(-limit, limit, steps);  // drawField's row 0 is the bottom
  context.clearRect(0, 0, BAR_WIDTH, SIDE);
  drawField(context, values, steps, 1, (v) => mapColour(v, limit), 0, 0, 14, SIDE);
  context.fillStyle = "#333";
  context.font = "12px system-ui, sans-serif";
  context.textAlign = "left";
  context.textBaseline = "middle";
  // No tick marks: beside a number they read as minus signs.
  for (const [text, y] of [[formatFixed(limit, 1), 7], ["0", SIDE / 2], [formatFixed(-limit, 1), SIDE - 7]]) {
    context.fillText(text, 19, y);
  }
}

function render({ model, el }) {
  const box = widgetBox(el, "conv", "Convolution: a 3x3 kernel over a digit, and max-pooling");
  addStyle(el, CONV_STYLE_ID, CONV_STYLE);
  const digitView = picture(SIDE, SIDE, "");
  const mapView = picture(SIDE, SIDE, "");
  const pooledView = picture(SIDE, SIDE, "");
  const bar = element("canvas", { width: BAR_WIDTH, height: SIDE, "aria-hidden": "true",
    class: "sn-colour-bar" });
  const digitCaption = element("figcaption");
  const figure = (view, caption) => element("figure", {}, view.canvas, caption);
  const limit = model.get("kernel_limit");
  const presets = model.get("presets");
  const labels = model.get("labels");
  const score = readout();

  const presetMenu = choice(model, "preset", {
    label: "kernel",
    options: [...Object.keys(presets).map((name) => [name, name]), [CUSTOM, CUSTOM]],
  });
  const digitMenu = choice(model, "image_index", {
    label: "digit",
    options: labels.map((label, index) => [index, `a ${label}`]),
  });
  const kernelGrid = element("div", { class: "sn-kernel", role: "group", "aria-label": "kernel entries" },
    ...KERNEL_KEYS.map((key) => slider(model, key, {
      label: `k[${key[1]},${key[2]}]`, min: -limit, max: limit, step: 0.1,
    })));

  box.append(
    element("div", { class: "sn-pictures" },
      figure(digitView, digitCaption),
      figure(mapView, element("figcaption", { text: "feature map (8x8)" })),
      element("figure", {}, pooledView.canvas, bar,
        element("figcaption", { text: "max-pooled (4x4)" }))),
    element("div", { class: "sn-menus" }, presetMenu, digitMenu),
    kernelGrid, score,
    shareBox(model, "conv", SHARED_KEYS, (state) => {
      if (state.preset !== CUSTOM && !(state.preset in presets)) return "unknown kernel preset";
      if (!KERNEL_KEYS.every((key) => Number.isFinite(state[key]))) return "a kernel entry is not a number";
      const index = state.image_index;
      return Number.isInteger(index) && index >= 0 && index < labels.length ? null : "no such digit";
    }));

  // A preset fills the nine entries (also when Python or a share code sets it).
  model.on("change:preset", () => {
    const kernel = presets[model.get("preset")];
    if (!kernel) return;
    KERNEL_KEYS.forEach((key, k) => model.set(key, kernel[k]));
    model.save_changes();
  });
  // Moving an entry by hand makes the kernel the reader's own (Jupyter hears of it with
  // the entry's value, when the move ends).
  kernelGrid.addEventListener("input", () => model.set("preset", CUSTOM));

  const redraw = () => {
    const index = model.get("image_index");
    const image = model.get("images")[index].flat();
    const label = model.get("labels")[index];
    const kernel = KERNEL_KEYS.map((key) => model.get(key));
    const { featureMap, pooled } = convState(kernel, image);
    const scale = colourLimit(featureMap);
    drawField(digitView.context, upsideDown(image, 8), 8, 8, pixelColour, 0, 0, SIDE, SIDE);
    drawField(mapView.context, upsideDown(featureMap, 8), 8, 8, (v) => mapColour(v, scale),
      0, 0, SIDE, SIDE);
    drawPooled(pooledView.context, pooled, scale);
    drawColourBar(bar.getContext("2d"), scale);
    digitCaption.textContent = `input: a ${label} (8x8)`;
    digitView.describe(`The input: a handwritten ${label}, 8 by 8 pixels, from white (0) to black (1).`);
    mapView.describe(`Feature map, 8 by 8, coloured from blue (${shown(-scale)}) through white (0) `
      + `to red (${shown(scale)}); ${rowsText(featureMap, 8)}.`);
    pooledView.describe(`After 2x2 max-pooling, 4 by 4, on the same colours; ${rowsText(pooled, 4)}.`);
    score.textContent = readoutText(label, featureMap, pooled);
  };
  redrawOn(model, [...KERNEL_KEYS, "image_index", "images", "labels"], redraw);
  redraw();
}

export default { render, maths };

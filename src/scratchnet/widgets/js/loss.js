// The loss widget: a slider for p, the predicted probability of the true class.
// Two pictures side by side (stacked on a phone): both losses against p, and the
// size of their gradients with respect to the logit, each with the current p marked.

const PANEL_WIDTH = 300;
const PANEL_HEIGHT = 250;
const MARGIN = { left: 42, right: 10, top: 24, bottom: 40 };
const CURVE_POINTS = 199;
const MSE_COLOUR = "#7570b3";
const CE_COLOUR = "#d95f02";
const PANELS = [
  {
    title: "loss E", high: 5, ticks: [0, 1, 2, 3, 4, 5],
    lines: [["mse", MSE_COLOUR, "MSE"], ["crossEntropy", CE_COLOUR, "cross-entropy"]],
    shown: (value) => value,
  },
  {
    title: "|dE/dz|, the push on the logit z", high: 1.05, ticks: [0, 0.25, 0.5, 0.75, 1],
    lines: [["mseGrad", MSE_COLOUR, "MSE"], ["crossEntropyGrad", CE_COLOUR, "cross-entropy"]],
    shown: Math.abs,
  },
];

function lossPictureText(p) {
  const v = lossValues(p);
  return `The two losses against p, the predicted probability of the true class, from 0 to 1: `
    + `MSE falls from 1 to 0 while cross-entropy grows without bound as p goes to 0. At p = `
    + `${p.toFixed(2)} (marked), MSE is ${v.mse.toFixed(4)} and cross-entropy `
    + `${v.crossEntropy.toFixed(4)}.`;
}

function gradientPictureText(p) {
  const v = lossValues(p);
  return `The size of each loss's gradient with respect to the logit z against p: for MSE it `
    + `vanishes as p goes to 0, for cross-entropy it grows to 1. At p = ${p.toFixed(2)} (marked), `
    + `|dE/dz| is ${Math.abs(v.mseGrad).toFixed(4)} for MSE and `
    + `${Math.abs(v.crossEntropyGrad).toFixed(4)} for cross-entropy.`;
}

function drawPanel(context, panel, curves, p) {
  const { left, right, top, bottom } = MARGIN;
  const x0 = left;
  const x1 = PANEL_WIDTH - right;
  const y0 = PANEL_HEIGHT - bottom;
  const y1 = top;
  const toX = (v) => x0 + v * (x1 - x0);
  const toY = (v) => y0 - (v / panel.high) * (y0 - y1);
  context.fillStyle = "white";
  context.fillRect(0, 0, PANEL_WIDTH, PANEL_HEIGHT);
  context.font = "13px sans-serif";
  context.fillStyle = "#333";
  context.textAlign = "left";
  context.fillText(panel.title, x0, y1 - 8);
  context.textAlign = "right";
  for (const tick of panel.ticks) context.fillText(String(tick), x0 - 4, toY(tick) + 4);
  context.textAlign = "center";
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) context.fillText(String(tick), toX(tick), y0 + 14);
  context.fillText("p, predicted probability of the true class", (x0 + x1) / 2, y0 + 32);

  const values = lossValues(p);
  const marked = panel.lines.map(([key]) => panel.shown(values[key]));
  // A drop line from the higher marker to the p axis.
  context.strokeStyle = "#999";
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(toX(p), y0);
  context.lineTo(toX(p), toY(Math.min(Math.max(...marked), panel.high)));
  context.stroke();

  context.save();
  context.beginPath();
  context.rect(x0, y1, x1 - x0, y0 - y1);
  context.clip();
  panel.lines.forEach(([key, colour]) => {
    context.strokeStyle = colour;
    context.lineWidth = 2.5;
    context.beginPath();
    curves.p.forEach((q, j) => {
      const y = toY(panel.shown(curves[key][j]));
      if (j) context.lineTo(toX(q), y);
      else context.moveTo(toX(q), y);
    });
    context.stroke();
  });
  context.restore();
  panel.lines.forEach(([, colour], i) => {
    context.fillStyle = colour;
    context.strokeStyle = "black";
    context.lineWidth = 1;
    context.beginPath();
    context.arc(toX(p), toY(marked[i]), 5, 0, 2 * Math.PI);
    context.fill();
    context.stroke();
  });
  context.strokeStyle = "#999";
  context.strokeRect(x0 + 0.5, y1 + 0.5, x1 - x0 - 1, y0 - y1 - 1);
  // The legend, top right.
  context.textAlign = "left";
  panel.lines.forEach(([, colour, label], i) => {
    const y = y1 + 16 + 16 * i;
    context.fillStyle = colour;
    context.fillRect(x1 - 110, y - 5, 18, 3);
    context.fillStyle = "#333";
    context.fillText(label, x1 - 86, y);
  });
}

function render({ model, el }) {
  const box = widgetBox(el, "loss", "Losses: MSE against cross-entropy for one prediction");
  const views = [picture(PANEL_WIDTH, PANEL_HEIGHT, ""), picture(PANEL_WIDTH, PANEL_HEIGHT, "")];
  const score = readout();
  const [low, high] = model.get("p_range");
  const controls = element("div", { class: "sn-controls" },
    slider(model, "p", { label: "p (true class)", min: low, max: high, step: model.get("p_step") }));
  box.append(element("div", { class: "sn-row" }, ...views.map((view) => view.canvas)), controls,
    score, shareBox(model, "loss", ["p"], (state) => (
      typeof state.p === "number" && state.p >= low && state.p <= high
        ? null : `p must lie between ${low} and ${high}`)));

  const curves = lossCurves(low, high, CURVE_POINTS);
  const redraw = () => {
    const p = model.get("p");
    PANELS.forEach((panel, i) => drawPanel(views[i].context, panel, curves, p));
    views[0].describe(lossPictureText(p));
    views[1].describe(gradientPictureText(p));
    score.textContent = readoutText(p);
  };
  redrawOn(model, ["p"], redraw);
  redraw();
}

export default { render, maths };

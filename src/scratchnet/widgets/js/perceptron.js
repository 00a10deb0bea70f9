// The perceptron widget: sliders for w1, w2, b, a gate to learn, and one step
// of the learning rule at a time; the picture shows the gate's four points,
// the decision line, the predicted regions and the mistakes (ringed).

const LOW = -0.5;
const HIGH = 1.5;
const GRID = 81;
const SIZE = 300;  // canvas pixels
const CLASS_COLOURS = ["#e66101", "#2166ac"];
const REGION_COLOURS = [[251, 217, 191], [198, 219, 239]];
const SHARED = ["gate", "w1", "w2", "b"];

function signed(value) {
  return `${value < 0 ? "-" : "+"} ${Math.abs(value).toFixed(2)}`;
}

// The same line of text as scratchnet.widgets.perceptron_view.perceptron_readout.
function readoutText(gate, w1, w2, b) {
  const { right, points } = classify(gate, w1, w2, b);
  return `${gate.toUpperCase()}: line ${w1.toFixed(2)} x1 ${signed(w2)} x2 ${signed(b)} = 0,`
    + ` accuracy ${right}/${points.length}`;
}

function pictureText(gate, w1, w2, b) {
  const { points, right } = classify(gate, w1, w2, b);
  const each = points.map((p) => `(${p.x1}, ${p.x2}) is class ${p.target}, predicted ${p.predicted}`
    + (p.wrong ? ", misclassified" : ""));
  return `The ${gate.toUpperCase()} gate's four points and the decision line ${w1.toFixed(2)} x1 `
    + `${signed(w2)} x2 ${signed(b)} = 0; ${right} of 4 right. ${each.join("; ")}.`;
}

function draw(context, gate, w1, w2, b) {
  const toX = (x1) => ((x1 - LOW) / (HIGH - LOW)) * SIZE;
  const toY = (x2) => SIZE - ((x2 - LOW) / (HIGH - LOW)) * SIZE;
  drawField(context, regions(w1, w2, b, LOW, HIGH, GRID), GRID, GRID, (c) => REGION_COLOURS[c],
    0, 0, SIZE, SIZE);
  context.strokeStyle = "#888";
  context.lineWidth = 1;
  context.font = "12px sans-serif";
  context.fillStyle = "#333";
  for (const v of [0, 1]) {
    context.fillText(`x1=${v}`, toX(v) - 14, SIZE - 4);
    context.fillText(`x2=${v}`, 2, toY(v) + 4);
  }
  const line = decisionLine(w1, w2, b, LOW, HIGH);
  if (line) {
    context.strokeStyle = "black";
    context.lineWidth = 2.5;
    context.beginPath();
    context.moveTo(toX(line.x1[0]), toY(line.x2[0]));
    context.lineTo(toX(line.x1[1]), toY(line.x2[1]));
    context.stroke();
  }
  for (const point of classify(gate, w1, w2, b).points) {
    const x = toX(point.x1);
    const y = toY(point.x2);
    context.fillStyle = CLASS_COLOURS[point.target];
    context.strokeStyle = "black";
    context.lineWidth = 1;
    context.beginPath();
    if (point.target === 0) context.arc(x, y, 9, 0, 2 * Math.PI);
    else context.rect(x - 8, y - 8, 16, 16);
    context.fill();
    context.stroke();
    if (point.wrong) {
      context.strokeStyle = "crimson";
      context.lineWidth = 3;
      context.beginPath();
      context.arc(x, y, 17, 0, 2 * Math.PI);
      context.stroke();
    }
  }
}

function render({ model, el }) {
  const box = widgetBox(el, "perceptron", "Perceptron: weights, gate and learning rule");
  const view = picture(SIZE, SIZE, "");
  const score = readout();
  const status = element("p", { class: "sn-status", "aria-live": "polite" });
  const limit = model.get("weight_limit");
  const weights = (key, label) => slider(model, key, { label, min: -limit, max: limit, step: 0.1 });
  const stepButton = button("One step of the rule", () => {
    const index = model.get("next_example");
    const gate = model.get("gate");
    const next = ruleStep(gate, model.get("w1"), model.get("w2"), model.get("b"), index,
      model.get("learning_rate"));
    const [x1, x2] = GATE_INPUTS[index];
    const example = `Example (${x1}, ${x2}) with target ${GATES[gate][index]}`;
    const streak = next.changed ? 0 : model.get("right_in_a_row") + 1;
    for (const key of ["w1", "w2", "b"]) model.set(key, next[key]);
    model.set("next_example", (index + 1) % 4);
    model.set("right_in_a_row", streak);
    model.save_changes();
    if (streak >= 4) status.textContent = `${example}: right. A whole pass without a mistake: converged.`;
    else if (next.changed) status.textContent = `${example}: wrong, so the weights moved.`;
    else status.textContent = `${example}: right, nothing changes.`;
  });
  const controls = element("div", { class: "sn-controls" },
    choice(model, "gate", { label: "gate", options: [["and", "AND"], ["or", "OR"], ["xor", "XOR"]] }),
    weights("w1", "w1"), weights("w2", "w2"), weights("b", "b"),
    stepButton, status);
  const key = (symbol, colour, text) => element("span", {},
    element("span", { style: `color: ${colour}`, "aria-hidden": "true", text: symbol }), ` ${text}  `);
  const legend = element("p", { class: "sn-legend" }, key("●", CLASS_COLOURS[0], "class 0"),
    key("■", CLASS_COLOURS[1], "class 1"), key("◯", "crimson", "misclassified"),
    "; shading: the class the perceptron predicts there.");
  box.append(element("div", { class: "sn-row" }, view.canvas, controls), legend, score,
    shareBox(model, "perceptron", SHARED, (state) => (state.gate in GATES ? null : "unknown gate")));

  const redraw = () => {
    const args = [model.get("gate"), model.get("w1"), model.get("w2"), model.get("b")];
    draw(view.context, ...args);
    view.describe(pictureText(...args));
    score.textContent = readoutText(...args);
  };
  redrawOn(model, SHARED, redraw);
  // Moving a weight or the gate by hand starts the rule's pass again, at the first example.
  controls.addEventListener("input", () => {
    model.set("next_example", 0);
    model.set("right_in_a_row", 0);
    model.save_changes();
    status.textContent = "";
  });
  redraw();
}

export default { render, maths };

// The perceptron's maths, as scratchnet.perceptron computes it:
// y = step(w1 x1 + w2 x2 + b), and the rule w += lr (y - y_hat) x, b += lr (y - y_hat).

const GATES = {
  and: [0, 0, 0, 1],
  or: [0, 1, 1, 1],
  xor: [0, 1, 1, 0],
};
// The four inputs of every gate, in the order of scratchnet.datasets.logic_gate.
const GATE_INPUTS = [[0, 0], [0, 1], [1, 0], [1, 1]];

// 1 where the weighted sum is above 0, else 0 (as scratchnet.perceptron.step).
function predict(w1, w2, b, x1, x2) {
  return x1 * w1 + x2 * w2 + b > 0 ? 1 : 0;
}

// The rule applied to example `index` of the gate: the new weights, and whether they moved.
function ruleStep(gate, w1, w2, b, index, learningRate = 1) {
  const [x1, x2] = GATE_INPUTS[index];
  const error = GATES[gate][index] - predict(w1, w2, b, x1, x2);
  return {
    w1: w1 + learningRate * error * x1,
    w2: w2 + learningRate * error * x2,
    b: b + learningRate * error,
    changed: error !== 0,
  };
}

// The predicted class on a size x size grid over [low, high]^2 (row i is x2 = grid[i]).
function regions(w1, w2, b, low, high, size) {
  const grid = linspace(low, high, size);
  const values = new Uint8Array(size * size);
  for (let i = 0; i < size; i += 1) {
    for (let j = 0; j < size; j += 1) values[i * size + j] = predict(w1, w2, b, grid[j], grid[i]);
  }
  return values;
}

// The four points of the gate, what the perceptron says for each, and the accuracy.
function classify(gate, w1, w2, b) {
  const points = GATE_INPUTS.map(([x1, x2], index) => {
    const target = GATES[gate][index];
    const predicted = predict(w1, w2, b, x1, x2);
    return { x1, x2, target, predicted, wrong: predicted !== target };
  });
  const right = points.filter((point) => !point.wrong).length;
  return { points, right, accuracy: right / points.length };
}

const maths = { predict, ruleStep, regions, decisionLine, classify };

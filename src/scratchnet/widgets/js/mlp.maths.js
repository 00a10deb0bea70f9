// The sigmoid MLP's maths, as scratchnet.mlp computes it, with the walkthrough's names:
// forward O = sigmoid(sigmoid(X wh + bh) wout + bout), and one iteration of backpropagation
// with E = y - O, whose updates *add* lr * (input transposed times delta).
// Matrices are arrays of rows (wh is [[wh00, wh01], [wh10, wh11]]), as in the widget's state.

const PARAMETERS = ["wh", "bh", "wout", "bout"];
// XOR's truth table, in the order of scratchnet.datasets.logic_gate("xor").
const XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const XOR_Y = [[0], [1], [1], [0]];

// As scratchnet.mlp.sigmoid_slope: the slope from the activation a = sigmoid(z).
function sigmoidSlope(a) {
  return a * (1 - a);
}

// A @ B, each entry summed over k in order.
function matmul(A, B) {
  return A.map((row) => B[0].map((_, j) => {
    let sum = 0;
    for (let k = 0; k < row.length; k += 1) sum += row[k] * B[k][j];
    return sum;
  }));
}

function transpose(A) {
  return A[0].map((_, j) => A.map((row) => row[j]));
}

// A + b with b a (1, n) row added to every row of A (NumPy's broadcasting).
function addRow(A, b) {
  return A.map((row) => row.map((value, j) => value + b[0][j]));
}

// Element by element: f(A[i][j], B[i][j]), or f(A[i][j]) without B.
function elementwise(f, A, B) {
  return A.map((row, i) => row.map((value, j) => (B ? f(value, B[i][j]) : f(value))));
}

// np.sum(A, axis=0, keepdims=True)
function columnSum(A) {
  return [A[0].map((_, j) => A.reduce((sum, row) => sum + row[j], 0))];
}

// params[name] + step * lr, as the walkthrough's updates.
function update(value, step, lr) {
  return elementwise((v, s) => v + s * lr, value, step);
}

// As scratchnet.mlp.forward: the hidden activations (N, H) and the output (N, O).
function forward(X, params) {
  const hidden = elementwise(sigmoid, addRow(matmul(X, params.wh), params.bh));
  const output = elementwise(sigmoid, addRow(matmul(hidden, params.wout), params.bout));
  return { hidden, output };
}

// As scratchnet.mlp.iteration: every matrix of one forward, backward and update, by name.
function iteration(X, y, params, lr) {
  const s = {};
  s.hidden_layer_input = addRow(matmul(X, params.wh), params.bh);
  s.hiddenlayer_activations = elementwise(sigmoid, s.hidden_layer_input);
  s.output_layer_input = addRow(matmul(s.hiddenlayer_activations, params.wout), params.bout);
  s.output = elementwise(sigmoid, s.output_layer_input);
  s.E = elementwise((target, out) => target - out, y, s.output);
  s.slope_output_layer = elementwise(sigmoidSlope, s.output);
  s.slope_hidden_layer = elementwise(sigmoidSlope, s.hiddenlayer_activations);
  s.d_output = elementwise((e, slope) => e * slope, s.E, s.slope_output_layer);
  s.Error_at_hidden_layer = matmul(s.d_output, transpose(params.wout));
  s.d_hiddenlayer = elementwise((e, slope) => e * slope, s.Error_at_hidden_layer, s.slope_hidden_layer);
  s.wout = update(params.wout, matmul(transpose(s.hiddenlayer_activations), s.d_output), lr);
  s.bout = update(params.bout, columnSum(s.d_output), lr);
  s.wh = update(params.wh, matmul(transpose(X), s.d_hiddenlayer), lr);
  s.bh = update(params.bh, columnSum(s.d_hiddenlayer), lr);
  return s;
}

// The walkthrough's squared error 0.5 * sum(E**2).
function halfSquaredError(E) {
  let sum = 0;
  for (const row of E) for (const e of row) sum += e ** 2;
  return 0.5 * sum;
}

function pick(s) {
  return Object.fromEntries(PARAMETERS.map((name) => [name, s[name]]));
}

// As scratchnet.mlp.train: the trained parameters and the loss before each iteration.
function train(X, y, params, epochs, lr) {
  const history = [];
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    const s = iteration(X, y, params, lr);
    history.push(halfSquaredError(s.E));
    params = pick(s);
  }
  return { params, history };
}

// As mlp_view.gradient_step: one iteration on XOR.
function gradientStep(params, lr) {
  return pick(iteration(XOR_X, XOR_Y, params, lr));
}

function largest(params) {
  let most = 0;
  for (const name of PARAMETERS) for (const row of params[name]) for (const v of row) most = Math.max(most, Math.abs(v));
  return most;
}

// As mlp_view.train_until: steps on XOR until the loss is below `goal` ("converged"),
// a step would take a weight past `limit` ("limit") or `maxSteps` are taken ("paused").
// The widget calls it a few steps per frame; running on from where it stopped
// ("paused") gives the same as one long call.
function trainUntil(params, lr, maxSteps, goal, limit) {
  for (let steps = 0; steps < maxSteps; steps += 1) {
    const s = iteration(XOR_X, XOR_Y, params, lr);
    if (halfSquaredError(s.E) < goal) return { params, steps, reason: "converged" };
    const stepped = pick(s);
    if (largest(stepped) > limit) return { params, steps, reason: "limit" };
    params = stepped;
  }
  return { params, steps: maxSteps, reason: "paused" };
}

// What the readout and the points show: XOR's hidden activations, outputs and loss.
function xorState(params) {
  const { hidden, output } = forward(XOR_X, params);
  const E = elementwise((target, out) => target - out, XOR_Y, output);
  return { X: XOR_X, y: XOR_Y.map((row) => row[0]), hidden, output: output.map((row) => row[0]),
    loss: halfSquaredError(E) };
}

// The output on a size x size grid over [low, high]^2 (row i is x2 = grid[i]): mlp.forward
// written out for one point at a time, in the same order of operations, to draw quickly.
function surface(params, low, high, size) {
  const grid = linspace(low, high, size);
  const [[w00, w01], [w10, w11]] = params.wh;
  const [[b0, b1]] = params.bh;
  const [[v0], [v1]] = params.wout;
  const [[c]] = params.bout;
  const values = new Float64Array(size * size);
  for (let i = 0; i < size; i += 1) {
    for (let j = 0; j < size; j += 1) {
      const x1 = grid[j];
      const x2 = grid[i];
      const h1 = sigmoid(x1 * w00 + x2 * w10 + b0);
      const h2 = sigmoid(x1 * w01 + x2 * w11 + b1);
      values[i * size + j] = sigmoid(h1 * v0 + h2 * v1 + c);
    }
  }
  return values;
}

// The output as a function of the hidden activations (h1, h2) over [low, high]^2.
function hiddenSurface(params, low, high, size) {
  const grid = linspace(low, high, size);
  const [[v0], [v1]] = params.wout;
  const [[c]] = params.bout;
  const values = new Float64Array(size * size);
  for (let i = 0; i < size; i += 1) {
    for (let j = 0; j < size; j += 1) values[i * size + j] = sigmoid(grid[j] * v0 + grid[i] * v1 + c);
  }
  return values;
}

// Where each hidden unit's activation is 1/2 (input plane), and where the output is (hidden plane).
function boundaries(params, limits, hiddenLimits) {
  const { wh, bh, wout, bout } = params;
  return {
    hidden: [0, 1].map((j) => decisionLine(wh[0][j], wh[1][j], bh[0][j], ...limits)),
    output: decisionLine(wout[0][0], wout[1][0], bout[0][0], ...hiddenLimits),
  };
}

const maths = {
  sigmoid, forward, iteration, train, gradientStep, trainUntil, xorState, surface,
  hiddenSurface, decisionLine, boundaries,
};

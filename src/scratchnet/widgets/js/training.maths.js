// The training widget's maths, as scratchnet computes it (widgets/training_view.py):
// two classes of points, and the network Dense(2, H), Tanh, Dense(H, H), Tanh,
// Dense(H, 1), Sigmoid with binary cross-entropy, trained by minibatch gradient
// descent as Network.fit does. Arrays are flat and row by row: W1 (2, H) is
// W1[d * H + j], a batch of inputs X (B, 2) is X[b * 2 + d].

const DATASETS = ["xor", "circles", "spirals"];
const POINTS = 300;  // per data set, half of each class
const NOISE = { xor: 0.2, circles: 0.08, spirals: 0.04 };
const EPS = 1e-12;  // scratchnet.losses.EPS: probabilities are clipped to [EPS, 1 - EPS]
const PARAM_NAMES = ["W1", "b1", "W2", "b2", "W3", "b3"];

// Stream `index` of a seed: 0 draws the data, 1 the weights, 2 + e the order of epoch e.
function stream(seed, index) {
  return randomGenerator((Math.imul(seed, 0x9e3779b1) + index) >>> 0);
}

// The points of a data set and their classes (0 or 1); the first half are class 0.
function makeData(dataset, seed) {
  const random = stream(seed, 0);
  const noise = NOISE[dataset];
  const half = POINTS / 2;
  const X = new Float64Array(2 * POINTS);
  const y = new Float64Array(POINTS);
  for (let n = 0; n < POINTS; n += 1) {
    const label = Math.floor(n / half);
    const i = n % half;
    let c1;
    let c2;
    if (dataset === "xor") {
      // Four clusters; class 1 where the signs of x1 and x2 differ, as XOR(x1 > 0, x2 > 0).
      const s1 = i % 2 ? 1 : -1;
      const s2 = label === 0 ? s1 : -s1;
      c1 = 0.5 * s1;
      c2 = 0.5 * s2;
    } else if (dataset === "circles") {
      // Class 1 inside radius 0.5, class 0 on a ring from 0.8 to 1.1.
      const radius = label ? 0.5 * random() : 0.8 + 0.3 * random();
      const angle = 2 * Math.PI * random();
      c1 = radius * Math.sin(angle);
      c2 = radius * Math.cos(angle);
    } else {
      // Two arms, each turning 1.75 times around the centre, half a turn apart.
      const t = i / half;
      const angle = 1.75 * 2 * Math.PI * t + Math.PI * label;
      c1 = t * Math.sin(angle);
      c2 = t * Math.cos(angle);
    }
    X[2 * n] = c1 + noise * normal(random);
    X[2 * n + 1] = c2 + noise * normal(random);
    y[n] = label;
  }
  return { X, y };
}

// Dense's starting weights, uniform in ±sqrt(6 / (D + M)), and zero biases.
function initParams(hidden, seed) {
  const random = stream(seed, 1);
  const sizes = [2, hidden, hidden, 1];
  const params = {};
  for (let k = 1; k <= 3; k += 1) {
    const [nIn, nOut] = [sizes[k - 1], sizes[k]];
    const limit = Math.sqrt(6 / (nIn + nOut));
    const W = new Float64Array(nIn * nOut);
    for (let i = 0; i < W.length; i += 1) W[i] = -limit + (limit - -limit) * random();
    params[`W${k}`] = W;
    params[`b${k}`] = new Float64Array(nOut);
  }
  return params;
}

function copyParams(params) {
  return Object.fromEntries(PARAM_NAMES.map((name) => [name, Float64Array.from(params[name])]));
}

// The order in which epoch `epoch` (from 0) visits n points: a Fisher-Yates shuffle.
function shuffleOrder(seed, epoch, n) {
  const random = stream(seed, 2 + epoch);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

function clip(p) {
  return Math.min(Math.max(p, EPS), 1 - EPS);
}

// Room for the forward and backward pass of up to `rows` points.
function workspace(hidden, rows) {
  const matrix = () => new Float64Array(rows * hidden);
  return {
    hidden, rows, x: new Float64Array(2 * rows), y: new Float64Array(rows),
    a1: matrix(), a2: matrix(), z3: new Float64Array(rows), p: new Float64Array(rows),
    dz1: matrix(), dz2: matrix(), dz3: new Float64Array(rows),
    grads: initParams(hidden, 0),
  };
}

// Forward pass of the B points in work.x: A1 = tanh(X W1 + b1), A2 = tanh(A1 W2 + b2),
// p = sigmoid(A2 W3 + b3). Each product is summed first and the bias added after, as NumPy does.
function forwardInto(params, work, B) {
  const H = params.b1.length;
  const { W1, b1, W2, b2, W3, b3 } = params;
  const { x, a1, a2, z3, p } = work;
  for (let b = 0; b < B; b += 1) {
    for (let j = 0; j < H; j += 1) {
      a1[b * H + j] = Math.tanh(x[2 * b] * W1[j] + x[2 * b + 1] * W1[H + j] + b1[j]);
    }
    for (let k = 0; k < H; k += 1) {
      let sum = 0;
      for (let j = 0; j < H; j += 1) sum += a1[b * H + j] * W2[j * H + k];
      a2[b * H + k] = Math.tanh(sum + b2[k]);
    }
    let sum = 0;
    for (let k = 0; k < H; k += 1) sum += a2[b * H + k] * W3[k];
    z3[b] = sum + b3[0];
    p[b] = sigmoid(z3[b]);
  }
}

// scratchnet.losses.binary_cross_entropy of the B outputs in work.p.
function lossOf(p, y, B) {
  let sum = 0;
  for (let b = 0; b < B; b += 1) {
    const q = clip(p[b]);
    sum += y[b] * Math.log(q) + (1 - y[b]) * Math.log(1 - q);
  }
  return -(sum / B);
}

// Backward pass after forwardInto: fills work.grads with dE/dW and dE/db of the mean loss.
function backwardInto(params, work, B) {
  const H = params.b1.length;
  const { W2, W3 } = params;
  const { x, y, a1, a2, z3, p, dz1, dz2, dz3, grads } = work;
  for (let b = 0; b < B; b += 1) {
    // binary_cross_entropy_prime, then Sigmoid's backward: dp * s (1 - s).
    const q = clip(p[b]);
    const dp = (q - y[b]) / (q * (1 - q)) / B;
    const s = sigmoid(z3[b]);
    dz3[b] = dp * (s * (1 - s));
  }
  // Dense(H, 1): dW3 = A2^T dz3, db3 = sum dz3; then Tanh: dZ2 = (dz3 W3^T) * (1 - A2^2).
  for (let k = 0; k < H; k += 1) {
    let sum = 0;
    for (let b = 0; b < B; b += 1) sum += a2[b * H + k] * dz3[b];
    grads.W3[k] = sum;
  }
  let sum3 = 0;
  for (let b = 0; b < B; b += 1) sum3 += dz3[b];
  grads.b3[0] = sum3;
  for (let b = 0; b < B; b += 1) {
    for (let k = 0; k < H; k += 1) {
      const t = a2[b * H + k];
      dz2[b * H + k] = dz3[b] * W3[k] * (1 - t * t);
    }
  }
  // Dense(H, H): dW2 = A1^T dZ2, db2 = column sums; then Tanh: dZ1 = (dZ2 W2^T) * (1 - A1^2).
  for (let j = 0; j < H; j += 1) {
    for (let k = 0; k < H; k += 1) {
      let sum = 0;
      for (let b = 0; b < B; b += 1) sum += a1[b * H + j] * dz2[b * H + k];
      grads.W2[j * H + k] = sum;
    }
  }
  for (let k = 0; k < H; k += 1) {
    let sum = 0;
    for (let b = 0; b < B; b += 1) sum += dz2[b * H + k];
    grads.b2[k] = sum;
  }
  for (let b = 0; b < B; b += 1) {
    for (let j = 0; j < H; j += 1) {
      let sum = 0;
      for (let k = 0; k < H; k += 1) sum += dz2[b * H + k] * W2[j * H + k];
      const t = a1[b * H + j];
      dz1[b * H + j] = sum * (1 - t * t);
    }
  }
  // Dense(2, H): dW1 = X^T dZ1, db1 = column sums.
  for (let d = 0; d < 2; d += 1) {
    for (let j = 0; j < H; j += 1) {
      let sum = 0;
      for (let b = 0; b < B; b += 1) sum += x[2 * b + d] * dz1[b * H + j];
      grads.W1[d * H + j] = sum;
    }
  }
  for (let j = 0; j < H; j += 1) {
    let sum = 0;
    for (let b = 0; b < B; b += 1) sum += dz1[b * H + j];
    grads.b1[j] = sum;
  }
}

// Network.step: every parameter moves against its gradient, in place.
function stepInto(params, grads, learningRate) {
  for (const name of PARAM_NAMES) {
    const param = params[name];
    const grad = grads[name];
    for (let i = 0; i < param.length; i += 1) param[i] -= learningRate * grad[i];
  }
}

// Copy the points order[start..stop) of the data into the workspace; returns their number.
function gather(work, X, y, order, start, stop) {
  const B = stop - start;
  for (let b = 0; b < B; b += 1) {
    const n = order[start + b];
    work.x[2 * b] = X[2 * n];
    work.x[2 * b + 1] = X[2 * n + 1];
    work.y[b] = y[n];
  }
  return B;
}

// One epoch of Network.fit, in place: batches of `batchSize` in `order` (the data in order
// when one batch holds it all, as fit does). Returns fit's loss: the mean of the batch
// losses, each measured before its update.
function epochInPlace(params, X, y, order, learningRate, batchSize, work) {
  const n = y.length;
  let total = 0;
  for (let start = 0; start < n; start += batchSize) {
    const B = gather(work, X, y, batchSize < n ? order : identity(n), start,
      Math.min(start + batchSize, n));
    forwardInto(params, work, B);
    const loss = lossOf(work.p, work.y, B);
    backwardInto(params, work, B);
    stepInto(params, work.grads, learningRate);
    total += loss * B;
  }
  return total / n;
}

const identities = new Map();
function identity(n) {
  if (!identities.has(n)) identities.set(n, Int32Array.from({ length: n }, (_, i) => i));
  return identities.get(n);
}

function batchWork(params, X, y) {
  const B = y.length;
  const work = workspace(params.b1.length, B);
  gather(work, X, y, identity(B), 0, B);
  return { work, B };
}

// The forward pass of points X (flat, (B, 2)): the hidden activations and the outputs.
function forward(params, X) {
  const { work, B } = batchWork(params, X, new Float64Array(X.length / 2));
  forwardInto(params, work, B);
  const H = params.b1.length;
  return { a1: work.a1.slice(0, B * H), a2: work.a2.slice(0, B * H), p: work.p.slice(0, B) };
}

// The mean loss of one batch and the gradient of every parameter.
function gradients(params, X, y) {
  const { work, B } = batchWork(params, X, y);
  forwardInto(params, work, B);
  const loss = lossOf(work.p, work.y, B);
  backwardInto(params, work, B);
  return { loss, grads: copyParams(work.grads) };
}

// One update on one batch (forward, loss, backward, step): the new parameters and the loss.
function trainStep(params, X, y, learningRate) {
  const next = copyParams(params);
  const { work, B } = batchWork(next, X, y);
  forwardInto(next, work, B);
  const loss = lossOf(work.p, work.y, B);
  backwardInto(next, work, B);
  stepInto(next, work.grads, learningRate);
  return { loss, params: next };
}

// One epoch over the data (X flat) in `order`: the new parameters and fit's loss.
function runEpoch(params, X, y, order, learningRate, batchSize) {
  const next = copyParams(params);
  const work = workspace(next.b1.length, Math.min(batchSize, y.length));
  const loss = epochInPlace(next, X, y, order, learningRate, batchSize, work);
  return { loss, params: next };
}

// The loss on all the points and how many are classified right (output above 0.5 is class 1).
function evaluate(params, X, y) {
  const { work, B } = batchWork(params, X, y);
  forwardInto(params, work, B);
  let right = 0;
  for (let b = 0; b < B; b += 1) right += (work.p[b] > 0.5) === (y[b] === 1) ? 1 : 0;
  return { loss: lossOf(work.p, work.y, B), right };
}

// The output on a size x size grid over [low, high]^2 (row i is x2 = grid[i]).
// The grid and the room for its forward pass are kept for the next frame.
const regionWorks = new Map();
function regions(params, low, high, size) {
  const H = params.b1.length;
  const key = `${H} ${low} ${high} ${size}`;
  if (!regionWorks.has(key)) {
    if (regionWorks.size > 4) regionWorks.clear();
    const grid = linspace(low, high, size);
    const work = workspace(H, size * size);
    for (let i = 0; i < size; i += 1) {
      for (let j = 0; j < size; j += 1) {
        work.x[2 * (i * size + j)] = grid[j];
        work.x[2 * (i * size + j) + 1] = grid[i];
      }
    }
    regionWorks.set(key, work);
  }
  const work = regionWorks.get(key);
  forwardInto(params, work, size * size);
  return work.p.slice();
}

const maths = {
  makeData, initParams, shuffleOrder, forward, gradients, trainStep, runEpoch, evaluate, regions,
};

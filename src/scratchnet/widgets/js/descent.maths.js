// Gradient descent on a linear neuron, as scratchnet.neuron computes it:
// y_hat = w x + b, L = mean((y_hat - y)^2), dL/dw = 2 mean((y_hat - y) x),
// dL/db = 2 mean(y_hat - y), and the step (w, b) -= learning_rate (dL/dw, dL/db).
// Sums are added in NumPy's order (pairwiseSum), so the results are NumPy's to the last bit.

// The sum of values[start .. start + n), added as NumPy's pairwise summation does
// (eight running sums for up to 128 numbers, halves above), so np.mean's rounding is ours.
function pairwiseSum(values, start = 0, n = values.length - start) {
  if (n < 8) {
    let sum = 0;
    for (let i = start; i < start + n; i += 1) sum += values[i];
    return sum;
  }
  if (n <= 128) {
    // Eight running sums in locals (an array here made the map's 115,000 losses 3x slower).
    let r0 = values[start]; let r1 = values[start + 1]; let r2 = values[start + 2];
    let r3 = values[start + 3]; let r4 = values[start + 4]; let r5 = values[start + 5];
    let r6 = values[start + 6]; let r7 = values[start + 7];
    const blocks = n - (n % 8);
    for (let i = start + 8; i < start + blocks; i += 8) {
      r0 += values[i]; r1 += values[i + 1]; r2 += values[i + 2]; r3 += values[i + 3];
      r4 += values[i + 4]; r5 += values[i + 5]; r6 += values[i + 6]; r7 += values[i + 7];
    }
    let sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (let i = start + blocks; i < start + n; i += 1) sum += values[i];
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, n - half);
}

function mean(values) {
  return pairwiseSum(values) / values.length;
}

// The error y_hat - y of every point, w x + b - y, written into `error`.
function errors(w, b, x, y, error = new Float64Array(x.length)) {
  for (let n = 0; n < x.length; n += 1) error[n] = w * x[n] + b - y[n];
  return error;
}

function squares(values, out = new Float64Array(values.length)) {
  for (let n = 0; n < values.length; n += 1) out[n] = values[n] * values[n];
  return out;
}

// The mean squared error of y_hat = w x + b (scratchnet.neuron.linear_loss, for one point).
function linearLoss(w, b, x, y) {
  return mean(squares(errors(w, b, x, y)));
}

// The loss and its gradients (scratchnet.neuron.linear_loss_and_gradients).
function linearLossAndGradients(w, b, x, y) {
  const error = errors(w, b, x, y);
  const loss = mean(squares(error));
  const dw = 2 * mean(error.map((e, n) => e * x[n]));
  const db = 2 * mean(error);
  return { loss, dw, db };
}

// `steps` steps downhill from `start`: point -= learningRate * gradFn(point)
// (scratchnet.neuron.gradient_descent). Returns the path, the start first.
function gradientDescent(gradFn, start, learningRate, steps) {
  let point = Float64Array.from(start);
  const path = [point];
  for (let k = 0; k < steps; k += 1) {
    const gradient = gradFn(point);
    point = point.map((value, i) => value - learningRate * gradient[i]);
    path.push(point);
  }
  return path;
}

// Gradient descent on linearLoss from start = [w, b] (scratchnet.neuron.fit_linear).
function fitLinear(x, y, start, learningRate, steps) {
  const gradFn = ([w, b]) => {
    const { dw, db } = linearLossAndGradients(w, b, x, y);
    return [dw, db];
  };
  return gradientDescent(gradFn, start, learningRate, steps);
}

// The largest stable learning rate 2 / lambda_max, where lambda_max is the larger
// eigenvalue of the Hessian 2 [[mean(x^2), mean(x)], [mean(x), 1]] (learning_rate_bound).
function learningRateBound(x) {
  const a = 2 * mean(squares(x));
  const c = 2 * mean(x);
  const d = 2;
  const lambdaMax = (a + d) / 2 + Math.sqrt(((a - d) / 2) ** 2 + c * c);
  return 2 / lambdaMax;
}

// The (w, b) of least loss, from the centred normal equations (NumPy uses lstsq;
// the two agree to about 1e-15 on the chapter's points).
function leastSquares(x, y) {
  const xMean = mean(x);
  const yMean = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let n = 0; n < x.length; n += 1) {
    sxy += (x[n] - xMean) * (y[n] - yMean);
    sxx += (x[n] - xMean) ** 2;
  }
  const w = sxy / sxx;
  return [w, yMean - w * xMean];
}

// Everything the widget shows for one setting (descent_view.descent_state).
function descentState(x, y, learningRate, w, b, steps) {
  const path = fitLinear(x, y, [w, b], learningRate, steps);
  const best = leastSquares(x, y);
  return {
    learningRate,
    bound: learningRateBound(x),
    path: path.map((point) => Array.from(point)),
    losses: path.map(([pw, pb]) => linearLoss(pw, pb, x, y)),
    best,
    bestLoss: linearLoss(best[0], best[1], x, y),
  };
}

// The loss on a grid over the map: values[i * columns + j] is at
// w = linspace(wLow, wHigh, columns)[j], b = linspace(bLow, bHigh, rows)[i].
function lossSurface(x, y, [wLow, wHigh], [bLow, bHigh], columns, rows) {
  const wGrid = linspace(wLow, wHigh, columns);
  const bGrid = linspace(bLow, bHigh, rows);
  const values = new Float64Array(rows * columns);
  const error = new Float64Array(x.length);
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < columns; j += 1) {
      values[i * columns + j] = mean(squares(errors(wGrid[j], bGrid[i], x, y, error), error));
    }
  }
  return values;
}

// Below or above the bound, in words (descent_view.verdict).
function verdict(learningRate, bound) {
  const ratio = learningRate / bound;
  if (ratio >= 1) return "above the bound: diverges";
  if (ratio > 0.5) return "below the bound: overshoots and zigzags in, converging";
  return "below the bound: converges";
}

// The same line of text as descent_view.descent_readout.
function readoutText(state) {
  const [w, b] = state.path[state.path.length - 1];
  const steps = state.path.length - 1;
  return `learning rate ${formatFixed(state.learningRate, 3)}, bound 2/lambda_max = ${formatFixed(state.bound, 3)} `
    + `(${verdict(state.learningRate, state.bound)}); after ${steps} steps w = ${formatG(w, 3)}, `
    + `b = ${formatG(b, 3)}, loss ${formatG(state.losses[steps], 4)} (least ${formatFixed(state.bestLoss, 4)})`;
}

const maths = {
  pairwiseSum, linearLoss, linearLossAndGradients, gradientDescent, fitLinear, learningRateBound,
  leastSquares, descentState, lossSurface, formatFixed, formatG, verdict, readoutText,
};

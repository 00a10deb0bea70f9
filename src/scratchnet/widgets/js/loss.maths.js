// The loss widget's maths, as scratchnet.widgets.loss_view computes it: one output
// p = sigmoid(z) for a true class (target 1); MSE and binary cross-entropy as in
// scratchnet.losses (a batch of one), and their gradients with respect to the logit,
// dE/dz = dE/dp * sigmoid'(z).

const TARGET = 1;
// scratchnet.losses.EPS: p is clipped to [EPS, 1 - EPS] before a log or a division.
const EPS = 1e-12;

// The logit z with sigmoid(z) = p.
function logit(p) {
  return Math.log(p / (1 - p));
}

// As scratchnet.activations.sigmoid_prime (the sigmoid only exponentiates -|z|).
function sigmoidPrime(z) {
  const s = sigmoid(z);
  return s * (1 - s);
}

// Both losses and their gradients dE/dz for a prediction p of the true class.
function lossValues(p) {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must lie strictly between 0 and 1, got ${p}`);
  const y = TARGET;
  const slope = sigmoidPrime(logit(p));
  const q = Math.min(Math.max(p, EPS), 1 - EPS);
  return {
    mse: (y - p) * (y - p),
    crossEntropy: -(y * Math.log(q) + (1 - y) * Math.log(1 - q)),
    mseGrad: 2 * (p - y) * slope,
    crossEntropyGrad: ((q - y) / (q * (1 - q))) * slope,
  };
}

// lossValues at n evenly spaced p from low to high: { p, mse, crossEntropy, mseGrad, crossEntropyGrad }.
function lossCurves(low, high, n) {
  const p = linspace(low, high, n);
  const curves = { p };
  const rows = Array.from(p, lossValues);
  for (const key of Object.keys(rows[0])) curves[key] = Float64Array.from(rows, (row) => row[key]);
  return curves;
}

// The same line of text as scratchnet.widgets.loss_view.loss_readout.
function readoutText(p) {
  const v = lossValues(p);
  return `p = ${p.toFixed(2)}: MSE ${v.mse.toFixed(4)} (dE/dz ${v.mseGrad.toFixed(4)}), `
    + `cross-entropy ${v.crossEntropy.toFixed(4)} (dE/dz ${v.crossEntropyGrad.toFixed(4)})`;
}

const maths = { logit, sigmoidPrime, lossValues, lossCurves, readoutText };

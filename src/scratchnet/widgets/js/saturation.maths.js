// The saturation widget's maths, as scratchnet.widgets.saturation_view computes it:
// a layer's pre-activations z = input_scale * weight_std * (x0 @ w0) for fixed
// standard-normal x0 (N_EXAMPLES, N_IN) and w0 (N_IN, N_UNITS), their histogram,
// and how many land where the activation's slope f'(z) is below THRESHOLD.

const N_IN = 100;
const N_UNITS = 50;
const N_EXAMPLES = 400;
const THRESHOLD = 0.01;
const Z_LIMIT = 8;
const BINS = 81;
// Normal draws are rounded to a multiple of this, so that a last-bit difference
// between the browser's Math.log and NumPy's cannot change a single draw.
const QUANTUM = 2 ** -24;

const ACTIVATIONS = {
  sigmoid: {
    f: sigmoid,
    slope: (z) => {
      const s = sigmoid(z);
      return s * (1 - s);
    },
  },
  tanh: {
    f: Math.tanh,
    slope: (z) => {
      const t = Math.tanh(z);
      return 1 - t * t;
    },
  },
  relu: { f: (z) => Math.max(z, 0), slope: (z) => (z > 0 ? 1 : 0) },
};

// f(z) and f'(z) at every z of `zs`.
function activate(activation, zs) {
  return Float64Array.from(zs, ACTIVATIONS[activation].f);
}

function slopes(activation, zs) {
  return Float64Array.from(zs, ACTIVATIONS[activation].slope);
}

// The first n numbers of randomGenerator(seed).
function uniforms(seed, n) {
  const random = randomGenerator(seed);
  return Float64Array.from({ length: n }, random);
}

// n standard-normal draws (common.js's Box-Muller `normal`), rounded to a multiple of QUANTUM.
function standardNormals(seed, n) {
  const random = randomGenerator(seed);
  return Float64Array.from({ length: n }, () => Math.floor(normal(random) / QUANTUM + 0.5) * QUANTUM);
}

// x0 @ w0, row-major (N_EXAMPLES, N_UNITS), summed over the inputs in order; one per seed.
const products = new Map();
function standardProduct(seed) {
  if (!products.has(seed)) {
    const draws = standardNormals(seed, N_EXAMPLES * N_IN + N_IN * N_UNITS);
    const w0 = draws.subarray(N_EXAMPLES * N_IN);
    const product = new Float64Array(N_EXAMPLES * N_UNITS);
    for (let n = 0; n < N_EXAMPLES; n += 1) {
      for (let h = 0; h < N_UNITS; h += 1) {
        let sum = 0;
        for (let k = 0; k < N_IN; k += 1) sum += draws[n * N_IN + k] * w0[k * N_UNITS + h];
        product[n * N_UNITS + h] = sum;
      }
    }
    products.set(seed, product);
  }
  return products.get(seed);
}

// The layer's pre-activations (N_EXAMPLES * N_UNITS of them, row-major).
function preActivations(weightStd, inputScale, seed) {
  const scale = inputScale * weightStd;
  return standardProduct(seed).map((value) => scale * value);
}

// numpy.histogram of `values` clipped to [low, high], in `bins` equal bins:
// the same index formula and the same correction at the edges.
function histogram(values, bins, low, high) {
  const edges = linspace(low, high, bins + 1);
  const counts = new Array(bins).fill(0);
  for (const value of values) {
    const v = Math.min(Math.max(value, low), high);
    let i = Math.trunc(((v - low) / (high - low)) * bins);
    if (i === bins) i -= 1;
    if (v < edges[i]) i -= 1;
    else if (v >= edges[i + 1] && i !== bins - 1) i += 1;
    counts[i] += 1;
  }
  return { edges, counts };
}

function mean(values) {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

// numpy.std: the root of the mean squared deviation from the mean.
function standardDeviation(values) {
  const centre = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - centre) * (value - centre);
  return Math.sqrt(sum / values.length);
}

// What the picture and the readout show for one setting (saturation_view.saturation_state).
function saturationState(activation, weightStd, inputScale, seed, bins = BINS) {
  const z = preActivations(weightStd, inputScale, seed);
  const slope = ACTIVATIONS[activation].slope;
  let count = 0;
  for (const value of z) if (slope(value) < THRESHOLD) count += 1;
  const { edges, counts } = histogram(z, bins, -Z_LIMIT, Z_LIMIT);
  return {
    activation, weightStd, inputScale,
    zStd: standardDeviation(z), count, total: z.length, fraction: count / z.length, edges, counts,
  };
}

// The stretches [from, to] of `grid` where the slope is below THRESHOLD.
function saturatedIntervals(activation, grid) {
  const slope = ACTIVATIONS[activation].slope;
  const intervals = [];
  let start = null;
  for (let i = 0; i < grid.length; i += 1) {
    const slow = slope(grid[i]) < THRESHOLD;
    if (slow && start === null) start = grid[i];
    if (start !== null && (i === grid.length - 1 || !(slope(grid[i + 1]) < THRESHOLD))) {
      intervals.push([start, grid[i]]);
      start = null;
    }
  }
  return intervals;
}

// count / total as a percentage with one decimal, halves rounded up (saturation_view.percent).
function percent(count, total) {
  const tenths = Math.floor((2000 * count + total) / (2 * total));
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

const maths = {
  activate, slopes, uniforms, standardNormals, standardProduct, preActivations, histogram,
  saturationState, saturatedIntervals, percent, formatG,
};

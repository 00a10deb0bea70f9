// The convolution widget's maths, as scratchnet.layers computes it for one
// 8x8 image and one 3x3 filter: Conv2D(1, 1, 3, padding=1) with no bias, then
// MaxPool2D(2). Images are flat arrays in reading order: value (r, c) is at r * width + c.

// The kernel slid over the image padded with `padding` rings of zeros (a
// cross-correlation, as Conv2D.forward and scipy.signal.correlate2d):
// out[r, c] = sum over i, j of kernel[i, j] * padded[r + i, c + j].
function correlate(image, height, width, kernel, size = 3, padding = 1) {
  const outHeight = height + 2 * padding - size + 1;
  const outWidth = width + 2 * padding - size + 1;
  const out = new Float64Array(outHeight * outWidth);
  for (let r = 0; r < outHeight; r += 1) {
    for (let c = 0; c < outWidth; c += 1) {
      let sum = 0;
      for (let i = 0; i < size; i += 1) {
        for (let j = 0; j < size; j += 1) {
          const row = r + i - padding;
          const column = c + j - padding;
          if (row >= 0 && row < height && column >= 0 && column < width) {
            sum += kernel[i * size + j] * image[row * width + column];
          }
        }
      }
      out[r * outWidth + c] = sum;
    }
  }
  return out;
}

// The maximum of each size x size block (MaxPool2D(size): stride = size;
// rows and columns no block reaches are left out).
function maxPool(values, height, width, size = 2) {
  const outHeight = Math.floor((height - size) / size) + 1;
  const outWidth = Math.floor((width - size) / size) + 1;
  const out = new Float64Array(outHeight * outWidth);
  for (let r = 0; r < outHeight; r += 1) {
    for (let c = 0; c < outWidth; c += 1) {
      let best = -Infinity;
      for (let i = 0; i < size; i += 1) {
        for (let j = 0; j < size; j += 1) {
          best = Math.max(best, values[(r * size + i) * width + c * size + j]);
        }
      }
      out[r * outWidth + c] = best;
    }
  }
  return out;
}

// What the widget shows for a kernel (9 numbers, row by row) and an 8x8 image
// (64 numbers): as scratchnet.widgets.conv_view.conv_state.
function convState(kernel, image) {
  const featureMap = correlate(image, 8, 8, kernel);
  return { featureMap, pooled: maxPool(featureMap, 8, 8, 2) };
}

function minimum(values) {
  return values.reduce((a, b) => Math.min(a, b), Infinity);
}

function maximum(values) {
  return values.reduce((a, b) => Math.max(a, b), -Infinity);
}

// The symmetric colour scale of both maps, -limit..limit, rounded up to a multiple
// of 0.5 (at least 0.5), as conv_view.colour_limit.
function colourLimit(featureMap) {
  const largest = featureMap.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  return Math.max(Math.ceil(2 * largest) / 2, 0.5);
}

const NEGATIVE = [33, 102, 172];
const ZERO = [247, 247, 247];
const POSITIVE = [178, 24, 43];

function blend(start, end, t) {
  return start.map((a, k) => Math.round(a + (end[k] - a) * t));
}

// The [r, g, b] of a map value: blue at -limit, near-white at 0, red at +limit
// (as conv_view.map_colour).
function mapColour(value, limit) {
  const t = Math.min(Math.abs(value) / limit, 1);
  return blend(ZERO, value > 0 ? POSITIVE : NEGATIVE, t);
}

// The [r, g, b] of a pixel in [0, 1]: white to black (as conv_view.pixel_colour).
function pixelColour(value) {
  return blend([255, 255, 255], [0, 0, 0], Math.min(Math.max(value, 0), 1));
}

// A number for the readout: + 0 makes -0 a plain 0, as conv_readout does.
function shown(value) {
  return formatFixed(value + 0, 2);
}

// The same line of text as scratchnet.widgets.conv_view.conv_readout.
function readoutText(label, featureMap, pooled) {
  return `digit ${label}: feature map from ${shown(minimum(featureMap))} to `
    + `${shown(maximum(featureMap))}, after 2x2 max-pooling from ${shown(minimum(pooled))} `
    + `to ${shown(maximum(pooled))}`;
}

const maths = {
  correlate, maxPool, convState, minimum, maximum, colourLimit, mapColour, pixelColour,
  formatFixed, readoutText,
};

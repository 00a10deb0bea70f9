"""Every rule a question states is tested on every seed.

For each rule a question's text states (in the exercise notebook, its
docstrings and hints), `RULES` holds a plausible wrong answer that breaks
that rule only, as ``(old, new)`` edits of the solution notebook. Each must
lose points on every one of `SEEDS`, drawn as the grader draws them; the
solutions and the correct answers in other styles of `RIGHT` must get full
marks on every seed.

The grader's own pieces judge here (`make_cases`, `expected_outputs`,
`ask` with the same round trip through the wire format, `assess`), in this
process: the sandbox adds isolation, not a different verdict, and
``test_grading_submissions`` runs the wrong answers of
``submissions.wrong`` through it.
"""
import contextlib
import functools
import io
import warnings

import pytest

from scratchnet.grading import wire
from scratchnet.grading.evaluate import ask, assess, expected_outputs
from scratchnet.grading.question import case_rng
from scratchnet.grading.questions import EXERCISES, QUESTIONS
from submissions.make import derive

SEEDS = range(50)
EXERCISE_OF = {q.id: name for name, questions in EXERCISES.items() for q in questions}

# question id -> [(rule, [(old, new), ...])]: the rule, and a wrong answer that breaks it.
RULES = {
    "step": [
        ("step(0) is 0", [("(np.asarray(z) > 0)", "(np.asarray(z) >= 0)")]),
        ("returns integers", [(".astype(int)", ".astype(float)")]),
        ("returns integers, not booleans", [("(np.asarray(z) > 0).astype(int)", "np.asarray(z) > 0")]),
        ("keeps the shape of z", [("(np.asarray(z) > 0)", "(np.ravel(z) > 0)")]),
    ],
    "perceptron-predict": [
        ("adds the bias", [("@ self.w + self.b)", "@ self.w)")]),
        ("step(0) is 0 on the threshold",
         [("return step(np.asarray(x, dtype=float) @ self.w + self.b)",
           "return (np.asarray(x, dtype=float) @ self.w + self.b >= 0).astype(int)")]),
        ("returns shape (N,)", [("@ self.w + self.b)", "@ self.w[:, None] + self.b)")]),
    ],
    "perceptron-update": [
        ("e = y_i - prediction", [("error = y_i - self.predict(x_i[None, :])[0]",
                                   "error = self.predict(x_i[None, :])[0] - y_i")]),
        ("w moves by the learning rate", [("self.w += self.learning_rate * error * x_i",
                                           "self.w += error * x_i")]),
        ("b moves by the learning rate", [("self.b += self.learning_rate * error",
                                           "self.b += error")]),
        ("b moves", [("self.b += self.learning_rate * error", "pass")]),
        ("an update that does nothing", [("        self.w += self.learning_rate * error * x_i\n", ""),
                                         ("        self.b += self.learning_rate * error\n", "")]),
        ("learns from false positives (y = 0) too",
         [("error = y_i - self.predict(x_i[None, :])[0]",
           "error = max(y_i - self.predict(x_i[None, :])[0], 0)")]),
        ("learns from false negatives (y = 1) too",
         [("error = y_i - self.predict(x_i[None, :])[0]",
           "error = min(y_i - self.predict(x_i[None, :])[0], 0)")]),
        ("uses the current prediction", [("error = y_i - self.predict(x_i[None, :])[0]",
                                          "error = 2 * y_i - 1")]),
        ("the prediction at z = 0 is 0", [("error = y_i - self.predict(x_i[None, :])[0]",
                                           "error = y_i - int(x_i @ self.w + self.b >= 0)")]),
        ("returns whether it changed", [("return error != 0", "return True")]),
        ("returns True or False, not the error", [("return error != 0", "return error")]),
    ],
    "perceptron-fit": [
        ("stops after the first epoch with no mistake",
         [("            if mistakes[-1] == 0:\n                break\n", "")]),
        ("records that epoch's 0",
         [("mistakes.append(sum(self.update(x_i, y_i) for x_i, y_i in zip(x, y)))\n"
           "            if mistakes[-1] == 0:\n                break\n",
           "count = sum(self.update(x_i, y_i) for x_i, y_i in zip(x, y))\n"
           "            if count == 0:\n                break\n"
           "            mistakes.append(count)\n")]),
        ("counts the updates that changed something",
         [("sum(self.update(x_i, y_i) for x_i, y_i in zip(x, y))",
           "len([self.update(x_i, y_i) for x_i, y_i in zip(x, y)])")]),
        ("one count per epoch, not a running total",
         [("mistakes.append(sum(self.update(x_i, y_i) for x_i, y_i in zip(x, y)))",
           "mistakes.append(sum(self.update(x_i, y_i) for x_i, y_i in zip(x, y))"
           " + (mistakes[-1] if mistakes else 0))")]),
        ("at most `epochs` epochs", [("for _ in range(epochs):", "for _ in range(epochs + 1):")]),
        ("sweeps the examples in their order", [("zip(x, y)", "zip(x[::-1], y[::-1])")]),
    ],
    "linear-loss-and-gradients": [
        ("the factor 2", [("    dw = 2 * np.mean(error * x)\n    db = 2 * np.mean(error)\n",
                           "    dw = np.mean(error * x)\n    db = np.mean(error)\n")]),
        ("the error is w x + b - y", [("    error = w * x + b - y\n", "    error = y - w * x - b\n")]),
        ("the loss is a mean", [("loss = np.mean(error ** 2)", "loss = np.sum(error ** 2)")]),
        ("the gradients are means", [("dw = 2 * np.mean(error * x)", "dw = 2 * np.sum(error * x)")]),
        ("returns floats", [("dw = 2 * np.mean(error * x)", "dw = 2 * error * x / len(x)")]),
    ],
    "gradient-descent": [
        ("against the gradient", [("point = point - learning_rate", "point = point + learning_rate")]),
        ("the first row is start", [("    path = [point]\n", "    path = []\n")]),
        ("steps + 1 rows", [("for _ in range(steps):", "for _ in range(steps + 1):")]),
        ("a new array each step",
         [("point = point - learning_rate * np.asarray(grad_fn(point), dtype=float)",
           "point -= learning_rate * np.asarray(grad_fn(point), dtype=float)")]),
        ("the learning rate", [("point = point - learning_rate * np.asarray(grad_fn(point), dtype=float)",
                                "point = point - np.asarray(grad_fn(point), dtype=float)")]),
    ],
    "learning-rate-bound": [
        ("the largest eigenvalue", [("eigvalsh(hessian).max()", "eigvalsh(hessian).min()")]),
        ("2 / lambda_max", [("return float(2 / np.linalg.eigvalsh", "return float(1 / np.linalg.eigvalsh")]),
        ("the mean of x^2, not the squared mean", [("np.mean(x ** 2)", "np.mean(x) ** 2")]),
        ("returns a float", [("return float(2 / np.linalg.eigvalsh(hessian).max())",
                              "return 2 / np.linalg.eigvalsh(hessian)[-1:]")]),
    ],
    "logistic-loss-and-gradients": [
        ("dz = p - y", [("    dz = (p - y) / len(y)\n", "    dz = (y - p) / len(y)\n")]),
        ("divided by N", [("    dz = (p - y) / len(y)\n", "    dz = p - y\n")]),
        ("dw has shape (D,)", [("x.T @ dz,", "x.T @ dz[:, None],")]),
        ("db is a number", [("float(np.sum(dz))", "dz")]),
        ("the loss is a mean", [("loss = binary_cross_entropy(y, p)",
                                 "loss = binary_cross_entropy(y, p) * len(y)")]),
    ],
    "sigmoid": [
        ("1 / (1 + exp(-z))", [("return np.where(z >= 0, 1 / (1 + e), e / (1 + e))",
                                "return 1 / (1 + np.exp(z))")]),
        ("right at z = +-1000", [("return np.where(z >= 0, 1 / (1 + e), e / (1 + e))",
                                  "return np.exp(z) / (1 + np.exp(z))")]),
        ("any shape", [("z = np.asarray(z, dtype=float)\n", "z = np.ravel(z).astype(float)\n")]),
    ],
    "sigmoid-slope": [
        ("takes the activation", [("    return a * (1 - a)\n",
                                   "    return sigmoid(a) * (1 - sigmoid(a))\n")]),
        ("a (1 - a)", [("    return a * (1 - a)\n", "    return 1 - a ** 2\n")]),
    ],
    "mlp-forward": [
        ("the hidden bias", [('sigmoid(X @ params["wh"] + params["bh"])', 'sigmoid(X @ params["wh"])')]),
        ("a sigmoid on the output",
         [('output = sigmoid(hiddenlayer_activations @ params["wout"] + params["bout"])',
           'output = hiddenlayer_activations @ params["wout"] + params["bout"]')]),
        ("returns (hidden, output) in that order",
         [("    return hiddenlayer_activations, output\n", "    return output, hiddenlayer_activations\n")]),
    ],
    "mlp-deltas": [
        ("E = y - output", [('s["E"] = y - s["output"]', 's["E"] = s["output"] - y')]),
        ("the hidden slope from the activation",
         [('s["slope_hidden_layer"] = sigmoid_slope(s["hiddenlayer_activations"])',
           's["slope_hidden_layer"] = sigmoid_slope(s["hidden_layer_input"])')]),
        ("the output slope from the output",
         [('s["slope_output_layer"] = sigmoid_slope(s["output"])',
           's["slope_output_layer"] = sigmoid_slope(s["output_layer_input"])')]),
        ("back through wout transposed",
         [('s["d_output"] @ params["wout"].T', 's["d_output"] @ params["wout"]')]),
    ],
    "mlp-updates": [
        ("the updates add", [('s["wout"] = params["wout"] + s["hiddenlayer_activations"]',
                              's["wout"] = params["wout"] - s["hiddenlayer_activations"]')]),
        ("times lr", [('s["wh"] = params["wh"] + X.T @ s["d_hiddenlayer"] * lr',
                       's["wh"] = params["wh"] + X.T @ s["d_hiddenlayer"]')]),
        ("the hidden bias moves",
         [('s["bh"] = params["bh"] + np.sum(s["d_hiddenlayer"], axis=0, keepdims=True) * lr',
           's["bh"] = params["bh"]')]),
        ("params must not be modified",
         [('    s["wout"] = params["wout"] + s["hiddenlayer_activations"].T @ s["d_output"] * lr\n',
           '    params["wout"] += s["hiddenlayer_activations"].T @ s["d_output"] * lr\n'
           '    s["wout"] = params["wout"]\n')]),
    ],
    "dense-forward": [
        ("adds the bias", [('return x @ self.params["W"] + self.params["b"]', 'return x @ self.params["W"]')]),
        ("Y = X W, not X W^T", [('return x @ self.params["W"] + self.params["b"]',
                                 'return x @ self.params["W"].T + self.params["b"]')]),
    ],
    "dense-backward": [
        ("dE/db is a sum", [('self.grads["b"] = dout.sum(axis=0)', 'self.grads["b"] = dout.mean(axis=0)')]),
        ("fills grads['b']", [('        self.grads["b"] = dout.sum(axis=0)\n', "")]),
        ("dE/dX = dout W^T", [('return dout @ self.params["W"].T', 'return dout @ self.params["W"]')]),
        ("dE/dW = X^T dout", [('self.grads["W"] = self.x.T @ dout', 'self.grads["W"] = (dout.T @ self.x)')]),
        ("updates nothing", [('        return dout @ self.params["W"].T\n',
                              '        dx = dout @ self.params["W"].T\n'
                              '        self.params["W"] -= 0.1 * self.grads["W"]\n'
                              '        return dx\n')]),
    ],
    "activation-backward": [
        ("f' at the input", [("return dout * self.f_prime(self.x)",
                              "return dout * self.f_prime(self.f(self.x))")]),
        ("times dout", [("return dout * self.f_prime(self.x)", "return self.f_prime(self.x)")]),
    ],
    "network-fit": [
        ("backward from loss_prime(y_true, y_pred)",
         [("self.backward(self.loss_prime(yb, out))", "self.backward(self.loss_prime(out, yb))")]),
        ("steps", [("                self.step(learning_rate)\n", "")]),
        ("steps with the learning rate", [("self.step(learning_rate)", "self.step(1.0)")]),
        ("the loss before the update",
         [("                loss = self.loss(yb, out)\n                self.backward(self.loss_prime(yb, out))\n"
           "                self.step(learning_rate)\n",
           "                self.backward(self.loss_prime(yb, out))\n"
           "                self.step(learning_rate)\n                loss = self.loss(yb, self.forward(xb))\n")]),
    ],
    "tanh-prime": [
        ("at the input z", [("return 1 - np.tanh(z) ** 2", "return 1 - z ** 2")]),
        ("1 - tanh^2", [("return 1 - np.tanh(z) ** 2", "return 1 - np.tanh(z)")]),
    ],
    "xavier": [
        ("variance 2 / (n_in + n_out)", [("np.sqrt(2.0 / (n_in + n_out))", "np.sqrt(1.0 / n_in)")]),
        ("the standard deviation is the variance's root",
         [("np.sqrt(2.0 / (n_in + n_out))", "2.0 / (n_in + n_out)")]),
        ("shape (n_in, n_out)", [("np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))",
                                  "np.sqrt(2.0 / (n_in + n_out)), size=(n_out, n_in))")]),
        ("mean 0", [("rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out))",
                     "rng.normal(np.sqrt(2.0 / (n_in + n_out)), np.sqrt(2.0 / (n_in + n_out))")]),
        ("draws from rng", [("    rng = np.random.default_rng(rng)\n    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out))",
                             "    return np.random.normal(0.0, np.sqrt(2.0 / (n_in + n_out))")]),
        ("draws from rng, not from a fixed seed",
         [("    rng = np.random.default_rng(rng)\n    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out))",
           "    rng = np.random.default_rng(0)\n    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out))")]),
    ],
    "he": [
        ("variance 2 / n_in", [("np.sqrt(2.0 / n_in)", "np.sqrt(2.0 / n_out)")]),
        ("the factor 2", [("np.sqrt(2.0 / n_in)", "np.sqrt(1.0 / n_in)")]),
        ("shape (n_in, n_out)", [("np.sqrt(2.0 / n_in), size=(n_in, n_out))",
                                  "np.sqrt(2.0 / n_in), size=(n_out, n_in))")]),
        ("draws from rng, not from a fixed seed",
         [("    rng = np.random.default_rng(rng)\n    return rng.normal(0.0, np.sqrt(2.0 / n_in)",
           "    rng = np.random.default_rng(0)\n    return rng.normal(0.0, np.sqrt(2.0 / n_in)")]),
    ],
    "collapse-linear": [
        ("b = b1 W2 + b2", [("return W1 @ W2, b1 @ W2 + b2", "return W1 @ W2, b1 + b2")]),
        ("W = W1 W2, shape (D, M)", [("return W1 @ W2, b1 @ W2 + b2", "return W2.T @ W1.T, b1 @ W2 + b2")]),
        ("b has shape (M,)", [("return W1 @ W2, b1 @ W2 + b2", "return W1 @ W2, b1[None, :] @ W2 + b2")]),
    ],
    "saturated-fraction": [
        ("a fraction", [("return float(np.mean(f_prime(z) < threshold))",
                         "return float(np.sum(f_prime(z) < threshold))")]),
        ("the saturated share", [("return float(np.mean(f_prime(z) < threshold))",
                                  "return float(np.mean(f_prime(z) >= threshold))")]),
        ("strictly below", [("np.mean(f_prime(z) < threshold)", "np.mean(f_prime(z) <= threshold)")]),
        ("f_prime of z", [("np.mean(f_prime(z) < threshold)", "np.mean(f_prime(np.tanh(z)) < threshold)")]),
    ],
    "mse": [
        ("the mean over every entry", [("return float(np.mean((y_true - y_pred) ** 2))",
                                        "return float(np.sum((y_true - y_pred) ** 2) / len(y_pred))")]),
        ("a mean, not a sum", [("return float(np.mean((y_true - y_pred) ** 2))",
                                "return float(np.sum((y_true - y_pred) ** 2))")]),
    ],
    "mse-prime": [
        ("the factor 2", [("return 2 * (y_pred - y_true) / y_pred.size", "return (y_pred - y_true) / y_pred.size")]),
        ("divided by every entry", [("return 2 * (y_pred - y_true) / y_pred.size",
                                     "return 2 * (y_pred - y_true) / len(y_pred)")]),
        ("with respect to y_pred", [("return 2 * (y_pred - y_true) / y_pred.size",
                                     "return 2 * (y_true - y_pred) / y_pred.size")]),
    ],
    "softmax": [
        ("stable for logits like 1000", [("e = np.exp(z - np.max(z, axis=-1, keepdims=True))", "e = np.exp(z)")]),
        ("rows sum to 1", [("return e / np.sum(e, axis=-1, keepdims=True)",
                            "return e / np.sum(e, axis=0, keepdims=True)")]),
        ("each row's own maximum", [("np.max(z, axis=-1, keepdims=True)", "np.max(z)")]),
    ],
    "cross-entropy": [
        ("-sum y log p", [("    p = np.clip(y_pred, 1e-12, 1.0)\n    return float(-np.sum(y_true * np.log(p)) / len(p))",
                           "    return float(np.sum(y_true * y_pred) / len(y_pred))")]),
        ("the minus sign", [("return float(-np.sum(y_true * np.log(p)) / len(p))",
                             "return float(np.sum(y_true * np.log(p)) / len(p))")]),
        ("finite when p = 0", [("    p = np.clip(y_pred, 1e-12, 1.0)\n", "    p = y_pred\n")]),
        ("the mean over N samples", [("return float(-np.sum(y_true * np.log(p)) / len(p))",
                                      "return float(-np.mean(y_true * np.log(p)))")]),
    ],
    "softmax-cross-entropy-prime": [
        ("the 1/N", [("return (softmax(logits) - y_true) / len(logits)", "return softmax(logits) - y_true")]),
        ("softmax of the logits", [("return (softmax(logits) - y_true) / len(logits)",
                                    "return (logits - y_true) / len(logits)")]),
        ("stable", [("return (softmax(logits) - y_true) / len(logits)",
                     "return (np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True) - y_true) / len(logits)")]),
    ],
    "two-layer-predict": [
        ("the hidden bias", [('a1 = sigmoid(x @ self.params["W1"] + self.params["b1"])',
                              'a1 = sigmoid(x @ self.params["W1"])')]),
        ("softmax over each row", [('return softmax(a1 @ self.params["W2"] + self.params["b2"])',
                                    'return softmax((a1 @ self.params["W2"] + self.params["b2"]).T).T')]),
        ("a sigmoid hidden layer", [('a1 = sigmoid(x @ self.params["W1"] + self.params["b1"])',
                                     'a1 = np.tanh(x @ self.params["W1"] + self.params["b1"])')]),
    ],
    "two-layer-loss": [
        ("the mean over N", [("return cross_entropy(t, self.predict(x))",
                              "return cross_entropy(t, self.predict(x)) * len(x)")]),
        ("minus the log", [("return cross_entropy(t, self.predict(x))",
                            "return float(np.mean(np.log(self.predict(x)[np.arange(len(x)), t])))")]),
    ],
    "two-layer-accuracy": [
        ("the largest entry of each row", [("self.predict(x).argmax(axis=1) == t",
                                            "self.predict(x).argmax(axis=0)[:len(t)] == t")]),
        ("a fraction", [("return float(np.mean(self.predict(x).argmax(axis=1) == t))",
                         "return float(np.sum(self.predict(x).argmax(axis=1) == t))")]),
        ("the most probable class", [("self.predict(x).argmax(axis=1) == t", "self.predict(x).argmin(axis=1) == t")]),
    ],
    "two-layer-gradient": [
        ("dZ2 = (P - Y) / N", [("dz2 = (probs - one_hot(t, probs.shape[1])) / len(x)",
                                "dz2 = (2 * probs - one_hot(t, probs.shape[1])) / len(x)")]),
        ("sigma' at Z1", [("* sigmoid_prime(z1)", "* sigmoid_prime(a1)")]),
        ("the 1/N", [("dz2 = (probs - one_hot(t, probs.shape[1])) / len(x)",
                      "dz2 = probs - one_hot(t, probs.shape[1])")]),
        ("db sums over the batch", [('"b2": dz2.sum(axis=0)', '"b2": dz2.mean(axis=0)')]),
    ],
    "conv-forward": [
        ("a cross-correlation, not flipped", [("out[:, :, i, j] = window @ filters.T",
                                               "out[:, :, i, j] = window @ self.params['W'][:, :, ::-1, ::-1].reshape(f, -1).T")]),
        ("adds the bias", [('return out + self.params["b"][None, :, None, None]', "return out")]),
    ],
    "conv-backward-input": [
        ("overlapping windows add up", [("dx[:, :, i:i + k, j:j + k] += (g @ weights.reshape(f, -1))",
                                         "dx[:, :, i:i + k, j:j + k] = (g @ weights.reshape(f, -1))")]),
        ("sends back W[f] * dout", [("dx[:, :, i:i + k, j:j + k] += (g @ weights.reshape(f, -1)).reshape(n, c, k, k)",
                                     "dx[:, :, i:i + k, j:j + k] += g.sum(axis=1)[:, None, None, None] * x[:, :, i:i + k, j:j + k]")]),
    ],
    "conv-backward-params": [
        ("dE/db sums dout", [('self.grads["b"] = dout.sum(axis=(0, 2, 3))', 'self.grads["b"] = dout.mean(axis=(0, 2, 3))')]),
        ("fills grads['b']", [('self.grads["b"] = dout.sum(axis=(0, 2, 3))', 'self.grads["b"] = np.zeros(f)')]),
        ("dE/dW sums over every position", [("dw += (g.T @ window).reshape(weights.shape)",
                                             "dw = (g.T @ window).reshape(weights.shape)")]),
    ],
    "maxpool-forward": [
        ("the largest value", [(".max(axis=(2, 3))", ".mean(axis=(2, 3))")]),
        ("windows every `stride` pixels", [("        k, s = self.kernel_size, self.stride\n        out = np.zeros(",
                                            "        k = s = self.kernel_size\n        out = np.zeros(")]),
        ("rows and columns no window reaches are ignored",
         [("out = np.zeros((n, c, 1 + (h - k) // s, 1 + (w - k) // s))",
           "out = np.zeros((n, c, 1 + -(-(h - k) // s), 1 + -(-(w - k) // s)))")]),
    ],
    "maxpool-backward": [
        ("to the maximum only", [("grad = mask * dout[:, :, i, j][..., None]",
                                  "grad = np.ones_like(mask) / (k * k) * dout[:, :, i, j][..., None]")]),
        ("overlapping windows add up", [("dx[:, :, i * s:i * s + k, j * s:j * s + k] += grad.reshape(n, c, k, k)",
                                         "dx[:, :, i * s:i * s + k, j * s:j * s + k] = grad.reshape(n, c, k, k)")]),
        ("a tie: the first maximum only, not every one",
         [("mask = np.zeros_like(window)\n                np.put_along_axis(mask, winner[..., None], 1.0, axis=2)",
           "mask = (window == window.max(axis=2, keepdims=True)).astype(float)")]),
        ("a tie: the first maximum, not the last",
         [("winner = np.argmax(window, axis=2)", "winner = k * k - 1 - np.argmax(window[..., ::-1], axis=2)")]),
    ],
    "flatten": [
        ("keeps the batch axis", [("return x.reshape(len(x), -1)", "return x.reshape(-1)")]),
        ("row-major order", [("return x.reshape(len(x), -1)", "return x.reshape(len(x), -1, order='F')")]),
        ("backward gives the input's shape", [("return dout.reshape(self.x_shape)", "return dout")]),
    ],
    "dropout": [
        ("kept inputs scaled by 1 / (1 - p)", [("self.mask = keep / (1 - self.p)", "self.mask = keep * 1.0")]),
        ("backward uses forward's mask", [("        return dout * self.mask\n",
                                           "        return dout * (self.rng.random(dout.shape) >= self.p) / (1 - self.p)\n")]),
        ("the identity in evaluation", [("        if not self.training:\n            self.mask = None\n            return x\n", "")]),
        ("drops with probability p", [("keep = self.rng.random(x.shape) >= self.p",
                                       "keep = self.rng.random(x.shape) < self.p")]),
        ("draws the mask with self.rng", [("keep = self.rng.random(x.shape) >= self.p",
                                           "keep = np.random.random(x.shape) >= self.p")]),
    ],
    "one-hot": [
        ("n_classes columns", [("return np.eye(n_classes)[labels]", "return np.eye(labels.max() + 1)[labels]")]),
        ("one row per label", [("return np.eye(n_classes)[labels]", "return np.eye(n_classes)[labels].T")]),
        ("returns floats", [("return np.eye(n_classes)[labels]", "return np.eye(n_classes, dtype=int)[labels]")]),
    ],
    "rel-error": [
        ("the 2-norm", [("return float(np.linalg.norm(a - b) / scale)", "return float(np.max(np.abs(a - b)) / scale)")]),
        ("0 when both are zero", [("    if scale == 0.0:\n        return 0.0\n", "")]),
        ("|a| + |b| below", [("return float(np.linalg.norm(a - b) / scale)",
                              "return float(np.linalg.norm(a - b) / np.linalg.norm(a))")]),
        ("norms of the whole arrays", [("scale = np.linalg.norm(a) + np.linalg.norm(b)",
                                        "scale = np.linalg.norm(a.ravel()[:1]) + np.linalg.norm(b.ravel()[:1])")]),
    ],
    "numerical-gradient": [
        ("centred differences", [("        x[i] = old - h\n        f_minus = f()\n", "        x[i] = old\n        f_minus = f()\n")]),
        ("restores x[i]", [("        x[i] = old\n        grad[i]", "        grad[i]")]),
        ("divided by 2h", [("grad[i] = (f_plus - f_minus) / (2 * h)", "grad[i] = (f_plus - f_minus) / h")]),
    ],
    "hand-gradient": [
        ("the chain rule through the square", [("[18.0, 6.0]", "[9.0, 3.0]")]),
        ("the order (dL/dw, dL/db)", [("[18.0, 6.0]", "[6.0, 18.0]")]),
        ("two numbers", [("[18.0, 6.0]", "18.0")]),
    ],
    "conv-output-shape": [
        ("the pooling halves H and W", [("(2, 8, 12, 12)", "(2, 8, 24, 24)")]),
        ("channels become the filters", [("(2, 8, 12, 12)", "(2, 3, 12, 12)")]),
        ("the batch axis stays", [("(2, 8, 12, 12)", "(1, 8, 12, 12)")]),
        ("four numbers (N, C, H, W)", [("(2, 8, 12, 12)", "(8, 12, 12)")]),
    ],
    "conv-param-count": [
        ("a bias per filter", [("conv_param_count = 448", "conv_param_count = 432")]),
        ("each filter sees every channel", [("conv_param_count = 448", "conv_param_count = 160")]),
    ],
    "updates-per-epoch": [
        ("the last partial batch counts", [("[32, 10, 1]", "[31, 10, 1]")]),
        ("a whole number of updates", [("[32, 10, 1]", "[31.25, 10, 1]")]),
        ("full batch: one update", [("[32, 10, 1]", "[32, 10, 1000]")]),
    ],
    "converging-learning-rate": [
        ("not so large that it diverges", [("learning_rate = 0.3", "learning_rate = 3.0")]),
        ("not so small that it barely moves", [("learning_rate = 0.3", "learning_rate = 0.01")]),
        ("a positive number", [("learning_rate = 0.3", "learning_rate = -0.3")]),
    ],
    "network-step": [
        ("updates the layers' own arrays (the given bug)",
         [("param -= learning_rate * layer.grads[name]", "param = param - learning_rate * layer.grads[name]")]),
        ("against the gradient", [("param -= learning_rate * layer.grads[name]", "param += learning_rate * layer.grads[name]")]),
        ("times the learning rate", [("param -= learning_rate * layer.grads[name]", "param -= layer.grads[name]")]),
    ],
    "train-digits": [
        ("returns the trained network", [("    net.fit(x_train", "    return net.fit(x_train")]),
        ("reaches 90% on held-out images", [("epochs=40", "epochs=1")]),
    ],
}

# question id -> [(style, [(old, new), ...])]: correct answers written differently.
RIGHT = {
    "step": [("np.where", [("return (np.asarray(z) > 0).astype(int)", "return np.where(np.asarray(z) > 0, 1, 0)")])],
    "sigmoid": [("the textbook formula, warning at -1000",
                 [("return np.where(z >= 0, 1 / (1 + e), e / (1 + e))", "return 1 / (1 + np.exp(-z))")])],
    "perceptron-update": [
        ("updates only on a mistake",
         [("        error = y_i - self.predict(x_i[None, :])[0]\n",
           "        if self.predict(x_i[None, :])[0] == y_i:\n            return False\n"
           "        error = y_i - self.predict(x_i[None, :])[0]\n")]),
    ],
    "mlp-updates": [
        ("copies params first", [("    s = {}\n", "    s = {}\n    params = {k: v.copy() for k, v in params.items()}\n"),
                                 ('    s["wout"] = params["wout"] + s["hiddenlayer_activations"].T @ s["d_output"] * lr\n',
                                  '    params["wout"] += s["hiddenlayer_activations"].T @ s["d_output"] * lr\n'
                                  '    s["wout"] = params["wout"]\n')]),
    ],
    "numerical-gradient": [
        ("x[i] += h, -= 2h, += h",
         [("        x[i] = old + h\n", "        x[i] += h\n"),
          ("        x[i] = old - h\n", "        x[i] -= 2 * h\n"),
          ("        x[i] = old\n        grad[i]", "        x[i] += h\n        grad[i]")]),
    ],
    "one-hot": [("zeros, then ones", [("return np.eye(n_classes)[labels]",
                                       "out = np.zeros((len(labels), n_classes))\n"
                                       "    out[np.arange(len(labels)), labels] = 1\n    return out")])],
    "xavier": [("uniform", [("return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))",
                             "limit = np.sqrt(6.0 / (n_in + n_out))\n"
                             "    return rng.uniform(-limit, limit, size=(n_in, n_out))")])],
    "maxpool-backward": [
        ("loops with a strict >",
         [("                winner = np.argmax(window, axis=2)  # the first maximum of each window\n",
           "                winner = np.zeros(window.shape[:2], dtype=int)\n"
           "                for q in range(1, k * k):\n"
           "                    better = window[:, :, q] > np.take_along_axis(window, winner[..., None], 2)[..., 0]\n"
           "                    winner[better] = q\n")]),
    ],
    "dropout": [("binomial mask", [("keep = self.rng.random(x.shape) >= self.p",
                                    "keep = self.rng.binomial(1, 1 - self.p, size=x.shape) == 1")])],
    "updates-per-epoch": [("a tuple of ints", [("[32, 10, 1]", "(32, 10, 1)")])],
    "converging-learning-rate": [("a smaller rate", [("learning_rate = 0.3", "learning_rate = 0.2")]),
                                 ("a larger rate", [("learning_rate = 0.3", "learning_rate = 1.0")])],
    "network-step": [("assigns into the dict",
                      [("param -= learning_rate * layer.grads[name]",
                        "layer.params[name] = param - learning_rate * layer.grads[name]")])],
    "train-digits": [
        ("its own minibatch loop",
         [("    net.fit(x_train, package_one_hot(y_train, 10), epochs=40, learning_rate=0.1,\n"
           "            batch_size=32, rng=rng, verbose=False)\n",
           "    targets = package_one_hot(y_train, 10)\n"
           "    for epoch in range(40):\n"
           "        order = rng.permutation(len(x_train))\n"
           "        for start in range(0, len(order), 32):\n"
           "            batch = order[start:start + 32]\n"
           "            out = net.forward(x_train[batch])\n"
           "            net.backward(softmax_cross_entropy_prime(targets[batch], out))\n"
           "            net.step(0.1)\n")]),
    ],
}


def _source(cell):
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


@functools.cache
def answer(question_id, edits=()):
    """The answer the solution notebook defines, with ``edits`` applied to its code."""
    question = QUESTIONS[question_id]
    notebook = derive(EXERCISE_OF[question_id], list(edits))
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for number, cell in enumerate(notebook["cells"]):
            source = _source(cell)
            if cell["cell_type"] != "code" or "check(" in source:
                continue
            exec(compile(source, f"<cell {number}>", "exec"), namespace)
    return namespace[question.name]


@functools.cache
def graded_cases(question_id, seed):
    """The grader's cases for this seed and the reference's outputs."""
    question = QUESTIONS[question_id]
    cases = question.make_cases(case_rng("grade", seed, question_id))
    return cases, expected_outputs(question, cases)


def _round_trip(value):
    return wire.decode(wire.encode(value))


def verdict(question_id, edits, seed):
    question = QUESTIONS[question_id]
    cases, expected = graded_cases(question_id, seed)
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        outcomes = ask(question, answer(question_id, tuple(edits)), cases, encode=_round_trip)
    return assess(question, cases, expected, outcomes)


def _table(table):
    return [pytest.param(q, label, edits, id=f"{q}: {label}")
            for q, entries in table.items() for label, edits in entries]


def test_every_question_has_rules():
    assert set(RULES) == set(QUESTIONS)


@pytest.mark.parametrize("question_id", QUESTIONS)
def test_the_solution_gets_full_marks_on_every_seed(question_id):
    failed = {seed: v.feedback for seed in SEEDS
              if (v := verdict(question_id, (), seed)).score < v.max_score}
    assert failed == {}


@pytest.mark.parametrize("question_id, style, edits", _table(RIGHT))
def test_a_right_answer_in_another_style_gets_full_marks_on_every_seed(question_id, style, edits):
    failed = {seed: v.feedback for seed in SEEDS
              if (v := verdict(question_id, tuple(edits), seed)).score < v.max_score}
    assert failed == {}


@pytest.mark.parametrize("question_id, rule, edits", _table(RULES))
def test_breaking_a_rule_loses_points_on_every_seed(question_id, rule, edits):
    passed = [seed for seed in SEEDS
              if (v := verdict(question_id, tuple(edits), seed)).score == v.max_score]
    assert passed == [], f"{len(passed)} of {len(SEEDS)} seeds give full marks, e.g. {passed[:5]}"


def test_the_experiment_holds_its_time_limit():
    from scratchnet.grading.questions import ch09_putting_it_together as ch09

    question = QUESTIONS["train-digits"]
    (case,), _ = graded_cases("train-digits", 0)
    right = {"labels": ch09._held_out_labels(case["seed"]), "seconds": 1.0}
    assert question.judge(case, right) is None
    slow = {**right, "seconds": ch09.TRAIN_SECONDS + 1}
    assert "CPU time" in question.judge(case, slow)

"""Issue #6's benchmarks: scratchnet against PyTorch on the CPU, side by side.

Run from the repository root (``make bench`` installs PyTorch first):

    .venv/bin/python benchmarks/run.py             # everything, a few minutes
    .venv/bin/python benchmarks/run.py --quick     # without book build, tests, grading
    .venv/bin/python benchmarks/run.py --threads 1 # both libraries on one thread

Every ratio is our time / PyTorch's time (below 1: scratchnet is faster),
the median of per-pair ratios measured in this run, with the lowest and
highest pair in brackets; see timing.py for why. PyTorch is optional: without
it the comparisons say so and our own times are still reported.
"""
import argparse
import os
import subprocess
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from scratchnet import parallel

import classic
import conv
import digits
import mlp
import timing
import workflow
from timing import side_by_side, time_alone


def load_torch(threads):
    """PyTorch, set to ``threads`` threads if given, or None when it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    if threads:
        torch.set_num_threads(threads)
    return torch


def machine(torch):
    """Lines describing the machine, the libraries and the BLAS in use."""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = next(line.split(":", 1)[1].strip() for line in lscpu.splitlines()
                     if line.startswith("Model name"))
    except (OSError, StopIteration):
        model = "unknown"
    blas = [f"{lib['internal_api']} {lib['version']} ({lib.get('architecture', '?')}, "
            f"{lib['num_threads']} threads)" for lib in threadpool_info() if lib["user_api"] == "blas"]
    env = ", ".join(f"{name}={os.environ.get(name, 'unset')}"
                    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"))
    if torch is None:
        torch_line = "not installed (pip install -e '.[bench]')"
    else:
        torch_line = f"{torch.__version__}, {torch.get_num_threads()} threads"
    return [
        f"CPU: {model}, {os.cpu_count()} cores; load average {load()}",
        f"numpy {np.__version__}, BLAS: {'; '.join(blas) or 'unknown'}; {env}",
        f"torch {torch_line}",
        f"scratchnet: {parallel.num_threads()} threads for its layers (scratchnet.parallel)",
    ]


def load():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


class Table:
    """Rows of results, printed as they come and as one Markdown table at the end."""

    def __init__(self):
        self.rows = []

    def add(self, name, ours, theirs, ratio, goal="", met=None):
        verdict = "" if met is None else ("yes" if met else "NO")
        row = (name, ours, theirs, ratio, goal, verdict)
        self.rows.append(row)
        print("  " + " | ".join(row), file=sys.stderr, flush=True)

    def markdown(self):
        head = ("benchmark", "scratchnet", "reference", "ratio", "goal", "met")
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def ratio_text(comparison):
    return f"{comparison.ratio:.2f} [{comparison.low:.2f}-{comparison.high:.2f}]"


def ms(seconds):
    return f"{seconds * 1e3:.2f} ms"


def bench_mlp(table, torch, pairs):
    x, labels = mlp.make_data()
    net = mlp.make_network()
    warm_batches = 40 * mlp.BATCH

    def ours():
        mlp.train_epoch(net, x, labels)

    def warm_ours():
        mlp.train_epoch(net, x, labels, samples=warm_batches)

    peak = mlp.matmul_peak()
    name = "MLP epoch 784-256-128-10, batch 128, 60k, float32"
    if torch is None:
        seconds = time_alone(ours, repeats=max(3, pairs // 2))
        table.add(name, f"{seconds:.3f} s", "no PyTorch", "n/a", "<= 1.0")
    else:
        twin = mlp.TorchTwin(net, x, labels)
        loss_diff, weight_diff = mlp.twin_agreement(x, labels)
        print(f"  MLP twins after one epoch: losses differ by {loss_diff:.1e}, weights by "
              f"{weight_diff:.1e} of the largest weight", file=sys.stderr)
        result = side_by_side(ours, twin.train_epoch, pairs=max(3, pairs // 2), calls=1,
                              warm_ours=warm_ours,
                              warm_theirs=lambda: twin.train_epoch(samples=warm_batches))
        seconds = result.ours
        table.add(name, f"{result.ours:.3f} s", f"{result.theirs:.3f} s (PyTorch)",
                  ratio_text(result), "<= 1.0", result.ratio <= 1.0)
    peak = max(peak, mlp.matmul_peak())
    achieved = mlp.matmul_flops() / seconds
    table.add("MLP GFLOP/s / NumPy float32 matmul peak", f"{achieved / 1e9:.0f} GFLOP/s",
              f"{peak / 1e9:.0f} GFLOP/s (2048^3 matmul)", f"{achieved / peak:.0%}", ">= 75%",
              achieved / peak >= 0.75)
    # The ceiling at batch 128: the epoch's matrix products alone, with nothing else.
    products = time_alone(lambda: mlp.products_only_epoch(net, x), repeats=3)
    ceiling = mlp.matmul_flops() / products
    table.add("MLP epoch's matrix products alone (the ceiling at batch 128) / peak",
              f"{ceiling / 1e9:.0f} GFLOP/s ({products:.3f} s)",
              f"{peak / 1e9:.0f} GFLOP/s (2048^3 matmul)", f"{ceiling / peak:.0%}")
    return seconds


def bench_layers(table, torch, pairs):
    cases = [(f"Conv2D fwd+bwd stride {s} pad {p}", conv.ConvCase, (s, p))
             for s, p in conv.CONV_SETTINGS]
    cases += [(f"MaxPool2D fwd+bwd kernel {k} stride {s}", conv.PoolCase, (k, s))
              for k, s in conv.POOL_SETTINGS]
    for dtype in (np.float64, np.float32):
        for name, make, setting in cases:
            case = make(dtype, *setting)
            name = f"{name}, {np.dtype(dtype).name}"
            if torch is None:
                table.add(name, ms(time_alone(case.ours, calls=5)), "no PyTorch", "n/a", "<= 1.2")
                continue
            case.setup_torch()
            difference = case.agreement()
            if difference > (1e-4 if dtype == np.float32 else 1e-10):
                raise AssertionError(f"{name}: the two sides disagree by {difference:.1e}")
            result = side_by_side(case.ours, case.theirs, pairs=pairs)
            table.add(name, ms(result.ours), ms(result.theirs) + " (PyTorch)", ratio_text(result),
                      "<= 1.2", result.ratio <= 1.2)


def bench_classic(table, pairs, mlp_epoch):
    case = conv.ConvCase(np.float64, 1, 0)
    w, b = case.layer.params["W"], case.layer.params["b"]
    classic_out, *_ = classic.classic_conv_forward_backward(case.x, w, b, case.dout)
    np.testing.assert_allclose(classic_out, case.layer.forward(case.x), rtol=1e-10, atol=1e-10)
    result = side_by_side(lambda: classic.classic_conv_forward_backward(case.x, w, b, case.dout),
                          case.ours, pairs=max(3, pairs // 2), calls=1)
    table.add("Conv2D fwd+bwd, classic correlate2d loops / scratchnet, float64",
              ms(result.theirs), ms(result.ours) + " (classic)", f"{result.ratio:.1f}x faster",
              ">= 20x", result.ratio >= 20)

    x, labels = mlp.make_data(samples=2000)
    net = mlp.make_network()
    layers = classic.classic_mlp(net)
    seconds = time_alone(lambda: classic.classic_train(layers, x, labels, mlp.LEARNING_RATE),
                         repeats=3)
    classic_per_sample = seconds / len(x)
    ours_per_sample = mlp_epoch / mlp.SAMPLES
    table.add("MLP training per sample: classic per-sample loop / scratchnet batch 128",
              f"{ours_per_sample * 1e6:.1f} us", f"{classic_per_sample * 1e6:.1f} us (classic)",
              f"{classic_per_sample / ours_per_sample:.1f}x faster", ">= 100x",
              classic_per_sample / ours_per_sample >= 100)


def bench_digits(table):
    for name, build, target, images in [("MLP 64-64-10", digits.mlp, 0.95, False),
                                        ("CNN conv-pool-dense", digits.cnn, 0.97, True)]:
        seconds, epochs, accuracy = digits.time_to_accuracy(build, target, images)
        table.add(f"digits {name}: time to {target:.0%} test accuracy", f"{seconds:.2f} s",
                  f"{epochs} epochs, {accuracy:.1%}", "", f">= {target:.0%}", accuracy >= target)


def bench_workflow(table):
    seconds, code, last = workflow.book_build()
    table.add("clean book build (jupyter-book build -W -n)", f"{seconds:.0f} s", f"exit {code}", "",
              "builds", code == 0)
    seconds, code, last = workflow.test_suite()
    table.add("full test suite (pytest)", f"{seconds:.0f} s", workflow.pytest_counts(last), "",
              "passes", code == 0)
    graded = workflow.grading()
    if graded is None:
        table.add(f"grading {workflow.SUBMISSIONS} submissions", "not available", "", "", "")
    else:
        seconds, code, last = graded
        table.add(f"grading {workflow.SUBMISSIONS} submissions (scratchnet-grade --jobs 2)",
                  f"{seconds:.0f} s", last or f"exit {code}",
                  f"{seconds / workflow.SUBMISSIONS:.2f} s each", "runs", code == 0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="skip the slow workflow figures (book build, test suite, grading)")
    parser.add_argument("--threads", type=int, default=0,
                        help="threads for scratchnet, NumPy's BLAS and PyTorch (default: their own)")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time CPU seconds instead of wall seconds (use with --threads 1)")
    parser.add_argument("--pairs", type=int, default=7, help="side-by-side pairs per figure")
    parser.add_argument("--only", nargs="+", choices=["mlp", "layers", "classic", "digits", "workflow"],
                        help="run only these sections")
    args = parser.parse_args(argv)
    sections = set(args.only or ["mlp", "layers", "classic", "digits", "workflow"])
    if args.quick:
        sections.discard("workflow")

    if args.cpu_time:
        if args.threads != 1:
            parser.error("--cpu-time counts spinning worker threads: use it with --threads 1")
        timing.clock = time.process_time
    torch = load_torch(args.threads)
    limits = threadpool_limits(args.threads) if args.threads else None
    parallel.set_num_threads(args.threads or None)
    header = machine(torch)
    header.append(f"clock: {'CPU' if args.cpu_time else 'wall'} time; "
                  f"threads: {args.threads or 'library defaults'}")
    print("\n".join(header), file=sys.stderr)
    if torch is None:
        print("PyTorch is not installed: the comparisons report our times only.", file=sys.stderr)
    table = Table()
    start = time.perf_counter()
    mlp_epoch = None
    if "mlp" in sections or "classic" in sections:
        mlp_epoch = bench_mlp(table, torch, args.pairs)
    if "layers" in sections:
        bench_layers(table, torch, args.pairs)
    if "classic" in sections:
        bench_classic(table, args.pairs, mlp_epoch)
    if "digits" in sections:
        bench_digits(table)
    if limits is not None:
        limits.restore_original_limits()
    if "workflow" in sections:
        bench_workflow(table)
    command = "benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    print(f"\n`{command.strip()}` ({time.perf_counter() - start:.0f} s)\n")
    print("\n".join(f"- {line}" for line in header + [f"load average at the end {load()}"]))
    print()
    print(table.markdown())


if __name__ == "__main__":
    main()

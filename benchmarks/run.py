"""Issue #6's benchmarks: scratchnet against PyTorch on the CPU, side by side.

Run from the repository root (``make bench`` installs PyTorch first):

    .venv/bin/python benchmarks/run.py             # everything, a few minutes
    .venv/bin/python benchmarks/run.py --quick     # without book build, tests, grading
    .venv/bin/python benchmarks/run.py --threads 1 # both libraries on one thread
    .venv/bin/python benchmarks/run.py --quick --save book/data/benchmark.json

The layers come in two kinds: the fast ones (`scratchnet.fast`), which the
figures against PyTorch and their goals are about, and the readable ones the
book displays (`scratchnet.layers`, `scratchnet.Network`), timed against
PyTorch and against the fast ones to show what the speed work buys.

Every ratio is the first time / the second (below 1: the first is faster),
the median of per-pair ratios measured in this run, with the lowest and
highest pair in brackets; see timing.py for why. PyTorch is optional: without
it the comparisons say so and our own times are still reported. ``--save``
writes every row, the machine and the library versions as JSON (the last
chapter of the book reads book/data/benchmark.json).
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from scratchnet import parallel

import classic
import conv
import digits
import mlp
import peaks
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
    """The machine, the libraries and the BLAS in use, as a dict."""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = next(line.split(":", 1)[1].strip() for line in lscpu.splitlines()
                     if line.startswith("Model name"))
    except (OSError, StopIteration):
        model = "unknown"
    blas = [f"{lib['internal_api']} {lib['version']} ({lib.get('architecture', '?')}, "
            f"{lib['num_threads']} threads)" for lib in threadpool_info() if lib["user_api"] == "blas"]
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": "; ".join(blas) or "unknown",
        "blas_env": {name: os.environ.get(name, "unset")
                     for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
        "torch": None if torch is None else torch.__version__,
        "torch_threads": None if torch is None else torch.get_num_threads(),
        "scratchnet_threads": parallel.num_threads(),
    }


def machine_lines(info):
    """The machine dict as the lines printed above the table."""
    torch_line = ("not installed (pip install -e '.[bench]')" if info["torch"] is None
                  else f"{info['torch']}, {info['torch_threads']} threads")
    env = ", ".join(f"{name}={value}" for name, value in info["blas_env"].items())
    return [
        f"CPU: {info['cpu']}, {info['cores']} cores; load average {load()}",
        f"numpy {info['numpy']}, BLAS: {info['blas']}; {env}",
        f"torch {torch_line}",
        f"scratchnet: {info['scratchnet_threads']} threads for its layers (scratchnet.parallel)",
    ]


def load():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


class Table:
    """Rows of results, printed as they come and as one Markdown table at the end.

    Each row keeps its printed text and, in ``data``, the figures behind it
    (seconds, ratio and spread, which layer and setting) for ``--save``.
    """

    head = ("benchmark", "scratchnet", "reference", "ratio", "goal", "met")

    def __init__(self):
        self.rows = []

    def add(self, benchmark, scratchnet, reference, ratio, goal="", met=None, **data):
        verdict = "" if met is None else ("yes" if met else "NO")
        row = (benchmark, scratchnet, reference, ratio, goal, verdict)
        self.rows.append((row, data))
        print("  " + " | ".join(row), file=sys.stderr, flush=True)

    def add_comparison(self, name, result, theirs_label, goal="", met=None, **data):
        """A row for a `timing.Comparison`, our side first."""
        self.add(name, ms(result.ours), f"{ms(result.theirs)} ({theirs_label})",
                 ratio_text(result), goal, met, ours_seconds=result.ours,
                 theirs_seconds=result.theirs, median=result.ratio, low=result.low,
                 high=result.high, pairs=result.pairs, **data)

    def markdown(self):
        lines = ["| " + " | ".join(self.head) + " |", "|" + "---|" * len(self.head)]
        lines += ["| " + " | ".join(row) + " |" for row, _ in self.rows]
        return "\n".join(lines)

    def records(self):
        """Every row as a dict: the printed columns, then the figures behind them."""
        return [dict(zip(self.head, row), **data) for row, data in self.rows]


def ratio_text(comparison):
    return f"{comparison.ratio:.2f} [{comparison.low:.2f}-{comparison.high:.2f}]"


def ms(seconds):
    return f"{seconds * 1e3:.2f} ms" if seconds < 1 else f"{seconds:.3f} s"


def bench_peaks(table):
    """The ceilings of a roofline: matrix-product speed (both dtypes) and memory bandwidth."""
    found = {}
    for dtype in (np.float32, np.float64):
        name = np.dtype(dtype).name
        found[name] = peaks.matmul_peak(dtype)
        table.add(f"NumPy matmul peak, {name} (2048^3, best of 5)", f"{found[name] / 1e9:.0f} GFLOP/s",
                  "", "", section="peaks", kind="matmul peak", dtype=name, flops_per_second=found[name])
    bandwidth = peaks.copy_bandwidth()
    table.add("memory bandwidth (256 MiB copy, read + write, best of 5)", f"{bandwidth / 1e9:.1f} GB/s",
              "", "", section="peaks", kind="copy bandwidth", bytes_per_second=bandwidth)
    return found


def bench_mlp(table, torch, pairs, peak):
    x, labels = mlp.make_data()
    nets = {kind: mlp.make_network(kind=kind) for kind in mlp.KINDS}
    warm_batches = 40 * mlp.BATCH

    def epoch(kind):
        return lambda: mlp.train_epoch(nets[kind], x, labels)

    def warm(kind):
        return lambda: mlp.train_epoch(nets[kind], x, labels, samples=warm_batches)

    name = "MLP epoch 784-256-128-10, batch 128, 60k, float32"
    pairs = max(3, pairs // 2)
    rows = {"fast": "fast.Network + fast.Dense", "readable": "Network + layers.Dense (readable)"}
    facts = dict(section="mlp", layer="MLP epoch", dtype="float32")
    if torch is None:
        seconds = time_alone(epoch("fast"), repeats=pairs)
        table.add(f"{name}: {rows['fast']}", f"{seconds:.3f} s", "no PyTorch", "n/a", "<= 1.0",
                  ours="fast", theirs=None, ours_seconds=seconds, **facts)
    else:
        twin = mlp.TorchTwin(nets["fast"], x, labels)
        for kind in mlp.KINDS:
            loss_diff, weight_diff = mlp.twin_agreement(x, labels, kind=kind)
            print(f"  MLP twins ({kind}) after one epoch: losses differ by {loss_diff:.1e}, "
                  f"weights by {weight_diff:.1e} of the largest weight", file=sys.stderr)
        warm_twin = lambda: twin.train_epoch(samples=warm_batches)  # noqa: E731
        for kind in mlp.KINDS:
            result = side_by_side(epoch(kind), twin.train_epoch, pairs=pairs, calls=1,
                                  warm_ours=warm(kind), warm_theirs=warm_twin)
            goal = "<= 1.0" if kind == "fast" else ""
            met = result.ratio <= 1.0 if kind == "fast" else None
            table.add_comparison(f"{name}: {rows[kind]} / PyTorch", result, "PyTorch", goal, met,
                                 ours=kind, theirs="PyTorch", **facts)
            if kind == "fast":
                seconds = result.ours
    result = side_by_side(epoch("readable"), epoch("fast"), pairs=pairs, calls=1,
                          warm_ours=warm("readable"), warm_theirs=warm("fast"))
    table.add_comparison(f"{name}: readable / fast", result, "fast", ours="readable",
                         theirs="fast", **facts)
    peak = max(peak, peaks.matmul_peak())
    achieved = mlp.matmul_flops() / seconds
    table.add("MLP GFLOP/s (fast) / NumPy float32 matmul peak", f"{achieved / 1e9:.0f} GFLOP/s",
              f"{peak / 1e9:.0f} GFLOP/s (2048^3 matmul)", f"{achieved / peak:.0%}", ">= 75%",
              achieved / peak >= 0.75, section="mlp", kind="share of peak",
              flops_per_second=achieved, peak=peak)
    # The ceiling at batch 128: the epoch's matrix products alone, with nothing else.
    products = time_alone(lambda: mlp.products_only_epoch(nets["fast"], x), repeats=3)
    ceiling = mlp.matmul_flops() / products
    table.add("MLP epoch's matrix products alone (the ceiling at batch 128) / peak",
              f"{ceiling / 1e9:.0f} GFLOP/s ({products:.3f} s)",
              f"{peak / 1e9:.0f} GFLOP/s (2048^3 matmul)", f"{ceiling / peak:.0%}",
              section="mlp", kind="products alone", seconds=products, flops_per_second=ceiling)
    return seconds


def bench_layers(table, torch, pairs):
    cases = [("Conv2D", f"stride {s} pad {p}", conv.ConvCase, (s, p)) for s, p in conv.CONV_SETTINGS]
    cases += [("MaxPool2D", f"kernel {k} stride {s}", conv.PoolCase, (k, s))
              for k, s in conv.POOL_SETTINGS]
    for dtype in (np.float64, np.float32):
        dtype_name = np.dtype(dtype).name
        for layer, setting, make, arguments in cases:
            case = make(dtype, *arguments)
            name = f"{layer} fwd+bwd {setting}, {dtype_name}"
            facts = dict(section="layers", layer=layer, setting=setting,
                         arguments=list(arguments), dtype=dtype_name)
            if torch is None:
                for kind in ("fast", "readable"):
                    seconds = time_alone(getattr(case, kind), calls=5)
                    table.add(f"{name}: {kind}", ms(seconds), "no PyTorch", "n/a",
                              ours=kind, theirs=None, ours_seconds=seconds, **facts)
            else:
                case.setup_torch()
                difference = case.agreement()
                if difference > (1e-4 if dtype == np.float32 else 1e-10):
                    raise AssertionError(f"{name}: the sides disagree by {difference:.1e}")
                result = side_by_side(case.fast, case.theirs, pairs=pairs)
                table.add_comparison(f"{name}: fast / PyTorch", result, "PyTorch", "<= 1.2",
                                     result.ratio <= 1.2, ours="fast", theirs="PyTorch", **facts)
                result = side_by_side(case.readable, case.theirs, pairs=pairs)
                table.add_comparison(f"{name}: readable / PyTorch", result, "PyTorch",
                                     ours="readable", theirs="PyTorch", **facts)
            result = side_by_side(case.readable, case.fast, pairs=pairs)
            table.add_comparison(f"{name}: readable / fast", result, "fast", ours="readable",
                                 theirs="fast", **facts)


def bench_classic(table, pairs, mlp_epoch):
    case = conv.ConvCase(np.float64, 1, 0)
    w, b = case.fast_layer.params["W"], case.fast_layer.params["b"]
    classic_out, *_ = classic.classic_conv_forward_backward(case.x, w, b, case.dout)
    np.testing.assert_allclose(classic_out, case.fast_layer.forward(case.x), rtol=1e-10, atol=1e-10)
    result = side_by_side(lambda: classic.classic_conv_forward_backward(case.x, w, b, case.dout),
                          case.fast, pairs=max(3, pairs // 2), calls=1)
    table.add("Conv2D fwd+bwd, classic correlate2d loops / scratchnet fast, float64",
              ms(result.theirs), ms(result.ours) + " (classic)", f"{result.ratio:.1f}x faster",
              ">= 20x", result.ratio >= 20, section="classic", ours="classic", theirs="fast",
              ours_seconds=result.ours, theirs_seconds=result.theirs, median=result.ratio,
              low=result.low, high=result.high, pairs=result.pairs)

    x, labels = mlp.make_data(samples=2000)
    net = mlp.make_network()
    layers = classic.classic_mlp(net)
    seconds = time_alone(lambda: classic.classic_train(layers, x, labels, mlp.LEARNING_RATE),
                         repeats=3)
    classic_per_sample = seconds / len(x)
    ours_per_sample = mlp_epoch / mlp.SAMPLES
    table.add("MLP training per sample: classic per-sample loop / scratchnet fast batch 128",
              f"{ours_per_sample * 1e6:.1f} us", f"{classic_per_sample * 1e6:.1f} us (classic)",
              f"{classic_per_sample / ours_per_sample:.1f}x faster", ">= 100x",
              classic_per_sample / ours_per_sample >= 100, section="classic",
              ours_seconds=ours_per_sample, theirs_seconds=classic_per_sample)


def bench_digits(table):
    for name, build, target, images in [("MLP 64-64-10", digits.mlp, 0.95, False),
                                        ("CNN conv-pool-dense", digits.cnn, 0.97, True)]:
        seconds, epochs, accuracy = digits.time_to_accuracy(build, target, images)
        table.add(f"digits {name} (fast layers): time to {target:.0%} test accuracy",
                  f"{seconds:.2f} s", f"{epochs} epochs, {accuracy:.1%}", "", f">= {target:.0%}",
                  accuracy >= target, section="digits", seconds=seconds, epochs=epochs,
                  accuracy=accuracy)


def bench_workflow(table):
    seconds, code, last = workflow.book_build()
    table.add("clean book build (jupyter-book build -W -n)", f"{seconds:.0f} s", f"exit {code}", "",
              "builds", code == 0, section="workflow", seconds=seconds)
    seconds, code, last = workflow.test_suite()
    table.add("full test suite (pytest)", f"{seconds:.0f} s", workflow.pytest_counts(last), "",
              "passes", code == 0, section="workflow", seconds=seconds)
    graded = workflow.grading()
    if graded is None:
        table.add(f"grading {workflow.SUBMISSIONS} submissions", "not available", "", "", "",
                  section="workflow")
    else:
        seconds, code, last = graded
        table.add(f"grading {workflow.SUBMISSIONS} submissions (scratchnet-grade --jobs 2)",
                  f"{seconds:.0f} s", last or f"exit {code}",
                  f"{seconds / workflow.SUBMISSIONS:.2f} s each", "runs", code == 0,
                  section="workflow", seconds=seconds)


def save(path, info, table):
    """Write the machine dict and every row of ``table`` to ``path`` as JSON."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"machine": info, "rows": table.records()}, indent=1, default=float)
    path.write_text(text + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="skip the slow workflow figures (book build, test suite, grading)")
    parser.add_argument("--threads", type=int, default=0,
                        help="threads for scratchnet, NumPy's BLAS and PyTorch (default: their own)")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time CPU seconds instead of wall seconds (use with --threads 1)")
    parser.add_argument("--pairs", type=int, default=7, help="side-by-side pairs per figure")
    parser.add_argument("--only", nargs="+",
                        choices=["peaks", "mlp", "layers", "classic", "digits", "workflow"],
                        help="run only these sections")
    parser.add_argument("--save", metavar="PATH",
                        help="also write every row and the machine as JSON to PATH")
    args = parser.parse_args(argv)
    sections = set(args.only or ["peaks", "mlp", "layers", "classic", "digits", "workflow"])
    if args.quick:
        sections.discard("workflow")

    if args.cpu_time:
        if args.threads != 1:
            parser.error("--cpu-time counts spinning worker threads: use it with --threads 1")
        timing.clock = time.process_time
    torch = load_torch(args.threads)
    limits = threadpool_limits(args.threads) if args.threads else None
    parallel.set_num_threads(args.threads or None)
    info = machine(torch)
    info["clock"] = "CPU" if args.cpu_time else "wall"
    info["threads"] = args.threads or "library defaults"
    info["pairs"] = args.pairs
    info["load_average_start"] = [round(value, 2) for value in os.getloadavg()]
    info["date"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    header = machine_lines(info)
    header.append(f"clock: {info['clock']} time; threads: {info['threads']}")
    print("\n".join(header), file=sys.stderr)
    if torch is None:
        print("PyTorch is not installed: the comparisons report our times only.", file=sys.stderr)
    table = Table()
    start = time.perf_counter()
    peak = 0.0
    if "peaks" in sections:
        peak = bench_peaks(table)["float32"]
    mlp_epoch = None
    if "mlp" in sections or "classic" in sections:
        mlp_epoch = bench_mlp(table, torch, args.pairs, peak)
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
    info["command"] = command.strip()
    info["seconds"] = round(time.perf_counter() - start, 1)
    info["load_average_end"] = [round(value, 2) for value in os.getloadavg()]
    print(f"\n`{info['command']}` ({info['seconds']:.0f} s)\n")
    print("\n".join(f"- {line}" for line in header + [f"load average at the end {load()}"]))
    print()
    print(table.markdown())
    if args.save:
        save(args.save, info, table)
        print(f"\nSaved to {args.save}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""benchmarks/run.py --save: the JSON holds every row's text and figures, and the machine.

The last chapter reads book/data/benchmark.json through these fields, so a
renamed key would break it; these tests time nothing.
"""
import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
run = pytest.importorskip("run")
timing = pytest.importorskip("timing")


def test_save_writes_rows_and_machine(tmp_path):
    table = run.Table()
    result = timing.Comparison(ours=0.002, theirs=0.004, ratio=0.5, low=0.4, high=0.7, pairs=7)
    table.add_comparison("Conv2D fwd+bwd stride 1 pad 0, float32: fast / PyTorch", result,
                         "PyTorch", "<= 1.2", True, section="layers", layer="Conv2D",
                         setting="stride 1 pad 0", dtype="float32", ours="fast",
                         theirs="PyTorch")
    table.add("NumPy matmul peak, float32", "100 GFLOP/s", "", "", section="peaks",
              kind="matmul peak", dtype="float32", flops_per_second=1e11)
    info = {"cpu": "test", "cores": 2, "load_average_start": [0.1, 0.2, 0.3]}
    path = tmp_path / "data" / "benchmark.json"
    run.save(path, info, table)

    saved = json.loads(path.read_text())
    assert saved["machine"] == info
    first, second = saved["rows"]
    assert first["ratio"] == "0.50 [0.40-0.70]"  # the printed column keeps its name
    assert (first["median"], first["low"], first["high"], first["pairs"]) == (0.5, 0.4, 0.7, 7)
    assert (first["ours_seconds"], first["theirs_seconds"]) == (0.002, 0.004)
    assert first["met"] == "yes" and first["layer"] == "Conv2D"
    assert second["flops_per_second"] == 1e11 and second["met"] == ""


def test_markdown_has_one_line_per_row():
    table = run.Table()
    table.add("a", "1 ms", "2 ms", "0.50", "<= 1.2", True)
    table.add("b", "3 ms", "", "", section="x")
    lines = table.markdown().splitlines()
    assert len(lines) == 4
    assert lines[2] == "| a | 1 ms | 2 ms | 0.50 | <= 1.2 | yes |"

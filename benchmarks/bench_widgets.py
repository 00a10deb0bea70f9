"""The live widgets' speed in Chromium, on the built web book.

For every widget, every slider is moved back and forth (ROUNDS moves each,
after WARMUP untimed ones) as the arrow keys move it: the slider's value is
stepped and an `input` event sent, and the time runs until the widget has
drawn (its redraw waits for the end of the event's task; the clock stops
after it). Then the live trainer trains on spirals with a 2-8-8-1 network
for TRAIN_SECONDS while drawing, and its epoch counter and the page's frame
times are read. The goals: a slider move drawn within 16 ms (one frame at
60 Hz), and at least 30 epochs a second while drawing.

Needs the built book (`make book`). Prints a table; with --save, also writes
the figures as JSON.

Run: .venv/bin/python benchmarks/bench_widgets.py [--rounds 60] [--save FILE]
"""
import argparse
import functools
import http.server
import json
import re
import statistics
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
CHROMIUM = "/usr/bin/chromium"
WARMUP = 5
TRAIN_SECONDS = 5
FRAME_BUDGET_MS = 16.0
EPOCHS_GOAL = 30.0

# The chapter that shows each widget first.
CHAPTERS = {
    "perceptron": "01_perceptron",
    "descent": "02_one_neuron",
    "mlp": "03_mlp",
    "training": "04_layers",
    "saturation": "05_activations",
    "loss": "06_losses",
    "conv": "08_convolution",
}

# Moves every slider of the widget `rounds` times (one step up, one step down,
# as the arrow keys do) and returns the milliseconds from the input event to
# the drawn widget, per slider label.
SLIDERS_JS = """async ([name, rounds, warmup]) => {
    const box = document.querySelector(`.scratchnet-live[data-widget="${name}"]`);
    const times = {};
    for (const input of box.querySelectorAll('input[type="range"]')) {
        const label = input.labels[0].textContent;
        times[label] = [];
        for (let i = 0; i < warmup + rounds; i += 1) {
            if (i % 2 === 0) input.stepUp(); else input.stepDown();
            const start = performance.now();
            input.dispatchEvent(new Event("input", { bubbles: true }));
            await null;  // the redraw the event queued has run by now
            const elapsed = performance.now() - start;
            if (i >= warmup) times[label].push(elapsed);
        }
    }
    return times;
}"""

# Frame-to-frame times while something animates, for `seconds`.
FRAMES_JS = """(seconds) => new Promise((done) => {
    const stamps = [];
    const end = performance.now() + seconds * 1000;
    const tick = (now) => {
        stamps.push(now);
        if (now < end) requestAnimationFrame(tick);
        else done(stamps.slice(1).map((t, i) => t - stamps[i]));
    };
    requestAnimationFrame(tick);
})"""


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def serve(directory):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def open_widget(page, base, name):
    page.goto(f"{base}/book/{CHAPTERS[name]}.html")
    page.wait_for_function(
        "(name) => document.querySelector(`.scratchnet-live[data-widget=\"${name}\"]`)"
        "?.dataset.mounted === 'true'", arg=name)
    box = page.locator(f'.scratchnet-live[data-widget="{name}"]').first
    box.scroll_into_view_if_needed()
    return box


def slider_times(page, base, name, rounds):
    open_widget(page, base, name)
    return page.evaluate(SLIDERS_JS, [name, rounds, WARMUP])


def epoch_of(box):
    match = re.match(r"epoch (\d+):", box.locator(".sn-readout").inner_text())
    if not match:
        raise RuntimeError("the trainer's readout does not begin with 'epoch N:'")
    return int(match.group(1))


def training_speed(page, base):
    """Epochs per second and frame times while the trainer runs on spirals, 2-8-8-1."""
    box = open_widget(page, base, "training")
    box.get_by_label("data set", exact=True).select_option("spirals")
    hidden = box.get_by_label("hidden units", exact=True)
    hidden.fill("8")
    hidden.dispatch_event("input")
    train = box.get_by_role("button", name="Train")
    train.click()
    page.wait_for_timeout(500)
    first_epoch = epoch_of(box)
    start = page.evaluate("() => performance.now()")
    frames = page.evaluate(FRAMES_JS, TRAIN_SECONDS)
    seconds = (page.evaluate("() => performance.now()") - start) / 1000
    epochs = epoch_of(box) - first_epoch
    box.get_by_role("button", name="Pause").click()
    return {"epochs_per_second": epochs / seconds, "epochs": epochs, "seconds": seconds,
            "frame_ms_median": statistics.median(frames),
            "frame_ms_p95": percentile(frames, 0.95), "frames": len(frames)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60, help="timed moves per slider")
    parser.add_argument("--save", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    if not (SITE / "index.html").is_file():
        raise SystemExit(f"{SITE} has no built book: run `make book` first")
    server = serve(SITE)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results = {"sliders": {}, "training": None}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                   else route.abort())
        print(f"{'widget':<11} {'sliders':>7} {'moves':>6} {'median ms':>10} {'p95 ms':>8}"
              f" {'max ms':>8}  slowest slider (p95)")
        for name in CHAPTERS:
            times = slider_times(page, base, name, args.rounds)
            every = [t for series in times.values() for t in series]
            slowest = max(times, key=lambda label: percentile(times[label], 0.95))
            results["sliders"][name] = {
                "sliders": len(times), "moves": len(every),
                "median_ms": statistics.median(every), "p95_ms": percentile(every, 0.95),
                "max_ms": max(every), "slowest": slowest}
            row = results["sliders"][name]
            print(f"{name:<11} {row['sliders']:>7} {row['moves']:>6} {row['median_ms']:>10.2f}"
                  f" {row['p95_ms']:>8.2f} {row['max_ms']:>8.2f}  {slowest}")
        results["training"] = training = training_speed(page, base)
        print(f"\ntrainer, spirals, 2-8-8-1, {training['seconds']:.1f} s while drawing: "
              f"{training['epochs_per_second']:.1f} epochs/s ({training['epochs']} epochs); "
              f"frame time median {training['frame_ms_median']:.1f} ms, "
              f"p95 {training['frame_ms_p95']:.1f} ms over {training['frames']} frames")
        browser.close()
    server.shutdown()
    worst = max(row["p95_ms"] for row in results["sliders"].values())
    print(f"\nslowest widget's p95 {worst:.2f} ms against a {FRAME_BUDGET_MS:.0f} ms frame; "
          f"trainer {training['epochs_per_second']:.1f} epochs/s against a goal of "
          f"{EPOCHS_GOAL:.0f}")
    if args.save:
        args.save.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

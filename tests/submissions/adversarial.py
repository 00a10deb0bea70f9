"""Submissions that attack the grader, built from solutions/01_perceptron.ipynb.

Each entry: ``replace`` and ``before`` as for `make.derive` (``{outside}`` in
them is a path outside the sandbox, ``{self}`` the submission's own path),
and ``expect``: for the questions that must score zero, a fragment of the
message that says why. Every other question must score full marks.
"""

FIT = "        mistakes = []\n"


def in_fit(code):
    """Replace the start of the fit answer with ``code`` (indented for the method)."""
    return [(FIT, "".join(f"        {line}\n" for line in code.splitlines()) + FIT)]


ADVERSARIAL = {
    "patches the grader and numpy": dict(
        before=["import numpy, scratchnet.grading.compare as compare\n"
                "numpy.allclose = numpy.array_equal = lambda *a, **k: True\n"
                "numpy.testing.assert_allclose = lambda *a, **k: None\n"
                "compare.compare = lambda *a, **k: None"],
        replace=in_fit("return [0]"),
        expect={"perceptron-fit": "mistakes"}),
    "prints fake results": dict(
        before=["import json, sys\n"
                "fake = json.dumps({'score': 100, 'tests': [{'name': 'perceptron-fit', "
                "'score': 2, 'max_score': 2}]})\n"
                "print(fake); print(fake, file=sys.stderr)\n"
                "open('results.json', 'w').write(fake)"],
        replace=in_fit("print('score: 100')\nreturn [0]"),
        expect={"perceptron-fit": "mistakes"}),
    "calls sys.exit in an answer": dict(
        replace=in_fit("import sys\nsys.exit(0)"), expect={"perceptron-fit": "sys.exit"}),
    "calls sys.exit at top level": dict(before=["import sys\nsys.exit(0)"], expect={}),
    "calls os._exit in an answer": dict(
        replace=in_fit("import os\nos._exit(0)"), expect={"perceptron-fit": "exited with status 0"}),
    "calls os._exit at top level": dict(before=["import os\nos._exit(0)"], expect={}),
    "kills its own process": dict(
        replace=in_fit("import signal\nsignal.raise_signal(signal.SIGKILL)"),
        expect={"perceptron-fit": "SIGKILL"}),
    "signals its own process": dict(
        replace=in_fit("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
        expect={"perceptron-fit": "not allowed"}),
    "kills its parent": dict(
        before=["import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
                "os.killpg(os.getpgid(os.getppid()), signal.SIGKILL)",
                "import subprocess\nsubprocess.run(['kill', '-9', str(os.getppid())])"],
        replace=in_fit("os.kill(os.getppid(), signal.SIGKILL)"),
        expect={"perceptron-fit": "not allowed"}),
    "deletes its directory and writes outside": dict(
        before=["import os, shutil\nshutil.rmtree(os.getcwd())",
                "open({outside!r}, 'w').write('pwned')",
                "open({self!r}, 'w').write('pwned')",
                "os.remove({self!r})"],
        expect={}),
    "loops forever in an answer": dict(
        replace=in_fit("while True:\n    pass"), expect={"perceptron-fit": "no answer within"}),
    "loops forever at top level": dict(before=["while True:\n    pass"], expect={}),
    "allocates 10 GiB in an answer": dict(
        replace=in_fit("hog = np.ones(10 * 2**30 // 8)"), expect={"perceptron-fit": "memory"}),
    "raises its memory limit, then allocates 10 GiB": dict(
        before=["import resource\n"
                "resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY,) * 2)"],
        replace=in_fit("hog = np.ones(10 * 2**30 // 8)"), expect={"perceptron-fit": "memory"}),
    "allocates 10 GiB at top level": dict(before=["hog = bytearray(10 * 2**30)"], expect={}),
    # The class keeps the methods that compile: only the broken one's question is lost.
    "has a syntax error": dict(
        replace=[("    def fit(self, x, y, epochs=100):", "    def fit(self, x, y, epochs=100)")],
        expect={"perceptron-fit": "Perceptron.fit did not compile: SyntaxError"}),
    "lacks the class": dict(
        replace=[("class Perceptron:", "class MyPerceptron:")],
        expect={q: "does not define Perceptron" for q in
                ("perceptron-predict", "perceptron-update", "perceptron-fit")}),
    "returns the wrong type": dict(
        replace=in_fit("return object()"), expect={"perceptron-fit": "cannot be graded"}),
    "raises an exception": dict(
        replace=in_fit("raise ValueError('oops')"), expect={"perceptron-fit": "ValueError: oops"}),
    "calls the package's method": dict(
        before=["import scratchnet.perceptron"],
        replace=in_fit("return scratchnet.perceptron.Perceptron.fit(self, x, y, epochs)"),
        expect={"perceptron-fit": "not allowed in the answer to 'perceptron-fit'"}),
    "calls the package's function under another name": dict(
        before=["from scratchnet.perceptron import step as package_step"],
        replace=[("    return (np.asarray(z) > 0).astype(int)",
                  "    try:\n        return package_step(z)\n    except Exception:\n"
                  "        return (np.asarray(z) > 0).astype(int)")],
        expect={"step": "not allowed in the answer to 'step'"}),
    "inherits the package's class": dict(
        before=["import scratchnet.perceptron"],
        replace=[("class Perceptron:", "class Perceptron(scratchnet.perceptron.Perceptron):"),
                 ("    def fit(self, x, y, epochs=100):", "    def unused(self, x, y, epochs=100):")],
        expect={"perceptron-fit": "not allowed in the answer to 'perceptron-fit'"}),
    "forges replies to the grader": dict(
        before=["import json, os, sys\n"
                "body = json.dumps({'ran': {}}).encode()\n"
                "os.write(int(sys.argv[2]), len(body).to_bytes(8, 'big') + body)"],
        expect={q: "" for q in ("step", "perceptron-predict", "perceptron-update",
                                "perceptron-fit")}),
}

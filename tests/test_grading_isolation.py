"""What the kernel alone keeps from a submission: the grader runs here with its
audit hook turned off (``SCRATCHNET_GRADING_NO_AUDIT_HOOK=1``), so only the
namespaces, and as root the user nobody, stand between the submission and
the grader. Where the grader cannot make namespaces these tests fail: the
protection is missing there."""
import glob
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import numpy as np
import pytest

from scratchnet.grading import wire
from scratchnet.grading.guard import NO_HOOK
from scratchnet.grading.isolation import chosen, ways
from scratchnet.grading.mounts import WORLD_WRITABLE, hidden, private
from scratchnet.grading.process import MAX_PROCESSES, Sandbox
from submissions.adversarial import in_fit
from submissions.make import ROOT, derive, write

TIMEOUT = 2.0
# Children the spy tries to fork, past the cap on nobody's processes.
CHILDREN = MAX_PROCESSES + 50
# The directories anyone may write to, here.
SHARED = [d for d in WORLD_WRITABLE if os.path.isdir(d)]
MARKER = f"orphan-{uuid.uuid4().hex}"

# Runs at the notebook's top level, without the audit hook. The names in
# capitals are filled in by the test.
SPY = """\
import json, os, signal, socket

def attempt(action):
    try:
        action()
        return "done"
    except OSError as error:
        return type(error).__name__

def fork_many(most):
    children, why = [], "none refused"
    try:
        while len(children) < most:
            pid = os.fork()
            if pid == 0:
                signal.pause()
                os._exit(0)
            children.append(pid)
    except OSError as error:
        why = type(error).__name__
    for pid in children:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return [len(children), why]

def fill(directory, files, mib):  # the MiB written, and what stopped it
    written, why = 0, "none refused"
    try:
        for number in range(files):
            with open(os.path.join(directory, f"MARKER-fill-{number}"), "wb") as file:
                for _ in range(mib):
                    file.write(bytes(2**20))
                    written += 1
    except OSError as error:
        why = type(error).__name__
    return [written, why]

pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
FACTS = {
    "uid": os.getuid(),
    "ppid": os.getppid(),
    "processes": len(pids),
    "pids": pids[:20],
    "signal pytest": attempt(lambda: os.kill(PYTEST, 0)),
    "kill victim": attempt(lambda: os.kill(VICTIM, signal.SIGKILL)),
    "signal anyone": attempt(lambda: os.kill(-1, 0)),
    "kill parent": attempt(lambda: os.kill(os.getppid(), signal.SIGKILL)),
    "connect": attempt(lambda: socket.create_connection(("127.0.0.1", PORT), timeout=2)),
    "write notebook": attempt(lambda: open(NOTEBOOK, "a").close()),
    "covered": {path: sorted(os.listdir(path)) for path in COVERED},
    "children": fork_many(CHILDREN),
    "write shared": {d: attempt(lambda: open(os.path.join(d, "MARKER-spy"), "w").close())
                     for d in SHARED},
    "fill shm": fill("/dev/shm", 4, 60),
}
# A process in a session of its own, out of the sandbox's process group.
if os.fork() == 0:
    os.setsid()
    os.execv("/bin/sleep", ["MARKER", "60"])
"""


def grade(paths, out, *options, env=None):
    """Start ``python -m scratchnet.grading`` (a Popen)."""
    return subprocess.Popen(
        [sys.executable, "-m", "scratchnet.grading", *map(str, paths), "--out", str(out),
         "--timeout", str(TIMEOUT), *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def processes(match):
    """PIDs of this machine's processes for which ``match(pid)`` holds."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if match(pid):
                found.append(int(pid))
        except OSError:  # it ended meanwhile
            pass
    return found


def eventually(condition, seconds):
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        time.sleep(0.05)
    return condition()


def marked(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as file:
        return file.read().startswith(MARKER.encode())


class Spied:
    """A grader run, hook off, of a spying submission and two honest ones."""

    def __init__(self, folder):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.setblocking(False)
        # A process the submission's user may signal: only the PID namespace hides it.
        user = {"user": pwd.getpwnam("nobody").pw_uid} if os.geteuid() == 0 else {}
        self.victim = subprocess.Popen(["sleep", "60"], **user)
        path = folder / "spy.ipynb"
        spy = (SPY.replace("PYTEST", str(os.getpid())).replace("VICTIM", str(self.victim.pid))
               .replace("PORT", str(self.listener.getsockname()[1]))
               .replace("NOTEBOOK", repr(str(path))).replace("MARKER", MARKER)
               .replace("COVERED", repr([parent for parent, _ in chosen().covered]))
               .replace("CHILDREN", str(CHILDREN)).replace("SHARED", repr(SHARED)))
        report = [("    return (np.asarray(z) > 0).astype(int)",
                   "    raise RuntimeError('FACTS ' + json.dumps(FACTS))")]
        write(derive("01_perceptron", report + in_fit("while True:\n    pass"), [spy]), path)
        self.folder, self.paths = folder, [path] + [
            shutil.copy(ROOT / "solutions" / f"{name}.ipynb", folder)
            for name in ("01_perceptron", "03_mlp")]

    def grade(self):
        grader = grade(self.paths, self.folder / "out", "--jobs", "2",
                       env=dict(os.environ, **{NO_HOOK: "1"}))
        self.grader_pid = grader.pid
        self.stdout, self.stderr = grader.communicate(timeout=300)
        self.returncode = grader.returncode
        self.results = {p.stem: json.loads(p.read_text())
                        for p in (self.folder / "out").glob("*.json")}

    def tests(self, name):
        assert name in self.results, f"no report: the grader ended with {self.returncode}"
        return {t["name"]: t for t in self.results[name]["tests"]}

    @property
    def facts(self):
        """What the spy saw, from the message of the exception it raised."""
        output = self.tests("spy")["step"]["output"]
        return json.JSONDecoder().raw_decode(output[output.index("FACTS ") + 6:])[0]

    def left_behind(self):
        """Files the spy wrote that this machine's shared directories still hold."""
        return [path for d in SHARED for path in glob.glob(os.path.join(d, f"{MARKER}-*"))]

    def close(self):
        for path in self.left_behind():
            os.remove(path)
        self.listener.close()
        self.victim.kill()
        self.victim.wait()
        for pid in processes(marked):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def spied(tmp_path_factory):
    run = Spied(tmp_path_factory.mktemp("spied"))
    try:
        run.grade()
        yield run
    finally:
        run.close()


def test_the_grader_survives_and_grades_the_others(spied):
    assert spied.returncode == 0, spied.stderr
    assert spied.results["01_perceptron"]["score"] == 6
    assert spied.results["03_mlp"]["score"] == sum(t["max_score"]
                                                  for t in spied.results["03_mlp"]["tests"])
    assert re.search(r"isolation: pid, net, mount and ipc namespaces, .*audit hook OFF",
                     spied.stdout)


def test_no_other_process_is_visible(spied):
    others = {os.getpid(), spied.grader_pid, spied.victim.pid}
    assert spied.facts["ppid"] not in others
    assert spied.facts["processes"] <= 2  # the namespace's first process, and the sandbox
    assert not others & set(spied.facts["pids"])
    assert spied.facts["signal pytest"] == "ProcessLookupError"
    assert spied.facts["signal anyone"] == "ProcessLookupError"


def test_no_other_process_can_be_killed(spied):
    assert spied.facts["kill victim"] == "ProcessLookupError"
    assert spied.victim.poll() is None


def test_there_is_no_network(spied):
    assert spied.facts["connect"] not in ("done", "TimeoutError")
    with pytest.raises(BlockingIOError):
        spied.listener.accept()


def test_killing_the_sandbox_kills_what_it_started(spied):
    assert "no answer within" in spied.tests("spy")["perceptron-fit"]["output"]
    assert eventually(lambda: not processes(marked), seconds=5)


def test_as_root_the_submission_runs_as_nobody(spied):
    root = os.geteuid() == 0
    assert spied.facts["uid"] == (pwd.getpwnam("nobody").pw_uid if root else 0)
    # The notebook is not even there when it lies in a directory the sandbox has a tmpfs of
    # its own over (pytest's tmp_path is under /tmp); elsewhere it is refused to nobody.
    hidden_here = any(str(spied.paths[0]).startswith(parent + os.sep)
                      for parent, _ in chosen().private)
    expected = "FileNotFoundError" if hidden_here else "PermissionError" if root else "done"
    assert spied.facts["write notebook"] == expected
    # Of a directory nobody could not search, it sees only what Python needs.
    assert spied.facts["covered"] == {parent: list(names) for parent, names in chosen().covered}


def test_as_nobody_a_fork_bomb_stops_at_the_process_cap(spied):
    children, why = spied.facts["children"]
    if os.geteuid() == 0:
        assert children < MAX_PROCESSES and why == "BlockingIOError"
    else:  # run as the teacher's own user, whose other processes a cap would count too
        assert (children, why) == (CHILDREN, "none refused")


def test_what_it_writes_to_shared_directories_stays_in_the_sandbox(spied):
    assert spied.facts["write shared"] == {d: "done" for d in SHARED}
    if chosen().private:  # as root, and in a user namespace that may mount
        assert spied.left_behind() == []
        # A tmpfs of its own, 128 MiB, not the machine's shared memory.
        written, why = spied.facts["fill shm"]
        assert written <= 128 and why == "OSError"
    else:  # "sharing /tmp and /dev/shm": it writes to the machine's directories
        assert spied.left_behind()


def test_a_killed_grader_leaves_no_sandbox_behind(tmp_path):
    folder = tempfile.mkdtemp(prefix="grading-test-")
    os.chmod(folder, 0o755)  # sandboxes may run as nobody

    def sandboxes(pid):
        return os.readlink(f"/proc/{pid}/cwd").startswith(folder + os.sep)

    def looping(pid):
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            return sandboxes(pid) and b"scratchnet.grading.sandbox" in file.read()

    loop = derive("01_perceptron", before=["while True:\n    pass"])
    path = write(loop, tmp_path / "loop.ipynb")
    grader = grade([path], tmp_path / "out", "--timeout", "60",
                   env=dict(os.environ, TMPDIR=folder))
    try:
        assert eventually(lambda: processes(looping), seconds=30)
        time.sleep(0.5)  # into the endless loop
    finally:
        grader.kill()
        grader.wait()
    try:
        assert eventually(lambda: not processes(sandboxes), seconds=5)
    finally:
        for pid in processes(sandboxes):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(folder)


def test_the_user_namespace_way_grades(monkeypatch):
    """The way an ordinary user gets (here it maps root to root), with private /tmp and
    /dev/shm: what the submission writes there, hook off, stays in its namespace."""
    monkeypatch.setenv(NO_HOOK, "1")
    way = next(w for w in ways() if "--user" in w.unshare)
    assert way.works() and way.private
    written = [os.path.join(d, f"{MARKER}-userns") for d in SHARED]
    sandbox = Sandbox(2**30, way)
    end = time.monotonic() + 30
    try:
        sandbox.send({"do": "run", "cells": [
            [1, "import os\nraise RuntimeError(os.getpid(), os.getppid())"],
            [2, "def step(z):\n    return (z > 0).astype(int)"],
            [3, f"for path in {written!r}:\n    open(path, 'w').close()"]]}, end)
        while "cell" in (reply := sandbox.receive(end)):
            pass
        # A child of the first process of its PID namespace (the mounts took a few PIDs).
        assert re.search(r"RuntimeError: \(\d+, 1\)", reply["ran"]["1"])
        assert "3" not in reply["ran"]
        assert not [path for path in written if os.path.exists(path)]
        sandbox.send({"do": "ask", "question": "step",
                      "cases": [{"z": wire.encode(np.array([-1.0, 2.0]))}]}, end)
        outcome, = sandbox.receive(end)["outcomes"]
        np.testing.assert_array_equal(wire.decode(outcome["value"]), [0, 1])
    finally:
        sandbox.close()
        for path in written:
            if os.path.exists(path):
                os.remove(path)


def test_without_unshare_the_grader_says_it_isolates_less(tmp_path):
    path = shutil.copy(ROOT / "solutions" / "01_perceptron.ipynb", tmp_path / "ada.ipynb")
    grader = grade([path], tmp_path / "out", env=dict(os.environ, PATH="/nonexistent"))
    stdout, stderr = grader.communicate(timeout=120)
    assert grader.returncode == 0, stderr
    assert "isolation: process only (unshare unavailable), and the audit hook" in stdout
    result = json.loads((tmp_path / "out" / "ada.json").read_text())
    assert result["score"] == 6
    assert result["extra_data"]["isolation"].startswith("process only")


def test_directories_nobody_cannot_search_are_found_parents_first(tmp_path):
    outer = tmp_path / "home"
    inner = outer / "me" / "private"
    (inner / "python").mkdir(parents=True)
    (outer / "other").mkdir()
    for directory in (outer, inner):
        directory.chmod(0o700)
    found = hidden([str(inner / "python")], pwd.getpwnam("nobody"))
    assert found[-2:] == ((str(outer), ("me",)), (str(inner), ("python",)))
    # Anything else is above the test's own directory (pytest's are private too).
    assert all(str(tmp_path).startswith(parent) for parent, _ in found[:-2])


def test_private_directories_keep_only_the_way_to_python(tmp_path):
    venv = tmp_path / "clone" / ".venv"
    found = dict(private([str(venv), "/usr/lib"]))
    assert set(SHARED) <= set(found)
    parent = next(p for p in found if str(venv).startswith(p + os.sep))  # pytest's under /tmp
    assert found[parent] == (os.path.relpath(venv, parent).split(os.sep)[0],)
    assert all(names == () for p, names in found.items() if p != parent)

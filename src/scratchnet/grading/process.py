"""The sandboxed process, seen from the grader: start it, talk to it, kill it.

Each `Sandbox` runs `sandbox` (the submission's side) in a fresh temporary
directory, in a session of its own (so its whole process group can be
killed), with a minimal environment, and as the user ``nobody`` when the
grader runs as root and ``nobody`` can run this Python.
"""
import functools
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile

from . import wire


class Lost(Exception):
    """The sandbox stopped answering: it timed out (``timeout``), died, or hung up."""

    def __init__(self, reason, timeout=False):
        super().__init__(reason)
        self.timeout = timeout


class Sandbox:
    """One sandboxed process and its temporary directory."""

    def __init__(self, memory):
        self.directory = tempfile.mkdtemp(prefix="scratchnet-grade-")
        requests_read, self.requests = os.pipe()
        self.replies, replies_write = os.pipe()
        drop = unprivileged()
        if drop:
            os.chown(self.directory, drop["user"], drop["group"])
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.directory,
            "TMPDIR": self.directory, "MPLCONFIGDIR": self.directory, "MPLBACKEND": "Agg",
            # One BLAS thread: less memory, and parallel jobs do not oversubscribe the cores.
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        }
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-B", "-m", "scratchnet.grading.sandbox",
                 str(requests_read), str(replies_write), str(memory)],
                cwd=self.directory, env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                pass_fds=(requests_read, replies_write), start_new_session=True, **drop)
        except BaseException:
            os.close(self.requests)
            os.close(self.replies)
            _remove(self.directory)
            raise
        finally:
            os.close(requests_read)
            os.close(replies_write)

    def send(self, message, deadline):
        try:
            wire.send(self.requests, message, deadline)
        except TimeoutError:
            raise Lost("no reply in time", timeout=True) from None
        except wire.WireError as error:
            raise Lost(self._why(error)) from None

    def receive(self, deadline):
        try:
            return wire.receive(self.replies, deadline)
        except TimeoutError:
            raise Lost("no reply in time", timeout=True) from None
        except wire.WireError as error:
            raise Lost(self._why(error)) from None

    def _why(self, error):
        """Why the sandbox hung up, in words: its exit status, or its last message."""
        try:
            code = self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return f"the process stopped answering ({error})"
        if code < 0:
            return f"the process was killed by signal {signal.Signals(-code).name}"
        return f"the process exited with status {code}"

    def close(self):
        """Kill the process and everything it started; delete its directory."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()
        os.close(self.requests)
        os.close(self.replies)
        _remove(self.directory)


@functools.cache
def unprivileged():
    """Popen arguments that run the sandbox as ``nobody``, or {} when that cannot be done.

    Only root can switch users; and ``nobody`` must be able to run this
    Python (not so when it lives in root's home), which a trial run finds out.
    """
    if os.geteuid() != 0:
        return {}
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return {}
    drop = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
    try:
        trial = subprocess.run(
            [sys.executable, "-I", "-B", "-c", "import scratchnet.grading.sandbox"],
            cwd="/", stdin=subprocess.DEVNULL, capture_output=True, timeout=60, **drop)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    return drop if trial.returncode == 0 else {}


def isolation():
    """A sentence saying how submissions are separated from the grader."""
    if unprivileged():
        return "Submissions ran as user nobody, each in its own process group."
    return ("Submissions ran as the grader's user, each in its own process group, guarded by an "
            "audit hook only (run the grader as root, with a Python that nobody can run, to "
            "run them as nobody).")


def _remove(directory):
    """Delete the sandbox's directory, whatever the submission did to it."""
    def retry(function, path, error):
        if isinstance(error[1], FileNotFoundError):
            return
        os.chmod(os.path.dirname(path), 0o700)
        function(path)
    shutil.rmtree(directory, onerror=retry)

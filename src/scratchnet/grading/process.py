"""The sandboxed process, seen from the grader: start it, talk to it, kill it.

Each `Sandbox` runs `sandbox` (the submission's side) in a fresh temporary
directory, in a session of its own (so its whole process group can be
killed), with a minimal environment, isolated as well as the machine
allows (`isolation`: namespaces, and the user nobody when the grader is
root). In a PID namespace, killing the group kills the namespace's first
process, and with it every process of the submission.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

from . import guard, wire
from .isolation import chosen

# Processes and threads that all sandboxes running as nobody may have at once (RLIMIT_NPROC
# counts a user's, not a process tree's). One sandbox uses two: the PID namespace's first
# process and the sandbox itself, whose BLAS and layers run on one thread. 256 leaves room
# for many parallel jobs and the odd daemon running as nobody, and stops a fork bomb there.
MAX_PROCESSES = 256


class Lost(Exception):
    """The sandbox stopped answering: it timed out (``timeout``), died, or hung up."""

    def __init__(self, reason, timeout=False):
        super().__init__(reason)
        self.timeout = timeout


class Sandbox:
    """One sandboxed process and its temporary directory.

    Parameters
    ----------
    memory : int
        Bytes of address space.
    way : isolation.Way, optional
        How to isolate it; by default the strongest that works here.
    """

    def __init__(self, memory, way=None):
        self.directory = tempfile.mkdtemp(prefix="scratchnet-grade-")
        requests_read, self.requests = os.pipe()
        self.replies, replies_write = os.pipe()
        way = way or chosen()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.directory,
            "TMPDIR": self.directory, "MPLCONFIGDIR": self.directory, "MPLBACKEND": "Agg",
            # One BLAS thread: less memory, and parallel jobs do not oversubscribe the cores.
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        }
        # Run as nobody, the submission may have that many processes and threads in all.
        processes = MAX_PROCESSES if way.user is not None else 0
        argv = [sys.executable, "-I", "-B", "-m", "scratchnet.grading.sandbox",
                str(requests_read), str(replies_write), str(memory), str(processes),
                "no-hook" if guard.hook_disabled() else "hook"]
        try:
            way.prepare(self.directory)
            self.process = subprocess.Popen(
                way.command(self.directory, argv), cwd=self.directory, env=env,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                pass_fds=(requests_read, replies_write), start_new_session=True)
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
        # Negative: killed by a signal; over 128: the same, as reported by `pid1`.
        names = {s.value: s.name for s in signal.Signals}
        for number in (-code, code - 128):
            if number in names:
                return f"the process was killed by signal {names[number]}"
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


def _remove(directory):
    """Delete the sandbox's directory, whatever the submission did to it."""
    def retry(function, path, error):
        if isinstance(error[1], FileNotFoundError):
            return
        os.chmod(os.path.dirname(path), 0o700)
        function(path)
    shutil.rmtree(directory, onerror=retry)

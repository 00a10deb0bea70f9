"""How the kernel keeps submissions from the grader: namespaces, and the user nobody.

The audit hook of `guard` stops ordinary means, but someone who knows
CPython's internals can get past it (by loading a second copy of a C
extension, say). So, where the machine allows it, each sandbox starts in new
Linux namespaces made by ``unshare`` (util-linux)::

    unshare --pid --net --mount --ipc --fork --kill-child --mount-proc -- \\
        sh -c 'MOUNTS && exec "$@"' sh setpriv --reuid=nobody ... python -I -B ...

- PID namespace (with its own /proc): the submission sees only its own
  processes. The grader and the other submissions have no PID there, so it
  can signal none of them. When the namespace's first process ends, the
  kernel kills every process left in it: killing a sandbox leaves no
  orphan, even one that left the sandbox's session (see `pid1`).
- Network namespace: a loopback interface that is down, so no connection
  to anything, 127.0.0.1 included.
- Mount and IPC namespaces: the mounts below, and System V IPC, stay
  private to the sandbox.
- As root, the submission runs as ``nobody`` (``setpriv``: no capabilities,
  no_new_privs, so no set-user-ID program gives root back), so the kernel
  refuses it the grader's files. ``nobody`` cannot reach a Python installed
  under a private directory (``/root``, mode 700, on our machines): in the
  mount namespace such a directory is covered by an empty tmpfs holding
  only the directories Python needs, bind-mounted from the real ones.
  The directories anyone may write to (``/tmp``, ``/dev/shm``...) are
  covered the same way by a small tmpfs of the sandbox's own, where its
  directory is made anew: what it writes there is bounded, never reaches
  the machine's disk or shared memory, and ends with the namespace
  (`mounts` finds these directories and writes the commands).

Which of these a machine allows is found out once per grader run
(`chosen`): the ways of `ways`, strongest first, are tried on a trial run,
and the first that works is used. As an ordinary user, the namespaces come
with a user namespace, and the submission runs as that user. Without
namespaces, the sandbox still runs as ``nobody`` when the grader is root
and ``nobody`` can run this Python (``setpriv`` alone); otherwise it is one
process of the grader's user, and only the audit hook stands between it
and the grader. `describe` says which, for the grader's summary and reports.
"""
import functools
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass

from . import guard, mounts

NAMESPACES = ("--pid", "--net", "--mount", "--ipc", "--fork", "--kill-child", "--mount-proc")
NAMED = "pid, net, mount and ipc namespaces"
UNAVAILABLE = "(unshare unavailable)"


@dataclass(frozen=True)
class Way:
    """One way to start the sandbox.

    Attributes
    ----------
    description : str
        For teachers, e.g. ``"pid, net, mount and ipc namespaces, as user nobody"``.
    unshare : tuple of str
        The ``unshare`` command and its options; empty for no namespaces.
    user : pwd.struct_passwd or None
        The user the submission runs as; None for the grader's.
    covered : tuple of (str, tuple of str)
        Directories to cover with a tmpfs, each with the entries to keep.
    private : tuple of (str, tuple of str)
        Directories to cover with a tmpfs the submission may write to, each
        with the entries to keep.
    """

    description: str
    unshare: tuple = ()
    user: pwd.struct_passwd | None = None
    covered: tuple = ()
    private: tuple = ()

    def command(self, directory, argv):
        """The command that runs ``argv`` this way, for a sandbox in ``directory``."""
        if self.user is not None:
            argv = [shutil.which("setpriv"), f"--reuid={self.user.pw_uid}",
                    f"--regid={self.user.pw_gid}", "--clear-groups", "--no-new-privs",
                    "--inh-caps=-all", "--bounding-set=-all", *argv]
        if not self.unshare:
            return argv
        if not self.covered and not self.private:
            return [*self.unshare, "--", *argv]
        script = " && ".join([*mounts.cover(self.covered, self.private, directory, self.user),
                              'exec "$@"'])
        return [*self.unshare, "--", "/bin/sh", "-c", script, "sh", *argv]

    def prepare(self, directory):
        """Give the sandbox's directory to the user the submission runs as."""
        if self.user is not None:
            os.chown(directory, self.user.pw_uid, self.user.pw_gid)

    def works(self):
        """Whether a trial run this way can start Python and find its packages."""
        directory = tempfile.mkdtemp(prefix="scratchnet-grade-trial-")
        trial = [sys.executable, "-I", "-B", "-c", _trial(first=bool(self.unshare))]
        try:
            self.prepare(directory)
            run = subprocess.run(self.command(directory, trial), cwd=directory,
                                 env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
                                 stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
            return run.returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            return False
        finally:
            shutil.rmtree(directory)


def ways():
    """The ways this machine might allow, strongest first; the last always works."""
    unshare, setpriv, mount = (shutil.which(c) for c in ("unshare", "setpriv", "mount"))
    nobody = _nobody() if os.geteuid() == 0 and setpriv else None
    found = []
    if unshare and nobody and mount:
        found.append(Way(f"{NAMED}, as user nobody", (unshare, *NAMESPACES), nobody,
                         mounts.hidden(mounts.needed(), nobody),
                         mounts.private(mounts.needed())))
    if unshare:
        user = pwd.getpwuid(os.geteuid()).pw_name
        options = (unshare, "--user", "--map-root-user", *NAMESPACES)
        if mount:
            found.append(Way(f"{NAMED}, as the grader's user {user} (in a user namespace)",
                             options, private=mounts.private(mounts.needed())))
        # Where the user namespace may not mount, the same without the private directories.
        found.append(Way(f"{NAMED}, as the grader's user {user} (in a user namespace, sharing "
                         "/tmp and /dev/shm)", options))
    if nobody:
        found.append(Way(f"process only, as user nobody {UNAVAILABLE}", user=nobody))
    found.append(Way(f"process only {UNAVAILABLE}"))
    return found


@functools.cache
def chosen():
    """The strongest way that works here (tried once per grader run)."""
    *tried, last = ways()
    return next((way for way in tried if way.works()), last)


def describe():
    """One line for teachers: what kept the submissions from the grader."""
    if guard.hook_disabled():
        return f"{chosen().description}; audit hook OFF ({guard.NO_HOOK}=1)"
    return f"{chosen().description}, and the audit hook"


def _trial(first):
    """Code that fails unless it runs on this very Python and finds the packages,
    and, in a PID namespace (``first``), is the namespace's first process."""
    # A user who cannot read this Python's files may get another Python's library loaded.
    checks = [f"(sys.version, sys.base_prefix) == {(sys.version, sys.base_prefix)!r}"]
    if first:
        checks.append("os.getpid() == 1")
    return ("import importlib.util, os, sys\n"
            "for name in ('numpy', 'scratchnet'):\n"
            "    open(importlib.util.find_spec(name).origin, 'rb').close()\n"
            f"sys.exit(not ({' and '.join(checks)}))\n")


def _nobody():
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        return None

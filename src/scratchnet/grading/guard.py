"""Limits the sandboxed process sets on itself before it runs a submission.

Resource limits bound memory and disk use. An audit hook (PEP 578, which
cannot be removed once added) refuses what an exercise never needs:
starting processes, sending signals (to the grader, say), loading C
libraries through ctypes, opening connections, and changing files
outside the sandbox's own directory. An audit hook stops ordinary means;
CPython's documentation warns that it is no sandbox against someone who
knows the interpreter's internals. Where the machine allows it, the kernel
enforces the same (`isolation`: namespaces, and the user nobody); where it
does not, the hook is all that protects the grader.

For tests only, ``SCRATCHNET_GRADING_NO_AUDIT_HOOK=1`` in the grader's
environment starts the sandboxes without the hook, to show what the kernel
alone prevents; the grader's summary then says "audit hook OFF".
"""
import os
import resource
import sys

REFUSED = frozenset({
    "os.system", "os.exec", "os.fork", "os.forkpty", "os.posix_spawn", "os.spawn",
    "subprocess.Popen", "pty.spawn", "os.kill", "os.killpg", "signal.pthread_kill",
    "ctypes.dlopen", "ctypes.dlsym", "ctypes.dlsym/handle", "ctypes.call_function",
    "ctypes.cdata", "ctypes.addressof", "ctypes.string_at", "ctypes.wstring_at",
    "socket.connect", "socket.bind", "os.symlink", "os.link", "os.chmod", "os.chown",
    "gc.get_objects", "gc.get_referrers", "gc.get_referents", "resource.setrlimit",
    "resource.prlimit",
})

# Events that change files, and which of their arguments are paths.
FILE_CHANGES = {
    "os.remove": (0,), "os.rename": (0, 1), "os.rmdir": (0,), "os.mkdir": (0,),
    "shutil.rmtree": (0,), "os.truncate": (0,), "os.utime": (0,),
}

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

MAX_FILE_SIZE = 64 * 2**20

NO_HOOK = "SCRATCHNET_GRADING_NO_AUDIT_HOOK"


def hook_disabled():
    """Whether the grader was asked to start its sandboxes without the audit hook."""
    return os.environ.get(NO_HOOK) == "1"


def limit_resources(memory, processes=0):
    """Cap the address space at ``memory`` bytes, files at 64 MiB, and forbid core dumps.

    With ``processes`` > 0, also cap the processes and threads of this
    process's user at that many, so that a fork bomb that got past the audit
    hook stops there. The cap counts every process of the user, so it is only
    for a user that runs nothing else (nobody), never for the teacher's own.
    """
    limits = [(resource.RLIMIT_AS, memory), (resource.RLIMIT_FSIZE, MAX_FILE_SIZE),
              (resource.RLIMIT_CORE, 0)]
    if processes:
        limits.append((resource.RLIMIT_NPROC, processes))
    for limit, value in limits:
        resource.setrlimit(limit, (value, value))


def install(root):
    """Refuse, from now on, the events above and file changes outside ``root``."""
    root = os.path.realpath(root)
    # Python 3.11 does not audit this low-level fork (subprocess.Popen, which
    # uses it, is audited); loading a second copy of the module is refused below.
    import _posixsubprocess
    _posixsubprocess.fork_exec = _refuse_fork_exec

    def inside(path):
        if isinstance(path, int):
            return True  # an already open file descriptor: opening it was checked
        path = os.path.realpath(os.fsdecode(path))
        return path == root or path.startswith(root + os.sep) or path == os.devnull

    def hook(event, args):
        if event in REFUSED or (event == "import" and args[0] == "_posixsubprocess"):
            raise PermissionError(f"{event} is not allowed while grading")
        if event == "open":
            path, mode, flags = args
            writes = (flags or 0) & WRITE_FLAGS or any(c in (mode or "") for c in "wax+")
            if writes and not inside(path):
                raise PermissionError(f"writing {path} is not allowed while grading")
        elif event in FILE_CHANGES:
            if any(len(args) > i and not inside(args[i]) for i in FILE_CHANGES[event]):
                raise PermissionError(f"{event} outside the grading directory is not allowed")

    sys.addaudithook(hook)


def _refuse_fork_exec(*args, **kwargs):
    raise PermissionError("starting a process is not allowed while grading")

"""What a sandbox's mount namespace covers, and the shell commands that cover it.

`isolation` runs these commands, as root in the new mount namespace, before
the submission starts. Two kinds of directories get a tmpfs of the sandbox's
own, each keeping only the entries on the way to what Python needs
(bind-mounted from the real ones):

- directories ``nobody`` cannot search on the way to Python (``hidden``),
  such as a private home holding the interpreter, under a tiny tmpfs that
  only root may write to;
- the directories anyone may write to and the sandboxes' temporary
  directory (``private``), under a small writable one, so that what a
  submission writes there is bounded and ends with the namespace.
"""
import os
import shlex
import shutil
import stat
import sys
import sysconfig
import tempfile

# Directories anyone may write to (those that exist are covered), and the size of the tmpfs
# that covers each of them, and the sandboxes' own temporary directory, for a sandbox.
WORLD_WRITABLE = ("/dev/shm", "/run/lock", "/tmp", "/var/tmp")
PRIVATE_SIZE = "128m"


def needed():
    """Directories the sandbox reads: Python's installation, venv and packages, and
    the temporary directory that holds the sandboxes."""
    import numpy
    import scratchnet
    paths = [sys.prefix, sys.base_prefix, os.path.dirname(os.path.realpath(sys.executable)),
             *sysconfig.get_paths().values(), tempfile.gettempdir(),
             *(os.path.dirname(os.path.dirname(m.__file__)) for m in (numpy, scratchnet))]
    return sorted({os.path.realpath(p) for p in paths if os.path.isdir(p)})


def hidden(paths, user):
    """The directories ``user`` cannot search on the way to ``paths``.

    Returns
    -------
    tuple of (str, tuple of str)
        Each such directory, parents first, with the entries on the way.
    """
    found = {}
    for path in paths:
        parts = path.strip(os.sep).split(os.sep)
        for depth in range(len(parts)):
            parent = os.sep + os.sep.join(parts[:depth])
            if not _searchable(parent, user):
                found.setdefault(parent, set()).add(parts[depth])
    # A directory sorts before everything below it.
    return tuple((parent, tuple(sorted(names))) for parent, names in sorted(found.items()))


def private(paths):
    """The world-writable directories and the sandboxes' temporary directory, each with
    the entries on the way to ``paths`` (a virtual environment under /tmp, say).

    Returns
    -------
    tuple of (str, tuple of str)
    """
    parents = sorted({os.path.realpath(d) for d in (*WORLD_WRITABLE, tempfile.gettempdir())
                      if os.path.isdir(d)})
    return tuple((parent, tuple(sorted({os.path.relpath(p, parent).split(os.sep)[0]
                                        for p in paths if p.startswith(parent + os.sep)})))
                 for parent in parents)


def _searchable(directory, user):
    info = os.stat(directory)
    if info.st_uid == user.pw_uid:
        return bool(info.st_mode & stat.S_IXUSR)
    if info.st_gid == user.pw_gid:
        return bool(info.st_mode & stat.S_IXGRP)
    return bool(info.st_mode & stat.S_IXOTH)


def cover(covered_dirs, private_dirs, directory, user):
    """Shell commands that cover each directory with a tmpfs keeping only some entries.

    ``covered_dirs`` (from `hidden`) get a tmpfs only root may write to,
    ``private_dirs`` (from `private`) one anybody may write to.

    A tmpfs that keeps entries is mounted and filled on the sandbox's own
    directory (the submission has not started yet), then moved in place,
    which uncovers the sandbox's directory; one that keeps none is mounted
    in place directly (a user namespace may do that, though not the move).
    Either hides the sandbox's directory when it lies in a private one: it
    is then made anew in the new tmpfs, for ``user``. The last command
    enters it again.
    """
    mount, stage = shutil.which("mount"), shlex.quote(directory)
    tmpfs = [(parent, names, "mode=755,size=64k") for parent, names in covered_dirs]
    tmpfs += [(parent, names, f"mode=1777,size={PRIVATE_SIZE}") for parent, names in private_dirs]
    commands = []
    for parent, names, options in sorted(tmpfs):  # a directory before those inside it
        if not names:
            commands.append(f"{mount} -t tmpfs -o {options} tmpfs {shlex.quote(parent)}")
        else:
            kept = [(shlex.quote(os.path.join(parent, n)), f"{stage}/{shlex.quote(n)}")
                    for n in names]
            commands += [f"{mount} -t tmpfs -o {options} tmpfs {stage}",
                         *(f"mkdir {inside} && {mount} --bind {real} {inside}"
                           for real, inside in kept),
                         f"{mount} --move {stage} {shlex.quote(parent)}"]
        commands.append(f"mkdir -p -m 700 {stage}")
    if user is not None:
        commands.append(f"chown {user.pw_uid}:{user.pw_gid} {stage}")
    return [*commands, f"cd {stage}"]

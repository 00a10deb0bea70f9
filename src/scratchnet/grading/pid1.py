"""The first process of a sandbox's PID namespace: it only waits.

The kernel treats a PID namespace's first process specially. Signals it
gets from inside the namespace are dropped unless it handles them, so a
submission's ``os.kill(os.getpid(), signal.SIGKILL)`` would do nothing;
and when it ends, the kernel kills every other process in the namespace.
So the sandbox forks (`split`): the child runs the submission as an
ordinary process, and the first process waits for it, reports how it
ended, and ends the namespace if the grader goes away first.
"""
import os
import select
import signal


def split(lifeline, replies):
    """Fork; return in the child. The parent waits for the child, then exits.

    Parameters
    ----------
    lifeline : int
        The read end of the grader's requests. Without the grader, nothing
        writes to it any more: the parent then ends the namespace, so a
        submission stuck in an endless loop does not outlive the grader.
    replies : int
        The write end of the replies, closed in the parent so that the
        grader sees the pipe end as soon as the child dies.
    """
    child = os.fork()
    if child == 0:
        return
    os.close(replies)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ended = os.pidfd_open(child)
    watch = select.poll()
    watch.register(ended, select.POLLIN)
    watch.register(lifeline, 0)  # hang-ups only: the child reads the requests
    if ended not in dict(watch.poll()):
        os._exit(1)
    code = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
    # This process cannot die of the child's signal, so, like a shell,
    # it reports signal N as status 128 + N.
    os._exit(code if code >= 0 else 128 - code)

"""Worker processes: they end with the process that started them, even when it is killed.

A pool's worker waits on a pipe for its next job; when the build that forked it is killed (SIGKILL,
an out-of-memory kill, a cancelled CI job) nothing closes that pipe in time, and the worker, now a
child of init, would wait on. On Linux the kernel can signal a child when its parent dies
(prctl PR_SET_PDEATHSIG), which every worker asks for as it starts.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Called first in every worker: be killed with the parent (it may be gone already)."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl (not Linux): the pool's own shutdown is all there is
        return
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)

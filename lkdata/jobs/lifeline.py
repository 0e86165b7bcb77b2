"""Worker processes die with the process that started them.

A worker of a parallel clean or of a batch of reports holds hundreds of megabytes; when its parent is
killed (``kill -9``, the session closed, out of memory), nothing would tell it to stop before its job is
done. On Linux the kernel ends it at once (``prctl(PR_SET_PDEATHSIG, SIGKILL)``); elsewhere a daemon
thread notices the parent is gone (its parent process id changes) within a second and ends it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

__all__ = ["die_with_parent"]

#: ``PR_SET_PDEATHSIG`` of ``<linux/prctl.h>``: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1

#: How often the watchdog thread looks for its parent (seconds).
POLL_SECONDS = 1.0


def die_with_parent(parent: int) -> None:
    """Make this process end when process ``parent`` (the one that started it) ends.

    Called first in a worker (a pool's ``initializer``). ``parent`` is the parent's process id as the
    parent saw it, so a parent that died before this call is noticed too.
    """
    if sys.platform.startswith("linux") and _pdeathsig():
        if os.getppid() != parent:  # died before the kernel was told
            os._exit(1)
        return
    if os.name == "posix":
        threading.Thread(target=_watch, args=(parent,), name="lkdata-lifeline", daemon=True).start()
    else:  # Windows: no parent id changes there; wait on the parent's process handle instead
        threading.Thread(target=_wait_windows, args=(parent,), name="lkdata-lifeline", daemon=True).start()


def _pdeathsig() -> bool:
    """Ask Linux to SIGKILL this process when the thread that forked it ends; ``False`` if refused."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)


def _wait_windows(parent: int) -> None:  # pragma: no cover - Windows only
    import ctypes

    synchronize, infinite = 0x00100000, 0xFFFFFFFF
    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(synchronize, False, parent)
    if not handle:
        os._exit(1)
    kernel32.WaitForSingleObject(handle, infinite)
    os._exit(1)

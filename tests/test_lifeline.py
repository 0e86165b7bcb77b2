"""A worker process ends when the process that started it ends (``lkdata.jobs.lifeline``): by the kernel's
parent-death signal on Linux, by a watchdog thread elsewhere. Both ways are tested for real: a parent forks a
child that calls ``die_with_parent`` and sleeps, then the parent exits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="POSIX fork, processes read from /proc")

CODE = """
import os, sys, time
import lkdata.jobs.lifeline as lifeline
if sys.argv[1] == "watchdog":
    lifeline._pdeathsig = lambda: False  # as where there is no prctl (macOS)
    lifeline.POLL_SECONDS = 0.1
parent = os.getpid()
child = os.fork()
if child == 0:
    lifeline.die_with_parent(parent)
    time.sleep(60)
    os._exit(0)
print(child, flush=True)
time.sleep(0.5)
os._exit(0)  # the parent goes; the child is left behind
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in "ZX"


@pytest.mark.parametrize("way", ["pdeathsig", "watchdog"])
def test_a_worker_ends_with_its_parent(way: str):
    r = subprocess.run([sys.executable, "-c", CODE, way], capture_output=True, text=True, timeout=30)
    child = int(r.stdout.split()[0])
    deadline = time.monotonic() + 5
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = _running(child)
    if alive:
        os.kill(child, 9)
    assert not alive, f"the child outlived its parent ({way})"


def test_a_worker_whose_parent_is_already_gone_ends_at_once():
    code = "import os, lkdata.jobs.lifeline as l; l.die_with_parent(os.getppid() + 100000); print('alive')"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert r.returncode == 1 and "alive" not in r.stdout

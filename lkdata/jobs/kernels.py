"""Warm, one-use notebook kernels: a document's kernel is started, and the modules its notebook imports
imported into it, while this process does something else.

Starting an IPython kernel and importing what a document's notebook imports (pandas, pyarrow, lkdata's
report modules, matplotlib for the report's charts) takes some two seconds of CPU before its first
figure. :class:`KernelPool` starts the kernel ahead, in the background: for the first document while this
process checks its inputs and cleans, for each next one of a batch while this process renders the HTML
and PDF of the one before (the work of two cores, where each waited for the other).

A kernel is started as Papermill would start it: jupyter_client's ``AsyncKernelManager`` as nbclient
makes it, with the same kernel name, working folder, arguments (nbclient's in-memory IPython history
included) and environment (this process's). It then imports the modules with ONE silent request
(``silent=True, store_history=False``) of code that binds no name (``__import__("lkdata.api")``): the
notebook finds the namespace of a fresh kernel, execution counts that start at 1, and no output. A
kernel runs ONE notebook and is shut down after it, so no state ever goes from one document to the
next. A kernel that could not be started or warmed is shut down, and Papermill starts the document's
kernel itself, as without a pool (its failure is reported as before). Spares are shut down when the
pool closes (the end of the batch, an error, Ctrl+C, the process's exit); a kernel whose process is
killed ends by itself (ipykernel watches the process that started it: ``JPY_PARENT_PID``).
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import sys
import threading
import time
import weakref
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .report_jobs import CELL_TIMEOUT, ReportJob

__all__ = ["KERNEL_ARGUMENTS", "KernelPool", "KernelSpec", "execute_notebook", "kernel_for", "kernel_for_notebook",
           "preload_for"]  # fmt: skip

log = logging.getLogger("lkdata")

#: The kernel's options: no chatter on screen; no IPython history (a database write after every cell of a
#: notebook no one will scroll back through).
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"]

#: Starting several kernels at once can fail for reasons that a second try cures.
KERNEL_START_ATTEMPTS = 3
_KERNEL_START_ERRORS = ("Kernel didn't respond", "Address already in use", "ZMQError", "Kernel died before replying")

#: What every document's notebook imports: ``lkdata.open_report`` and its kin, the processed tables read
#: from parquet (pyarrow's datasets), the tables styled (pandas' Styler: jinja2), dates written (babel),
#: names matched (rapidfuzz), figures explained; each document's own module besides (the report's charts
#: and annex: matplotlib's SVG backend, xlsxwriter). Measured: the modules a notebook run imports, after
#: these, are a handful of small ones.
COMMON_MODULES = (
    "lkdata.api",
    "lkdata.report.explain",
    "lkdata.clean.validate",
    "pyarrow.parquet",
    "pyarrow.dataset",
    "pandas.io.parquet",
    "pandas.io.formats.style",
    "jinja2",
    "babel.dates",
    "rapidfuzz.process",
)
_REPORT = ("lkdata.report.document", "lkdata.report.document_charts", "lkdata.report.units", "lkdata.plan.trend",
           "lkdata.report.charts", "matplotlib.figure", "matplotlib.backends.backend_svg", "xlsxwriter")  # fmt: skip
#: The modules imported ahead into a notebook's kernel, by notebook name (others: :data:`COMMON_MODULES`).
PRELOAD = {
    "bao_cao_ke_hoach.ipynb": (*COMMON_MODULES, *_REPORT),
    "tom_tat_khu_pho.ipynb": (*COMMON_MODULES, "lkdata.report.brief"),
    "tom_tat_don_vi.ipynb": (*COMMON_MODULES, "lkdata.report.units"),
    "chat_luong_du_lieu.ipynb": (*COMMON_MODULES, "lkdata.report.quality", "lkdata.io.send_back"),
}

#: nbclient adds this to the arguments of an IPython kernel it starts (its ``ipython_hist_file``).
_HISTORY_FILE = "--HistoryManager.hist_file=:memory:"
#: Seconds to wait for a kernel to answer (Papermill's ``start_timeout``) and for its imports.
START_TIMEOUT = 60
PRELOAD_TIMEOUT = 300


@dataclass(frozen=True)
class KernelSpec:
    """How a document's kernel is started: a spare serves a document whose spec is equal."""

    cwd: str
    extra_arguments: tuple[str, ...]
    kernel_name: str = "python3"


def preload_for(notebook_name: str) -> tuple[str, ...]:
    """The modules imported ahead into the kernel of notebook ``notebook_name``."""
    return PRELOAD.get(notebook_name, COMMON_MODULES)


def kernel_for_notebook(notebook: Path) -> tuple[KernelSpec, tuple[str, ...]]:
    """How the kernel of ``notebook`` is started (in the project folder, as Papermill runs it) and what it
    imports ahead."""
    return KernelSpec(str(notebook.parent.parent), tuple(KERNEL_ARGUMENTS)), preload_for(notebook.name)


def kernel_for(job: ReportJob) -> tuple[KernelSpec, tuple[str, ...]]:
    """How ``job``'s kernel is started and what it imports ahead (:func:`kernel_for_notebook`)."""
    return kernel_for_notebook(job.notebook)


def preload_code(modules: tuple[str, ...]) -> str:
    """Code importing ``modules`` that binds no name in the kernel's namespace. A module that cannot be
    imported is left to the notebook, which then fails on it as in a fresh kernel (Python keeps no module
    whose import failed)."""
    return "\n".join(f"try:\n    __import__({m!r})\nexcept ImportError:\n    pass" for m in modules)


@cache
def _manager_class():
    from jupyter_client import AsyncKernelManager

    class OneUseKernelManager(AsyncKernelManager):
        """nbclient's kernel manager, which remembers the clients it made: a client nbclient made on a
        kernel it does not own is left open by it; :meth:`KernelPool.release` closes them."""

        def client(self, **kwargs):
            made = super().client(**kwargs)
            self.__dict__.setdefault("_lkdata_clients", []).append(made)
            return made

    return OneUseKernelManager


def _import_client() -> None:
    """Import jupyter_client's kernel manager and client in the calling thread, before the pool's thread
    starts a kernel with them: imported there while the caller imports Papermill (which imports
    jupyter_client too), one thread could find the module half-initialised."""
    _manager_class()
    import jupyter_client.asynchronous  # noqa: F401  (the client class the manager makes)


class _Spare:
    """One kernel being started and warmed on the pool's event loop; ``done`` holds its manager."""

    def __init__(self, spec: KernelSpec, modules: tuple[str, ...]) -> None:
        self.spec, self.modules = spec, modules
        self.done: Future = Future()
        self.task: asyncio.Task | None = None


async def _start(spec: KernelSpec, modules: tuple[str, ...]):
    km = _manager_class()(kernel_name=spec.kernel_name)
    arguments = list(spec.extra_arguments)
    if km.ipykernel and not any(a.startswith("--HistoryManager.hist_file") for a in arguments):
        arguments.append(_HISTORY_FILE)  # as nbclient starts it
    try:
        await km.start_kernel(extra_arguments=arguments, cwd=spec.cwd)
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=START_TIMEOUT)
            if modules:
                reply = await kc.execute(preload_code(modules), silent=True, store_history=False, reply=True,
                                         timeout=PRELOAD_TIMEOUT)  # fmt: skip
                content = reply["content"]
                if content.get("status") != "ok":
                    raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")
        finally:
            kc.stop_channels()
        km.__dict__.pop("_lkdata_clients", None)
    except BaseException:  # not started, not warmed, or no longer wanted (cancelled): never left running
        await _shutdown(km, now=True)
        raise
    return km


async def _shutdown(km, now: bool) -> None:
    """Stop a kernel as nbclient stops its own (``now``: killed at once, for a spare no one used)."""
    try:
        if km.has_kernel and await km.is_alive():
            await km.shutdown_kernel(now=now)
    except Exception as exc:  # a kernel that died already: nothing to stop
        log.debug("Kernel shutdown: %s", exc)
    finally:
        try:
            await km.cleanup_resources()
        except Exception as exc:
            log.debug("Kernel cleanup: %s", exc)


_open: weakref.WeakSet = weakref.WeakSet()


@atexit.register
def _close_all() -> None:  # the process ends (a worker of a batch): its spares with it
    for pool in list(_open):
        pool.close()


class KernelPool:
    """Kernels started ahead for the documents of a run, each used for ONE notebook (see the module).

    ``warm(spec, modules)`` starts a spare; ``take(spec)`` hands it over (waiting for its imports), or
    ``None`` when there is none for ``spec`` (Papermill then starts one); ``release(km)`` shuts a used
    kernel down in the background; ``close()`` (also the end of a ``with`` block, and the process's exit)
    shuts everything down and waits until no kernel of the pool runs.
    """

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._spare: _Spare | None = None
        self._stopping: list[Future] = []
        self._lock = threading.Lock()
        _open.add(self)

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _run(self, coro) -> Future:
        if self._loop is None:
            self._loop = asyncio.SelectorEventLoop() if sys.platform == "win32" else asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="lkdata-kernels", daemon=True)
            self._thread.start()
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def warm(self, spec: KernelSpec, modules: tuple[str, ...]) -> None:
        """Start a spare kernel for ``spec`` in the background, importing ``modules``; one spare at a
        time (a spare for another spec is shut down)."""
        with self._lock:
            if self._spare is not None and self._spare.spec == spec:
                return
            self._retire(self._spare)
            spare = self._spare = _Spare(spec, modules)
        _import_client()

        async def begin() -> None:
            spare.task = asyncio.current_task()
            try:
                spare.done.set_result(await _start(spec, modules))
            except BaseException as exc:  # handed to the taker, who falls back to Papermill
                spare.done.set_exception(exc)

        self._run(begin())

    def drop_spare(self) -> None:
        """Shut the spare kernel down now (before this process forks: a clean's workers)."""
        with self._lock:
            spare, self._spare = self._spare, None
        self._retire(spare)
        for f in self._stopping:
            try:
                f.result(timeout=30)
            except Exception as exc:  # shutting down whatever happens
                log.debug("Kernel shutdown: %s", exc)
        self._stopping.clear()

    def take(self, spec: KernelSpec, then: tuple[KernelSpec, tuple[str, ...]] | None = None):
        """The spare kernel for ``spec``, warmed (``None`` when there is none, or it failed: Papermill then
        starts the kernel); ``then``: the spec and modules of the next document, whose spare is started now."""
        with self._lock:
            spare, self._spare = self._spare, None
        km = None
        if spare is not None and spare.spec == spec:
            try:
                km = spare.done.result()
            except (KeyboardInterrupt, SystemExit):  # stopped while waiting: the spare is shut down with the pool
                self._retire(spare)
                raise
            except BaseException as exc:  # not started or not warmed: Papermill starts one
                log.info("Nhân Python dựng sẵn không dùng được (%s: %s); khởi động nhân mới ...",
                         type(exc).__name__, exc)  # fmt: skip
        elif spare is not None:
            self._retire(spare)
        if then is not None:
            self.warm(*then)
        return km

    def release(self, km) -> None:
        """Shut a kernel that ran its notebook down, in the background (nbclient's clients closed first)."""
        for client in km.__dict__.pop("_lkdata_clients", []):
            try:
                client.stop_channels()
            except Exception as exc:  # already closed
                log.debug("Kernel client: %s", exc)
        # killed at once: its notebook has ended and every output is saved; a graceful shutdown sometimes
        # waits out jupyter_client's grace period (2.5 s, "Kernel is taking too long to finish") first
        self._stopping.append(self._run(_shutdown(km, now=True)))

    def _retire(self, spare: _Spare | None) -> None:
        """Shut a spare no document will use down at once, whether it is still starting or ready."""
        if spare is None:
            return
        loop = self._loop
        stopped: Future = Future()

        def when_done(done: Future) -> None:
            if done.cancelled() or done.exception() is not None:
                stopped.set_result(None)  # its start cleaned up after itself
            else:
                inner = asyncio.run_coroutine_threadsafe(_shutdown(done.result(), now=True), loop)
                inner.add_done_callback(lambda _: stopped.set_result(None))

        def cancel() -> None:
            if spare.task is not None and not spare.task.done():
                spare.task.cancel()

        spare.done.add_done_callback(when_done)
        if loop is not None:
            loop.call_soon_threadsafe(cancel)
        self._stopping.append(stopped)

    def close(self) -> None:
        """Shut every kernel of the pool down and wait until none runs."""
        self.drop_spare()
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=30)
            self._loop.close()
            self._loop = self._thread = None
        _open.discard(self)


def kernel_start_failure(exc: BaseException) -> bool:
    """Whether ``exc`` is a kernel that did not start (retry), not a cell that failed (report)."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return False
    text = f"{type(exc).__name__}: {exc}"
    return any(marker in text for marker in _KERNEL_START_ERRORS)


def execute_notebook(job: ReportJob, executed: Path, *, progress: bool = False, kernels: KernelPool | None = None,
                     then: tuple[KernelSpec, tuple[str, ...]] | None = None) -> int:  # fmt: skip
    """Execute ``job``'s notebook with Papermill into ``executed``: on the warm kernel ``kernels`` has for it
    (``then``: the next document's, started now), else on one Papermill starts, tried again when it does not
    start. Returns how many times a kernel start was tried again; raises what Papermill raised."""
    import papermill as pm

    spec = kernel_for(job)[0]  # as a warm kernel was started, so Papermill starts one alike when there is none
    for attempt in range(KERNEL_START_ATTEMPTS):
        km = kernels.take(spec, then) if kernels is not None and attempt == 0 else None
        try:
            pm.execute_notebook(
                str(job.notebook),
                str(executed),
                parameters=job.parameters,
                kernel_name=spec.kernel_name,
                progress_bar=progress,
                cwd=spec.cwd,
                execution_timeout=CELL_TIMEOUT,
                request_save_on_cell_execute=False,  # written once at the end (and on failure)
                extra_arguments=list(spec.extra_arguments),
                **({"km": km} if km is not None else {}),
            )
            return attempt
        except Exception as exc:
            if attempt + 1 == KERNEL_START_ATTEMPTS or not kernel_start_failure(exc):
                raise
            log.info("Nhân Python chưa khởi động được (%s); thử lại ...", exc)
            time.sleep(1 + attempt)
        finally:
            if km is not None:
                kernels.release(km)
    raise AssertionError("unreachable")  # pragma: no cover

"""A batch's documents on Dask distributed: ``lkdata report --jobs dask`` (a ``LocalCluster`` on this machine) or
``--scheduler tcp://host:8786`` (a cluster that already runs).

The batch is embarrassingly parallel: each document is one job (:class:`~lkdata.jobs.report_jobs.ReportJob`),
run by the same function as in the local process pool, as one Dask task; the results come back to this process,
which writes the index as usual. Without the option nothing of this runs (nor is Dask imported). On an existing
cluster every worker needs this lkdata (``pip install 'lkdata[dask]'``) and the project's folders at the same
paths (a shared drive): a worker that cannot read them fails its documents, with the reason, and the others go on.
"""

from __future__ import annotations

import argparse
import logging
import os
import uuid
from collections.abc import Callable, Sequence

from ..errors import UsageError
from .report_jobs import ReportJob, ReportResult

__all__ = ["DASK", "jobs_option", "run_on_dask"]

log = logging.getLogger("lkdata")

#: ``--jobs dask``: the documents go to Dask distributed instead of the local process pool.
DASK = "dask"
#: How long ``--scheduler`` waits for the cluster to answer.
CONNECT_TIMEOUT = "20s"


def jobs_option(text: str) -> int | str:
    """``--jobs``'s value: a whole number of worker processes, or ``dask`` (argparse refuses anything else, in
    Vietnamese)."""
    if text.strip().lower() == DASK:
        return DASK
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"cần số tiến trình (ví dụ 2) hoặc 'dask', không phải '{text}'") from None


def _client(scheduler: str | None, workers: int):
    """A Dask client: of the cluster at ``scheduler``, else of a new ``LocalCluster`` of ``workers`` processes
    (one thread each: a document's kernel is a process of its own). Returns ``(client, cluster or None)``."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--jobs dask và --scheduler cần Dask: cài thêm bằng pip install 'lkdata[dask]' "
                         "(hoặc pip install dask distributed)") from None  # fmt: skip
    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(f"Không kết nối được bộ lập lịch Dask {scheduler}: {exc}") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)  # fmt: skip
    return Client(cluster), cluster


def run_on_dask(todo: Sequence[ReportJob], run_one: Callable[[ReportJob, bool], ReportResult], say, progress: bool,
                *, scheduler: str | None = None, workers: int | None = None) -> list[ReportResult]:  # fmt: skip
    """Run ``run_one(job, False)`` for every job as a Dask task; the results in the jobs' order.

    ``workers``: the ``LocalCluster``'s processes (default: one per core, at most one per job); ignored with
    ``scheduler``. A task whose worker died is a failed document (with the reason), never a lost one.

    Raises
    ------
    UsageError
        When Dask is not installed, or the scheduler cannot be reached.
    """
    from distributed import as_completed
    from tqdm import tqdm

    if not todo:
        return []
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    client, cluster = _client(scheduler, workers)
    try:
        where = f"bộ lập lịch {scheduler}" if scheduler else f"LocalCluster, {workers} tiến trình"
        say(f"Lập {len(todo)} tài liệu trên cụm Dask ({where}) ...")
        futures = {client.submit(run_one, job, False, pure=False, key=f"lkdata-{job.stem}-{uuid.uuid4().hex}"): job
                   for job in todo}  # fmt: skip
        out = []
        with tqdm(total=len(todo), unit="tài liệu", disable=not progress, desc="Tài liệu") as bar:
            for future in as_completed(futures):
                job = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # the worker died, or could not run the task at all
                    error = f"tác vụ Dask không chạy xong: {type(exc).__name__}: {exc}"
                    result = ReportResult(job, ok=False, error=error)
                if not result.ok:
                    bar.write(f"LỖI  {job.title}: {result.error}")
                out.append(result)
                bar.update(1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    order = {job.stem: i for i, job in enumerate(todo)}
    return sorted(out, key=lambda r: order[r.job.stem])

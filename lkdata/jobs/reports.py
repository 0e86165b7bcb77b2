"""``lkdata report``: the report notebook executed by Papermill for each period, rendered to HTML,
PDF and Word; with ``--briefs``, a one-page brief per khu phố too; then ``reports/index.html``.

For each period, ``reports/<period>/`` receives the HTML, the PDF, the .docx, the executed notebook
(the audit trail) and ``manifest.json`` (parameters, cut-off, lkdata version, sha256 of every input,
timings, outputs); briefs go to ``reports/<period>/briefs/`` with a ``<name>.manifest.json`` each.
Everything is made in a temporary folder beside it and moved into place only when the whole job
succeeded, so a failing cell never leaves a half-written document where a finished one would be; the
partly executed notebook (or the notebook of a document refused because it names a person) is kept as
``<name>.loi.ipynb`` for inspection, in the office-only area (:attr:`ReportJob.failed_notebook`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path

from .. import __version__
from ..config import DATASETS, Paths, outside_raw
from ..errors import InternalError, LkdataError, OutputError, UsageError
from ..io.freshness import code_sha256
from ..io.store import cannot_write, is_temporary, read_manifest, refused, running, sha256_file
from ..plan.periods import parse_period
from ..vn.fmt import fmt_date
from .cluster import DASK, run_on_dask
from .index import usable
from .kernels import KERNEL_ARGUMENTS, KernelPool, execute_notebook, kernel_for
from .lifeline import die_with_parent
from .privacy import personal_data_in
from .report_jobs import (
    FORMATS,
    NOTEBOOK,
    QUALITY_NOTEBOOK,
    ReportJob,
    ReportResult,
    final_refusal,
    find_notebook,
    plan_reports,
)

__all__ = [
    "FORMATS",
    "KERNEL_ARGUMENTS",
    "NOTEBOOK",
    "ReportJob",
    "ReportResult",
    "failed_raw_files",
    "input_warnings",
    "plan_reports",
    "rendered_state",
    "run_report",
    "run_reports",
]

# the batch's jobs are planned in report_jobs; re-exported here for the command and the benchmarks

log = logging.getLogger("lkdata")


def ensure_clean(paths: Paths, say: Callable[[str], None] = log.info,
                 before_clean: Callable[[], None] | None = None) -> bool:  # fmt: skip
    """Run ``lkdata clean`` when the processed data is missing or older than the raw data (``before_clean``
    is called first: the kernels started ahead are stopped, as a clean may fork worker processes).

    Returns whether every raw file could be read (``True`` when nothing needed cleaning). Raises
    :class:`~lkdata.errors.InternalError` when the clean wrote no table of a dataset (a bug in lkdata
    stopped it: the manifest names it), since a report without it would be wrong.
    """
    from ..io.freshness import stale_reason
    from .clean_run import run_clean

    if not paths.raw.is_dir():
        if all((paths.processed / f"{d}.parquet").is_file() for d in DATASETS):
            return True
        raise UsageError(f"Không tìm thấy dữ liệu thô ({paths.raw}) cũng như dữ liệu đã xử lý ({paths.processed})")
    reason = stale_reason(paths.raw, paths.processed)
    if reason is None:
        return True
    say(f"Làm sạch dữ liệu trước khi lập báo cáo ({reason}) ...")
    if before_clean is not None:
        before_clean()
    run = run_clean(paths.raw, paths.processed)
    for f in run.failed_files:
        say(f"LỖI  {f['path']}: {f['error']} (báo cáo vẫn lập từ các tệp còn lại)")
    if run.failed_datasets:  # a bug in lkdata: a report without one of its tables would be wrong
        failed = "; ".join(f"{d}: {error}" for d, error in run.failed_datasets.items())
        raise InternalError(f"không làm sạch được bộ dữ liệu {failed}; chưa lập được báo cáo")
    return not run.failed_files


def failed_raw_files(manifest: dict | None) -> list[dict]:
    """The raw files the last clean could not read (``failed``) or of which it accepted no row
    (``rejected``), from its manifest: each with ``dataset``, ``path``, ``status`` and ``error``. Read
    from the manifest, they are said by every later command, not only by the clean that met them."""
    out = []
    for dataset, d in ((manifest or {}).get("datasets") or {}).items():
        for f in d.get("files", []) if isinstance(d, dict) else []:
            if f.get("status") in ("failed", "rejected"):
                out.append({"dataset": dataset, "path": f["path"], "status": f["status"], "error": f.get("error")})
    return out


def input_warnings(manifest: dict | None, notes_path: Path | None = None,
                   tasks: tuple[tuple[str, str], ...] | None = None) -> list[str]:  # fmt: skip
    """What a document made from the processed data and the notes file lacks, in Vietnamese: each raw file
    not read or of which no row was accepted, each notes heading that opens no section, each line of the
    notes that would be dropped (see :meth:`lkdata.report.notes.Notes.problems`); ``tasks``: the plan's tasks
    (number, key), whose ``## <number>`` sections the notes may have (default: the default plan's)."""
    out = []
    for f in failed_raw_files(manifest):
        if f["status"] == "failed":
            out.append(f"Tệp dữ liệu thô không đọc được, số liệu của tệp không có trong báo cáo: {f['path']} "
                       f"({f['error']})")  # fmt: skip
        else:
            out.append(f"Tệp dữ liệu thô không có dòng nào được nhận: {f['path']} (xem 'lkdata quality')")
    if notes_path is not None:
        from ..io.notes import read_notes
        from ..report.notes import Notes

        notes = Notes.parse(read_notes(notes_path), notes_path, dict(tasks) if tasks is not None else None)
        out += [f"Tệp ghi chú {notes_path.name}: {problem}" for problem in notes.problems()]
    return out


def rendered_state(job: ReportJob) -> str:
    """Whether the job's document is ``missing`` (never made, or its manifest unusable), ``stale`` (made
    from other inputs than today's: data, notes, notebook, parameters, lkdata) or ``current``."""
    import json

    try:
        m = json.loads(job.manifest.read_text(encoding="utf-8")) if job.manifest.is_file() else None
    except (OSError, ValueError):
        m = None
    if not usable(m):
        return "missing"
    return "current" if up_to_date(job) else "stale"


def _failure_message(job: ReportJob, exc: BaseException) -> str:
    from papermill.exceptions import PapermillExecutionError

    name = job.notebook.name
    if isinstance(exc, PapermillExecutionError):
        from .cell_errors import cell_failure

        return cell_failure(job.notebook, exc, injected=bool(job.parameters))
    return f"Sổ tay {name} không chạy được: {type(exc).__name__}: {exc}"


#: A report is made in ``<out>/.lkdata-<pid>-<random>/`` beside its final place (see :func:`clean_stale_temporaries`).
TEMP_PREFIX = ".lkdata-"
_TEMP_DIR = re.compile(r"^\.lkdata-(\d+)-[a-z0-9_]{8}$")


def run_report(job: ReportJob, *, progress: bool = False, kernels: KernelPool | None = None,
               then: ReportJob | None = None) -> ReportResult:  # fmt: skip
    """Execute, render and write one report; never leaves a partial document under a final name.

    ``kernels``: a pool whose warm kernel runs the notebook (else Papermill starts one); ``then``: the
    document made next, whose kernel the pool starts as soon as this one's is taken.

    Raises
    ------
    OutputError
        When its folder cannot be written (read-only, a full disk); the previous document stays whole.
    """
    try:
        return _run_report(job, progress, kernels, then)
    except OSError as exc:
        if not refused(exc):
            raise
        where = Path(exc.filename) if exc.filename else job.out_dir / job.stem  # the folder refused a file
        raise OutputError(cannot_write(where, exc)) from exc


def _run_report(job: ReportJob, progress: bool, kernels: KernelPool | None, then: ReportJob | None) -> ReportResult:
    import nbformat

    from ..io.store import read_manifest, write_json
    from .render import office_lists_in, placeholders_in, render_html, render_pdf, warnings_in

    job.out_dir.mkdir(parents=True, exist_ok=True)
    (job.out_dir / f"{job.stem}.loi.ipynb").unlink(missing_ok=True)  # kept here by older versions: personal
    result = ReportResult(job, ok=False)
    if "pdf" in job.formats:
        from .render import warm_up_pdf

        warm_up_pdf()  # while the kernel runs, this process readies WeasyPrint and its fonts
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=job.out_dir) as tmp_name:
        tmp = Path(tmp_name)
        executed = tmp / f"{job.stem}.ipynb"
        try:
            retries = execute_notebook(job, executed, progress=progress, kernels=kernels,
                                       then=kernel_for(then) if then is not None else None)  # fmt: skip
            if retries:
                result.timings["retries"] = retries
        except Exception as exc:  # a failing cell, a dead kernel: this report fails, the others go on
            if isinstance(exc, OSError) and refused(exc):  # the disk, not the notebook: keep no half-written one
                raise
            result.error = _failure_message(job, exc)
            if executed.is_file():
                result.kept_notebook = _keep_failed(job, executed)
            return result
        result.timings["execute"] = time.perf_counter() - started
        nb = nbformat.read(executed, as_version=4)
        result.warnings = warnings_in(nb)
        result.placeholders = placeholders_in(nb)
        result.office_lists = office_lists_in(nb)
        if job.final and result.placeholders:  # an official copy is never a draft: nothing is written
            result.error = final_refusal(result.placeholders)
            return result
        t = time.perf_counter()
        html_text = render_html(nb, job.title, draft=result.placeholders, place_names=job.place_names)
        result.timings["html"] = time.perf_counter() - t
        files = [executed]
        if "html" in job.formats:
            (tmp / f"{job.stem}.html").write_text(html_text, encoding="utf-8")
            files.append(tmp / f"{job.stem}.html")
        if "pdf" in job.formats:
            t = time.perf_counter()
            render_pdf(html_text, tmp / f"{job.stem}.pdf")
            result.timings["pdf"] = time.perf_counter() - t
            files.append(tmp / f"{job.stem}.pdf")
        if "docx" in job.formats:
            from .docx import write_docx

            t = time.perf_counter()
            names, draft = job.place_names, result.placeholders  # the draft box names what the PDF's names
            write_docx(nb, tmp / f"{job.stem}.docx", title=job.title, place_names=names, draft=draft)
            result.timings["docx"] = time.perf_counter() - t
            files.append(tmp / f"{job.stem}.docx")
        created = dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")
        if job.kind == "report":  # its tables as a workbook, "Phụ lục số liệu", and its figures as data, "trao đổi"
            from .exchange import write_annex_and_exchange

            made, said = write_annex_and_exchange(nb, job, tmp, placeholders=result.placeholders, created=created)
            files += made
            result.warnings += said
        leaks = personal_data_in([html_text, executed.read_text(encoding="utf-8")], job.processed)
        if leaks:  # a shared document never names a person: refuse it, keep the notebook (office-only) to see why
            result.kept_notebook = _keep_failed(job, executed)
            result.error = (
                f"Sổ tay {job.notebook.name} đưa thông tin cá nhân (tên, số điện thoại hoặc CCCD của {len(leaks)} "
                "người/số) vào tài liệu; tài liệu không được ghi ra. Báo cáo chỉ được có số tổng hợp. Sổ tay đã "
                f"chạy được giữ ở khu vực nội bộ (có thông tin cá nhân, không chia sẻ): {result.kept_notebook}"
            )
            return result
        result.timings["total"] = time.perf_counter() - started
        processed_manifest = read_manifest(job.processed) or {}
        result.notices = input_warnings(processed_manifest, job.notes, job.tasks)
        p = job.period
        manifest = {
            "created": created,
            "lkdata_version": __version__,
            "lkdata_code": code_sha256(),
            "kind": job.kind,
            "title": job.title,
            "khu_pho": job.khu_pho,
            "sub_unit": job.sub_unit,
            "period": {
                "key": p.key,
                "kind": p.kind,
                "label": p.label,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "cutoff": p.cutoff.isoformat(),
                "due": p.due.isoformat() if p.due else None,
            },
            "parameters": job.parameters,
            "sample": bool(processed_manifest.get("sample", False)),
            "notebook": {"path": job.notebook.name, "sha256": sha256_file(job.notebook)},
            "notes": None
            if job.notes is None
            else {"path": job.notes.name, "sha256": sha256_file(job.notes) if job.notes.is_file() else None},
            "inputs": {f"{d}.parquet": sha256_file(job.processed / f"{d}.parquet") for d in DATASETS},
            "processed_created": processed_manifest.get("created"),
            "timings_s": {k: round(v, 3) for k, v in result.timings.items()},
            "outputs": [{"file": f.name, "bytes": f.stat().st_size, "sha256": sha256_file(f)} for f in files],
            "warnings": [*result.warnings, *result.notices],
            "data_warnings": result.notices,  # part of the fingerprint: a raw file failing makes it again
            "final": job.final,
            "placeholders": result.placeholders,  # while one remains the document is marked DỰ THẢO
        }
        for f in files:
            os.replace(f, job.out_dir / f.name)
            result.outputs.append(job.out_dir / f.name)
        for fmt in set(FORMATS) - set(job.formats):  # an older rendering in a format not asked for now is stale
            (job.out_dir / f"{job.stem}.{fmt}").unlink(missing_ok=True)
        write_json(manifest, job.manifest)  # last: its presence means the document is whole
        job.failed_notebook.unlink(missing_ok=True)
        result.ok = True
    return result


def _keep_failed(job: ReportJob, executed: Path) -> Path:
    """Move a failed or refused job's executed notebook into the office-only area; return where."""
    kept = job.failed_notebook
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(executed, kept)  # the processed folder may be on another drive than the reports
    return kept


def fingerprint(job: ReportJob) -> dict:
    """What a job's document depends on: the processed tables it reads, its notebook, its notes file, its
    parameters, the lkdata version and code (the same fields as its manifest), and what it lacks (raw files not read,
    notes dropped: :func:`input_warnings`), so that its manifest always says what the current data lacks."""
    return {
        "lkdata_version": __version__,
        "lkdata_code": code_sha256(),
        "parameters": job.parameters,
        "notebook": sha256_file(job.notebook),
        "notes": sha256_file(job.notes) if job.notes is not None and job.notes.is_file() else None,
        "inputs": {f"{d}.parquet": sha256_file(job.processed / f"{d}.parquet") for d in DATASETS},
        "data_warnings": input_warnings(read_manifest(job.processed), job.notes, job.tasks),
    }


def up_to_date(job: ReportJob) -> bool:
    """Whether the job's document on disk was made from exactly its inputs, in every format asked for."""
    import json

    if not job.manifest.is_file():
        return False
    try:
        m = json.loads(job.manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not usable(m) or not all(isinstance(m.get(k) or {}, dict) for k in ("notebook", "notes", "inputs")):
        return False  # not lkdata's manifest, or cut short: the document is made again
    have = {
        "lkdata_version": m.get("lkdata_version"),
        "lkdata_code": m.get("lkdata_code"),
        "parameters": m.get("parameters"),
        "notebook": (m.get("notebook") or {}).get("sha256"),
        "notes": (m.get("notes") or {}).get("sha256"),
        "inputs": m.get("inputs"),
        "data_warnings": m.get("data_warnings"),
    }
    if job.final and m.get("placeholders", True):  # a draft (or a manifest that does not say) is no final copy
        return False
    outputs = {o["file"] for o in m.get("outputs", [])}
    wanted = {f"{job.stem}.{ext}" for ext in job.formats}
    return (
        have == fingerprint(job)
        and wanted <= outputs
        and all((job.out_dir / name).is_file() for name in outputs)
        and not job.failed_notebook.exists()
    )


def _run_one(job: ReportJob, progress: bool, kernels: KernelPool | None = None,
             then: ReportJob | None = None) -> ReportResult:  # fmt: skip
    try:
        return run_report(job, progress=progress, kernels=kernels, then=then)
    except OutputError as exc:  # the folder or the disk, not the document: the command exits 4
        return ReportResult(job, ok=False, error=str(exc), refused=True)
    except LkdataError as exc:
        return ReportResult(job, ok=False, error=str(exc))
    except Exception as exc:  # a worker never takes the batch down: the job fails, with what happened
        log.exception("Unexpected error in %s", job.stem)
        return ReportResult(job, ok=False, error=f"lỗi không lường trước: {type(exc).__name__}: {exc}")


def run_reports(
    periods: Sequence[str],
    *,
    paths: Paths | None = None,
    say: Callable[[str], None] = log.info,
    progress: bool = False,
    jobs: int | str | None = None,
    force: bool = False,
    scheduler: str | None = None,
    kernels: KernelPool | None = None,
    **options,
) -> list[ReportResult]:
    """Check the parameters, clean the data when it is stale, and make every document; one failing
    job does not stop the others. ``options`` are those of :func:`plan_reports`. ``kernels``: a pool that
    may hold the first document's kernel already (the command starts it first thing); else one of its own.

    Parameters
    ----------
    jobs : int or "dask", optional
        Worker processes, each with its own kernel (default: the number of cores); ``"dask"``: a Dask
        ``LocalCluster`` runs the documents (:mod:`lkdata.jobs.cluster`).
    scheduler : str, optional
        The address of a running Dask scheduler (``tcp://host:8786``) to run the documents on.
    force : bool
        Remake documents whose inputs have not changed (skipped otherwise).
    """
    paths = paths or Paths.default()
    planned = plan_reports(periods, paths=paths, **options)
    with nullcontext(kernels) if kernels is not None else KernelPool() as kernels:
        if force and planned and jobs != DASK and not scheduler and _workers(jobs, planned) == 1:
            kernels.warm(*kernel_for(planned[0]))  # every document is made: the first kernel starts now
        for folder in {job.out_dir.parent for job in planned}:
            clean_stale_temporaries(folder)
        ensure_clean(paths, say, before_clean=kernels.drop_spare)
        results: list[ReportResult] = []
        todo = []
        for job in planned:
            if not force and up_to_date(job):
                say(f"Bỏ qua {job.title[:1].lower()}{job.title[1:]}: không có gì thay đổi (dùng --force để lập lại).")
                results.append(ReportResult(job, ok=True, outputs=[], skipped=True))
            else:
                todo.append(job)
        if jobs == DASK or scheduler:  # an existing engine instead of the local pool: Dask distributed
            results += run_on_dask(todo, _run_one, say, progress, scheduler=scheduler)
        elif (workers := _workers(jobs, todo)) == 1:
            if todo:
                kernels.warm(*kernel_for(todo[0]))  # unless it is warming already
            for i, job in enumerate(todo):
                say(f"Lập {job.title[:1].lower()}{job.title[1:]} (số liệu đến ngày {fmt_date(job.period.cutoff)}) ...")
                results.append(_run_one(job, progress, kernels, todo[i + 1] if i + 1 < len(todo) else None))
        else:
            results += _run_parallel(todo, workers, say, progress)
    from .index import write_index

    for folder in {job.out_dir.parent if job.kind == "report" else job.out_dir.parent.parent for job in planned}:
        write_index(folder)
    return results


def _workers(jobs: int | None, todo: list[ReportJob]) -> int:
    """How many worker processes make ``todo`` (1: this process)."""
    return max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))


_worker_kernels: list[KernelPool] = []


def _run_in_worker(job: ReportJob, more: bool) -> ReportResult:
    """A batch worker's job, on a warm kernel of the worker's own pool; ``more``: the worker will likely get
    another document, whose kernel it starts ahead (shut down with the worker when it gets none)."""
    if not _worker_kernels:
        _worker_kernels.append(KernelPool())
    return _run_one(job, False, _worker_kernels[0], job if more else None)


def _run_parallel(todo: list[ReportJob], workers: int, say, progress: bool) -> list[ReportResult]:
    """Run jobs in ``workers`` processes (spawned: no state shared with this one), a bar counting jobs."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from tqdm import tqdm

    say(f"Lập {len(todo)} tài liệu với {workers} tiến trình song song ...")
    out = []
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:  # fmt: skip
        last_wave = len(todo) - workers  # the documents each worker takes last: no kernel ahead after them
        futures = {pool.submit(_run_in_worker, job, i < last_wave): job for i, job in enumerate(todo)}
        with tqdm(total=len(todo), unit="tài liệu", disable=not progress, desc="Tài liệu") as bar:
            for future in as_completed(futures):
                job = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a worker process died (killed, out of memory)
                    result = ReportResult(job, ok=False, error=f"tiến trình lập tài liệu bị dừng: {exc}")
                if not result.ok:
                    bar.write(f"LỖI  {job.title}: {result.error}")
                out.append(result)
                bar.update(1)
    order = {job.stem: i for i, job in enumerate(todo)}
    return sorted(out, key=lambda r: order[r.job.stem])


def clean_stale_temporaries(folder: Path) -> None:
    """Remove what a killed run left behind in a reports folder: the temporary folders it made its
    documents in (``<period>/.lkdata-<pid>-<random>``) and its temporary files (the index, a manifest).

    Only lkdata's own, of a process no longer running: another program's hidden files stay. They never
    hold a finished report.
    """
    folder = Path(folder)
    for where in [folder, *folder.glob("*/"), *folder.glob("*/briefs/"), *folder.glob("*/don_vi/")]:
        if not where.is_dir() or where.is_symlink():
            continue
        for tmp in where.iterdir():
            m = _TEMP_DIR.match(tmp.name)
            pid = int(m.group(1)) if m and tmp.is_dir() and not tmp.is_symlink() else None
            if pid is not None and not running(pid):
                shutil.rmtree(tmp, ignore_errors=True)
            elif (pid := is_temporary(tmp.name)) is not None and tmp.is_file() and not running(pid):
                tmp.unlink(missing_ok=True)


def run_quality(
    period: str | None = None,
    *,
    paths: Paths | None = None,
    out: Path | None = None,
    say: Callable[[str], None] = log.info,
    progress: bool = False,
) -> tuple[ReportResult, list[Path]]:
    """``lkdata quality``: clean if stale, write the send-back workbooks, render the quality notebook.

    Returns the notebook's result and the send-back workbooks written (office-only, under the
    processed folder).
    """
    import datetime as dt

    from ..io.reference import load_reference
    from ..io.send_back import write_send_back
    from .annex import write_quality_annex
    from .index import write_index

    paths = paths or Paths.default()
    ward = load_reference(paths.reference).ward
    if period is None:
        today = dt.date.today()
        period = f"{today.year}-H1" if today.month <= 6 else str(today.year)
    p = parse_period(period, ward)
    notebook = find_notebook(paths, QUALITY_NOTEBOOK)
    out = Path(out) if out else paths.reports
    outside_raw(out, paths.raw, "--out")
    job = ReportJob(
        p,
        notebook,
        out / "quality",
        f"chat_luong_du_lieu_{p.slug}",
        {"period": p.key, "processed": str(paths.processed.resolve())},
        ("html",),
        None,
        paths.processed,
        f"Báo cáo chất lượng dữ liệu (mức độ đầy đủ {p.label})",
        kind="quality",
    )
    with KernelPool() as kernels:
        kernels.warm(*kernel_for(job))  # its kernel starts while the data is checked and the workbooks written
        ensure_clean(paths, say, before_clean=kernels.drop_spare)
        workbooks = write_send_back(paths.processed)
        clean_stale_temporaries(out)
        say(f"Lập {job.title[:1].lower()}{job.title[1:]} ...")
        kernels.warm(*kernel_for(job))  # unless it is warming already
        result = run_report(job, progress=progress, kernels=kernels)
    if result.ok:
        result.outputs.append(write_quality_annex(p, paths, out / "quality" / f"{job.stem}.xlsx"))
    write_index(out)
    return result, workbooks

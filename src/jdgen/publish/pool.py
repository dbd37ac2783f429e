"""Rendering workers: a process pool whose workers keep templates and fonts warm.

Each task is one document with the files to make of it; the worker renders each file,
writes it to a temporary name in the output folder (flushed and fsynced) and returns only
metadata (temp path, sha256, size) — never the bytes. The parent moves the temp files into
place (see :meth:`jdgen.publish.outdir.OutputFolder.commit`). At most ``2 x jobs`` tasks are
in flight, so memory stays flat however many documents there are. ``jobs == 1`` renders in
this process with the same code and no pool.

Everything here is importable top-level code, so the pool also works with the ``spawn``
start method (macOS, Windows).
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import hashlib
import multiprocessing
import multiprocessing.context
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from jdgen.approval import ApprovalState
from jdgen.assets.templates import TemplateSet
from jdgen.errors import RenderError
from jdgen.publish.resolved_store import ResolvedCacheCorrupt, checked_document
from jdgen.render import formats as render_formats
from jdgen.render.html import RenderContext
from jdgen.resolve.document import DocumentHeader
from jdgen.write import write_temp


@dataclass(frozen=True)
class FileJob:
    """One file of a task: its name, language set and format."""

    name: str
    langs: tuple[str, ...]
    format: str


@dataclass(frozen=True)
class Task:
    """One document, as its header and stored body, and the files to render of it."""

    header: DocumentHeader
    body: str
    approval: ApprovalState
    files: tuple[FileJob, ...]


@dataclass(frozen=True)
class Rendered:
    """A file rendered into ``temp`` (not yet in place)."""

    name: str
    temp: Path
    sha256: str
    size: int
    seconds: float


@dataclass(frozen=True)
class Failed:
    """A file that could not be rendered, and why (``cache_damaged``: the resolved cache)."""

    name: str
    message: str
    seconds: float
    cache_damaged: bool = False


Result = Rendered | Failed

_templates: TemplateSet | None = None
_out: Path | None = None
_source_date: dt.datetime | None = None


def init_worker(
    templates_dir: Path | None,
    out_dir: Path,
    formats: tuple[str, ...] = ("pdf", "docx"),
    source_date: dt.datetime | None = None,
) -> None:
    """Load the project's templates once per worker process (from the folder the parent's
    set was made from) and let the renderers of ``formats`` warm up."""
    _install(TemplateSet(templates_dir), out_dir, formats, source_date)


def _install(
    templates: TemplateSet, out_dir: Path, formats: tuple[str, ...], source_date: dt.datetime | None
) -> None:
    """Make ``templates``, ``out_dir`` and the date of drafts (the parent's
    ``SOURCE_DATE_EPOCH``) this process's, for :func:`render_task`."""
    global _templates, _out, _source_date
    _templates = templates
    _source_date = source_date
    _ = _templates.jinja
    _out = out_dir
    render_formats.warm_up(_templates, formats)


def render_task(task: Task) -> list[Result]:
    """Render every file of one document into temp files in the output folder."""
    assert _templates is not None and _out is not None, "init_worker was not called"
    ctx = RenderContext(templates=_templates, approval=task.approval, source_date=_source_date)
    try:
        document = checked_document(task.header, task.body)
    except ResolvedCacheCorrupt as err:
        return [Failed(job.name, f"{type(err).__name__}: {err}", 0.0, True) for job in task.files]
    results: list[Result] = []
    for job in task.files:
        start = time.perf_counter()
        try:
            data = render_formats.RENDERERS[job.format](document, job.langs, ctx)
            temp = write_temp(_out, job.name, data)
        except RenderError as err:
            results.append(Failed(job.name, str(err), time.perf_counter() - start))
            continue
        except Exception as err:  # one broken document must not stop the others
            results.append(
                Failed(job.name, f"{type(err).__name__}: {err}", time.perf_counter() - start)
            )
            continue
        results.append(
            Rendered(
                job.name,
                temp,
                hashlib.sha256(data).hexdigest(),
                len(data),
                time.perf_counter() - start,
            )
        )
    return results


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers start from a clean process, never as forks of the parent.

    A forked worker inherits the parent's heap — the document index, the manifest, what
    the analysis left — and Python soon copies those pages (reference counts, the garbage
    collector's passes), so each worker would grow with the library. ``forkserver`` forks
    workers from a small server process that has imported only this module.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def run_tasks(
    tasks: Iterable[Task],
    jobs: int,
    templates: TemplateSet,
    out_dir: Path,
    formats: tuple[str, ...] = ("pdf", "docx"),
    source_date: dt.datetime | None = None,
) -> Iterator[tuple[Task, list[Result]]]:
    """Render ``tasks`` (in ``formats``, drafts dated ``source_date``) on ``jobs`` workers,
    yielding each task's results as it finishes.

    With one job they render here, with ``templates`` itself; each worker process makes
    its own set once, from the folder ``templates`` was made from.
    """
    if jobs <= 1:
        _install(templates, out_dir, formats, source_date)
        for task in tasks:
            yield task, render_task(task)
        return
    pending = iter(tasks)
    window = 2 * jobs
    pool = cf.ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_worker_context(),
        initializer=init_worker,
        initargs=(templates.project_templates, out_dir, formats, source_date),
    )
    running: dict[cf.Future[list[Result]], Task] = {}
    completed = False
    try:
        while True:
            while len(running) < window:
                queued = next(pending, None)
                if queued is None:
                    break
                try:
                    running[pool.submit(render_task, queued)] = queued
                except cf.BrokenExecutor as err:
                    yield queued, _failed(queued, err)
            if not running:
                completed = True
                return
            finished, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                task = running.pop(future)
                try:
                    results = future.result()
                except Exception as err:  # the worker process died (killed, out of memory)
                    results = _failed(task, err)
                yield task, results
    finally:
        # Interrupted: do not wait for running tasks; their temp files are claimed in the
        # journal and removed by the next build.
        pool.shutdown(wait=completed, cancel_futures=True)


def _failed(task: Task, err: BaseException) -> list[Result]:
    message = f"build worker failed: {type(err).__name__}: {err}"
    return [Failed(job.name, message, 0.0) for job in task.files]

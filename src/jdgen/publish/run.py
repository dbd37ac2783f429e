"""The build: plan targets, skip what is up to date, render the rest, keep the manifest true."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jdgen.errors import UsageError
from jdgen.project import Project, ProjectConfig, as_project
from jdgen.publish.manifest import Entry
from jdgen.publish.outdir import OutputFolder
from jdgen.publish.plan import ApprovalSource, Environment, Target, approval_lookup, plan_targets
from jdgen.publish.pool import Failed, FileJob, Result, Task, run_tasks
from jdgen.publish.progress import Progress
from jdgen.publish.resolved import ResolvedStore
from jdgen.publish.result import BuildResult, Outcome, Status
from jdgen.publish.shard import Shard
from jdgen.render.formats import RENDERERS
from jdgen.render.pdf_stack import subset_warning
from jdgen.render.preflight import check_templates
from jdgen.resolve.document import Document, DocumentHeader
from jdgen.resolve.select import select_documents

COMMIT_EVERY = 64  # files per manifest rewrite...
COMMIT_SECONDS = 0.5  # ...or this often, whichever comes first...
COMMIT_SHARE = 20  # ...but never sooner than 20x the last rewrite took (at most ~5% of time)


@dataclass
class CommitPacer:
    """When a build moves finished files into place and rewrites the manifest.

    A rewrite costs time in proportion to the files listed, so committing every
    ``COMMIT_EVERY`` files would make a cold build of N files O(N^2): at 20,000 files it
    spent most of its time rewriting the manifest. Waiting at least ``COMMIT_SHARE`` times
    the last rewrite's cost keeps rewriting under about 5% of the build whatever its size.
    """

    last: float  # when the last commit ended (time.monotonic())
    cost: float = 0.0  # how long it took

    def due(self, finished: int, now: float) -> bool:
        """Whether to commit ``finished`` files waiting since :attr:`last`, at ``now``."""
        waited = now - self.last
        return (
            finished >= COMMIT_EVERY or waited >= COMMIT_SECONDS
        ) and waited >= COMMIT_SHARE * self.cost

    def committed(self, started: float, ended: float) -> None:
        """Record a commit that ran from ``started`` to ``ended``."""
        self.last, self.cost = ended, ended - started


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how.

    ``complete`` says the selection is the project's whole default set (no ids, formats or
    languages given on the command line): then listed files that are no longer planned are
    removed. Otherwise only files of documents the project no longer publishes are removed.
    """

    formats: tuple[str, ...]
    langs: tuple[tuple[str, ...], ...]
    ids: tuple[str, ...] = ()
    jobs: int = 1
    shard: Shard | None = None
    force: bool = False
    complete: bool = True


def check_formats(formats: tuple[str, ...]) -> None:
    """Every requested format must have a renderer in this jdgen."""
    unavailable = [f for f in formats if f not in RENDERERS]
    if unavailable:
        raise UsageError(
            f"format {unavailable[0]} cannot be rendered by this jdgen; "
            f"available: {', '.join(RENDERERS)}"
        )


def plan_files(
    source: Project | ProjectConfig,
    documents: list[DocumentHeader],
    options: BuildOptions,
    approvals: ApprovalSource = None,
) -> list[Target]:
    """Every file the build should publish, with its key."""
    project = as_project(source)
    check_formats(options.formats)
    selected = select_documents(documents, options.ids)
    if options.shard is not None:
        selected = [d for d in selected if options.shard.contains(d.id)]
    env = Environment.current(project.assets.templates, project.source_date)
    return plan_targets(selected, options.formats, options.langs, approval_lookup(approvals), env)


def build(
    source: Project | ProjectConfig,
    documents: ResolvedStore | list[Document],
    options: BuildOptions,
    approvals: ApprovalSource = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Bring the output folder up to date with ``documents`` (a store, or documents resolved
    just now); one failure stops nothing."""
    started = time.perf_counter()
    project = as_project(source)
    store = (
        documents if isinstance(documents, ResolvedStore) else ResolvedStore.of_documents(documents)
    )
    headers = store.headers()
    targets = plan_files(project, headers, options, approvals)
    shard = options.shard
    folder = OutputFolder(project.output, shard.suffix if shard else "")
    folder.lock()
    result = BuildResult()
    try:
        folder.load()
        adopt_other_manifests(folder, shard)
        loaded_stats = dict(folder.stats)
        planned = {t.name: t for t in targets}
        result.cleaned = folder.clean_temps(planned)
        published = {d.id for d in headers}
        stale = sorted(
            name
            for name, entry in folder.entries.items()
            if name not in planned and (options.complete or entry.document not in published)
        )
        todo: list[Target] = []
        for target in targets:
            entry = folder.entries.get(target.name)
            if (
                not options.force
                and entry is not None
                and entry.key == target.key
                and folder.matches_disk(entry)
            ):
                result.outcomes.append(_outcome(target, "unchanged"))
            else:
                todo.append(target)
        if todo:  # a cache is checked against the sources before anything is rendered
            store.confirm()
        if todo:  # a broken template stops the build before it changes the folder
            result.warnings = check_templates(
                project.assets.templates,
                {t.format for t in todo},
                {lang for t in todo for lang in t.langs},
            )
            subsetting = subset_warning() if any(t.format == "pdf" for t in todo) else None
            if subsetting is not None:
                result.warnings.append(subsetting)
        # Files kept from earlier builds that someone changed on disk are no longer ours.
        carried = [e for n, e in folder.entries.items() if n not in planned and n not in stale]
        disowned = [e.path for e in carried if not folder.matches_disk(e)]
        for name in disowned:
            del folder.entries[name]
        if todo or stale:
            folder.claim([t.name for t in todo] + stale)
        folder.remove(stale)
        result.removed = stale
        if disowned or not folder.manifest_path.exists():
            folder.write_manifest()
        _render(project, folder, store, todo, options.jobs, result, progress)
        if folder.stats != loaded_stats or folder.claims:
            folder.finish()
    finally:
        folder.unlock()
        result.elapsed = time.perf_counter() - started
    result.outcomes.sort(key=lambda o: o.path)
    return result


def _outcome(target: Target, status: Status, message: str = "", seconds: float = 0.0) -> Outcome:
    return Outcome(
        target.name, target.document.id, target.lang, target.format, status, message, seconds
    )


def _tasks(store: ResolvedStore, todo: list[Target]) -> Iterator[Task]:
    """One task per document, with all of its files (the document is pickled once).

    A document's body is read here, into the task: the parent holds headers only, and a
    damaged body is replaced (from a fresh analysis) before anything is rendered from it.
    """
    by_doc: dict[str, list[Target]] = {}
    for target in todo:
        by_doc.setdefault(target.document.id, []).append(target)
    for group in by_doc.values():
        header = group[0].document
        yield Task(
            header,
            store.body(header),
            group[0].approval,
            tuple(FileJob(t.name, t.langs, t.format) for t in group),
        )


def _render(
    project: Project,
    folder: OutputFolder,
    store: ResolvedStore,
    todo: list[Target],
    jobs: int,
    result: BuildResult,
    progress: Progress | None,
) -> None:
    """Render ``todo`` and commit finished files in batches."""
    if not todo:
        return
    by_name = {t.name: t for t in todo}
    batch: list[tuple[Entry, Path]] = []
    pacer = CommitPacer(time.monotonic())
    if progress is not None:
        progress.start(len(todo))
    try:
        workers = min(jobs, len({t.document.id for t in todo}))  # no idle workers to start
        formats = tuple(sorted({t.format for t in todo}))
        for _task, results in run_tasks(
            _tasks(store, todo),
            workers,
            project.assets.templates,
            folder.root,
            formats,
            project.source_date.moment,
        ):
            for done in results:
                finished = _record(by_name[done.name], done, store, result, progress)
                if finished is not None:
                    batch.append(finished)
            now = time.monotonic()
            if batch and pacer.due(len(batch), now):
                folder.commit(batch)
                batch = []
                pacer.committed(now, time.monotonic())
    finally:
        folder.commit(batch)  # finished files are complete: list them even when interrupted
        if progress is not None:
            progress.finish()


def _record(
    target: Target,
    done: Result,
    store: ResolvedStore,
    result: BuildResult,
    progress: Progress | None,
) -> tuple[Entry, Path] | None:
    """Note the outcome of one rendered (or failed) file; the manifest entry and temp file
    of a rendered one, to commit."""
    if isinstance(done, Failed):
        if done.cache_damaged:
            store.discard()
        result.outcomes.append(_outcome(target, "failed", done.message, done.seconds))
        if progress is not None:
            progress.advance(done.name, done.message)
        return None
    entry = Entry(
        target.name,
        done.sha256,
        done.size,
        target.document.id,
        target.lang,
        target.format,
        target.document.digest,
        target.approval.status,
        target.key,
    )
    result.outcomes.append(_outcome(target, "built", seconds=done.seconds))
    if progress is not None:
        progress.advance(done.name)
    return entry, done.temp


def adopt_other_manifests(folder: OutputFolder, shard: Shard | None) -> None:
    """Take over entries of our documents that another manifest in the folder lists.

    A full build absorbs every shard manifest (after ``jdgen manifest merge``, or shards
    built one after another into one folder); a shard build takes its documents' entries
    from ``manifest.json`` and from shard manifests of a different split. Our manifest is
    written first, then the other one is rewritten without the entries (or deleted when
    empty), so that a kill in between leaves a file listed twice — correctly both times.
    ``folder`` must be loaded already.
    """
    others = _other_manifests(folder, shard)
    if not others:
        return
    for other in others:
        other.lock(timeout=30)
        try:
            other.load()
            _take_over(folder, other, shard)
        finally:
            other.unlock()
    folder.save_stats()


def _other_manifests(folder: OutputFolder, shard: Shard | None) -> list[OutputFolder]:
    """The manifests in ``folder``'s output folder a build of ``shard`` takes entries from."""
    shards = [
        OutputFolder(folder.root, p.name[len("manifest") : -len(".json")])
        for p in sorted(folder.root.glob("manifest.shard-*-of-*.json"))
    ]
    if shard is None:
        return shards
    same_split = f"-of-{shard.count}"
    candidates = [OutputFolder(folder.root, "")] + [
        o for o in shards if not o.suffix.endswith(same_split)
    ]
    return [o for o in candidates if o.manifest_path.exists()]


def _take_over(folder: OutputFolder, other: OutputFolder, shard: Shard | None) -> None:
    """Move the entries of ``shard``'s documents (all, for a full build) from the loaded
    manifest ``other`` into ``folder``'s: ours written first, then ``other`` without them."""
    mine = (lambda doc_id: True) if shard is None else shard.contains
    moving = {p: e for p, e in other.entries.items() if mine(e.document)}
    if not moving and other.entries:
        return
    for path, entry in moving.items():
        folder.entries.setdefault(path, entry)
        if path in other.stats:
            folder.stats.setdefault(path, other.stats[path])
    if shard is None:
        folder.claims |= other.claims
    folder.write_manifest()
    if folder.claims:
        folder.claim(())
    for path in moving:
        del other.entries[path]
    if other.entries:
        other.write_manifest()
        return
    for own_file in (other.manifest_path, other.cache_path):
        own_file.unlink(missing_ok=True)
    if shard is None:
        other.journal_path.unlink(missing_ok=True)

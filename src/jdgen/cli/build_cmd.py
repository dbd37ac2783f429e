"""``jdgen build``."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from jdgen.cli import Settings, pass_settings
from jdgen.cli.completion import complete_document_ids
from jdgen.cli.options import FILE
from jdgen.errors import Outcome, ProblemsFound, UsageError
from jdgen.pipeline import load_headers
from jdgen.project import KNOWN_FORMATS, Project, ProjectConfig
from jdgen.publish import BuildOptions, BuildResult, Shard, plan_files
from jdgen.publish import build as run_build
from jdgen.publish.check import check as run_check
from jdgen.publish.outdir import RESOLVED_NAME
from jdgen.publish.plan import ApprovalSource
from jdgen.publish.progress import Progress
from jdgen.publish.report import REPORT_FORMATS, render_report
from jdgen.publish.resolved import ResolvedStore, load_store
from jdgen.publish.resolved_store import ResolvedCacheDisagrees
from jdgen.resolve.document import DocumentHeader
from jdgen.write import check_writable, write_atomic
from jdgen.write.guard import refuse_source_folder, refuse_source_output


def parse_formats(value: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    """``pdf,docx`` -> ``("pdf", "docx")``; unknown names are a usage error."""
    if value is None:
        return default
    names = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    unknown = [n for n in names if n not in KNOWN_FORMATS]
    if unknown or not names:
        raise UsageError(
            f"--format: unknown format {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(KNOWN_FORMATS)}"
        )
    return names


def parse_langs(
    value: str | None, languages: tuple[str, ...], editions: tuple[tuple[str, ...], ...] = ()
) -> tuple[tuple[str, ...], ...]:
    """``th,en`` -> one document per language; ``th+en`` -> one bilingual document.

    Without ``--lang``: the ``editions`` of jdgen.toml, else one edition per language.
    """
    if value is None:
        return editions or tuple((lang,) for lang in languages)
    out: list[tuple[str, ...]] = []
    for group in (g.strip() for g in value.split(",") if g.strip()):
        langs = tuple(group.split("+"))
        unknown = [lang for lang in langs if lang not in languages]
        if unknown:
            raise UsageError(
                f"--lang: '{unknown[0]}' is not a project language; jdgen.toml "
                f"lists {', '.join(languages)}"
            )
        out.append(langs)
    if not out:
        raise UsageError("--lang: give at least one language")
    return tuple(dict.fromkeys(out))


def approval_source(config: ProjectConfig, documents: list[DocumentHeader]) -> ApprovalSource:
    """Each document's approval state from the sign-off ledger (draft without sign-off)."""
    from jdgen.signoff.printed import printed_approval_states

    return printed_approval_states(config, documents)


def summary_line(result: BuildResult, output: str) -> str:
    """``3 built, 5 unchanged, 1 removed, 0 failed in 0.42 s (output/)``."""
    return (
        f"{result.count('built')} built, {result.count('unchanged')} unchanged, "
        f"{len(result.removed)} removed, {result.count('failed')} failed "
        f"in {result.elapsed:.2f} s ({output}/)"
    )


FILES_NAMED = 6  # files named per failure message at the end of a build


def failure_lines(result: BuildResult) -> list[str]:
    """One line per distinct failure, naming the files it failed (the progress lines
    already gave each file; a broken role fails all of its files alike)."""
    grouped: dict[str, list[str]] = {}
    for outcome in result.failed:
        grouped.setdefault(outcome.message, []).append(outcome.path)
    lines = []
    for message, paths in grouped.items():
        more = len(paths) - FILES_NAMED
        named = ", ".join(paths[:FILES_NAMED]) + (f" and {more} more" if more > 0 else "")
        lines.append(f"jdgen: {named}: {message}")
    return lines


@click.command()
@click.argument("ids", nargs=-1, shell_complete=complete_document_ids)
@click.option(
    "--format",
    "formats",
    metavar="LIST",
    help="Comma-separated formats: pdf,docx,html (default: jdgen.toml formats).",
)
@click.option(
    "--lang",
    "langs",
    metavar="LIST",
    help="Comma-separated languages; th+en makes one bilingual document "
    "(default: jdgen.toml editions, else each language).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Render on N processes (default: the number of CPUs; 1: no pool).",
)
@click.option("--strict", is_flag=True, help="Treat lint warnings as errors.")
@click.option(
    "--shard",
    metavar="K/N",
    help="Build only shard K of N (stable split by document id); writes "
    "manifest.shard-K-of-N.json.",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Validate and verify output/ against its manifests; write nothing.",
)
@click.option("--force", is_flag=True, help="Render every file even if it is up to date.")
@click.option(
    "--report",
    "report_path",
    type=FILE,
    help="Write a report of every file's outcome to FILE.",
)
@click.option(
    "--report-format",
    type=click.Choice(REPORT_FORMATS),
    default="json",
    show_default=True,
    help="Report format: json, or junit (XML) for CI test views.",
)
@pass_settings
def build(
    settings: Settings,
    ids: tuple[str, ...],
    formats: str | None,
    langs: str | None,
    jobs: int | None,
    strict: bool,
    shard: str | None,
    check_only: bool,
    force: bool,
    report_path: Path | None,
    report_format: str,
) -> Outcome:
    """Publish documents (all, or IDS) to the output folder, with output/manifest.json.

    An id names a document, or a role with variants and so every variant's document.

    Only files whose inputs changed are rendered again; files of deleted roles are removed.
    Exits 1 if the input is invalid or any document failed (the others are still built).
    """
    started = time.perf_counter()
    _refuse_check_with(check_only, report_path, force)
    project = settings.open()
    config = project.config
    _ = project.source_date  # a malformed SOURCE_DATE_EPOCH is refused before any work
    options = BuildOptions(
        formats=parse_formats(formats, config.formats),
        langs=parse_langs(langs, config.languages, config.editions),
        ids=ids,
        jobs=jobs or os.cpu_count() or 1,
        shard=Shard.parse(shard) if shard else None,
        force=force,
        complete=not ids and formats is None and langs is None,
    )
    if not check_only:  # a file where the output folder should be, or a report path that
        # cannot be written, is reported before the build, not after it
        _refuse_outputs(config, report_path)
    if check_only:  # plans and checks, never renders: headers are enough
        headers = load_headers(project, strict)
        for problem in headers.warnings:
            click.echo(str(problem), err=True)
        return _check(
            project, headers.documents, options, approval_source(config, headers.documents)
        )
    store, warnings = load_store(project, strict, config.output_dir / RESOLVED_NAME)
    for problem in warnings:
        click.echo(str(problem), err=True)
    approvals = approval_source(config, store.headers())
    result = _run(project, store, options, approvals, strict)
    result.elapsed = time.perf_counter() - started
    for problem in result.warnings:
        click.echo(str(problem), err=True)
    click.echo(summary_line(result, config.output), err=True)
    if report_path is not None:
        write_atomic(report_path, render_report(result, report_format))
    for line in failure_lines(result):
        click.echo(line, err=True)
    return Outcome.PROBLEMS if result.failed else Outcome.OK


def _refuse_check_with(check_only: bool, report_path: Path | None, force: bool) -> None:
    """``--check`` renders and writes nothing: ``--report`` and ``--force`` are refused."""
    if check_only and (report_path is not None or force):
        option = "--report" if report_path is not None else "--force"
        raise UsageError(
            f"--check writes and renders nothing, so {option} cannot apply; drop one of them"
        )


def _refuse_outputs(config: ProjectConfig, report_path: Path | None) -> None:
    """Refuse an output folder or ``--report`` file that is a source or cannot be written."""
    refuse_source_folder(config.output_dir, f"output = {config.output!r} in jdgen.toml")
    check_writable(config.output_dir / "manifest.json")
    if report_path is not None:
        refuse_source_output(report_path, option="--report")
        check_writable(report_path)


def _run(
    project: Project,
    store: ResolvedStore,
    options: BuildOptions,
    approvals: ApprovalSource,
    strict: bool,
) -> BuildResult:
    """Build, from the sources again when the resolved cache disagrees with them."""
    stream = sys.stderr
    progress = Progress(stream, tty=stream.isatty())
    try:
        return run_build(project, store, options, approvals, progress)
    except ResolvedCacheDisagrees as err:  # nothing was changed: build from the sources
        click.echo(f"jdgen: warning: {err}", err=True)
        for problem in err.warnings:
            click.echo(str(problem), err=True)
        if strict and err.warnings:
            raise ProblemsFound(err.warnings) from None
        approvals = approval_source(project.config, err.store.headers())
        return run_build(project, err.store, options, approvals, progress)


def _check(
    project: Project,
    documents: list[DocumentHeader],
    options: BuildOptions,
    approvals: ApprovalSource,
) -> Outcome:
    config = project.config
    targets = plan_files(project, documents, options, approvals)
    found = run_check(project, targets, options.shard)
    for problem in found.warnings:
        click.echo(str(problem), err=True)
    for message in found.mismatches:
        click.echo(f"jdgen: {config.output}/{message}", err=True)
    listed = ", ".join(found.manifests) or "no manifest"
    click.echo(
        f"{len(documents)} document(s) valid; {found.up_to_date} file(s) up to date, "
        f"{len(found.outdated)} to build; {listed}: "
        f"{'ok' if found.ok else f'{len(found.mismatches)} mismatch(es)'}",
        err=True,
    )
    return Outcome.OK if found.ok else Outcome.PROBLEMS


COMMANDS = [build]

"""``jdgen diff``: clause-level redlines between two versions (exit 0 same, 1 differ, 2 trouble)."""

from __future__ import annotations

import difflib
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from jdgen.assets.templates import TemplateSet
from jdgen.cli import Settings, pass_settings, report_error
from jdgen.cli.completion import complete_document_ids
from jdgen.dates import source_date_epoch
from jdgen.diff import diff_sets
from jdgen.diff.formats import DEFAULT_AUTHOR, FIXED_DATE, FORMATS, Options, writers
from jdgen.diff.model import SetDiff
from jdgen.diff.sources import (
    Side,
    external_side,
    parse_side,
    revision_side,
    since_approval_sides,
    worktree_side,
)
from jdgen.errors import JdgenError, UnknownDocument, UsageError
from jdgen.folders import TEMPLATES
from jdgen.project import find_project
from jdgen.write import write_atomic
from jdgen.write.guard import refuse_source_output

EXIT_SAME = 0
EXIT_DIFFERENT = 1
EXIT_TROUBLE = 2


def revision_date(value: str | None, side: Side) -> datetime:
    """--date, else the NEW side's commit date, else SOURCE_DATE_EPOCH, else 1980-01-01."""
    if value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise UsageError(f"--date: '{value}' is not an ISO date like 2024-05-01 or "
                             "2024-05-01T09:30:00+07:00") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if side.date is not None:
        return side.date
    epoch = source_date_epoch()  # a malformed value is a usage error, as in build
    return epoch if epoch is not None else FIXED_DATE


def parse_lang(value: str | None, diff: SetDiff) -> tuple[str, ...]:
    """``th`` or ``th,en`` -> languages to show; each must be a language of the documents."""
    if not value:
        return ()
    langs = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    unknown = [lang for lang in langs if lang not in diff.languages]
    if unknown or not langs:
        raise UsageError(f"--lang: '{unknown[0] if unknown else value}' is not a language of "
                         f"these documents ({', '.join(diff.languages)})")
    return langs


def _since_approval(settings: Settings, doc_id: str) -> tuple[Side, Side]:
    """The last approved content of ``doc_id`` (from the ledger) and its current content."""
    from jdgen.pipeline import load_documents

    config = settings.config()
    current = load_documents(config).document(doc_id)
    if current is None:
        raise UnknownDocument(f"unknown document '{doc_id}'; `jdgen list` shows the ids")
    sides = since_approval_sides(config, current)
    if sides is None:
        raise UsageError(f"{doc_id} has never been approved; there is no approved text to "
                         "compare with (`jdgen status` shows who has signed)")
    return sides


def _sides(settings: Settings, sides: tuple[str, ...], from_rev: str | None,
           to_rev: str | None) -> tuple[Side, Side, bool]:
    """The old and new side, and whether documents pair by variant (two role files)."""
    if from_rev is None and to_rev is not None:
        raise UsageError("--to needs --from")
    if from_rev is not None:
        if sides:
            raise UsageError("give either OLD NEW or --from REV [--to REV], not both")
        root = find_project(settings.project)
        old = revision_side(root, from_rev)
        new = revision_side(root, to_rev) if to_rev else worktree_side(root)
        return old, new, False
    if len(sides) != 2:
        raise UsageError("give two versions: OLD NEW (role files or REV:path), or --from REV")
    cwd = Path.cwd()
    old, new = parse_side(sides[0], cwd), parse_side(sides[1], cwd)
    return old, new, old.role_id != new.role_id


def redline_templates(old: Side, new: Side) -> TemplateSet:
    """The templates dressing the DOCX redline: the NEW side's project's (else the OLD's),
    so a project's ``templates/docx/reference.docx`` and labels apply; else the package's."""
    project = new.project or old.project
    return TemplateSet(project / TEMPLATES if project is not None else None)


def _external(settings: Settings, args: tuple[str, ...]) -> tuple[Side, Side]:
    if len(args) not in (7, 9):
        raise UsageError("--git-external expects git's 7 arguments: path old-file old-hex "
                         "old-mode new-file new-hex new-mode")
    path, old_file, new_file = args[0], args[1], args[4]
    new_path = args[7] if len(args) == 9 else path
    root = find_project(settings.project, start=(Path.cwd() / new_path).parent)
    old = external_side(root, path, old_file, f"a/{path}")
    new = external_side(root, new_path, new_file, f"b/{new_path}")
    return old, new


def _input_files(sides: tuple[str, ...], git_external: bool) -> list[Path]:
    """The files on disk the diff reads: OLD and NEW when they are files, or git's two
    temporary copies in ``--git-external`` mode."""
    named = [sides[1], sides[4]] if git_external and len(sides) in (7, 9) else list(sides)
    return [Path(name) for name in named if Path(name).exists()]


def _plain_fallback(args: tuple[str, ...]) -> str:
    """A unified diff of the two YAML files, for git when the roles cannot be resolved."""
    def lines(name: str) -> list[str]:
        if name == "/dev/null" or not Path(name).is_file():
            return []
        return Path(name).read_text(encoding="utf-8", errors="replace").splitlines(True)

    path = args[0]
    return "".join(difflib.unified_diff(lines(args[1]), lines(args[4]), f"a/{path}",
                                        f"b/{args[7] if len(args) == 9 else path}"))


@click.command()
@click.argument("sides", nargs=-1, metavar="[OLD NEW]")
@click.option("--from", "from_rev", metavar="REV",
              help="Compare the whole project at git revision REV ...")
@click.option("--to", "to_rev", metavar="REV",
              help="... with the project at REV (default: the working tree).")
@click.option("--lang", "langs", metavar="LIST",
              help="Languages to show, e.g. th or th,en (default: all).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="term",
              show_default=True, help="Output format; docx needs -o.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (atomically) instead of standard output.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour term output (auto: on a terminal, no NO_COLOR).")
@click.option("--author", help="Revision author in the DOCX (default: the NEW commit's "
                               "author, else 'jdgen').")
@click.option("--date", help="Revision date in the DOCX, ISO (default: the NEW commit's "
                             "date, else SOURCE_DATE_EPOCH, else 1980-01-01).")
@click.option("--since-approval", "since_approval", metavar="ID",
              shell_complete=complete_document_ids,
              help="Compare document ID's last approved text (from the ledger) with its "
                   "current text.")
@click.option("--git-external", is_flag=True,
              help="Called by git as diff.jdgen.command with git's 7 arguments.")
@pass_settings
def diff(settings: Settings, sides: tuple[str, ...], from_rev: str | None, to_rev: str | None,
         langs: str | None, fmt: str, output: Path | None, color: str, author: str | None,
         date: str | None, since_approval: str | None, git_external: bool) -> None:
    """Show what changed between two versions, clause by clause.

    OLD and NEW are role files (each resolved in its own project) or REV:path read from git
    (path from the repository top, e.g. HEAD~1:roles/account-manager.yaml). With --from,
    every document of the project is compared; with --since-approval ID, the document's
    last approved text from the sign-off ledger is compared with its current text. Exit
    status: 0 no differences, 1 differences, 2 trouble (bad file, bad revision, invalid
    roles).
    """
    if output is not None:  # before any work, so that a refusal writes nothing (exit 2)
        refuse_source_output(output, _input_files(sides, git_external))
    try:
        if git_external:
            old, new = _external(settings, sides)
            by_variant = False
        elif since_approval is not None:
            if sides or from_rev or to_rev:
                raise UsageError("--since-approval ID compares one document; give no other "
                                 "versions")
            old, new = _since_approval(settings, since_approval)
            by_variant = False
        else:
            old, new, by_variant = _sides(settings, sides, from_rev, to_rev)
        result = diff_sets(old.documents, new.documents, old.label, new.label, by_variant)
        if fmt == "docx" and output is None:
            raise UsageError("--format docx writes a file: give -o FILE.docx")
        stream = sys.stdout
        use_color = color == "always" or (
            color == "auto" and output is None and stream.isatty()
            and not os.environ.get("NO_COLOR"))
        options = Options(langs=parse_lang(langs, result), color=use_color,
                          author=author or new.author or DEFAULT_AUTHOR,
                          date=revision_date(date, new), templates=redline_templates(old, new),
                          old_commit=old.commit or "", new_commit=new.commit or "")
        data = writers()[fmt](result, options)
        if output is not None:
            write_atomic(output, data)
        else:
            click.echo(data.decode("utf-8"), nl=False, color=use_color)
    except JdgenError as error:
        report_error(error)
        if git_external and len(sides) in (7, 9):
            click.echo(f"jdgen: showing the YAML text diff of {sides[0]} instead", err=True)
            click.echo(_plain_fallback(sides), nl=False)
            sys.exit(EXIT_SAME)
        sys.exit(EXIT_TROUBLE)
    if git_external:
        sys.exit(EXIT_SAME)  # git stops at an external diff that exits non-zero
    sys.exit(EXIT_DIFFERENT if result.changed else EXIT_SAME)


COMMANDS = [diff]

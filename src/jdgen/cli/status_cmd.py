"""``jdgen status``."""

from __future__ import annotations

import json
from typing import Any

import click

from jdgen.cli import Settings, pass_settings
from jdgen.cli.completion import complete_document_ids
from jdgen.cli.options import format_option
from jdgen.cli.trust_view import trust_details
from jdgen.pipeline import analyse_headers
from jdgen.resolve.select import select_documents
from jdgen.signoff.status import DocumentStatus, document_statuses

HEADERS = ("DOCUMENT", "STATUS", "REVISION", "APPROVED ON", "TO SIGN", "NOTE")


def note(status: DocumentStatus) -> str:
    """What the table's last column says about a document's approval history."""
    last = status.last_approval
    if last is None:
        return ""
    if status.stale:
        return f"stale: text changed since revision {last.revision} ({last.date.isoformat()})"
    if status.current is not None and status.current.revision != last.revision:
        return f"revision {last.revision} ({last.date.isoformat()}) was approved for other text"
    return ""


def row(status: DocumentStatus) -> tuple[str, ...]:
    """One table row."""
    current = status.current
    return (
        status.id,
        status.status,
        str(current.revision) if current else "-",
        current.date.isoformat() if current else "-",
        ", ".join(status.missing) or "-",
        note(status),
    )


def table(statuses: list[DocumentStatus]) -> str:
    """The status table, columns aligned, no trailing spaces."""
    rows = [HEADERS, *(row(s) for s in statuses)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADERS) - 1)]
    lines = []
    for r in rows:
        cells = [cell.ljust(width) for cell, width in zip(r, widths, strict=False)]
        lines.append("  ".join([*cells, r[-1]]).rstrip())
    return "\n".join(lines)


def as_json(status: DocumentStatus) -> dict[str, Any]:
    """A document's status as JSON-ready data."""
    current = status.current
    last = status.last_approval
    return {
        "id": status.id,
        "status": status.status,
        "digest": status.document.digest,
        "revision": current.revision if current else None,
        "approved_on": current.date.isoformat() if current else None,
        "missing": list(status.missing),
        "signoffs": [
            {
                "entry": e.seq,
                "role": e.role,
                "name": e.name,
                "post": e.post,
                "posts": dict(e.posts) or None,
                "date": e.date.isoformat(),
                "note": e.note,
            }
            for e in status.signoffs
        ],
        "stale": status.stale,
        "last_approved": None
        if last is None
        else {"revision": last.revision, "date": last.date.isoformat(), "digest": last.digest},
        "approvals": [
            {
                "revision": a.revision,
                "date": a.date.isoformat(),
                "digest": a.digest,
                "approver": a.entry.name,
            }
            for a in status.approvals
        ],
        "ledger_entries": status.head.seq if status.head else 0,
        "ledger_head": status.head.hash if status.head else None,
    }


def summary(statuses: list[DocumentStatus]) -> str:
    """``3 document(s): 1 approved, 1 in-review, 1 draft (1 stale)``."""
    counts = {
        k: sum(1 for s in statuses if s.status == k) for k in ("approved", "in-review", "draft")
    }
    stale = sum(1 for s in statuses if s.stale)
    return (
        f"{len(statuses)} document(s): {counts['approved']} approved, "
        f"{counts['in-review']} in-review, {counts['draft']} draft ({stale} stale)"
    )


@click.command("status")
@click.argument("ids", nargs=-1, shell_complete=complete_document_ids)
@format_option(["text", "json"], "text")
@pass_settings
def status_command(settings: Settings, ids: tuple[str, ...], fmt: str) -> None:
    """Show whether each document (all, or IDS) is draft, in-review or approved for its
    current content, who still has to sign, and whether an approval went stale."""
    state = analyse_headers(settings.open())  # status reads no clause
    documents = select_documents(
        state.documents, ids, "`jdgen status` without ids lists every document"
    )
    statuses = list(document_statuses(state.config, documents).values())
    trust = trust_details(state.config)
    if fmt == "json":
        click.echo(
            json.dumps(
                {"documents": [trust.extend_json(s, as_json(s)) for s in statuses]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        click.echo(table(statuses))
        if ids:
            for status in statuses:
                for line in trust.lines(status):
                    click.echo(line)
    if state.errors:
        click.echo(
            f"{len(state.errors)} error(s) in the role files: documents that do not "
            "resolve are not listed (jdgen validate)",
            err=True,
        )
    click.echo(summary(statuses), err=True)


COMMANDS = [status_command]

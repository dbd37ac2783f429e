"""``jdgen acknowledge``."""

from __future__ import annotations

from pathlib import Path

import click

from jdgen.cli import Settings, pass_settings
from jdgen.cli.options import FILE
from jdgen.errors import relative
from jdgen.pipeline import analyse
from jdgen.signoff.acknowledge import AckRequest, ack_path, acknowledge
from jdgen.signoff.ssh_sig import SigningKey, parse_signature


@click.command("acknowledge")
@click.argument("document")
@click.option("--name", required=True, help="The employee's full name, as printed.")
@click.option(
    "--employee-id",
    "employee_id",
    metavar="ID",
    help="The employee's number (identifies the person across revisions).",
)
@click.option("--date", metavar="YYYY-MM-DD", help="Day of the acknowledgement (default: today).")
@click.option(
    "--key",
    type=FILE,
    metavar="PATH",
    help="Sign the acknowledgement with the employee's SSH key.",
)
@pass_settings
def acknowledge_command(
    settings: Settings,
    document: str,
    name: str,
    employee_id: str | None,
    date: str | None,
    key: Path | None,
) -> None:
    """Record that an employee read DOCUMENT's current, approved content.

    Many employees acknowledge one document; after a change, `jdgen status DOCUMENT` lists
    who must acknowledge the new revision.
    """
    state = analyse(settings.open())
    # never git's signing key: HR often records an acknowledgement for the employee
    signing = SigningKey(path=key.expanduser()) if key is not None else None
    record, _ = acknowledge(state, AckRequest(document, name, employee_id, date, signing))
    f = record.fields
    path = relative(ack_path(state.config, f["document"]), state.config.root)
    who = f"{f['name']} ({f['employee_id']})" if f["employee_id"] else f["name"]
    click.echo(
        f"acknowledged {f['document']} revision {f['revision']}: {who}, {f['date']}; "
        f"entry {record.seq} of {path}",
        err=True,
    )
    if record.sig is not None:
        click.echo(f"signed with key {parse_signature(record.sig).fingerprint}", err=True)


COMMANDS = [acknowledge_command]

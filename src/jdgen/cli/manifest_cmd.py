"""``jdgen manifest``: work with build manifests (join the manifests of sharded builds)."""

from __future__ import annotations

from pathlib import Path

import click

from jdgen.cli.options import output_option
from jdgen.errors import Outcome
from jdgen.publish import manifest as manifests
from jdgen.write import check_writable
from jdgen.write.guard import refuse_source_output


@click.group()
def manifest() -> None:
    """Work with build manifests (output/manifest.json)."""


@manifest.command()
@click.argument(
    "sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@output_option("The merged manifest to write, e.g. output/manifest.json.", "target", True)
@click.option(
    "--verify/--no-verify",
    default=True,
    show_default=True,
    help="Check every listed file against the folder of the merged manifest.",
)
def merge(sources: tuple[Path, ...], target: Path, verify: bool) -> Outcome:
    """Join shard manifests (manifest.shard-K-of-N.json) into one manifest.

    The same file listed by two manifests must be listed identically; all manifests must
    come from the same jdgen version. Exits 1 (and writes nothing) otherwise, or when
    --verify finds a listed file missing or different.
    """
    refuse_source_output(target, sources, allow_manifest=True)
    check_writable(target)  # its folder is also where --verify looks for the files
    version, entries = manifests.merge([(str(p), p.read_bytes()) for p in sources])
    if verify:
        found = manifests.mismatches(target.parent, entries)
        for message in found:
            click.echo(f"jdgen: {target.parent}/{message}", err=True)
        if found:
            click.echo("jdgen: manifests do not match the files; nothing was written", err=True)
            return Outcome.PROBLEMS
    manifests.write(target, entries, version)
    click.echo(f"merged {len(sources)} manifest(s): {len(entries)} file(s) -> {target}", err=True)
    return Outcome.OK


COMMANDS = [manifest]

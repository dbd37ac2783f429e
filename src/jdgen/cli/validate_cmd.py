"""``jdgen validate``."""

from __future__ import annotations

import json

import click

from jdgen import pipeline
from jdgen.cli import Settings, pass_settings
from jdgen.cli.options import format_option
from jdgen.errors import Outcome
from jdgen.pipeline import ProjectState, analyse_each


@click.command()
@click.option("--strict", is_flag=True, help="Treat lint warnings as errors.")
@format_option(["text", "json"], "text")
@pass_settings
def validate(settings: Settings, strict: bool, fmt: str) -> Outcome:
    """Check every role file and print every problem as path:line:col: key: message."""
    project = settings.open()
    ids: list[str] = []  # the analysis streams: memory holds ids, not the library's text
    roles, problems = analyse_each(
        project, lambda doc: ids.append(doc.id), kept=pipeline.SPECS_KEPT
    )
    ids.sort()
    state = ProjectState(project, roles, [], problems)
    failed = state.failed(strict)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "valid": not failed,
                    "errors": len(state.errors),
                    "warnings": len(state.warnings),
                    "documents": ids if not state.errors else [],
                    "problems": [p.as_json() for p in state.problems],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in state.problems:
            click.echo(str(problem))
        if failed:
            click.echo(
                f"{len(state.errors)} error(s), {len(state.warnings)} warning(s)"
                + (" (warnings are errors under --strict)" if strict and state.warnings else ""),
                err=True,
            )
        else:
            click.echo(
                f"ok: {len(roles)} role file(s), {len(ids)} document(s), "
                f"{len(state.warnings)} warning(s)",
                err=True,
            )
    return Outcome.PROBLEMS if failed else Outcome.OK


COMMANDS = [validate]

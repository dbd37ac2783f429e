"""The ``jdgen`` command line: a thin click layer over the library.

Options are parsed here and the library is called. A command raises a library error or
returns an :class:`~jdgen.errors.Outcome`; :meth:`JdgenGroup.invoke` is the one place that
turns either into messages and an exit code (the mapping is in :mod:`jdgen.errors`). Nothing
below this package imports click.
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from jdgen import __version__
from jdgen.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_TROUBLE,
    ConfigError,
    Fallback,
    JdgenError,
    Outcome,
    ProblemsFound,
    exit_code_for,
    exit_code_of,
)
from jdgen.project import Project, ProjectConfig, open_project


@dataclass
class Settings:
    """Global options shared by every command."""

    project: Path | None
    debug: bool
    _opened: Project | None = field(default=None, init=False, repr=False)

    def open(self) -> Project:
        """The project (found from --project or the current folder), opened once."""
        if self._opened is None:
            self._opened = open_project(self.project)
        return self._opened

    def config(self) -> ProjectConfig:
        """The project's config (found from --project or the current folder)."""
        return self.open().config


def report_error(error: JdgenError) -> None:
    """Print a library error for a person: every problem on its own line."""
    if isinstance(error, ProblemsFound | ConfigError):
        for problem in error.problems:
            click.echo(str(problem), err=True)
        if isinstance(error, ProblemsFound):
            click.echo(f"jdgen: {error.summary}", err=True)
        return
    click.echo(f"jdgen: {error}", err=True)


class TroubleCommand(click.Command):
    """A command whose every library error exits 2, "trouble" (as diff(1): 1 means
    "different")."""


def _report_outcome(outcome: Outcome | Fallback | None) -> None:
    if isinstance(outcome, Fallback):
        report_error(outcome.error)
        click.echo(f"jdgen: {outcome.note}", err=True)
        click.echo(outcome.output, nl=False)


class JdgenGroup(click.Group):
    """A click group that turns library errors into messages and exit codes.

    Commands live in ``jdgen.cli.<name>_cmd`` modules (each lists its command in
    ``COMMANDS``) and are imported only when used, so ``jdgen validate`` never pays for
    importing the renderers, the diff engine or the build.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_command_modules()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _command_modules():
            import importlib

            module = importlib.import_module(f"{__name__}.{cmd_name}_cmd")
            for command in module.COMMANDS:
                self.add_command(command)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            outcome = super().invoke(ctx)
            _report_outcome(outcome)
        except JdgenError as error:
            report_error(error)
            command = self.commands.get(ctx.invoked_subcommand or "")
            ctx.exit(EXIT_TROUBLE if isinstance(command, TroubleCommand) else exit_code_for(error))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("jdgen: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception:
            settings = ctx.obj if isinstance(ctx.obj, Settings) else None
            if settings and settings.debug:
                traceback.print_exc()
            else:
                kind = sys.exc_info()[0]
                name = kind.__name__ if kind else "error"
                click.echo(
                    f"jdgen: internal error ({name}). This is a bug in jdgen, not in your "
                    "files: run the same command again with --debug and send the traceback "
                    "to the jdgen maintainers (CONTRIBUTING.md)",
                    err=True,
                )
            ctx.exit(EXIT_INTERNAL)
        ctx.exit(exit_code_of(outcome))


pass_settings = click.make_pass_decorator(Settings)


@click.group(cls=JdgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="jdgen")
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    help="Document project folder (default: nearest folder with jdgen.toml).",
)
@click.option("--debug", is_flag=True, help="Show the Python traceback of internal errors.")
@click.pass_context
def main(ctx: click.Context, project: Path | None, debug: bool) -> None:
    """jdgen: job descriptions as code.

    Validate role files, publish PDF, DOCX and HTML, redline versions and record sign-offs.
    """
    ctx.obj = Settings(project=project, debug=debug)


def _command_modules() -> list[str]:
    """Command names, from the ``<name>_cmd`` modules of this package."""
    import pkgutil

    return [
        info.name.removesuffix("_cmd")
        for info in pkgutil.iter_modules(__path__)
        if info.name.endswith("_cmd")
    ]


def all_commands() -> dict[str, click.Command]:
    """Every top-level command, imported (for docs and tests)."""
    with click.Context(main) as ctx:
        found = {name: main.get_command(ctx, name) for name in main.list_commands(ctx)}
    return {name: command for name, command in found.items() if command is not None}

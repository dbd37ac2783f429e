"""docs/cli.md: the command reference, generated from the commands' own ``--help``.

    python -m jdgen.cli.reference > docs/cli.md

A test regenerates it and compares, so the reference never drifts from the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping

import click

from jdgen.cli import all_commands, main

HEADER = """\
# Command reference

Generated from `--help` by `python -m jdgen.cli.reference > docs/cli.md`; a test keeps it
in sync. Exit codes: 0 success, 1 problems in the input (or, for `diff`, differences found),
2 usage errors (for `diff`: trouble), 70 an internal error (run again with `--debug` and
report it).
"""


def _help(command: click.Command, path: list[str]) -> str:
    with click.Context(
        command,
        info_name=" ".join(path),
        terminal_width=88,
        max_content_width=88,
        **main.context_settings,
    ) as ctx:
        return command.get_help(ctx)


def _walk(command: click.Command, path: list[str]) -> list[tuple[str, str]]:
    sections = [(" ".join(path), _help(command, path))]
    children: Mapping[str, click.Command]
    if command is main:
        children = all_commands()
    elif isinstance(command, click.Group):
        children = command.commands
    else:
        children = {}
    for name in sorted(children):
        sections.extend(_walk(children[name], [*path, name]))
    return sections


def reference() -> str:
    """The Markdown reference of every command and subcommand."""
    parts = [HEADER]
    for title, text in _walk(main, ["jdgen"]):
        parts.append(f"\n## `{title}`\n\n```text\n{text.rstrip()}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    click.echo(reference(), nl=False)

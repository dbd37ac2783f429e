"""Options that several commands share, spelled once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
FILE = click.Path(dir_okay=False, path_type=Path)
"""A file (never a folder), given to the command as a :class:`~pathlib.Path`."""


def format_option(
    choices: Sequence[str], default: str, help: str = "Output format."
) -> Callable[[F], F]:
    """``--format`` (passed as ``fmt``): one of ``choices``, ``default`` shown in --help."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help=help,
    )


def output_option(help: str, dest: str = "output", required: bool = False) -> Callable[[F], F]:
    """``-o/--output FILE`` (passed as ``dest``)."""
    return click.option("-o", "--output", dest, type=FILE, required=required, help=help)

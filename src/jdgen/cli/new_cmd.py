"""``jdgen new``."""

from __future__ import annotations

import click

from jdgen.cli import Settings, pass_settings
from jdgen.cli.completion import complete_role_ids
from jdgen.errors import UsageError


def language_pairs(pairs: tuple[str, ...], option: str) -> dict[str, str]:
    """``LANG=TEXT`` option values as a mapping."""
    out: dict[str, str] = {}
    for pair in pairs:
        lang, sep, text = pair.partition("=")
        if not sep or not lang.strip():
            raise UsageError(f'{option} takes LANG=TEXT, like ru="Менеджер", not {pair!r}')
        out[lang.strip()] = text
    return out


@click.command("new")
@click.argument("role_id", metavar="ID")
@click.option(
    "--extends",
    metavar="PARENT",
    shell_complete=complete_role_ids,
    help="The parent role: the new role inherits its clauses.",
)
@click.option("--title-th", metavar="TEXT", help="The title in Thai.")
@click.option("--title-en", metavar="TEXT", help="The title in English.")
@click.option(
    "--title",
    "title_pairs",
    metavar="LANG=TEXT",
    multiple=True,
    help="The title in another language (repeatable).",
)
@click.option("--force", is_flag=True, help="Replace the role file if it exists.")
@pass_settings
def new_command(
    settings: Settings,
    role_id: str,
    extends: str | None,
    title_th: str | None,
    title_en: str | None,
    title_pairs: tuple[str, ...],
    force: bool,
) -> None:
    """Write roles/ID.yaml: the required sections with placeholder clauses to replace.

    Every placeholder starts with "TODO:"; jdgen validate warns about each one left
    (placeholder-text), and --strict fails on them. An existing role is refused unless
    --force is given.
    """
    from jdgen.author.new import create_role

    titles = language_pairs(title_pairs, "--title")
    titles.update({lang: t for lang, t in (("th", title_th), ("en", title_en)) if t})
    config = settings.config()
    path = create_role(config, role_id, extends=extends, titles=titles, force=force)
    click.echo(
        f"wrote {path.relative_to(config.root)}: replace its TODO: texts, then jdgen validate"
    )


COMMANDS = [new_command]

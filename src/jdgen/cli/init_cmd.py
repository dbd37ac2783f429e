"""``jdgen init``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jdgen.errors import UsageError


def interactive() -> bool:
    """Whether jdgen may ask: standard input is a terminal."""
    return sys.stdin.isatty()


def _names(pairs: tuple[str, ...], th: str | None, en: str | None) -> dict[str, str]:
    names: dict[str, str] = {}
    for pair in pairs:
        lang, sep, name = pair.partition("=")
        if not sep or not lang.strip():
            raise UsageError(f'--organisation takes LANG=NAME, like ru="ООО Пример", not {pair!r}')
        names[lang.strip()] = name
    names.update({lang: name for lang, name in (("th", th), ("en", en)) if name is not None})
    return names


@click.command("init")
@click.argument("folder", type=click.Path(path_type=Path), default=".", required=False)
@click.option(
    "--languages",
    metavar="LANGS",
    help="Languages of the documents, comma-separated, the main one first "
    "[default: th,en; asked on a terminal].",
)
@click.option("--organisation-th", metavar="NAME", help="The organisation's name in Thai.")
@click.option("--organisation-en", metavar="NAME", help="The organisation's name in English.")
@click.option(
    "--organisation",
    "organisation_pairs",
    metavar="LANG=NAME",
    multiple=True,
    help="The organisation's name in another language (repeatable).",
)
@click.option(
    "--from-library",
    is_flag=True,
    help="Start from the bundled account-manager family: the project's roles "
    'extend it (library = "bundled") instead of copying it.',
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace editor, CI and git files already in FOLDER (never an existing "
    "project's jdgen.toml or roles).",
)
def init_command(
    folder: Path,
    languages: str | None,
    organisation_th: str | None,
    organisation_en: str | None,
    organisation_pairs: tuple[str, ...],
    from_library: bool,
    force: bool,
) -> None:
    """Create a working document project in FOLDER (default: the current folder).

    Writes jdgen.toml, roles/ with a base role and a role extending it, .gitignore, the
    JSON Schemas and VS Code settings, .pre-commit-config.yaml, GitHub Actions and GitLab
    CI pipelines and .gitattributes for jdgen's diff driver. What the options do not give
    is asked when standard input is a terminal. A folder that already holds a project is
    refused (exit 1) and nothing is written.
    """
    from jdgen.author.init import InitSettings, check_languages, init_project

    ask = interactive()
    named = organisation_pairs or organisation_th or organisation_en
    if languages is None:  # asked only when nothing was given: a script gives names
        languages = (
            click.prompt("Languages (main first)", default="th,en")
            if ask and not named
            else "th,en"
        )
    langs = tuple(lang.strip() for lang in languages.split(",") if lang.strip())
    check_languages(langs)
    names = _names(organisation_pairs, organisation_th, organisation_en)
    for lang in langs:
        if lang not in names:
            if not ask:
                raise UsageError(
                    f"give the organisation's name in every language "
                    f"(--organisation-{lang} NAME"
                    + ("" if lang in ("th", "en") else f" or --organisation {lang}=NAME")
                    + "); standard input is not a terminal, "
                    "so jdgen cannot ask"
                )
            names[lang] = click.prompt(f"Organisation's name ({lang})")
    written = init_project(folder, InitSettings(langs, names, from_library), force=force)
    click.echo(f"created a document project in {folder}:")
    for name in written:
        click.echo(f"  {name}")
    where = "" if folder == Path(".") else f"cd {folder} && "
    click.echo(
        "next:\n"
        f"  {where}jdgen validate && jdgen build\n"
        '  git init && git config diff.jdgen.command "jdgen diff --git-external"\n'
        "  pre-commit install"
    )


COMMANDS = [init_command]

"""``jdgen build``."""

from __future__ import annotations

import click

from jdgen.build import build as run_build
from jdgen.cli import Settings, pass_settings
from jdgen.errors import UsageError
from jdgen.pipeline import load_documents
from jdgen.project import KNOWN_FORMATS


def parse_formats(value: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    """``pdf,docx`` -> ``("pdf", "docx")``; unknown names are a usage error."""
    if value is None:
        return default
    names = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    unknown = [n for n in names if n not in KNOWN_FORMATS]
    if unknown or not names:
        raise UsageError(f"--format: unknown format {', '.join(unknown) or '(none)'}; "
                         f"choose from {', '.join(KNOWN_FORMATS)}")
    return names


def parse_langs(value: str | None, languages: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """``th,en`` -> one document per language; ``th+en`` -> one bilingual document."""
    if value is None:
        return tuple((lang,) for lang in languages)
    out: list[tuple[str, ...]] = []
    for group in (g.strip() for g in value.split(",") if g.strip()):
        langs = tuple(group.split("+"))
        unknown = [lang for lang in langs if lang not in languages]
        if unknown:
            raise UsageError(f"--lang: '{unknown[0]}' is not a project language; jdgen.toml "
                             f"lists {', '.join(languages)}")
        out.append(langs)
    if not out:
        raise UsageError("--lang: give at least one language")
    return tuple(dict.fromkeys(out))


@click.command()
@click.argument("ids", nargs=-1)
@click.option("--format", "formats", metavar="LIST",
              help="Comma-separated formats: pdf,docx,html (default: jdgen.toml formats).")
@click.option("--lang", "langs", metavar="LIST",
              help="Comma-separated languages; th+en makes one bilingual document.")
@click.option("--strict", is_flag=True, help="Treat lint warnings as errors.")
@pass_settings
def build(settings: Settings, ids: tuple[str, ...], formats: str | None, langs: str | None,
          strict: bool) -> None:
    """Publish documents (all, or IDS) to the output folder."""
    config = settings.config()
    fmt = parse_formats(formats, config.formats)
    lang_sets = parse_langs(langs, config.languages)
    state = load_documents(config, strict)
    for problem in state.warnings:
        click.echo(str(problem), err=True)
    result = run_build(state, ids, fmt, lang_sets)
    click.echo(f"built {len(result.written)} file(s) in {config.output}/", err=True)


COMMANDS = [build]

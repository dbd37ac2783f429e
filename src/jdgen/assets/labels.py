"""Locale labels (``labels/<lang>.toml``): the one place that reads labels files.

A renderer reads a language's whole labels file through the template set (the project's
file replaces jdgen's, and a broken one is an error naming it); the signers' default posts
are read leniently from the ``[posts]`` tables (a broken file is the template check's to
report); the importer knows the words of every labels file jdgen ships.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from jdgen.assets.package import PACKAGE_LABELS
from jdgen.errors import ConfigError, Location, Problem, TemplateOutside


class LabelFolders(Protocol):
    """Where labels files are looked up: a :class:`~jdgen.assets.templates.TemplateSet`."""

    def find(self, name: str) -> Path:
        """The first folder's file called ``name``."""
        ...

    def read_text(self, path: Path, shown: Path | None = None) -> str:
        """The text of ``path``, read as the template set reads its files."""
        ...

    def display(self, path: Path | str) -> str:
        """How messages name ``path``."""
        ...


Posts = dict[str, dict[str, str]]  # capacity -> {language: post}


def read_labels(templates: LabelFolders, lang: str) -> dict[str, Any]:
    """The labels of ``lang`` from the first templates folder that has them.

    Raises :class:`ConfigError` when no folder has them or the file is not TOML, and
    :class:`TemplateOutside` for a file that is a link out of its folder.
    """
    name = f"labels/{lang}.toml"
    try:
        path = templates.find(name)
    except TemplateOutside:
        raise
    except ConfigError:
        shipped = ", ".join(sorted(p.stem for p in PACKAGE_LABELS.glob("*.toml")))
        raise ConfigError(
            [
                Problem(
                    Location(f"templates/{name}"),
                    "",
                    (
                        f"jdgen has no labels for '{lang}' (it ships {shipped}): copy jdgen's "
                        f"labels/en.toml to templates/{name} and translate it"
                    ),
                )
            ]
        ) from None
    text = templates.read_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        at = re.search(r"at line (\d+), column (\d+)", str(err))
        where = Location(templates.display(path), *(map(int, at.groups()) if at else ()))
        message = re.sub(r" \(at line \d+, column \d+\)$", "", str(err))
        raise ConfigError(
            [
                Problem(
                    where,
                    "",
                    f"not a TOML labels file ({message}); fix "
                    "it, or remove it to use jdgen's labels",
                )
            ]
        ) from None


def _posts_table(path: Path) -> dict[str, Any]:
    """The ``[posts]`` table of one labels file ({} when it has none or cannot be read:
    a broken labels file is reported by the build's template check, naming it)."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("posts", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


def label_posts(templates_dir: Path, root: Path, languages: tuple[str, ...]) -> Posts:
    """``{capacity: {language: post}}`` from the ``[posts]`` of the labels of ``languages``:
    the project's file (in ``templates_dir``, never one outside ``root``) over jdgen's."""
    posts: Posts = {}
    for lang in languages:
        own = templates_dir / "labels" / f"{lang}.toml"
        inside = own.resolve().is_relative_to(root.resolve())  # never a file outside
        found = {
            **_posts_table(PACKAGE_LABELS / f"{lang}.toml"),
            **(_posts_table(own) if inside else {}),
        }
        for capacity, post in found.items():
            if isinstance(post, str) and post.strip():
                posts.setdefault(capacity, {})[lang] = post.strip()
    return posts


@cache
def package_labels() -> tuple[dict[str, Any], ...]:
    """Every labels file jdgen ships, parsed (by file name), read once per process."""
    return tuple(
        tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE_LABELS.glob("*.toml"))
    )


def shipped_labels(lang: str) -> bool:
    """Whether jdgen ships labels for ``lang``."""
    return (PACKAGE_LABELS / f"{lang}.toml").is_file()


@cache
def jdgen_labels(lang: str) -> dict[str, Any]:
    """jdgen's own labels for ``lang`` (which it must ship: :func:`shipped_labels`)."""
    return tomllib.loads((PACKAGE_LABELS / f"{lang}.toml").read_text(encoding="utf-8"))

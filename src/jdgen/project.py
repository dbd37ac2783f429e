"""The document project: finding ``jdgen.toml``, reading it into a typed config, and the
:class:`Project` a command opens once and hands down.

Every key is declared once in :mod:`jdgen.config_spec` with its type, default and check; an
unknown key is an error that suggests the nearest known one, and every message names the key
and its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from jdgen.approval import APPROVER
from jdgen.assets import ProjectAssets
from jdgen.bundled import BUNDLED_LANGUAGES
from jdgen.config_spec import CONFIG_KEYS as CONFIG_KEYS
from jdgen.config_spec import DEFAULT_REVIEWERS as DEFAULT_REVIEWERS
from jdgen.config_spec import KNOWN_FORMATS as KNOWN_FORMATS
from jdgen.config_spec import LANG_RE as LANG_RE
from jdgen.config_spec import OPTIONS, TABLES, ConfigOption, config_default
from jdgen.config_text import CONFIG_NAME as CONFIG_NAME
from jdgen.config_text import bad_strings as _bad_strings
from jdgen.config_text import read_toml
from jdgen.dates import SourceDate
from jdgen.errors import ConfigError, Location, Problem, ProjectNotFound
from jdgen.folders import ROLES, SIGNOFFS, TEMPLATES
from jdgen.suggest import unknown_key


@dataclass(frozen=True)
class ProjectConfig:
    """Settings of one document project, with defaults for every optional key."""

    root: Path
    languages: tuple[str, ...]
    organisation: dict[str, str]
    # the defaults are the keys' own (jdgen.config_spec.OPTIONS)
    output: str = field(default_factory=config_default("output"))
    formats: tuple[str, ...] = field(default_factory=config_default("formats"))
    editions: tuple[tuple[str, ...], ...] = field(default_factory=config_default("editions"))
    max_file_bytes: int = field(default_factory=config_default("max_file_bytes"))
    max_nodes: int = field(default_factory=config_default("max_nodes"))
    lint_disable: frozenset[str] = field(default_factory=config_default("lint_disable"))
    reviewers: tuple[str, ...] = field(default_factory=config_default("reviewers"))
    approver_post: dict[str, str] = field(default_factory=config_default("approver_post"))
    # approval.posts: capacity -> {language: post}, the default post of each signer
    posts: dict[str, dict[str, str]] = field(default_factory=config_default("posts"))
    labour_law: dict[str, str] = field(default_factory=config_default("labour_law"))
    library: str | None = field(default_factory=config_default("library"))
    require_signatures: bool = field(default_factory=config_default("require_signatures"))

    @property
    def roles_dir(self) -> Path:
        """The folder holding the role files."""
        return self.root / ROLES

    @property
    def output_dir(self) -> Path:
        """The folder that ``jdgen build`` publishes into."""
        return self.root / self.output

    @property
    def templates_dir(self) -> Path:
        """The project's template overrides (may not exist)."""
        return self.root / TEMPLATES

    @property
    def signoffs_dir(self) -> Path:
        """The sign-off ledger folder."""
        return self.root / SIGNOFFS


def find_project(explicit: Path | None, start: Path | None = None) -> Path:
    """The project root: ``explicit`` if given, else the nearest folder with ``jdgen.toml``."""
    if explicit is not None:
        if not (explicit / CONFIG_NAME).is_file():
            raise ProjectNotFound(
                f"{explicit}: no {CONFIG_NAME} here; pass the folder that holds {CONFIG_NAME}"
            )
        return explicit.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ProjectNotFound(
        f"no {CONFIG_NAME} in {here} or any folder above it; "
        "run jdgen inside a document project or pass --project DIR"
    )


def _key_line(text: str, dotted: str) -> int:
    """Best-effort line of ``dotted`` in the TOML text (tomllib keeps no positions)."""
    parts = dotted.split(".")
    lines = text.splitlines()
    start = 0
    if len(parts) > 1:
        for i, line in enumerate(lines):
            if re.match(rf"^\s*\[\s*{re.escape(parts[0])}\s*\]", line):
                start = i
                break
        else:
            for i, line in enumerate(lines):
                if re.match(rf"^\s*{re.escape(parts[0])}\s*=", line):
                    return i + 1
    for i in range(start, len(lines)):
        if re.match(rf"^\s*{re.escape(parts[-1])}\s*=", lines[i]):
            return i + 1
    return start + 1 if start else 1


class _Report:
    """The problems of one ``jdgen.toml``, each at the line of its key."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[Problem] = []

    def __call__(self, key: str, message: str) -> None:
        self.problems.append(
            Problem(Location(CONFIG_NAME, _key_line(self.text, key), 1), key, message)
        )

    def all(self, found: Iterator[tuple[str, str]]) -> None:
        """Record every (key, message) of ``found``."""
        for key, message in found:
            self(key, message)

    def raise_any(self) -> None:
        """Raise :class:`ConfigError` when a problem was found."""
        if self.problems:
            raise ConfigError(self.problems)


def _table_values(
    table: str, value: dict[str, Any], values: dict[str, Any], report: _Report
) -> None:
    known = sorted(k.split(".", 1)[1] for k in CONFIG_KEYS if k.startswith(table + "."))
    for sub, subvalue in value.items():
        if f"{table}.{sub}" in CONFIG_KEYS:
            values[f"{table}.{sub}"] = subvalue
        else:
            report(f"{table}.{sub}", unknown_key(sub, known))


def _declared_values(raw: dict[str, Any], report: _Report) -> dict[str, Any]:
    """Dotted key -> value of every declared key in ``raw``; any other key is reported."""
    values: dict[str, Any] = {}
    known = sorted({*(k for k in CONFIG_KEYS if "." not in k), *TABLES})
    for key, value in raw.items():
        if key in TABLES and isinstance(value, dict):
            _table_values(key, value, values, report)
        elif key in TABLES:
            report(key, "must be a table")
        elif key in CONFIG_KEYS:
            values[key] = value
        else:
            report(key, unknown_key(key, known))
    return values


def _value_problems(values: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Each key that is required but missing, or whose value its check refuses."""
    for option in OPTIONS:
        if option.key not in values:
            if option.required:
                yield option.key, "is required"
        elif found := option.check(values[option.key]):
            yield option.key, found


def _config(root: Path, values: dict[str, Any]) -> ProjectConfig:
    """The config of checked ``values``; a key left out takes its default."""
    languages = tuple(values["languages"])
    given = {
        option.field_name: option.convert(values[option.key], languages)
        for option in OPTIONS
        if option.key in values
    }
    return ProjectConfig(root=root, **given)


def _library_problems(config: ProjectConfig) -> Iterator[tuple[str, str]]:
    if config.library != "bundled":
        return
    foreign = [lang for lang in config.languages if lang not in BUNDLED_LANGUAGES]
    if foreign:
        yield (
            "library",
            (
                f"the bundled library is written in "
                f"{', '.join(BUNDLED_LANGUAGES)}, not {', '.join(foreign)}; list only "
                "those languages or leave library out"
            ),
        )


def _edition_problems(config: ProjectConfig) -> Iterator[tuple[str, str]]:
    for edition in config.editions:
        unknown = [lang for lang in edition if lang not in config.languages]
        if unknown:
            yield (
                "editions",
                (f"language {unknown[0]!r} of edition {'+'.join(edition)!r} is not in languages"),
            )


def _post_problems(config: ProjectConfig, posts: dict[str, Any]) -> Iterator[tuple[str, str]]:
    unknown = [capacity for capacity in posts if capacity not in config.reviewers]
    if APPROVER in posts:
        yield "approval.posts", "the approver's post is approval.approver; move it there"
    elif unknown:
        yield (
            "approval.posts",
            (
                f"{unknown[0]!r} is not a reviewer of approval.reviewers "
                f"({', '.join(config.reviewers)})"
            ),
        )


def _language_problems(
    languages: tuple[str, ...], values: dict[str, Any]
) -> Iterator[tuple[str, str]]:
    """Each table of texts that misses one of ``languages`` or has another language."""
    localized = [
        (key, values.get(key)) for key in ("organisation", "approval.approver", "legal.labour_law")
    ]
    localized += [("approval.posts", post) for post in values.get("approval.posts", {}).values()]
    for key, value in localized:
        if isinstance(value, dict):
            missing = [lang for lang in languages if lang not in value]
            extra = [lang for lang in value if lang not in languages]
            if missing:
                yield key, f"missing the {', '.join(missing)} text"
            if extra:
                yield key, f"language {extra[0]!r} is not in languages"


def _config_problems(config: ProjectConfig, values: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """What is wrong with the keys taken together (each key's own value is fine)."""
    yield from _library_problems(config)
    yield from _edition_problems(config)
    clash = _output_clash(config)
    if clash:
        yield "output", clash
    yield from _post_problems(config, values.get("approval.posts", {}))
    yield from _language_problems(config.languages, values)


def load_config(root: Path) -> ProjectConfig:
    """Read and check ``root/jdgen.toml``; raise :class:`ConfigError` listing every problem."""
    text, raw = read_toml(root / CONFIG_NAME)
    report = _Report(text)
    report.all(_bad_strings(raw))
    values = _declared_values(raw, report)
    report.all(_value_problems(values))
    report.raise_any()
    config = _config(root, values)
    report.all(_config_problems(config, values))
    report.raise_any()
    return config


def _output_clash(config: ProjectConfig) -> str | None:
    """Why ``output`` cannot be the build's folder: it would mix published files into the
    project's own sources, or hold the project itself. Any other folder is fine."""
    output = config.output_dir.resolve()
    root = config.root.resolve()
    if root.is_relative_to(output):
        return (
            f"{config.output!r} is the project folder or holds it; publish into a folder "
            'of its own, for example "output"'
        )
    if not output.is_relative_to(root):
        return (
            f"{config.output!r} is outside the project folder; publish into a folder "
            'inside it, for example "output"'
        )
    for name, folder in (
        (ROLES, config.roles_dir),
        (SIGNOFFS, config.signoffs_dir),
        (TEMPLATES, config.templates_dir),
    ):
        if output.is_relative_to(folder.resolve()):
            return (
                f"{config.output!r} is inside the project's {name}/ folder; publish into "
                'a folder of its own, for example "output"'
            )
    return None


def load_project(explicit: Path | None = None, start: Path | None = None) -> ProjectConfig:
    """Find the project and read its config."""
    return load_config(find_project(explicit, start))


@dataclass(frozen=True)
class Project:
    """One opened project: its config, its folders, its assets and its date source.

    Made once per command (:func:`open_project`) and handed down, so the templates, labels
    and fonts are loaded once however many stages need them.
    """

    config: ProjectConfig
    assets: ProjectAssets

    @classmethod
    def of(cls, config: ProjectConfig) -> Project:
        """The project of ``config``, its assets not yet loaded."""
        return cls(config, ProjectAssets(config.templates_dir))

    @property
    def root(self) -> Path:
        """The folder holding ``jdgen.toml``."""
        return self.config.root

    @property
    def roles(self) -> Path:
        """The folder holding the role files."""
        return self.config.roles_dir

    @property
    def templates(self) -> Path:
        """The project's template overrides (may not exist)."""
        return self.config.templates_dir

    @property
    def signoffs(self) -> Path:
        """The sign-off ledger folder."""
        return self.config.signoffs_dir

    @property
    def output(self) -> Path:
        """The folder that ``jdgen build`` publishes into."""
        return self.config.output_dir

    @cached_property
    def source_date(self) -> SourceDate:
        """``SOURCE_DATE_EPOCH``, read from the environment once, on first use (a command
        that dates nothing never refuses a malformed value)."""
        return SourceDate.from_environ()


def as_project(source: Project | ProjectConfig) -> Project:
    """``source`` itself, or a project opened around a bare config (its own assets)."""
    return source if isinstance(source, Project) else Project.of(source)


def open_project(explicit: Path | None = None, start: Path | None = None) -> Project:
    """Find the project, read its config and open it."""
    return Project.of(load_project(explicit, start))


__all__ = [
    "CONFIG_KEYS",
    "ConfigOption",
    "Project",
    "ProjectConfig",
    "as_project",
    "find_project",
    "load_config",
    "load_project",
    "open_project",
]

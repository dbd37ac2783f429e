"""The document project: finding ``jdgen.toml`` and reading it into a typed config.

Every key is declared once in ``_SCHEMA`` with its type and default; an unknown key is an
error that suggests the nearest known one, and every message names the key and its line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdgen.config_text import CONFIG_NAME as CONFIG_NAME
from jdgen.config_text import bad_strings as _bad_strings
from jdgen.config_text import read_toml
from jdgen.errors import ConfigError, Location, Problem, ProjectNotFound
from jdgen.load.invisible import normalize

LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
KNOWN_FORMATS = ("pdf", "docx", "html")
DEFAULT_REVIEWERS = ("lawyer", "hr", "supervisor")


@dataclass(frozen=True)
class ProjectConfig:
    """Settings of one document project, with defaults for every optional key."""

    root: Path
    languages: tuple[str, ...]
    organisation: dict[str, str]
    output: str = "output"
    formats: tuple[str, ...] = KNOWN_FORMATS
    editions: tuple[tuple[str, ...], ...] = ()
    max_file_bytes: int = 1_048_576
    max_nodes: int = 100_000
    lint_disable: frozenset[str] = frozenset()
    reviewers: tuple[str, ...] = DEFAULT_REVIEWERS
    approver_post: dict[str, str] = field(default_factory=dict)
    labour_law: dict[str, str] = field(default_factory=dict)

    @property
    def roles_dir(self) -> Path:
        """The folder holding the role files."""
        return self.root / "roles"

    @property
    def output_dir(self) -> Path:
        """The folder that ``jdgen build`` publishes into."""
        return self.root / self.output

    @property
    def templates_dir(self) -> Path:
        """The project's template overrides (may not exist)."""
        return self.root / "templates"

    @property
    def signoffs_dir(self) -> Path:
        """The sign-off ledger folder."""
        return self.root / "signoffs"


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


Check = Callable[[Any], str | None]


def _languages(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return 'must be a non-empty list of language codes, for example ["th", "en"]'
    for lang in value:
        if not isinstance(lang, str) or not LANG_RE.match(lang):
            return f"{lang!r} is not a language code like \"th\" or \"en\""
    if len(set(value)) != len(value):
        return "lists a language twice"
    return None


def _localized(value: Any) -> str | None:
    if isinstance(value, str):
        return None
    if isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return None
    return 'must be text or a table of language = "text"'


def _string(value: Any) -> str | None:
    return None if isinstance(value, str) and value else "must be a non-empty string"


def _positive_int(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if ok else "must be a positive whole number"


def _string_list(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    return None if ok else "must be a list of strings"


def _formats(value: Any) -> str | None:
    if _string_list(value) or not value:
        return f"must be a non-empty list drawn from {', '.join(KNOWN_FORMATS)}"
    unknown = [v for v in value if v not in KNOWN_FORMATS]
    return f"unknown format {unknown[0]!r}; known: {', '.join(KNOWN_FORMATS)}" if unknown else None


def _editions(value: Any) -> str | None:
    if _string_list(value) or not value:
        return 'must be a non-empty list like ["th", "en", "th+en"]'
    for edition in value:
        if not all(LANG_RE.match(lang) for lang in edition.split("+")):
            return f"{edition!r} is not a language or languages joined by + (\"th+en\")"
    return None


def _reviewers(value: Any) -> str | None:
    if _string_list(value) or not value:
        return "must be a non-empty list of reviewer roles, for example [\"lawyer\", \"hr\"]"
    if "approver" in value:
        return "'approver' signs last and is not a reviewer; remove it from the list"
    return None


def _lint_rules(value: Any) -> str | None:
    if _string_list(value):
        return "must be a list of lint rule ids"
    from jdgen.lint import RULES  # deferred: lint depends on the resolved model

    unknown = [v for v in value if v not in RULES]
    if unknown:
        return f"unknown lint rule {unknown[0]!r}; rules: {', '.join(RULES)}"
    return None


# key path -> (check, required)
_SCHEMA: dict[str, tuple[Check, bool]] = {
    "languages": (_languages, True),
    "organisation": (_localized, True),
    "output": (_string, False),
    "formats": (_formats, False),
    "editions": (_editions, False),
    "limits.max_file_bytes": (_positive_int, False),
    "limits.max_nodes": (_positive_int, False),
    "lint.disable": (_lint_rules, False),
    "approval.reviewers": (_reviewers, False),
    "approval.approver": (_localized, False),
    "legal.labour_law": (_localized, False),
}
_TABLES = {key.split(".")[0] for key in _SCHEMA if "." in key}


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


def _localized_map(value: Any, languages: tuple[str, ...]) -> dict[str, str]:
    if isinstance(value, str):
        return dict.fromkeys(languages, normalize(value))
    return {lang: normalize(text) for lang, text in value.items()}


def load_config(root: Path) -> ProjectConfig:
    """Read and check ``root/jdgen.toml``; raise :class:`ConfigError` listing every problem."""
    text, raw = read_toml(root / CONFIG_NAME)
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def report(key: str, message: str) -> None:
        problems.append(Problem(Location(CONFIG_NAME, _key_line(text, key), 1), key, message))

    for key, message in _bad_strings(raw):
        report(key, message)

    known = sorted({*(k for k in _SCHEMA if "." not in k), *_TABLES})
    for key, value in raw.items():
        if key in _TABLES and isinstance(value, dict):
            table_known = sorted(k.split(".", 1)[1] for k in _SCHEMA if k.startswith(key + "."))
            for sub, subvalue in value.items():
                if f"{key}.{sub}" in _SCHEMA:
                    values[f"{key}.{sub}"] = subvalue
                else:
                    report(f"{key}.{sub}", _unknown(sub, table_known))
        elif key in _TABLES:
            report(key, "must be a table")
        elif key in _SCHEMA:
            values[key] = value
        else:
            report(key, _unknown(key, known))
    for key, (check, required) in _SCHEMA.items():
        if key not in values:
            if required:
                report(key, "is required")
            continue
        found = check(values[key])
        if found:
            report(key, found)
    if problems:
        raise ConfigError(problems)

    languages = tuple(values["languages"])
    config = ProjectConfig(
        root=root,
        languages=languages,
        organisation=_localized_map(values["organisation"], languages),
        output=values.get("output", "output"),
        formats=tuple(dict.fromkeys(values.get("formats", KNOWN_FORMATS))),
        editions=tuple(dict.fromkeys(tuple(e.split("+")) for e in values.get("editions", ()))),
        max_file_bytes=values.get("limits.max_file_bytes", 1_048_576),
        max_nodes=values.get("limits.max_nodes", 100_000),
        lint_disable=frozenset(values.get("lint.disable", ())),
        reviewers=tuple(values.get("approval.reviewers", DEFAULT_REVIEWERS)),
        approver_post=_localized_map(values.get("approval.approver", {}), languages),
        labour_law=_localized_map(values.get("legal.labour_law", {}), languages),
    )
    for edition in config.editions:
        unknown = [lang for lang in edition if lang not in languages]
        if unknown:
            report("editions", f"language {unknown[0]!r} of edition {'+'.join(edition)!r} is not "
                   "in languages")
    clash = _output_clash(config)
    if clash:
        report("output", clash)
    for key in ("organisation", "approval.approver", "legal.labour_law"):
        value = values.get(key)
        if isinstance(value, dict):
            missing = [lang for lang in languages if lang not in value]
            extra = [lang for lang in value if lang not in languages]
            if missing:
                report(key, f"missing the {', '.join(missing)} text")
            if extra:
                report(key, f"language {extra[0]!r} is not in languages")
    if problems:
        raise ConfigError(problems)
    return config


def _output_clash(config: ProjectConfig) -> str | None:
    """Why ``output`` cannot be the build's folder: it would mix published files into the
    project's own sources, or hold the project itself. Any other folder is fine."""
    output = config.output_dir.resolve()
    root = config.root.resolve()
    if root.is_relative_to(output):
        return (f"{config.output!r} is the project folder or holds it; publish into a folder "
                "of its own, for example \"output\"")
    if not output.is_relative_to(root):
        return (f"{config.output!r} is outside the project folder; publish into a folder "
                "inside it, for example \"output\"")
    for name, folder in (("roles", config.roles_dir), ("signoffs", config.signoffs_dir),
                         ("templates", config.templates_dir)):
        if output.is_relative_to(folder.resolve()):
            return (f"{config.output!r} is inside the project's {name}/ folder; publish into "
                    "a folder of its own, for example \"output\"")
    return None


def _unknown(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(known)}"
    return f"unknown key '{key}'{hint}"


def load_project(explicit: Path | None = None, start: Path | None = None) -> ProjectConfig:
    """Find the project and read its config."""
    return load_config(find_project(explicit, start))


__all__ = ["ProjectConfig", "find_project", "load_config", "load_project"]

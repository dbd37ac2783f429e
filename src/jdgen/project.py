"""The document project: finding ``jdgen.toml``, reading it into a typed config, and the
:class:`Project` a command opens once and hands down.

Every key is declared once in ``_SCHEMA`` with its type and default; an unknown key is an
error that suggests the nearest known one, and every message names the key and its line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from jdgen.approval import APPROVER, capacity_problem, reviewers_problem
from jdgen.assets import ProjectAssets
from jdgen.config_text import CONFIG_NAME as CONFIG_NAME
from jdgen.config_text import bad_strings as _bad_strings
from jdgen.config_text import read_toml
from jdgen.dates import SourceDate
from jdgen.errors import ConfigError, Location, Problem, ProjectNotFound
from jdgen.folders import ROLES, SIGNOFFS, TEMPLATES
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
    # approval.posts: capacity -> {language: post}, the default post of each signer
    posts: dict[str, dict[str, str]] = field(default_factory=dict)
    labour_law: dict[str, str] = field(default_factory=dict)
    library: str | None = None
    require_signatures: bool = False  # every sign-off SSH-signed by an allowed key

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
    if _string_list(value):
        return "must be a non-empty list of reviewer roles, for example [\"lawyer\", \"hr\"]"
    return reviewers_problem(value)  # the ledger's own rule for a capacity name


def _posts(value: Any) -> str | None:
    if not isinstance(value, dict):
        return 'must be a table of reviewer = post, for example { lawyer = "Legal Counsel" }'
    for capacity, post in value.items():
        bad_name = capacity_problem(capacity)
        if bad_name:
            return bad_name
        bad_text = _localized(post)
        if bad_text:
            return f"{capacity}: {bad_text}"
        texts = [post] if isinstance(post, str) else list(post.values())
        if not all(text.strip() for text in texts):
            return f"{capacity}: a post must not be empty"
    return None


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _lint_rules(value: Any) -> str | None:
    if _string_list(value):
        return "must be a list of lint rule ids"
    from jdgen.lint import RULES  # deferred: lint depends on the resolved model

    unknown = [v for v in value if v not in RULES]
    if unknown:
        return f"unknown lint rule {unknown[0]!r}; rules: {', '.join(RULES)}"
    return None


def _library(value: Any) -> str | None:
    return None if value == "bundled" else (
        'must be "bundled" (the role library that ships with jdgen), or left out')


def _lint_rules_schema() -> dict[str, Any]:
    from jdgen.lint import RULES  # deferred, as in _lint_rules

    return {"type": "array", "items": {"enum": list(RULES)}, "uniqueItems": True}


@dataclass(frozen=True, slots=True)
class ConfigKey:
    """One key of ``jdgen.toml``: how it is checked, whether it is required, what it means,
    and the JSON Schema of its value (``jdgen schema``; a function where it needs imports)."""

    check: Check
    required: bool
    description: str
    json: dict[str, Any] | Callable[[], dict[str, Any]]


_LOCALIZED_JSON: dict[str, Any] = {"anyOf": [
    {"type": "string"},
    {"type": "object", "additionalProperties": {"type": "string"}},
]}
_LANGUAGE_JSON = {"type": "string", "pattern": LANG_RE.pattern}

# key path -> its declaration (tables as "table.key")
_SCHEMA: dict[str, ConfigKey] = {
    "languages": ConfigKey(_languages, True, "Every published text must exist in each of "
                           "these languages; the first is the main language.",
                           {"type": "array", "items": _LANGUAGE_JSON, "minItems": 1,
                            "uniqueItems": True}),
    "organisation": ConfigKey(_localized, True, "The organisation printed on every document; "
                              "${organisation} in role text.", _LOCALIZED_JSON),
    "output": ConfigKey(_string, False, "The folder jdgen build writes to (default "
                        "\"output\").", {"type": "string", "minLength": 1}),
    "formats": ConfigKey(_formats, False, "Formats jdgen build makes when --format is not "
                         "given (default: all).",
                         {"type": "array", "items": {"enum": list(KNOWN_FORMATS)},
                          "minItems": 1}),
    "editions": ConfigKey(_editions, False, "Language editions jdgen build makes when --lang "
                          "is not given; \"th+en\" is Thai and English side by side.",
                          {"type": "array", "minItems": 1, "items": {
                              "type": "string",
                              "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*"
                                         r"(\+[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)*$"}}),
    "limits.max_file_bytes": ConfigKey(_positive_int, False, "Larger role files are refused "
                                       "before they are read (default 1048576).",
                                       {"type": "integer", "minimum": 1}),
    "limits.max_nodes": ConfigKey(_positive_int, False, "Most values one role file may expand "
                                  "to, aliases counted as expanded (default 100000).",
                                  {"type": "integer", "minimum": 1}),
    "lint.disable": ConfigKey(_lint_rules, False, "Lint rules to switch off.",
                              _lint_rules_schema),
    "approval.reviewers": ConfigKey(_reviewers, False, "Who agrees a document before the "
                                    "approver (default lawyer, hr, supervisor).",
                                    {"type": "array", "items": {"type": "string"},
                                     "minItems": 1,
                                     "not": {"contains": {"const": "approver"}}}),
    "approval.approver": ConfigKey(_localized, False, "The approver's post when a role sets "
                                   "no approval.approver.post.", _LOCALIZED_JSON),
    "approval.posts": ConfigKey(_posts, False, "Default posts of reviewers by capacity, "
                                "each a text or a text per language (the labels' [posts] "
                                "otherwise).", {"type": "object", "additionalProperties":
                                                _LOCALIZED_JSON}),
    "library": ConfigKey(_library, False, "\"bundled\": the project's roles may extend the "
                         "roles of the library that ships with jdgen (the account-manager "
                         "family), which are never published themselves.",
                         {"enum": ["bundled"]}),
    "require_signatures": ConfigKey(_bool, False, "Every sign-off must be SSH-signed by a "
                                    "key signoffs/allowed_signers allows for its capacity "
                                    "(docs/signoff.md).", {"type": "boolean"}),
    "legal.labour_law": ConfigKey(_localized, False, "The labour law documents cite; enables "
                                  "${labour_law} in role text.", _LOCALIZED_JSON),
}
_TABLES = {key.split(".")[0] for key in _SCHEMA if "." in key}
CONFIG_KEYS = _SCHEMA  # read by jdgen.validate.jsonschema


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
    for key, declared in _SCHEMA.items():
        if key not in values:
            if declared.required:
                report(key, "is required")
            continue
        found = declared.check(values[key])
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
        posts={capacity: _localized_map(post, languages)
               for capacity, post in values.get("approval.posts", {}).items()},
        labour_law=_localized_map(values.get("legal.labour_law", {}), languages),
        library=values.get("library"),
        require_signatures=values.get("require_signatures", False),
    )
    if config.library == "bundled":
        from jdgen.validate.bundled import BUNDLED_LANGUAGES  # deferred: a leaf, no cycle

        foreign = [lang for lang in languages if lang not in BUNDLED_LANGUAGES]
        if foreign:
            report("library", f"the bundled library is written in "
                   f"{', '.join(BUNDLED_LANGUAGES)}, not {', '.join(foreign)}; list only "
                   "those languages or leave library out")
    for edition in config.editions:
        unknown = [lang for lang in edition if lang not in languages]
        if unknown:
            report("editions", f"language {unknown[0]!r} of edition {'+'.join(edition)!r} is not "
                   "in languages")
    clash = _output_clash(config)
    if clash:
        report("output", clash)
    posts = values.get("approval.posts", {})
    localized = [(key, values.get(key)) for key in ("organisation", "approval.approver",
                                                    "legal.labour_law")]
    localized += [("approval.posts", post) for post in posts.values()]
    unknown = [capacity for capacity in posts if capacity not in config.reviewers]
    if APPROVER in posts:
        report("approval.posts", "the approver's post is approval.approver; move it there")
    elif unknown:
        report("approval.posts", f"{unknown[0]!r} is not a reviewer of approval.reviewers "
               f"({', '.join(config.reviewers)})")
    for key, value in localized:
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
    for name, folder in ((ROLES, config.roles_dir), (SIGNOFFS, config.signoffs_dir),
                         (TEMPLATES, config.templates_dir)):
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


__all__ = ["CONFIG_KEYS", "ConfigKey", "Project", "ProjectConfig", "as_project",
           "find_project", "load_config", "load_project", "open_project"]

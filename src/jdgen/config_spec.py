"""The keys of ``jdgen.toml``, each declared once.

A :class:`ConfigOption` holds everything about one key: its type in words, its default,
how its value is checked and turned into a :class:`jdgen.project.ProjectConfig` field, what
it means, and the JSON Schema of its value. :func:`jdgen.project.load_config` walks
:data:`OPTIONS`, ``jdgen schema`` (:mod:`jdgen.validate.jsonschema`) turns them into a JSON
Schema, and :mod:`jdgen.config_doc` writes the reference table of ``docs/config.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jdgen.approval import capacity_problem, reviewers_problem
from jdgen.lint_rules import RULES
from jdgen.load.invisible import normalize

LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
KNOWN_FORMATS = ("pdf", "docx", "html")
DEFAULT_REVIEWERS = ("lawyer", "hr", "supervisor")

Check = Callable[[Any], str | None]
"""Why a value read from the TOML cannot be the key's value (``None`` when it can)."""
Convert = Callable[[Any, tuple[str, ...]], Any]
"""A checked TOML value (and the project's languages) -> the config's value."""


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()
"""The default of a key that must be given."""


def _as_is(value: Any, languages: tuple[str, ...]) -> Any:
    return value


def _localized_map(value: Any, languages: tuple[str, ...]) -> dict[str, str]:
    """A text or a table language = text, as a text per language (Unicode NFC)."""
    if isinstance(value, str):
        return dict.fromkeys(languages, normalize(value))
    return {lang: normalize(text) for lang, text in value.items()}


@dataclass(frozen=True, slots=True)
class ConfigOption:
    """One key of ``jdgen.toml`` (``table.key`` for a key of a table)."""

    key: str
    type: str  # the value in words, for docs/config.md
    check: Check
    description: str  # one sentence: the JSON Schema's description
    json: dict[str, Any]  # the JSON Schema of the value
    default: Any = REQUIRED  # the config's value when the key is left out
    attribute: str = ""  # the ProjectConfig field; "" for the key's last part
    convert: Convert = _as_is
    shown_default: str = ""  # the default in docs/config.md; "" to write out ``default``
    doc: str = ""  # the meaning in docs/config.md; "" for ``description``

    @property
    def required(self) -> bool:
        """Whether the key must be given."""
        return self.default is REQUIRED

    @property
    def field_name(self) -> str:
        """The :class:`~jdgen.project.ProjectConfig` field the key sets."""
        return self.attribute or self.key.rsplit(".", 1)[-1]


# -- checks -------------------------------------------------------------------------------


def _languages(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return 'must be a non-empty list of language codes, for example ["th", "en"]'
    for lang in value:
        if not isinstance(lang, str) or not LANG_RE.match(lang):
            return f'{lang!r} is not a language code like "th" or "en"'
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
            return f'{edition!r} is not a language or languages joined by + ("th+en")'
    return None


def _reviewers(value: Any) -> str | None:
    if _string_list(value):
        return 'must be a non-empty list of reviewer roles, for example ["lawyer", "hr"]'
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
    unknown = [v for v in value if v not in RULES]
    if unknown:
        return f"unknown lint rule {unknown[0]!r}; rules: {', '.join(RULES)}"
    return None


def _library(value: Any) -> str | None:
    return (
        None
        if value == "bundled"
        else ('must be "bundled" (the role library that ships with jdgen), or left out')
    )


# -- the keys -----------------------------------------------------------------------------

_LOCALIZED_JSON: dict[str, Any] = {
    "anyOf": [
        {"type": "string"},
        {"type": "object", "additionalProperties": {"type": "string"}},
    ]
}
_LANGUAGE_JSON = {"type": "string", "pattern": LANG_RE.pattern}
_EDITION_PATTERN = (
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*"
    r"(\+[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)*$"
)

OPTIONS: tuple[ConfigOption, ...] = (
    ConfigOption(
        "languages",
        "list of language codes",
        _languages,
        "Every published text must exist in each of these languages; the first is the main "
        "language.",
        {"type": "array", "items": _LANGUAGE_JSON, "minItems": 1, "uniqueItems": True},
        convert=lambda value, _: tuple(value),
        doc="every published text must exist in each; the first is the main language (lint "
        "compares clause texts in it)",
    ),
    ConfigOption(
        "organisation",
        "text or table language = text",
        _localized,
        "The organisation printed on every document; ${organisation} in role text.",
        _LOCALIZED_JSON,
        convert=_localized_map,
        doc="printed on every document; `${organisation}` in role text",
    ),
    ConfigOption(
        "output",
        "non-empty string",
        _string,
        'The folder jdgen build writes to (default "output").',
        {"type": "string", "minLength": 1},
        default="output",
        doc="folder inside the project (relative, or absolute) that `jdgen build` writes to; "
        'it may not be the project folder, lie outside it (`"/etc"`, `"../site"`), '
        "nor lie inside `roles/`, `signoffs/` or `templates/`",
    ),
    ConfigOption(
        "formats",
        "non-empty list of " + ", ".join(f"`{f}`" for f in KNOWN_FORMATS),
        _formats,
        "Formats jdgen build makes when --format is not given (default: all).",
        {"type": "array", "items": {"enum": list(KNOWN_FORMATS)}, "minItems": 1},
        default=KNOWN_FORMATS,
        convert=lambda value, _: tuple(dict.fromkeys(value)),
        shown_default="all three",
        doc="formats `jdgen build` makes when `--format` is not given",
    ),
    ConfigOption(
        "editions",
        "non-empty list of languages, or languages joined by `+`",
        _editions,
        'Language editions jdgen build makes when --lang is not given; "th+en" is Thai and '
        "English side by side.",
        {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": _EDITION_PATTERN}},
        default=(),
        convert=lambda value, _: tuple(dict.fromkeys(tuple(e.split("+")) for e in value)),
        shown_default="one per language",
        doc='language editions `jdgen build` makes when `--lang` is not given; `"th+en"` is '
        "one document with Thai and English side by side (`output/<id>.th+en.<ext>`)",
    ),
    ConfigOption(
        "limits.max_file_bytes",
        "positive integer",
        _positive_int,
        "Larger role files are refused before they are read (default 1048576).",
        {"type": "integer", "minimum": 1},
        default=1_048_576,
        doc="larger role files (1 MiB by default) are refused before they are read",
    ),
    ConfigOption(
        "limits.max_nodes",
        "positive integer",
        _positive_int,
        "Most values one role file may expand to, aliases counted as expanded (default 100000).",
        {"type": "integer", "minimum": 1},
        default=100_000,
        doc="most values one role file may expand to, aliases counted as expanded",
    ),
    ConfigOption(
        "lint.disable",
        "list of rule ids",
        _lint_rules,
        "Lint rules to switch off.",
        {"type": "array", "items": {"enum": list(RULES)}, "uniqueItems": True},
        default=frozenset(),
        attribute="lint_disable",
        convert=lambda value, _: frozenset(value),
        shown_default="`[]`",
        doc="lint rules to switch off: "
        + ", ".join(f"`{rule}`" for rule in RULES)
        + " (see [format.md](format.md#lint-rules))",
    ),
    ConfigOption(
        "approval.reviewers",
        "non-empty list of capacity names",
        _reviewers,
        "Who agrees a document before the approver (default lawyer, hr, supervisor).",
        {
            "type": "array",
            "items": {"type": "string"},
            "minItems": 1,
            "not": {"contains": {"const": "approver"}},
        },
        default=DEFAULT_REVIEWERS,
        convert=lambda value, _: tuple(value),
        doc="who agrees a document before the approver; roles may only name these. A "
        "capacity name is what the ledger records: lowercase letters, digits, `-` and "
        "`_`, starting with a letter, at most 40 characters — the same rule "
        '`jdgen verify` applies to every entry, so `HR`, `""` or `"a b"` are refused '
        "here; `approver` is not a reviewer, and no name may be given twice",
    ),
    ConfigOption(
        "approval.approver",
        "text or table",
        _localized,
        "The approver's post when a role sets no approval.approver.post.",
        _LOCALIZED_JSON,
        default={},
        attribute="approver_post",
        convert=_localized_map,
        shown_default="`posts.approver` of the labels (กรรมการผู้จัดการ / Managing Director)",
        doc="the approver's post when a role sets no `approval.approver.post`",
    ),
    ConfigOption(
        "approval.posts",
        "table capacity = text or table",
        _posts,
        "Default posts of reviewers by capacity, each a text or a text per language (the "
        "labels' [posts] otherwise).",
        {"type": "object", "additionalProperties": _LOCALIZED_JSON},
        default={},
        convert=lambda value, languages: {
            capacity: _localized_map(post, languages) for capacity, post in value.items()
        },
        shown_default="the labels' `[posts]` (`lawyer`, `hr`); the role's `reports_to` for "
        "`supervisor`",
        doc="the default post `jdgen sign` records for a reviewer who gives no `--post`; keys "
        "must be reviewers of `approval.reviewers` (the approver's post is "
        "`approval.approver`)",
    ),
    ConfigOption(
        "library",
        '`"bundled"`',
        _library,
        '"bundled": the project\'s roles may extend the roles of the library that ships '
        "with jdgen (the account-manager family), which are never published themselves.",
        {"enum": ["bundled"]},
        default=None,
        doc="the project's roles may extend the roles that ship with jdgen (the "
        "account-manager family, `docs/roles.md`) by id; those are resolved into the "
        "project's documents but never published, a project role may not reuse one of "
        "their ids, and `languages` may list only `th` and `en` (the library's "
        "languages). The bundled roles use `${labour_law}`, so set `legal.labour_law` "
        "too",
    ),
    ConfigOption(
        "require_signatures",
        "`true` or `false`",
        _bool,
        "Every sign-off must be SSH-signed by a key signoffs/allowed_signers allows for its "
        "capacity (docs/signoff.md).",
        {"type": "boolean"},
        default=False,
        doc="every sign-off must be SSH-signed by a key `signoffs/allowed_signers` allows for "
        "its capacity: `jdgen sign` refuses without a key and `jdgen verify` fails on an "
        "unsigned or wrongly signed entry (as `jdgen verify --require-signatures`; "
        'docs/signoff.md, "Signed sign-offs")',
    ),
    ConfigOption(
        "legal.labour_law",
        "text or table",
        _localized,
        "The labour law documents cite; enables ${labour_law} in role text.",
        _LOCALIZED_JSON,
        default={},
        convert=_localized_map,
        shown_default="none",
        doc="enables `${labour_law}` in role text",
    ),
)
CONFIG_KEYS: dict[str, ConfigOption] = {option.key: option for option in OPTIONS}
"""Dotted key -> its declaration, in declaration order."""
TABLES = tuple(dict.fromkeys(key.split(".")[0] for key in CONFIG_KEYS if "." in key))
"""The tables of ``jdgen.toml`` (``[limits]``, ``[lint]``, …)."""


def config_default(name: str) -> Callable[[], Any]:
    """The default of the :class:`~jdgen.project.ProjectConfig` field ``name``, from the key
    that sets it, as a dataclass ``default_factory`` (a fresh table for every config)."""
    value = next(o for o in OPTIONS if o.field_name == name).default
    if isinstance(value, dict):
        return lambda: dict(value)
    return lambda: value

"""``jdgen init``: every file of a working document project, written at once.

The project validates and builds as it is: ``jdgen.toml``, a base role and a role
extending it (or, ``from_library``, a role extending the bundled account-manager family,
``library = "bundled"``), ``.gitignore``, the JSON Schemas and the VS Code settings that
bind them, a pre-commit configuration, GitHub Actions and GitLab CI pipelines, and the
``.gitattributes`` of jdgen's git diff driver.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jdgen.author import starter
from jdgen.author.files import write_new_files
from jdgen.author.yamlout import role_yaml
from jdgen.bundled import BUNDLED, BUNDLED_LANGUAGES
from jdgen.errors import ProjectExists, UsageError
from jdgen.folders import ROLES
from jdgen.project import CONFIG_NAME, DEFAULT_REVIEWERS, LANG_RE
from jdgen.validate.jsonschema import config_schema, role_schema

ROLE_SCHEMA_PATH = ".jdgen/schema/role.schema.json"
CONFIG_SCHEMA_PATH = ".jdgen/schema/jdgen.toml.schema.json"
SKELETON = {  # project path -> file of jdgen/author/skeleton
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/job-descriptions.yml": "github-actions.yml",
    ".gitlab-ci.yml": "gitlab-ci.yml",
    ".gitattributes": "gitattributes",
}


@dataclass(frozen=True)
class InitSettings:
    """What ``jdgen init`` asks: the languages, the organisation's name in each, and
    whether the roles start from the bundled library."""

    languages: tuple[str, ...]
    organisation: dict[str, str]
    from_library: bool = False

    def check(self) -> None:
        """Raise :class:`UsageError` for settings no project could use."""
        check_languages(self.languages)
        missing = [lang for lang in self.languages if not self.organisation.get(lang, "").strip()]
        if missing:
            raise UsageError(
                f"the organisation's name is missing in {', '.join(missing)}; "
                f"give --organisation-{missing[0]} NAME"
            )
        extra = [lang for lang in self.organisation if lang not in self.languages]
        if extra:
            raise UsageError(
                f"an organisation name is given in {extra[0]}, which is not among the languages"
            )
        if self.from_library:
            foreign = [lang for lang in self.languages if lang not in BUNDLED_LANGUAGES]
            if foreign:
                raise UsageError(
                    f"the bundled library is written in "
                    f"{', '.join(BUNDLED_LANGUAGES)}, not {', '.join(foreign)}; "
                    "choose among those languages or leave out --from-library"
                )


def check_languages(languages: tuple[str, ...]) -> None:
    """Raise :class:`UsageError` unless ``languages`` are distinct language codes."""
    bad = [lang for lang in languages if not LANG_RE.match(lang)]
    if not languages or bad:
        raise UsageError(
            f"{bad[0] if bad else 'nothing'!r} is not a list of language codes like th,en"
        )
    if len(set(languages)) != len(languages):
        raise UsageError("a language is listed twice")


def _toml_table(values: dict[str, str]) -> str:
    inner = ", ".join(
        f"{lang} = {json.dumps(text, ensure_ascii=False)}" for lang, text in values.items()
    )
    return "{ " + inner + " }"


def config_text(settings: InitSettings) -> str:
    """The project's ``jdgen.toml``."""
    langs = settings.languages
    lines = [
        "# jdgen document project: every key is explained in jdgen's docs/config.md.",
        f"#:schema ./{CONFIG_SCHEMA_PATH}",
        f"languages = {json.dumps(list(langs))}",
        f"organisation = {_toml_table({lang: settings.organisation[lang] for lang in langs})}",
    ]
    if settings.from_library:
        lines += [
            "# The project's roles may extend the roles that ship with jdgen (jdgen list "
            "shows them).",
            f'library = "{BUNDLED}"',
        ]
    lines += [
        "",
        "[approval]",
        f"reviewers = {json.dumps(list(DEFAULT_REVIEWERS))}",
        f"approver = {_toml_table(starter.approver(langs))}",
        "",
        "[legal]",
        f"labour_law = {_toml_table(starter.labour_law(langs))}",
        "",
    ]
    return "\n".join(lines)


def _schema_json(schema: dict[str, object]) -> bytes:
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def vscode_settings() -> str:
    """``.vscode/settings.json``: the schemas bound to the role files and ``jdgen.toml``."""
    return (
        json.dumps(
            {
                "yaml.schemas": {f"./{ROLE_SCHEMA_PATH}": ["roles/*.yaml", "roles/*.yml"]},
                "evenBetterToml.schema.associations": {r"jdgen\.toml$": f"./{CONFIG_SCHEMA_PATH}"},
            },
            indent=2,
        )
        + "\n"
    )


def project_files(settings: InitSettings) -> dict[str, bytes]:
    """Every file of the new project: relative path -> content."""
    langs = settings.languages
    header = "# A role of this project (docs/format.md). Validate with: jdgen validate\n"
    if settings.from_library:
        roles = {starter.LIBRARY_CHILD_ID: role_yaml(starter.library_role(langs), header)}
    else:
        roles = {
            starter.BASE_ID: role_yaml(starter.base_role(langs), header),
            starter.CHILD_ID: role_yaml(starter.child_role(langs), header),
        }
    skeleton = resources.files("jdgen.author") / "skeleton"
    files: dict[str, bytes] = {
        CONFIG_NAME: config_text(settings).encode("utf-8"),
        **{f"roles/{role_id}.yaml": text.encode("utf-8") for role_id, text in roles.items()},
        ".gitignore": b"/output/\n",
        ROLE_SCHEMA_PATH: _schema_json(role_schema(langs, DEFAULT_REVIEWERS)),
        CONFIG_SCHEMA_PATH: _schema_json(config_schema()),
        ".vscode/settings.json": vscode_settings().encode("utf-8"),
        **{path: (skeleton / name).read_bytes() for path, name in SKELETON.items()},
    }
    return files


def init_project(folder: Path, settings: InitSettings, *, force: bool = False) -> list[str]:
    """Write a new document project into ``folder`` (made if missing); return the paths
    written. A folder that holds a project already (``jdgen.toml`` or role files) is
    refused, even with ``force``; other files in the way are refused unless ``force``."""
    settings.check()
    if (folder / CONFIG_NAME).exists():
        raise ProjectExists(
            f"{folder} already holds a document project ({CONFIG_NAME}); nothing was written"
        )
    roles = folder / ROLES
    if roles.is_dir() and any(p.suffix in (".yaml", ".yml") for p in roles.iterdir()):
        raise ProjectExists(
            f"{roles} already holds role files; nothing was written (add "
            f"{CONFIG_NAME} by hand, or run jdgen init in an empty folder)"
        )
    files = project_files(settings)
    write_new_files(folder, files, force=force, last=CONFIG_NAME)
    return list(files)

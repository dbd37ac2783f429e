"""``jdgen new``: a role file with the required sections and placeholder clauses.

Every text the author must write starts with ``TODO:`` in every language; the
``placeholder-text`` lint warns about each one left (an error under ``--strict``), so an
unfinished role is never published silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jdgen.author.yamlout import role_yaml
from jdgen.bundled import BUNDLED, BUNDLED_DIR
from jdgen.errors import FileInTheWay, UnknownRole, UsageError, relative
from jdgen.lint.placeholders import MARK
from jdgen.project import ProjectConfig
from jdgen.validate.model import REQUIRED_SECTIONS, Text
from jdgen.validate.spec import ROLE_ID_RE
from jdgen.write import cannot_write, write_atomic

# What each placeholder asks for, per language (others get the English).
_ASK: dict[str, dict[str, str]] = {
    "title": {"th": "ชื่อตำแหน่ง", "en": "the post's title", "ru": "наименование должности"},
    "department": {"th": "หน่วยงาน", "en": "the department", "ru": "подразделение"},
    "reports_to": {
        "th": "ตำแหน่งผู้บังคับบัญชา",
        "en": "the post this one reports to",
        "ru": "непосредственный руководитель",
    },
    "approver": {"th": "ตำแหน่งผู้อนุมัติ", "en": "the approver's post", "ru": "должность утверждающего"},
    "general_provisions": {
        "th": "บทบัญญัติทั่วไป (ประเภทของตำแหน่ง การแต่งตั้ง การปฏิบัติหน้าที่แทน)",
        "en": "a general provision (the post's category, appointment, substitution)",
        "ru": "общее положение (категория, назначение, замещение)",
    },
    "functions": {
        "th": "หน้าที่ของตำแหน่ง (ผู้ดำรงตำแหน่งทำอะไร)",
        "en": "a function of the post (what the jobholder does)",
        "ru": "функция (что делает работник)",
    },
    "rights": {
        "th": "สิทธิของผู้ดำรงตำแหน่ง",
        "en": "a right of the jobholder",
        "ru": "право работника",
    },
    "responsibility": {
        "th": "ความรับผิดชอบของผู้ดำรงตำแหน่ง",
        "en": "what the jobholder is responsible for",
        "ru": "за что работник несёт ответственность",
    },
}
PLACEHOLDER_IDS = {
    "general_provisions": "provision-1",
    "functions": "function-1",
    "rights": "right-1",
    "responsibility": "responsibility-1",
}
HEADER = (
    '# Role {role_id}: replace every text that starts with "{mark}" (jdgen validate warns\n'
    "# about each one left: placeholder-text) and add clauses. Clause ids are yours to keep\n"
    "# stable; for clauses written without one, `jdgen ids` makes them from the text.\n"
)


def placeholder(what: str, languages: tuple[str, ...]) -> Text:
    """The placeholder text asking for ``what`` in every language."""
    asks = _ASK[what]
    return {lang: f"{MARK} {asks.get(lang, asks['en'])}" for lang in languages}


def _known_role(config: ProjectConfig, role_id: str) -> Path | None:
    for suffix in (".yaml", ".yml"):
        if (config.roles_dir / f"{role_id}{suffix}").is_file():
            return config.roles_dir / f"{role_id}{suffix}"
    if config.library == BUNDLED and (BUNDLED_DIR / f"{role_id}.yaml").is_file():
        return BUNDLED_DIR / f"{role_id}.yaml"
    return None


def _inherited_headers(config: ProjectConfig, parent: str) -> set[str]:
    """The header keys (department, reports_to, approval post) ``parent``'s chain gives."""
    from jdgen.validate import load_role_file  # deferred: the validator is not always needed

    found: set[str] = set()
    seen: set[str] = set()
    current: str | None = parent
    while current and current not in seen:
        seen.add(current)
        path = _known_role(config, current)
        spec = load_role_file(path, config)[0] if path else None
        if spec is None:
            break
        found.update(k for k in ("department", "reports_to") if getattr(spec, k))
        if spec.approval and spec.approval.approver_post:
            found.add("approver")
        current = spec.extends
    return found


def role_data(config: ProjectConfig, extends: str | None, titles: Text) -> dict[str, Any]:
    """The new role file's content: ``extends``, the title, the headers the parent does not
    give, and a placeholder clause in each required section (in ``functions`` only, when the
    parent gives the sections)."""
    langs = config.languages
    data: dict[str, Any] = {}
    given: set[str] = set()
    if extends:
        data["extends"] = extends
        given = _inherited_headers(config, extends)
    title = placeholder("title", langs)
    title.update({lang: text for lang, text in titles.items() if text.strip()})
    data["title"] = title
    for key in ("department", "reports_to"):
        if key not in given:
            data[key] = placeholder(key, langs)
    sections = ("functions",) if extends else REQUIRED_SECTIONS
    for section in sections:
        data[section] = [{"id": PLACEHOLDER_IDS[section], "text": placeholder(section, langs)}]
    if not config.approver_post and "approver" not in given:
        data["approval"] = {"approver": {"post": placeholder("approver", langs)}}
    return data


def create_role(
    config: ProjectConfig,
    role_id: str,
    *,
    extends: str | None = None,
    titles: Text | None = None,
    force: bool = False,
) -> Path:
    """Write ``roles/<role_id>.yaml`` for the project of ``config`` and return its path.

    Raises :class:`UsageError` for an id that is not a role id or titles in languages the
    project does not have, :class:`UnknownRole` for a parent that is not a role of the
    project (or of the bundled library it uses), :class:`FileInTheWay` when the role exists
    and ``force`` is not given, and :class:`CannotWrite` when the file cannot be written.
    """
    titles = dict(titles or {})
    if not ROLE_ID_RE.match(role_id):
        raise UsageError(
            f"'{role_id}' is not a role id: lowercase letters, digits, '.', '_' "
            "and single '-', like key-account-manager"
        )
    foreign = [lang for lang in titles if lang not in config.languages]
    if foreign:
        raise UsageError(
            f"a title is given in {foreign[0]}, which is not among the project's "
            f"languages ({', '.join(config.languages)})"
        )
    if extends is not None:
        if extends == role_id:
            raise UsageError(f"role '{role_id}' cannot extend itself")
        if _known_role(config, extends) is None:
            raise UnknownRole(f"no role '{extends}' to extend; `jdgen list` shows the roles")
    path = config.roles_dir / f"{role_id}.yaml"
    existing = _known_role(config, role_id)
    if existing is not None and existing.parent == config.roles_dir and not force:
        raise FileInTheWay(
            f"{relative(existing, config.root)} already exists; nothing was "
            "written (pass --force to replace it)"
        )
    if existing is not None and existing.parent != config.roles_dir:
        raise FileInTheWay(
            f"'{role_id}' is a role of the bundled library; choose an id of "
            f"your own and extend it (--extends {role_id})"
        )
    if existing is not None and existing != path:
        raise FileInTheWay(
            f"{relative(existing, config.root)} already defines role "
            f"'{role_id}'; nothing was written"
        )
    text = role_yaml(role_data(config, extends, titles), HEADER.format(role_id=role_id, mark=MARK))
    try:
        config.roles_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise cannot_write(path, err) from None
    write_atomic(path, text.encode("utf-8"))
    return path

"""``jdgen ids``: give every clause written without an id one made from its text.

The file is edited as text, not re-dumped: each id is inserted just before the clause's
first key (``id: …`` on a line of its own in block style, ``id: …,`` in a flow mapping), so
comments, quoting and layout stay as the author wrote them. The edited text is parsed again
and must equal the original plus the new ids, or nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jdgen.author.ids import clause_id
from jdgen.errors import CannotWrite, Location, Problem, ProblemsFound, relative
from jdgen.load.yaml_source import KeyPath, SourceFile, format_key, load_yaml
from jdgen.project import ProjectConfig
from jdgen.validate.spec import SECTIONS
from jdgen.write import write_atomic


@dataclass(frozen=True)
class NewId:
    """An id given to the clause at ``keypath``, found at ``location``."""

    location: Location
    keypath: KeyPath
    id: str

    def __str__(self) -> str:
        return f"{self.location}: {format_key(self.keypath)}: id '{self.id}'"


def _texts(clause: dict[str, Any], languages: tuple[str, ...]) -> list[str]:
    text = clause.get("text")
    if isinstance(text, str):
        return [text]
    if isinstance(text, dict):
        ordered = [text.get(lang) for lang in languages] + list(text.values())
        return [t for t in ordered if isinstance(t, str)]
    return []


def _missing(
    source: SourceFile, clauses: Any, keypath: KeyPath, languages: tuple[str, ...]
) -> list[NewId]:
    if not isinstance(clauses, list):
        return []
    taken = {c["id"] for c in clauses if isinstance(c, dict) and isinstance(c.get("id"), str)}
    found: list[NewId] = []
    for index, clause in enumerate(clauses):
        if not isinstance(clause, dict) or not clause:
            continue
        path = (*keypath, index)
        if "id" not in clause:
            first = next(iter(clause))
            found.append(
                NewId(
                    source.key_loc((*path, first)),
                    path,
                    clause_id(_texts(clause, languages), taken),
                )
            )
        found.extend(_missing(source, clause.get("items"), (*path, "items"), languages))
    return found


def _scalar(value: str) -> str:
    """``value`` as a YAML scalar that reads back as the same string."""
    return value if yaml.safe_load(value) == value else f"'{value}'"


def _insert(text: str, new: list[NewId]) -> str:
    lines = text.splitlines(keepends=True)
    for item in sorted(new, key=lambda n: (n.location.line, n.location.col), reverse=True):
        row, col = item.location.line - 1, item.location.col - 1
        line = lines[row]
        before = line[:col]
        if before.rstrip().endswith(("{", ",")):
            lines[row] = f"{before}id: {_scalar(item.id)}, {line[col:]}"
        else:
            lines[row] = f"{before}id: {_scalar(item.id)}\n{' ' * col}{line[col:]}"
    return "".join(lines)


def _with_ids(data: Any, new: list[NewId]) -> Any:
    for item in new:
        target = data
        for part in item.keypath:
            target = target[part]
        target["id"] = item.id
    return data


def fill_ids(path: Path, config: ProjectConfig, *, write: bool = True) -> list[NewId]:
    """Give the clauses of the role file ``path`` that have no id one (written to the file
    unless ``write`` is false); return the ids given, in file order.

    Raises :class:`ProblemsFound` when the file cannot be read as YAML, and
    :class:`CannotWrite` when it cannot be edited safely or written.
    """
    display = relative(path, config.root)
    source, problems = load_yaml(path, display, config.max_file_bytes, config.max_nodes)
    if source is None:
        raise ProblemsFound(problems or [Problem(Location(display), "", "cannot be read")])
    new = [
        n
        for section in SECTIONS
        for n in _missing(source, source.data.get(section), (section,), config.languages)
    ]
    if not new or not write:
        return new
    original = path.read_text(encoding="utf-8")
    edited = _insert(original, new)
    try:
        same = yaml.safe_load(edited) == _with_ids(yaml.safe_load(original), new)
    except yaml.YAMLError:
        same = False
    if not same:
        raise CannotWrite(
            f"{display}: the ids cannot be inserted without changing the "
            "file's meaning (an unusual layout); add them by hand"
        )
    write_atomic(path, edited.encode("utf-8"))
    return new

"""Safe YAML loading that remembers where every key and value came from.

PyYAML composes the file into a node graph (libyaml when available); we then build plain
Python values ourselves so that we can reject what ``yaml.safe_load`` lets through: duplicate
keys, unsafe or unknown tags, merge keys, alias expansion beyond a budget, nesting beyond a
depth, and characters that are not allowed in XML (they would corrupt a DOCX).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jdgen.errors import Location, Problem

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

KeyPath = tuple[str | int, ...]

SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
MERGE_TAG = "tag:yaml.org,2002:merge"
MAX_DEPTH = 64
# Characters XML 1.0 forbids, C1 controls, and lone surrogates from "\uD800"-style escapes.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass
class SourceFile:
    """A loaded YAML mapping with the position of every key and value in its file."""

    path: Path
    display: str
    data: dict[str, Any]
    values: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def loc(self, keypath: KeyPath) -> Location:
        """Where the value at ``keypath`` (or its nearest known ancestor) starts."""
        path = tuple(keypath)
        while path and path not in self.values:
            path = path[:-1]
        line, col = self.values.get(path, (1, 1))
        return Location(self.display, line, col)

    def key_loc(self, keypath: KeyPath) -> Location:
        """Where the key naming ``keypath`` stands (the value's place if unknown)."""
        if tuple(keypath) in self.keys:
            line, col = self.keys[tuple(keypath)]
            return Location(self.display, line, col)
        return self.loc(keypath)


class _Budget:
    """Counts nodes built, so that alias expansion ("billion laughs") stays bounded."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def spend(self) -> bool:
        self.used += 1
        return self.used <= self.limit


class _Abort(Exception):
    """Stop building values after a problem that makes the rest meaningless."""


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def format_key(keypath: KeyPath) -> str:
    """``functions[2].text.th`` for ``("functions", 2, "text", "th")``."""
    out = ""
    for part in keypath:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _yaml_message(err: yaml.MarkedYAMLError) -> str:
    problem = err.problem or str(err)
    if "tab" in problem:
        return "tab character used for indentation; indent with spaces"
    if err.context and "single document" in err.context:
        return "more than one YAML document (---) in a role file; keep one role per file"
    if problem == "found undefined alias":
        return "alias (*name) refers to an anchor (&name) that is not defined"
    text = problem
    if err.context:
        text = f"{err.context}: {problem}"
    return f"YAML syntax error: {text}"


def load_yaml(path: Path, display: str, max_bytes: int, max_nodes: int) -> tuple[
    SourceFile | None, list[Problem]
]:
    """Load one YAML file whose top level must be a mapping.

    Returns the source (or ``None`` when it cannot be used) and the problems found.
    """
    try:
        size = path.stat().st_size
    except OSError as err:
        return None, [Problem(Location(display), "", f"cannot read file: {err.strerror}")]
    if size > max_bytes:
        return None, [
            Problem(
                Location(display),
                "",
                f"file is {size:,} bytes, over the limit of {max_bytes:,} "
                "(jdgen.toml: limits.max_file_bytes); split the role or raise the limit",
            )
        ]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        bad = raw[err.start : err.start + 1].hex().upper()
        return None, [
            Problem(
                Location(display, line, col),
                "",
                f"not valid UTF-8 (byte 0x{bad}); save the file as UTF-8",
            )
        ]
    return parse_yaml(text, path, display, max_nodes)


def parse_yaml(text: str, path: Path, display: str, max_nodes: int) -> tuple[
    SourceFile | None, list[Problem]
]:
    """Parse YAML ``text`` (already decoded) into a :class:`SourceFile`."""
    here = Location(display, 1, 1)
    bad = _BAD_CHARS.search(text)
    if bad:
        line, col = _line_col(text, bad.start())
        return None, [
            Problem(
                Location(display, line, col),
                "",
                f"control character U+{ord(bad.group()):04X} is not allowed; remove it",
            )
        ]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        loc = Location(display, mark.line + 1, mark.column + 1) if mark else here
        return None, [Problem(loc, "", _yaml_message(err))]
    except yaml.reader.ReaderError as err:
        line, col = _line_col(text, err.position)
        return None, [
            Problem(
                Location(display, line, col),
                "",
                f"control character U+{err.character:04X} is not allowed; remove it",
            )
        ]
    except yaml.YAMLError as err:  # pragma: no cover - defensive
        return None, [Problem(here, "", f"YAML error: {err}")]
    if root is None:
        return None, [Problem(here, "", "file is empty; a role file holds one YAML mapping")]
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        loc = Location(display, root.start_mark.line + 1, root.start_mark.column + 1)
        return None, [Problem(loc, "", f"top level is {kind}; a role file holds one mapping")]
    source = SourceFile(path=path, display=display, data={})
    problems: list[Problem] = []
    builder = _Builder(source, problems, _Budget(max_nodes))
    try:
        data = builder.build(root, (), 0)
    except _Abort:
        return None, problems
    source.data = data
    return source, problems


class _Builder:
    def __init__(self, source: SourceFile, problems: list[Problem], budget: _Budget) -> None:
        self.source = source
        self.problems = problems
        self.budget = budget
        self.constructor = yaml.constructor.SafeConstructor()

    def _loc(self, node: yaml.Node) -> Location:
        return Location(self.source.display, node.start_mark.line + 1, node.start_mark.column + 1)

    def _fatal(self, node: yaml.Node, keypath: KeyPath, message: str) -> _Abort:
        self.problems.append(Problem(self._loc(node), format_key(keypath), message))
        return _Abort()

    def build(self, node: yaml.Node, keypath: KeyPath, depth: int) -> Any:
        if not self.budget.spend():
            raise self._fatal(
                node,
                keypath,
                f"aliases expand to more than {self.budget.limit:,} values "
                "(an alias bomb?); write the values out or raise limits.max_nodes",
            )
        if depth > MAX_DEPTH:
            raise self._fatal(node, keypath, f"nested deeper than {MAX_DEPTH} levels")
        if node.tag not in SAFE_TAGS:
            raise self._fatal(
                node,
                keypath,
                f"YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed; "
                "role files hold plain text, lists and mappings",
            )
        self.source.values[keypath] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, keypath, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*keypath, i), depth + 1) for i, item in enumerate(node.value)]
        value = self.constructor.construct_object(node)
        if isinstance(value, str) and (bad := _BAD_CHARS.search(value)):
            self.problems.append(
                Problem(
                    self._loc(node),
                    format_key(keypath),
                    f"control character U+{ord(bad.group()):04X} (character {bad.start() + 1} "
                    "of the text) is not allowed; remove the escape",
                )
            )
        return value

    def _mapping(self, node: yaml.MappingNode, keypath: KeyPath, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                raise self._fatal(
                    key_node, keypath, "merge keys (<<) are not supported; use extends instead"
                )
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                value = (
                    self.constructor.construct_object(key_node)
                    if isinstance(key_node, yaml.ScalarNode)
                    else None
                )
                raise self._fatal(
                    key_node, keypath, f"key {value!r} is not text; quote it or rename it"
                )
            key = key_node.value
            child = (*keypath, key)
            if key in seen:
                self.problems.append(
                    Problem(
                        self._loc(key_node),
                        format_key(child),
                        f"duplicate key '{key}' (first at line {seen[key]}); "
                        "YAML keeps only one of them, so merge the two",
                    )
                )
                continue
            seen[key] = key_node.start_mark.line + 1
            self.source.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, child, depth + 1)
        return out

"""Safe YAML loading that remembers where every key and value came from.

libyaml (PyYAML's C parser when available) turns the file into a stream of events; we build
plain Python values from those events ourselves, iteratively, so that we can reject what
``yaml.safe_load`` lets through: duplicate keys, unsafe or unknown tags, merge keys, alias
expansion beyond a node budget ("billion laughs"), recursive aliases, nesting beyond a depth
(PyYAML's own composer recurses and crashes on very deep input), characters that are
not allowed in XML (they would corrupt a DOCX), and characters that make a text show
something other than what it says (bidi overrides, tag characters; see
:mod:`jdgen.load.invisible`). It also remembers what a plain (unquoted) scalar looked like
where YAML changed its meaning: a comment that cut a text short, a ``no`` read as false.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jdgen.errors import Location, Problem
from jdgen.load.invisible import invisible_problems
from jdgen.load.utf8 import decode_utf8
from jdgen.load.yaml_errors import MAX_DEPTH, explain

# Python prints ints of up to 4,300 decimal digits (sys.get_int_max_str_digits)
_MAX_INT_BITS = 14_000

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

KeyPath = tuple[str | int, ...]

_YAML = "tag:yaml.org,2002:"
STR_TAG = _YAML + "str"
SAFE_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
MERGE_TAG = _YAML + "merge"
TIMESTAMP_TAG = _YAML + "timestamp"
# Plain scalars PyYAML (YAML 1.1) keeps as text but YAML 1.2 tools (editors, linters, yq)
# read as numbers, and bare dates, which jdgen keeps as written and others read as dates.
_AMBIGUOUS = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|0o[0-7]+"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
)
AMBIGUOUS_RULE = "ambiguous-scalar"
# Characters XML 1.0 forbids, C1 controls, and lone surrogates from "\uD800"-style escapes.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A loaded YAML mapping with the position of every key and value in its file.

    Immutable: a lookup only reads the tables it was made with. :meth:`compacted` and
    :meth:`without_positions` make the smaller copies that later stages keep.
    """

    path: Path
    display: str
    data: dict[str, Any]
    # Positions packed as ``line << 32 | column`` (see pack_position): a large library holds
    # hundreds of thousands of them until resolution is done.
    values: dict[KeyPath, int] = field(default_factory=dict)
    keys: dict[KeyPath, int] = field(default_factory=dict)
    # (size, mtime in ns) of the file when it was read: a library reads a file again only
    # if it is still the one it checked.
    signature: tuple[int, int] = (0, 0)
    # Plain scalars whose meaning YAML changed: the ``#`` that ended a text on its line
    # (key path -> packed position of the ``#``), and values read as something other than
    # text (key path -> the scalar as written, e.g. ``no``).
    cut: dict[KeyPath, int] = field(default_factory=dict)
    plain: dict[KeyPath, str] = field(default_factory=dict)

    def loc(self, keypath: KeyPath) -> Location:
        """Where the value at ``keypath`` (or its nearest known ancestor) starts."""
        path = tuple(keypath)
        while path and path not in self.values:
            path = path[:-1]
        return Location(self.display, *unpack_position(self.values.get(path, FILE_START)))

    def key_loc(self, keypath: KeyPath) -> Location:
        """Where the key naming ``keypath`` stands (the value's place if unknown)."""
        found = self.keys.get(tuple(keypath))
        if found is not None:
            return Location(self.display, *unpack_position(found))
        return self.loc(keypath)

    def compacted(self, keep: Callable[[KeyPath], bool]) -> SourceFile:
        """A copy without the raw values and with only the positions ``keep`` selects.

        Positions are half of a loaded library's memory; once a file is checked, later
        stages look up only a few of them (any other falls back to its nearest kept
        ancestor, like any unknown position).
        """
        return SourceFile(
            self.path,
            self.display,
            {},
            {k: v for k, v in self.values.items() if keep(k)},
            {k: v for k, v in self.keys.items() if keep(k)},
            self.signature,
            self.cut,
            self.plain,
        )

    def without_positions(self) -> SourceFile:
        """A copy with neither values nor positions: where the file is, and nothing else."""
        return SourceFile(self.path, self.display, {}, signature=self.signature)


def pack_position(line: int, column: int) -> int:
    """Line and column (both from 1) as one int."""
    return line << 32 | column


def unpack_position(position: int) -> tuple[int, int]:
    """The line and column packed by :func:`pack_position`."""
    return position >> 32, position & 0xFFFFFFFF


FILE_START = pack_position(1, 1)


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


def load_yaml(
    path: Path, display: str, max_bytes: int, max_nodes: int
) -> tuple[SourceFile | None, list[Problem]]:
    """Load one YAML file whose top level must be a mapping.

    Returns the source (or ``None`` when it cannot be used) and the problems found. The
    size is checked before anything is read, so a huge file costs nothing.
    """
    try:
        stat = path.stat()
        size = stat.st_size
        if size <= max_bytes:
            raw = path.read_bytes()
    except OSError as err:
        return None, [
            Problem(
                Location(display), "", f"cannot read file: {err.strerror}; check its permissions"
            )
        ]
    if size > max_bytes:
        return None, [
            Problem(
                Location(display),
                "",
                f"file is {size:,} bytes, over the limit of {max_bytes:,} "
                "(jdgen.toml: limits.max_file_bytes); split the role or raise the limit",
            )
        ]
    text = decode_utf8(raw, display)
    if isinstance(text, Problem):
        return None, [text]
    source, problems = parse_yaml(text, path, display, max_nodes)
    if source is not None:
        source = dataclasses.replace(source, signature=(size, stat.st_mtime_ns))
    return source, problems


def parse_yaml(
    text: str, path: Path, display: str, max_nodes: int
) -> tuple[SourceFile | None, list[Problem]]:
    """Parse YAML ``text`` (already decoded) into a :class:`SourceFile`."""
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
    invisible = invisible_problems(text, display)
    if any(p.severity == "error" for p in invisible):
        return None, invisible
    builder = _Builder(display, max_nodes, text)
    builder.problems.extend(invisible)
    try:
        data = builder.run(_events(text))
    except _Abort:
        return None, builder.problems
    except yaml.MarkedYAMLError as err:
        message, where = explain(err, text)
        mark = err.problem_mark or err.context_mark
        if where is None and mark is not None:
            where = (mark.line + 1, mark.column + 1)
        loc = Location(display, *where) if where else Location(display)
        return None, [Problem(loc, "", message)]
    except yaml.YAMLError as err:  # pragma: no cover - reader errors are pre-empted above
        return None, [Problem(Location(display, 1, 1), "", f"YAML error: {err}")]
    return builder.source(path, data), builder.problems


def _events(text: str) -> Iterator[Any]:
    loader = _Loader(text)
    try:
        while True:
            event = loader.get_event()
            yield event
            if event.__class__ is yaml.StreamEndEvent:
                return
    finally:
        loader.dispose()


class _Abort(Exception):
    """Stop building values after a problem that makes the rest meaningless."""


@dataclass
class _Frame:
    """An open sequence or mapping while its events arrive."""

    value: list[Any] | dict[str, Any]
    keypath: KeyPath
    anchor: str | None
    first_node: int
    discard: bool
    key: str | None = None
    key_path: KeyPath = ()  # (*keypath, key), shared by the key's and the value's position
    key_pending: bool = True
    skip_value: bool = False
    seen: dict[str, int] = field(default_factory=dict)


class _Builder:
    """Builds plain values from YAML events with an explicit stack (no recursion)."""

    def __init__(self, display: str, max_nodes: int, text: str = "") -> None:
        self.lines = text.split("\n")
        self.display = display
        # The tables of the SourceFile being read (see SourceFile).
        self.values: dict[KeyPath, int] = {}
        self.keys: dict[KeyPath, int] = {}
        self.cut: dict[KeyPath, int] = {}
        self.plain: dict[KeyPath, str] = {}
        self.problems: list[Problem] = []
        self.max_nodes = max_nodes
        self.nodes = 0
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.resolver = _Loader("")
        self.plain_tags: dict[str, str] = {}
        self.constructor = yaml.constructor.SafeConstructor()

    def source(self, path: Path, data: dict[str, Any]) -> SourceFile:
        """The file read, its top-level mapping ``data`` (what :meth:`run` returned)."""
        return SourceFile(
            path, self.display, data, self.values, self.keys, cut=self.cut, plain=self.plain
        )

    def _loc(self, mark: Any) -> Location:
        if mark is None:
            return Location(self.display, 1, 1)
        return Location(self.display, mark.line + 1, mark.column + 1)

    def _fatal(self, mark: Any, keypath: KeyPath, message: str) -> _Abort:
        shown = keypath if len(keypath) <= 8 else (*keypath[:8], "…")
        self.problems.append(Problem(self._loc(mark), format_key(shown), message))
        return _Abort()

    def _spend(self, count: int, mark: Any, keypath: KeyPath) -> None:
        self.nodes += count
        if self.nodes > self.max_nodes:
            raise self._fatal(
                mark,
                keypath,
                f"the file expands to more than {self.max_nodes:,} values (an alias bomb?); "
                "write the values out without aliases or raise limits.max_nodes",
            )

    def _tag(self, event: Any, kind: type[yaml.Node], keypath: KeyPath) -> str:
        tag = event.tag
        if tag is None and kind is yaml.ScalarNode:
            if not event.implicit[0]:
                return STR_TAG  # quoted or block text
            tag = self.plain_tags.get(event.value)
            if tag is None:
                tag = self.resolver.resolve(kind, event.value, event.implicit)
                self.plain_tags[event.value] = tag
        elif tag is None or tag == "!":
            value = event.value if kind is yaml.ScalarNode else None
            tag = self.resolver.resolve(kind, value, event.implicit)
        if tag not in SAFE_TAGS and tag != MERGE_TAG:
            if tag == TIMESTAMP_TAG and event.tag is None:
                return STR_TAG  # a bare date stays the text the author wrote
            raise self._fatal(
                event.start_mark,
                keypath,
                f"YAML tag {tag.replace(_YAML, '!!')} is not allowed; "
                "role files hold plain text, lists and mappings",
            )
        return str(tag)

    def _next_keypath(self) -> tuple[KeyPath, bool]:
        """The key path of the next value, and whether it is to be discarded."""
        if not self.stack:
            return (), False
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            return (*frame.keypath, len(frame.value)), frame.discard
        assert frame.key is not None
        return frame.key_path, frame.discard or frame.skip_value

    def _key(self, frame: _Frame, event: Any) -> None:
        """Handle an event in key position of the mapping ``frame``."""
        if event.__class__ is not yaml.ScalarEvent:
            source = "an alias" if event.__class__ is yaml.AliasEvent else "a list or mapping"
            raise self._fatal(
                event.start_mark, frame.keypath, f"a key is {source}; keys are plain names"
            )
        tag = self._tag(event, yaml.ScalarNode, frame.keypath)
        if tag == MERGE_TAG:
            raise self._fatal(
                event.start_mark,
                frame.keypath,
                "merge keys (<<) are not supported; use extends instead",
            )
        if tag != STR_TAG:
            raise self._fatal(
                event.start_mark,
                frame.keypath,
                f"key '{event.value}' is read as {tag.replace(_YAML, '')}, "
                "not as a name; put it in quotes or rename it",
            )
        key: str = event.value
        mark: Any = event.start_mark
        line = mark.line + 1
        frame.key, frame.key_pending = key, False
        frame.key_path = (*frame.keypath, key)
        if key in frame.seen and not frame.discard:
            self.problems.append(
                Problem(
                    self._loc(mark),
                    format_key((*frame.keypath, key)),
                    f"duplicate key '{key}' (first at line {frame.seen[key]}); "
                    "YAML keeps only one of them, so merge the two",
                )
            )
            frame.skip_value = True
            return
        frame.seen[key] = line
        frame.skip_value = False
        if not frame.discard:
            self.keys[frame.key_path] = pack_position(line, mark.column + 1)

    def _attach(self, value: Any) -> Any:
        """Give a finished value to the open collection; return it when it is the root."""
        if not self.stack:
            return value
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            frame.value.append(value)
        else:
            if not frame.skip_value and frame.key is not None:
                frame.value[frame.key] = value
            frame.key_pending = True
        return None

    def _scalar(self, event: Any, keypath: KeyPath) -> Any:
        tag = self._tag(event, yaml.ScalarNode, keypath)
        if tag == STR_TAG:
            value: Any = event.value
            if not event.style and event.implicit[0]:  # plain ('' from libyaml)
                self._check_cut(event, keypath)
                if len(value) <= 40 and _AMBIGUOUS.fullmatch(value):
                    self.problems.append(
                        Problem(
                            self._loc(event.start_mark),
                            format_key(keypath),
                            f"'{value}' is read as text here, but other YAML tools read it as a "
                            f"{'date' if '-' in value[1:] else 'number'}; put it in quotes",
                            "warning",
                            AMBIGUOUS_RULE,
                        )
                    )
        else:
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            try:
                value = self.constructor.construct_object(node)
                if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
                    raise ValueError("too long to print")  # 0x… or 0o… of that size
            except ValueError:  # an int longer than Python reads (4,300 digits)
                self.problems.append(
                    Problem(
                        self._loc(event.start_mark),
                        format_key(keypath),
                        f"a number of {len(event.value):,} characters is too long to read; "
                        "shorten it, or put it in quotes if it is text",
                    )
                )
                value = event.value
            if not event.style:
                self.plain[keypath] = event.value
        if isinstance(value, str) and (bad := _BAD_CHARS.search(value)):
            self.problems.append(
                Problem(
                    self._loc(event.start_mark),
                    format_key(keypath),
                    f"control character U+{ord(bad.group()):04X} (character {bad.start() + 1} "
                    "of the text) is not allowed; remove the escape",
                )
            )
        return value

    def _check_cut(self, event: Any, keypath: KeyPath) -> None:
        """Remember where a comment ended the plain text ``event`` on its own line."""
        end = event.end_mark
        line = self.lines[end.line] if end.line < len(self.lines) else ""
        rest = line[end.column :]
        stripped = rest.lstrip(" \t")
        if stripped.startswith("#") and len(stripped) < len(rest):
            self.cut[keypath] = pack_position(
                end.line + 1, end.column + 1 + len(rest) - len(stripped)
            )

    def run(self, events: Iterator[Any]) -> dict[str, Any]:
        """Consume the events of one file; the top-level mapping."""
        root: Any = None
        started = False
        for event in events:
            cls = event.__class__
            if cls is yaml.StreamStartEvent or cls is yaml.DocumentEndEvent:
                continue
            if cls is yaml.StreamEndEvent:
                break
            if cls is yaml.DocumentStartEvent:
                if started:
                    raise self._fatal(
                        event.start_mark,
                        (),
                        "more than one YAML document (---) in a role file; keep one role per file",
                    )
                started = True
                continue
            finished = self._node_event(event)
            if finished is not None:
                root = finished
        if root is None:
            raise self._fatal(None, (), "file is empty; a role file holds one YAML mapping")
        return root  # type: ignore[no-any-return]

    def _node_event(self, event: Any) -> Any:
        """Handle one event inside the document; the top-level value once it is complete."""
        cls = event.__class__
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.key_pending and frame.value.__class__ is dict:
            if cls is yaml.MappingEndEvent:
                return self._close()
            self._key(frame, event)
            return None
        if cls is yaml.SequenceEndEvent:
            return self._close()
        keypath, discard = self._next_keypath()
        if frame is None:
            self._check_root(event)
        if cls is yaml.AliasEvent:
            return self._alias(event, keypath, discard)
        self._spend(1, event.start_mark, keypath)
        if not discard:
            self.values[keypath] = pack_position(
                event.start_mark.line + 1, event.start_mark.column + 1
            )
        if cls is yaml.ScalarEvent:
            value = self._scalar(event, keypath)
            if event.anchor:
                self.anchors[event.anchor] = (value, 1)
            return self._attach(value)
        self._open(event, keypath, discard)
        return None

    def _open(self, event: Any, keypath: KeyPath, discard: bool) -> None:
        """Start the mapping or sequence of ``event``, whose values arrive next."""
        kind = yaml.MappingNode if event.__class__ is yaml.MappingStartEvent else yaml.SequenceNode
        self._tag(event, kind, keypath)
        if len(self.stack) >= MAX_DEPTH:
            raise self._fatal(
                event.start_mark,
                keypath,
                f"nested deeper than {MAX_DEPTH} levels; flatten the structure",
            )
        if event.anchor:
            self.open_anchors.add(event.anchor)
        self.stack.append(
            _Frame(
                value={} if kind is yaml.MappingNode else [],
                keypath=keypath,
                anchor=event.anchor,
                first_node=self.nodes,
                discard=discard,
            )
        )

    def _check_root(self, event: Any) -> None:
        if isinstance(event, yaml.MappingStartEvent):
            return
        if isinstance(event, yaml.ScalarEvent) and event.value == "" and event.implicit[0]:
            raise self._fatal(
                event.start_mark, (), "file is empty; a role file holds one YAML mapping"
            )
        kind = "a list" if isinstance(event, yaml.SequenceStartEvent) else "a single value"
        raise self._fatal(
            event.start_mark,
            (),
            f"top level is {kind}; a role file holds one "
            "mapping of keys like title, functions, rights",
        )

    def _close(self) -> Any:
        frame = self.stack.pop()
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.value, self.nodes - frame.first_node + 1)
        return self._attach(frame.value)

    def _alias(self, event: Any, keypath: KeyPath, discard: bool) -> Any:
        if event.anchor in self.open_anchors:
            raise self._fatal(
                event.start_mark,
                keypath,
                f"alias *{event.anchor} refers to the value that contains it "
                "(a recursive structure); write the value out",
            )
        if event.anchor not in self.anchors:
            raise self._fatal(
                event.start_mark,
                keypath,
                f"alias *{event.anchor} refers to an anchor &{event.anchor} that is not defined",
            )
        value, count = self.anchors[event.anchor]
        self._spend(count, event.start_mark, keypath)
        if not discard:
            self.values[keypath] = pack_position(
                event.start_mark.line + 1, event.start_mark.column + 1
            )
        return self._attach(value)

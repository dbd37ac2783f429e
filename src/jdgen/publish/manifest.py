"""``output/manifest.json``: every file jdgen published, with its hash and what it is.

The manifest is the build's contract with CI and with the next build::

    {"jdgen": "0.1.0",
     "files": [{"path": "am.th.html", "sha256": "...", "bytes": 1234, "document": "am",
                "lang": "th", "format": "html", "digest": "...", "status": "draft",
                "key": "..."}]}

``path`` is relative to the output folder and the list is sorted by path. ``key`` is the
hash of every input that shaped the file (see :mod:`jdgen.publish.plan`); the next build
re-renders a file only when its key changes. The serialisation is canonical (sorted, fixed
separators), so the same set of files always gives the same manifest bytes — which is what
makes the union of shard manifests equal to the full build's manifest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from jdgen import __version__
from jdgen.errors import JdgenError
from jdgen.write import write_atomic

ENTRY_FIELDS = ("path", "sha256", "bytes", "document", "lang", "format", "digest", "status", "key")


# What to do about a damaged manifest. jdgen never guesses: a file it cannot trust the
# manifest about is not its to overwrite or delete.
RESTORE = (
    "restore the file jdgen wrote (from git or the CI artifact), or move the output "
    "folder aside and build again"
)


class ManifestError(JdgenError):
    """A manifest file is unreadable, malformed, or contradicts another manifest."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One published file as the manifest lists it."""

    path: str
    sha256: str
    bytes: int
    document: str
    lang: str
    format: str
    digest: str
    status: str
    key: str

    def as_json(self) -> dict[str, Any]:
        """The entry as a JSON object (fields in the documented order)."""
        return asdict(self)


def _entry_text(e: Entry) -> str:
    """One entry as ``json.dumps(..., ensure_ascii=False, indent=1)`` lays it out in a list."""
    q = encode_basestring
    return (
        f'  {{\n   "path": {q(e.path)},\n   "sha256": {q(e.sha256)},\n'
        f'   "bytes": {int.__repr__(e.bytes)},\n   "document": {q(e.document)},\n'
        f'   "lang": {q(e.lang)},\n   "format": {q(e.format)},\n'
        f'   "digest": {q(e.digest)},\n   "status": {q(e.status)},\n'
        f'   "key": {q(e.key)}\n  }}'
    )


def chunks(entries: Iterable[Entry], version: str = __version__) -> Iterator[bytes]:
    """The canonical bytes of a manifest listing ``entries`` (sorted by path), in pieces.

    The bytes are exactly ``json.dumps({"jdgen": version, "files": [...]},
    ensure_ascii=False, indent=1)`` and a newline, written out here because the json
    module's indenting encoder is pure Python: at 20,000 entries it took 0.34 s and 45 MB
    per rewrite, and a build rewrites the manifest as files finish.
    """
    ordered = sorted(entries, key=lambda e: e.path)
    head = f'{{\n "jdgen": {encode_basestring(version)},\n "files": '
    if not ordered:
        yield (head + "[]\n}\n").encode("utf-8")
        return
    yield (head + "[\n").encode("utf-8")
    step = 256
    for start in range(0, len(ordered), step):
        text = ",\n".join(_entry_text(e) for e in ordered[start : start + step])
        yield ((",\n" if start else "") + text).encode("utf-8")
    yield b"\n ]\n}\n"


def dumps(entries: Iterable[Entry], version: str = __version__) -> bytes:
    """The canonical bytes of a manifest listing ``entries`` (sorted by path)."""
    return b"".join(chunks(entries, version))


def parse(data: bytes, where: str) -> tuple[str, dict[str, Entry]]:
    """The jdgen version and the entries (by path) of manifest bytes read from ``where``.

    Each JSON object that is a valid entry becomes an :class:`Entry` as soon as it is read
    (never a list of dicts for the whole manifest), and values that repeat (document,
    digest, language, format, status) are kept once.
    """
    shared: dict[str, str] = {}
    try:
        raw = json.loads(data, object_pairs_hook=lambda pairs: _entry(pairs, shared))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ManifestError(f"{where}: not a jdgen manifest ({err}); {RESTORE}") from None
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("files"), list)
        or not isinstance(raw.get("jdgen"), str)
    ):
        raise ManifestError(f'{where}: not a jdgen manifest (needs "jdgen" and "files"); {RESTORE}')
    entries: dict[str, Entry] = {}
    for index, entry in enumerate(raw["files"]):
        if not isinstance(entry, Entry):
            raise ManifestError(
                f"{where}: files[{index}] is not a valid manifest entry (a field "
                f"missing, repeated, unknown or of the wrong type); {RESTORE}"
            )
        if entry.path in entries:
            raise ManifestError(f"{where}: {entry.path} is listed twice; {RESTORE}")
        entries[entry.path] = entry
    return raw["jdgen"], entries


def _entry(pairs: list[tuple[str, Any]], shared: dict[str, str]) -> Entry | dict[str, Any]:
    """A JSON object: an :class:`Entry` when it is a valid one, else the dict (rejected
    by :func:`parse` if it stands in ``files``)."""
    item = dict(pairs)
    if len(pairs) != len(ENTRY_FIELDS) or set(item) != set(ENTRY_FIELDS):
        return item
    if not isinstance(item["bytes"], int) or isinstance(item["bytes"], bool):
        return item
    if not all(isinstance(item[k], str) for k in ENTRY_FIELDS if k != "bytes"):
        return item
    path = item["path"]
    if not path or path.startswith(("/", ".")) or "/" in path or "\\" in path:
        return item  # jdgen publishes flat file names only; never trust a path elsewhere
    for name in _REPEATED:
        item[name] = shared.setdefault(item[name], item[name])
    return Entry(**item)


_REPEATED = ("document", "lang", "format", "digest", "status")


def read(path: Path) -> dict[str, Entry]:
    """The entries of the manifest at ``path``; empty when there is none."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    return parse(data, str(path))[1]


def write(path: Path, entries: Iterable[Entry], version: str = __version__) -> None:
    """Atomically replace the manifest at ``path`` (readable like the files it lists)."""
    write_atomic(path, chunks(entries, version))


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def mismatches(folder: Path, entries: Iterable[Entry]) -> list[str]:
    """One message per entry whose file is missing or differs in size or sha256."""
    found = []
    for entry in sorted(entries, key=lambda e: e.path):
        target = folder / entry.path
        try:
            size = target.stat().st_size
        except FileNotFoundError:
            found.append(f"{entry.path}: listed in the manifest but missing")
            continue
        if size != entry.bytes or file_sha256(target) != entry.sha256:
            found.append(f"{entry.path}: differs from the manifest (changed outside jdgen?)")
    return found


def merge(sources: list[tuple[str, bytes]]) -> tuple[str, list[Entry]]:
    """Join shard manifests (name, bytes); the same path twice must be the same entry."""
    versions: dict[str, str] = {}
    merged: dict[str, tuple[Entry, str]] = {}
    for where, data in sources:
        version, entries = parse(data, where)
        versions[where] = version
        for path, entry in entries.items():
            if path in merged and merged[path][0] != entry:
                raise ManifestError(
                    f"{path} differs between {merged[path][1]} and {where}; "
                    "were the shards built from the same commit?"
                )
            merged[path] = (entry, where)
    if len(set(versions.values())) > 1:
        listed = ", ".join(f"{w} ({v})" for w, v in versions.items())
        raise ManifestError(f"the manifests come from different jdgen versions: {listed}")
    version = next(iter(versions.values()), __version__)
    return version, [e for e, _ in merged.values()]

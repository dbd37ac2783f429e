"""``output/manifest.json``: every file jdgen published, with its hash and what it is.

The manifest is the build's contract with CI and with the next build::

    {"jdgen": "0.1.0",
     "files": [{"path": "am.th.html", "sha256": "...", "bytes": 1234, "document": "am",
                "lang": "th", "format": "html", "digest": "...", "status": "draft",
                "key": "..."}]}

``path`` is relative to the output folder and the list is sorted by path. ``key`` is the
hash of every input that shaped the file (see :mod:`jdgen.build.plan`); the next build
re-renders a file only when its key changes. The serialisation is canonical (sorted, fixed
separators), so the same set of files always gives the same manifest bytes — which is what
makes the union of shard manifests equal to the full build's manifest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from jdgen import __version__
from jdgen.errors import JdgenError
from jdgen.write import write_atomic

ENTRY_FIELDS = ("path", "sha256", "bytes", "document", "lang", "format", "digest", "status",
                "key")


class ManifestError(JdgenError):
    """A manifest file is unreadable, malformed, or contradicts another manifest."""


@dataclass(frozen=True)
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


def dumps(entries: Iterable[Entry], version: str = __version__) -> bytes:
    """The canonical bytes of a manifest listing ``entries`` (sorted by path)."""
    files = [e.as_json() for e in sorted(entries, key=lambda e: e.path)]
    text = json.dumps({"jdgen": version, "files": files}, ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def parse(data: bytes, where: str) -> tuple[str, dict[str, Entry]]:
    """The jdgen version and the entries (by path) of manifest bytes read from ``where``."""
    try:
        raw = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ManifestError(f"{where}: not a jdgen manifest ({err})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("files"), list) or not isinstance(
        raw.get("jdgen"), str
    ):
        raise ManifestError(f"{where}: not a jdgen manifest (needs \"jdgen\" and \"files\")")
    entries: dict[str, Entry] = {}
    for index, item in enumerate(raw["files"]):
        entry = _entry(item)
        if entry is None:
            raise ManifestError(f"{where}: files[{index}] is not a valid manifest entry")
        if entry.path in entries:
            raise ManifestError(f"{where}: {entry.path} is listed twice")
        entries[entry.path] = entry
    return raw["jdgen"], entries


def _entry(item: Any) -> Entry | None:
    if not isinstance(item, dict) or set(item) != set(ENTRY_FIELDS):
        return None
    if not isinstance(item["bytes"], int) or isinstance(item["bytes"], bool):
        return None
    if not all(isinstance(item[k], str) for k in ENTRY_FIELDS if k != "bytes"):
        return None
    path = item["path"]
    if not path or path.startswith(("/", ".")) or "/" in path or "\\" in path:
        return None  # jdgen publishes flat file names only; never trust a path elsewhere
    return Entry(**item)


def read(path: Path) -> dict[str, Entry]:
    """The entries of the manifest at ``path``; empty when there is none."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    return parse(data, str(path))[1]


def write(path: Path, entries: Iterable[Entry], version: str = __version__) -> None:
    """Atomically replace the manifest at ``path`` (readable like the files it lists)."""
    write_atomic(path, dumps(entries, version))


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
                raise ManifestError(f"{path} differs between {merged[path][1]} and {where}; "
                                    "were the shards built from the same commit?")
            merged[path] = (entry, where)
    if len(set(versions.values())) > 1:
        listed = ", ".join(f"{w} ({v})" for w, v in versions.items())
        raise ManifestError(f"the manifests come from different jdgen versions: {listed}")
    version = next(iter(versions.values()), __version__)
    return version, [e for e, _ in merged.values()]

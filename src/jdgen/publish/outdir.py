"""The output folder as jdgen owns it: manifest, stat cache, journal, lock and temp files.

jdgen touches only what it owns in the output folder:

* files its manifest lists, and files named in its journal (claimed by a build that was
  killed before it could list them);
* its own bookkeeping files: the manifest, ``.jdgen-cache*.json`` (size and mtime of each
  listed file, so that a no-op build does not re-hash), ``.jdgen-journal*`` (names a running
  build may create), ``.jdgen-lock*`` (one build per manifest at a time) and
  ``.jdgen-resolved`` (see :mod:`jdgen.publish.resolved`; ``.jdgen-resolved.json`` is its
  older, one-JSON form);
* temporary files ``.<name>.<8 chars>.tmp`` whose ``<name>`` is one of the above;
* ``.gitignore``, written when the folder has none, so that ``git add -A`` leaves the
  caches, locks, journals and temp files out (published files and manifests stay visible).

The manifest is rewritten (atomically) as files complete, so that at every instant every
file it lists has exactly the listed size and sha256: a file about to be replaced is first
unlisted, then renamed into place, then listed again (in batches, two manifest writes per
batch). See docs/build.md for the argument that this survives SIGKILL at any point.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import filelock

import jdgen.publish.manifest as manifest
from jdgen.errors import CannotWrite, JdgenError
from jdgen.publish.manifest import Entry
from jdgen.write import cannot_lock, cannot_write, write_atomic

TEMP_RE = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")
RESOLVED_NAME = ".jdgen-resolved"
GITIGNORE = """\
# Written by jdgen build (only when this folder has no .gitignore; edit or replace it freely).
# jdgen's caches, locks, journals and temporary files are not for version control; the
# published documents and manifest*.json are left to you. To keep the whole folder out of
# git, put its name in the project's own .gitignore instead.
.jdgen-*
.*.tmp
"""
LEGACY_RESOLVED_NAME = ".jdgen-resolved.json"  # the earlier one-JSON cache, removed when seen


class OutputBusy(JdgenError):
    """Another jdgen build is writing the same manifest in this output folder."""


@dataclass
class OutputFolder:
    """One manifest's view of the output folder (the full build's, or one shard's)."""

    root: Path
    suffix: str = ""  # "" for manifest.json, ".shard-K-of-N" for a shard
    entries: dict[str, Entry] = field(default_factory=dict)
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)
    claims: set[str] = field(default_factory=set)
    _lock: filelock.BaseFileLock | None = None

    @property
    def manifest_path(self) -> Path:
        """This build's manifest file."""
        return self.root / f"manifest{self.suffix}.json"

    @property
    def cache_path(self) -> Path:
        """The stat cache (size, mtime) of the listed files."""
        return self.root / f".jdgen-cache{self.suffix}.json"

    @property
    def journal_path(self) -> Path:
        """Names a running build may create; removed when the build finishes."""
        return self.root / f".jdgen-journal{self.suffix}"

    def own_files(self) -> set[str]:
        """jdgen's bookkeeping files of this manifest."""
        names = {
            self.manifest_path.name,
            self.cache_path.name,
            self.journal_path.name,
            f".jdgen-lock{self.suffix}",
            ".gitignore",
        }
        return names | ({RESOLVED_NAME, LEGACY_RESOLVED_NAME} if not self.suffix else set())

    # -- reading -------------------------------------------------------------------------

    def load(self) -> None:
        """Read the manifest, the stat cache and a killed build's journal (all optional)."""
        self.entries = manifest.read(self.manifest_path)
        self.stats = {}
        with contextlib.suppress(
            FileNotFoundError, ValueError, AttributeError, TypeError, KeyError, IndexError
        ):
            raw = json.loads(self.cache_path.read_bytes())
            listed = self.entries
            self.stats = {
                (listed[k].path if k in listed else k): (int(v[0]), int(v[1]))
                for k, v in raw["stat"].items()
            }  # keyed by the entries' strings
        self.claims = set()
        with contextlib.suppress(FileNotFoundError):
            text = self.journal_path.read_text(encoding="utf-8", errors="replace")
            self.claims = {line for line in text.splitlines() if _plain_name(line)}

    def matches_disk(self, entry: Entry) -> bool:
        """Whether the listed file is on disk as listed (stat first, sha256 if stat moved)."""
        try:
            st = os.stat(os.path.join(self.root, entry.path))
        except FileNotFoundError:
            return False
        if st.st_size != entry.bytes:
            return False
        if self.stats.get(entry.path) == (st.st_size, st.st_mtime_ns):
            return True
        if manifest.file_sha256(self.root / entry.path) != entry.sha256:
            return False
        self.stats[entry.path] = (st.st_size, st.st_mtime_ns)
        return True

    # -- locking -------------------------------------------------------------------------

    def lock(self, timeout: float = 0) -> None:
        """Hold this manifest's build lock; fail if another build holds it for ``timeout``."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise cannot_write(self.root / self.manifest_path.name, err) from None
        self.ignore_bookkeeping()
        self._lock = filelock.FileLock(str(self.root / f".jdgen-lock{self.suffix}"))
        try:
            self._lock.acquire(timeout=timeout)
        except filelock.Timeout:
            self._lock = None
            raise OutputBusy(
                f"another jdgen build is writing {self.manifest_path}; wait for "
                "it to finish (or build a different --shard)"
            ) from None
        except OSError as err:  # no room, a read-only folder, a folder in its place
            self._lock = None
            raise cannot_lock(self.root / f".jdgen-lock{self.suffix}", err) from None

    def ignore_bookkeeping(self) -> None:
        """Write :data:`GITIGNORE` as ``.gitignore`` unless the folder has one (of anyone's)."""
        path = self.root / ".gitignore"
        if not os.path.lexists(path):
            write_atomic(path, GITIGNORE.encode("utf-8"))

    def unlock(self) -> None:
        """Release the build lock."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- writing -------------------------------------------------------------------------

    def clean_temps(self, names: Iterable[str]) -> list[str]:
        """Remove temp files of killed builds whose target is ``names`` or our own files."""
        owned = set(names) | set(self.entries) | self.claims | self.own_files()
        removed = []
        with os.scandir(self.root) as it:
            for item in it:
                found = TEMP_RE.match(item.name)
                if found and found.group("name") in owned and item.is_file(follow_symlinks=False):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(item.path)
                    removed.append(item.name)
        return sorted(removed)

    def claim(self, names: Iterable[str]) -> None:
        """Record (before creating them) every file this build may create or remove."""
        self.claims |= set(names)
        write_atomic(
            self.journal_path, "".join(f"{n}\n" for n in sorted(self.claims)).encode("utf-8")
        )

    def write_manifest(self) -> None:
        """Atomically rewrite the manifest from :attr:`entries`."""
        manifest.write(self.manifest_path, self.entries.values())

    def commit(self, done: list[tuple[Entry, Path]]) -> None:
        """Move finished temp files into place and list them, keeping the manifest true."""
        if not done:
            return
        replaced = [entry.path for entry, _ in done if entry.path in self.entries]
        if replaced:
            for name in replaced:
                del self.entries[name]
            self.write_manifest()
        refused: CannotWrite | None = None
        for entry, temp in done:
            target = self.root / entry.path
            if refused is None:
                try:
                    os.replace(temp, target)
                except OSError as err:
                    refused = cannot_write(target, err)
            if refused is not None:  # this and the later files stay as they were
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                continue
            st = target.stat()
            self.stats[entry.path] = (st.st_size, st.st_mtime_ns)
            self.entries[entry.path] = entry
        self.write_manifest()
        if refused is not None:
            raise refused

    def remove(self, names: list[str]) -> None:
        """Unlist, then delete, files jdgen published earlier."""
        if not names:
            return
        for name in names:
            self.entries.pop(name, None)
            self.stats.pop(name, None)
        self.write_manifest()
        for name in names:
            with contextlib.suppress(FileNotFoundError):
                (self.root / name).unlink()

    def save_stats(self) -> None:
        """Write the stat cache (size and mtime of each listed file)."""
        listed = {k: list(v) for k, v in sorted(self.stats.items()) if k in self.entries}
        write_atomic(
            self.cache_path, json.dumps({"stat": listed}, separators=(",", ":")).encode("utf-8")
        )

    def finish(self) -> None:
        """Write the stat cache and drop the journal: the manifest now says everything."""
        self.save_stats()
        with contextlib.suppress(FileNotFoundError):
            self.journal_path.unlink()
        self.claims = set()


def _plain_name(name: str) -> bool:
    """A flat, visible file name (a journal line from a healthy build)."""
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")

"""The checked role files of a project, held whole or read again on demand.

A :class:`RoleLibrary` maps role ids to :class:`RoleSpec`s. Loaded for a command that
reports on the whole library, it keeps every spec. Loaded for a build (``kept``), it holds
a bounded number of specs and reads any other file again when it is asked for — so that
the memory of analysing a library does not grow with its text. A file read again must be
the very file checked before (same size and modification time); otherwise
:class:`RoleFileChanged` stops the command, since the library it was checking no longer
exists as a whole.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from jdgen.errors import JdgenError
from jdgen.validate.model import RoleSpec


class RoleFileChanged(JdgenError):
    """A role file changed while jdgen was reading the library."""


@dataclass(frozen=True, slots=True)
class RoleFile:
    """Where a checked role lives, and what its file was when it was checked."""

    path: Path
    display: str
    signature: tuple[int, int]  # (size, mtime in ns)
    extends: str | None


Reader = Callable[[Path], RoleSpec | None]


def _without_positions(spec: RoleSpec) -> RoleSpec:
    """``spec`` whose source says where its file is, and no longer where each key is."""
    if not spec.source.values and not spec.source.keys:
        return spec
    return dataclasses.replace(spec, source=spec.source.without_positions())


class RoleLibrary(Mapping[str, RoleSpec]):
    """Role id -> checked spec, for every role file without errors.

    Bounded (``kept``), it holds the first ``kept`` specs it is given and reads any other
    file again each time it is asked for it; :meth:`forget` lets go of a spec nobody will
    ask for again. Resolution asks for each role once (it remembers merged parents), so a
    library of up to ``kept`` roles is never read twice, and a larger one reads each of
    the others once more.
    """

    def __init__(self, read: Reader, kept: int | None = None) -> None:
        self.files: dict[str, RoleFile] = {}
        self.kept = kept
        self._read = read
        self._specs: dict[str, RoleSpec] = {}
        self.reads = 0  # files read again (tests check that a bounded library does)

    def add(self, spec: RoleSpec) -> None:
        """Take a freshly checked spec (held while the library has room)."""
        source = spec.source
        self.files[spec.id] = RoleFile(source.path, source.display, source.signature, spec.extends)
        if self.kept is None or len(self._specs) < self.kept:
            self._specs[spec.id] = spec

    def forget(self, role_id: str) -> None:
        """Let go of ``role_id``'s spec if the library is bounded; else of its positions
        (no stage after resolution looks one up)."""
        if self.kept is not None:
            self._specs.pop(role_id, None)
        elif (spec := self._specs.get(role_id)) is not None:
            self._specs[role_id] = _without_positions(spec)

    def forget_positions(self) -> None:
        """Let go of the positions of every spec held: resolution is over."""
        self._specs = {role_id: _without_positions(spec) for role_id, spec in self._specs.items()}

    def held(self) -> list[RoleSpec]:
        """The specs in memory now (all of them, unless the library is bounded)."""
        return list(self._specs.values())

    def __getitem__(self, role_id: str) -> RoleSpec:
        spec = self._specs.get(role_id)
        if spec is not None:
            return spec
        file = self.files[role_id]  # KeyError for an unknown id, as a dict
        spec = self._read(file.path)
        if spec is None or spec.source.signature != file.signature:
            raise RoleFileChanged(
                f"{file.display} changed while jdgen was reading the role "
                "library; run the command again"
            )
        self.reads += 1
        return spec

    def __contains__(self, role_id: object) -> bool:
        return role_id in self.files

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

"""The project a server works on: its analysed state, kept fresh, and its role files.

Only role files can be read or written through a :class:`Workspace`, and only by role id:
an id is checked against the validator's own pattern, the file must already be a role file
directly in ``roles/``, and its resolved path must stay inside ``roles/`` (a link pointing
elsewhere is refused). Saves are atomic (:func:`jdgen.write.write_atomic`) and refused when
the file changed on disk since the text being saved was read.
"""

from __future__ import annotations

import difflib
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

from jdgen.assets.templates import TemplateSet
from jdgen.errors import Problem, UnknownRole, relative
from jdgen.pipeline import ProjectState, analyse
from jdgen.project import Project, ProjectConfig
from jdgen.signoff.errors import LedgerCorrupt
from jdgen.signoff.status import DocumentStatus, document_statuses
from jdgen.validate import ROLE_SUFFIXES
from jdgen.validate.spec import ROLE_ID_RE
from jdgen.write import write_atomic

MAX_ID = 200


def version_of(data: bytes) -> str:
    """The version of a file's bytes as the editor tracks it: their sha256."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class RoleText:
    """A role file's text as read, with the version a save must start from."""

    role_id: str
    display: str
    text: str
    version: str


@dataclass(frozen=True)
class Saved:
    """A save that was written: the file's new version."""

    version: str


@dataclass(frozen=True)
class Conflict:
    """A save refused because the file changed on disk since it was opened."""

    version: str  # the version on disk now
    diff: str  # unified diff from the text on disk to the text that was to be saved
    text: str  # the text on disk now


@dataclass(frozen=True)
class Snapshot:
    """One analysis of the project: the state, each document's sign-off status, and a
    generation number that grows with every analysis."""

    state: ProjectState
    statuses: dict[str, DocumentStatus]
    generation: int
    ledger_problems: list[Problem] = field(default_factory=list)


def check_role_id(role_id: str) -> str:
    """``role_id`` when it can name a role file; :class:`UnknownRole` otherwise."""
    if len(role_id) > MAX_ID or not ROLE_ID_RE.match(role_id):
        raise UnknownRole(
            f"'{role_id[:MAX_ID]}' is not a role id (lowercase letters, digits, "
            "'.', '_' and single '-')"
        )
    return role_id


class Workspace:
    """The served project: its latest analysis and access to its role files."""

    def __init__(self, config: ProjectConfig) -> None:
        self.project = Project.of(config)
        self._lock = threading.Lock()
        self._save_lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._generation = 0

    @property
    def config(self) -> ProjectConfig:
        """The served project's config."""
        return self.project.config

    @property
    def templates(self) -> TemplateSet:
        """The templates of the latest analysis."""
        return self.project.assets.templates

    @property
    def snapshot(self) -> Snapshot:
        """The latest analysis (made on first use)."""
        found = self._snapshot
        return found if found is not None else self.refresh()

    def refresh(self) -> Snapshot:
        """Analyse the project again (after a change on disk) and keep the result."""
        with self._lock:
            # templates, labels and fonts may have changed too: open the project afresh
            project = Project.of(self.project.config)
            state = analyse(project)
            ledger_problems: list[Problem] = []
            try:
                statuses = document_statuses(self.config, state.documents)
            except LedgerCorrupt as err:
                statuses = {}
                ledger_problems = err.problems
            self._generation += 1
            self.project = project
            self._snapshot = Snapshot(state, statuses, self._generation, ledger_problems)
            return self._snapshot

    def role_path(self, role_id: str) -> Path:
        """The file of role ``role_id``: an existing role file directly inside ``roles/``."""
        check_role_id(role_id)
        folder = self.config.roles_dir.resolve()
        for suffix in ROLE_SUFFIXES:
            path = self.config.roles_dir / f"{role_id}{suffix}"
            if path.is_file() and path.resolve().parent == folder:
                return path
        raise UnknownRole(f"no role file roles/{role_id}.yaml in this project")

    def display(self, path: Path) -> str:
        """``roles/am.yaml``: a path as messages show it."""
        return relative(path, self.config.root)

    def read_role(self, role_id: str) -> RoleText:
        """The text of role ``role_id``'s file and its version."""
        path = self.role_path(role_id)
        data = path.read_bytes()
        return RoleText(
            role_id, self.display(path), data.decode("utf-8", errors="replace"), version_of(data)
        )

    def save_role(self, role_id: str, text: str, base_version: str) -> Saved | Conflict:
        """Write ``text`` to role ``role_id``'s file, atomically, if the file is still at
        ``base_version``; otherwise nothing is written and the conflict says what differs."""
        path = self.role_path(role_id)
        data = text.encode("utf-8")
        with self._save_lock:
            on_disk = path.read_bytes()
            current = version_of(on_disk)
            if current != base_version:
                disk_text = on_disk.decode("utf-8", errors="replace")
                display = self.display(path)
                diff = "".join(
                    difflib.unified_diff(
                        disk_text.splitlines(True),
                        text.splitlines(True),
                        f"{display} (on disk now)",
                        f"{display} (your text)",
                    )
                )
                return Conflict(current, diff, disk_text)
            write_atomic(path, data)
        return Saved(version_of(data))

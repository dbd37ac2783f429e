"""``jdgen verify --since REV``: nothing the ledger held at REV was dropped or rewritten.

The hash chain of one file cannot show that its newest entries were cut off, or that the
whole file was deleted. Compared with a git revision it can: every ledger file present at
REV must still exist (in ``signoffs/`` or moved to ``signoffs/archive/``) and its entries
must *start* with exactly the entries it had at REV — same hashes, same order. Every
content-store file present at REV must still exist, intact.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from jdgen.errors import Location, Problem, relative
from jdgen.project import ProjectConfig
from jdgen.signoff.history import Snapshot
from jdgen.signoff.ledger import DIGEST_RE, Entry, LedgerFile, parse_ledger
from jdgen.signoff.store import ARCHIVE_DIR, check_content, content_path, read_ledger

APPEND_ONLY = "the ledger is append-only"


@dataclass
class SinceReport:
    """What the comparison with a revision checked and found."""

    rev: str
    exists: bool
    ledgers: int = 0
    entries: int = 0
    content: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        """The part of ``jdgen verify``'s summary line about the revision."""
        if not self.exists:
            return f"compared with {self.rev}: no signoffs/ at that revision, nothing to compare"
        return (
            f"compared with {self.rev}: {self.ledgers} ledger file(s) with "
            f"{self.entries} entries, {self.content} content file(s)"
        )


def short(hash_: str) -> str:
    """The first 12 hex digits of a hash, for messages (the full one is in the file)."""
    return f"{hash_[:12]}…"


def _other_place(relpath: str) -> str:
    """``am.yaml`` <-> ``archive/am.yaml``: where a retired (or revived) ledger may be now."""
    path = PurePosixPath(relpath)
    return path.name if path.parent.name == ARCHIVE_DIR else f"{ARCHIVE_DIR}/{path.name}"


def _current_file(config: ProjectConfig, snapshot: Snapshot, relpath: str) -> Path | None:
    """The file that continues ``relpath`` of the revision now, if any."""
    places = [relpath]
    if _other_place(relpath) not in snapshot.ledgers:
        places.append(_other_place(relpath))
    for place in places:
        path = config.signoffs_dir / place
        if path.is_file():
            return path
    return None


def _compare(
    before: LedgerFile, now: LedgerFile, snapshot: Snapshot, relpath: str
) -> list[Problem]:
    """Problems when ``now`` does not start with exactly the entries of ``before``."""
    old, new = before.entries, now.entries
    first = 0
    while first < len(old) and first < len(new) and new[first].hash == old[first].hash:
        first += 1
    if first == len(old):
        return []
    rev, doc = snapshot.rev, before.document
    problems: list[Problem] = []

    def at(line: int, message: str) -> None:
        problems.append(Problem(Location(now.display, line, 5), "", message))

    if first < len(new):
        moved = new[first]
        at(
            moved.line,
            f"document {doc}, entry {first + 1} (hash {short(moved.hash)}) stands "
            f"where entry {old[first].seq} (hash {short(old[first].hash)}) stood at "
            f"{rev}: the entries present at {rev} must stay first, unchanged and "
            f"in order — {APPEND_ONLY}",
        )
    kept = {e.hash: i + 1 for i, e in enumerate(new)}
    for entry in old[first:]:
        line = new[first].line if first < len(new) else entry.line
        where = _whereabouts(entry, kept)
        at(
            line,
            f"document {doc}: entry {entry.seq} (hash {short(entry.hash)}) present at "
            f"{rev} {where} — {APPEND_ONLY}; restore it from "
            f"`git show {snapshot.git_path(relpath)}`",
        )
    return problems


def _whereabouts(entry: Entry, kept: dict[str, int]) -> str:
    """``is missing now`` or ``is entry 5 now`` (moved)."""
    position = kept.get(entry.hash)
    return "is missing now" if position is None else f"is entry {position} now"


def _ledger_problems(
    config: ProjectConfig,
    snapshot: Snapshot,
    relpath: str,
    report: SinceReport,
    read: Mapping[Path, LedgerFile],
) -> list[Problem]:
    document = PurePosixPath(relpath).stem
    before = parse_ledger(
        Path(snapshot.git_path(relpath)),
        snapshot.git_path(relpath),
        document,
        snapshot.ledgers[relpath],
    )
    report.ledgers += 1
    report.entries += len(before.entries)
    path = _current_file(config, snapshot, relpath)
    if path is None:
        display = relative(config.signoffs_dir / relpath, config.root)
        held = (
            f"{len(before.entries)} entries, head hash {short(before.entries[-1].hash)}"
            if before.entries
            else "no entries"
        )
        return [
            Problem(
                Location(display),
                "",
                f"document {document}: its ledger file present at {snapshot.rev} "
                f"({held}) is missing now — {APPEND_ONLY}; restore it "
                f"(`git checkout {snapshot.rev} -- {display}`), or move a retired "
                f"document's ledger to signoffs/{ARCHIVE_DIR}/ instead of deleting it",
            )
        ]
    now = read.get(path)
    if now is None:
        now = read_ledger(config, document, path)
    return _compare(before, now, snapshot, relpath)


def _content_problems(
    config: ProjectConfig, snapshot: Snapshot, report: SinceReport, intact: Set[str]
) -> list[Problem]:
    problems = []
    for name in snapshot.content:
        digest = PurePosixPath(name).stem
        if not name.endswith(".json") or not DIGEST_RE.fullmatch(digest):
            continue  # not a content file jdgen wrote; the store ignores it too
        report.content += 1
        if digest in intact:
            continue
        found = check_content(config, digest)
        if found is None:
            continue
        display = found.location.path
        if not content_path(config, digest).exists():
            message = (
                f"signed content present at {snapshot.rev} is missing now — "
                f"{APPEND_ONLY}; restore it (`git checkout {snapshot.rev} -- "
                f"{display}`)"
            )
        else:
            message = (
                f"signed content present at {snapshot.rev} was edited since (it no "
                f"longer matches its digest) — {APPEND_ONLY}; restore it "
                f"(`git checkout {snapshot.rev} -- {display}`)"
            )
        problems.append(Problem(found.location, "", message))
    return problems


def check_since(
    config: ProjectConfig,
    snapshot: Snapshot,
    ledgers: Mapping[Path, LedgerFile] | None = None,
    intact: Set[str] = frozenset(),
) -> SinceReport:
    """Compare the ledger on disk with ``snapshot``: every problem, none raised.

    ``ledgers`` are ledger files already read (path -> ledger, as :func:`jdgen.signoff.
    verify.verify` has them) and ``intact`` the content digests already found intact;
    both are reused rather than read and checked again.
    """
    report = SinceReport(snapshot.rev, snapshot.exists)
    read = ledgers or {}
    for relpath in sorted(snapshot.ledgers):
        report.problems.extend(_ledger_problems(config, snapshot, relpath, report, read))
    report.problems.extend(_content_problems(config, snapshot, report, intact))
    return report

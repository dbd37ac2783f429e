"""``jdgen verify --since REV`` for the signers and acknowledgement ledgers.

The changes of ``allowed_signers`` and the acknowledgements are append-only like the
sign-off ledgers: every entry such a file had at REV must still be there, first and in
order. Otherwise dropping the newest change — say, a key's removal — would bring a removed
key back without breaking any chain.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from jdgen.errors import Location, Problem
from jdgen.project import ProjectConfig
from jdgen.signoff.acknowledge import FOLDER as ACK_FOLDER
from jdgen.signoff.acknowledge import KIND as ACK_KIND
from jdgen.signoff.acknowledge import SPEC as ACK_SPEC
from jdgen.signoff.chain import Spec, parse_chain, read_chain
from jdgen.signoff.history import Snapshot, _read_blobs, _tree_entries
from jdgen.signoff.signers import CHANGES, KIND, SPEC

APPEND_ONLY = "the ledger is append-only"


def _kind(relpath: str) -> tuple[str, Spec] | None:
    path = PurePosixPath(relpath)
    if relpath == CHANGES.as_posix():
        return KIND, SPEC
    if path.parent == PurePosixPath(ACK_FOLDER) and path.suffix == ".yaml":
        return ACK_KIND, ACK_SPEC
    return None


def check_chains_since(config: ProjectConfig, snapshot: Snapshot) -> list[Problem]:
    """Problems of the signers and acknowledgement files compared with ``snapshot``."""
    if not snapshot.exists:
        return []
    tree = f"{snapshot.commit}:{snapshot.prefix}signoffs"
    files = [
        (oid, path)
        for kind, oid, path in _tree_entries(config.root, tree)
        if kind == "blob" and _kind(path) is not None
    ]
    blobs = _read_blobs(config.root, [oid for oid, _ in files])
    problems: list[Problem] = []
    for (_, relpath), blob in zip(files, blobs, strict=True):
        kind, spec = _kind(relpath) or ("", {})
        current = config.signoffs_dir / relpath
        display = f"signoffs/{relpath}"
        if not current.exists():
            problems.append(
                Problem(
                    Location(display),
                    "",
                    (
                        f"{kind}: this file present at {snapshot.rev} is missing now — "
                        f"{APPEND_ONLY}; "
                        f"restore it (`git checkout {snapshot.rev} -- {display}`)"
                    ),
                )
            )
            continue
        then = parse_chain(current, display, kind, spec, blob).records
        now = read_chain(config, current, kind, spec).records
        for index, record in enumerate(then):
            mine = now[index] if index < len(now) else None
            if mine is None or mine.hash != record.hash:
                line = mine.line if mine is not None else (now[-1].line if now else 1)
                problems.append(
                    Problem(
                        Location(display, line, 5),
                        "",
                        (
                            f"{kind}, entry {record.seq} (hash {record.hash[:12]}…) present at "
                            f"{snapshot.rev} is missing or changed now — {APPEND_ONLY}; restore it "
                            f"from `git show {snapshot.git_path(relpath)}`"
                        ),
                    )
                )
                break
    return problems

"""Clause alignment by id: what was kept in place, moved, added and removed.

Clauses are matched by id, never by position, so renumbering is invisible. Of the ids both
versions share, the longest common subsequence of their order stays in place; every other
shared id is a move. That is the smallest set of moves: a clause moved to the top is one
move, not three. A clause removed from one section and added to another under the same id
is a move between sections. Sub-clauses align the same way inside their parent clause.

The result is a *plan*: every section's clauses in merged order, old-only entries (removed,
moved away) before new-only ones (added, moved here) between two kept anchors. Dropping the
old-only entries gives the new order; dropping the new-only ones gives the old order. The
word-diff reports and the DOCX redline both walk this plan.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from jdgen.resolve.document import Clause, Document
from jdgen.validate.model import SECTION_ORDER

EntryOp = Literal["same", "modified", "added", "removed", "move_from", "move_to"]
OLD_ONLY = ("removed", "move_from")
NEW_ONLY = ("added", "move_to")


def lcs_ids(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """The longest common subsequence of two sequences of unique ids (O(n log n)).

    Ties are broken deterministically: the subsequence ending earliest in ``new`` wins.
    """
    position = {key: i for i, key in enumerate(old)}
    seq = [(position[key], key) for key in new if key in position]
    tails: list[int] = []  # smallest old-position ending an increasing run of each length
    tail_index: list[int] = []
    parent: list[int] = []
    for i, (pos, _key) in enumerate(seq):
        k = bisect.bisect_left(tails, pos)
        if k == len(tails):
            tails.append(pos)
            tail_index.append(i)
        else:
            tails[k] = pos
            tail_index[k] = i
        parent.append(tail_index[k - 1] if k else -1)
    out: list[str] = []
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        out.append(seq[i][1])
        i = parent[i]
    return out[::-1]


def merge_order(
    old: Sequence[str], new: Sequence[str], kept: Sequence[str]
) -> list[tuple[Literal["old", "new", "both"], str]]:
    """Both sequences interleaved around the ``kept`` anchors (old-only before new-only)."""
    out: list[tuple[Literal["old", "new", "both"], str]] = []
    i = j = 0
    for anchor in [*kept, None]:
        while i < len(old) and old[i] != anchor:
            out.append(("old", old[i]))
            i += 1
        while j < len(new) and new[j] != anchor:
            out.append(("new", new[j]))
            j += 1
        if anchor is not None:
            out.append(("both", anchor))
            i += 1
            j += 1
    return out


@dataclass
class Entry:
    """One clause in the merged order, with what happened to it.

    ``same``/``modified``: kept in place; ``added``/``removed``; ``move_from`` (where a moved
    clause was) and ``move_to`` (where it is now) share ``move`` (a 1-based move number).
    ``items`` are the sub-clause entries in merged order (for ``move_from``: the old items).
    """

    op: EntryOp
    section: str
    old: Clause | None
    new: Clause | None
    items: list[Entry] = field(default_factory=list)
    move: int = 0
    from_section: str | None = None

    @property
    def id(self) -> str:
        """The clause id."""
        clause = self.new or self.old
        assert clause is not None
        return clause.id

    def key(self, parent: str = "") -> str:
        """The clause id as changes name it: ``id``, or ``parent.id`` for a sub-clause."""
        return f"{parent}.{self.id}" if parent else self.id


@dataclass
class SectionPlan:
    """A section's merged entries; ``status`` says whether the section itself is new/gone."""

    key: str
    status: Literal["both", "added", "removed"]
    entries: list[Entry]


def clause_differs(old: Clause, new: Clause) -> bool:
    """Whether a clause's own content (text, kind, function — not its items) changed."""
    return (old.text, old.kind, old.function) != (new.text, new.kind, new.function)


class _Planner:
    """Builds the plan of one document pair, numbering moves in new-document order."""

    def __init__(self) -> None:
        self.moves = 0

    def next_move(self) -> int:
        self.moves += 1
        return self.moves

    def items(self, section: str, old: Clause | None, new: Clause | None) -> list[Entry]:
        old_items = {c.id: c for c in old.items} if old else {}
        new_items = {c.id: c for c in new.items} if new else {}
        if old is None or new is None:
            op: EntryOp = "added" if old is None else "removed"
            return [
                Entry(op, section, old_items.get(i), new_items.get(i))
                for i in (new_items if old is None else old_items)
            ]
        return self.sequence(section, old_items, new_items, {})

    def sequence(
        self,
        section: str,
        old: dict[str, Clause],
        new: dict[str, Clause],
        moved_out: dict[str, int],
    ) -> list[Entry]:
        """Entries of one clause list (a section's clauses or a clause's items).

        ``moved_out`` maps ids that left for another section to their move number.
        """
        new_ids = list(new)
        common = [i for i in new_ids if i in old]
        kept = lcs_ids([i for i in old if i in new], common)
        kept_set = set(kept)
        move_of = {key: self.next_move() for key in common if key not in kept_set}
        entries: list[Entry] = []
        for side, key in merge_order([*old], new_ids, kept):
            o, n = old.get(key), new.get(key) if side != "old" else None
            move = 0
            if side == "both" and o is not None and n is not None:
                op: EntryOp = "modified" if clause_differs(o, n) else "same"
            elif side == "old":  # gone from here: moved (to another section, or in this list)
                move = moved_out.get(key) or move_of.get(key, 0)
                op = "move_from" if move else "removed"
            else:
                move = move_of.get(key, 0) if o is not None else 0
                op = "move_to" if o is not None else "added"
            entries.append(Entry(op, section, o, n, self.items(section, o, n), move=move))
        return entries


def _clauses_by_section(doc: Document | None) -> dict[str, dict[str, Clause]]:
    return {s.key: {c.id: c for c in s.clauses} for s in doc.sections} if doc else {}


def _cross_section_moves(
    keys: list[str],
    old_sections: dict[str, dict[str, Clause]],
    new_sections: dict[str, dict[str, Clause]],
) -> dict[str, tuple[str, str]]:
    """Moves between sections, id -> (from, to): an id gone from exactly one section and
    new in exactly one."""
    gone: dict[str, list[str]] = {}
    came: dict[str, list[str]] = {}
    for key in keys:
        o, n = old_sections.get(key, {}), new_sections.get(key, {})
        for cid in o:
            if cid not in n:
                gone.setdefault(cid, []).append(key)
        for cid in n:
            if cid not in o:
                came.setdefault(cid, []).append(key)
    return {
        cid: (gone[cid][0], came[cid][0])
        for cid in sorted(gone)
        if len(gone[cid]) == 1 and len(came.get(cid, ())) == 1
    }


def plan_document(old: Document | None, new: Document | None) -> list[SectionPlan]:
    """The merged clause plan of two versions of a document, sections in published order.

    Either version may be ``None``: every clause of a new document is then ``added``, every
    clause of a gone one ``removed``.
    """
    old_sections, new_sections = _clauses_by_section(old), _clauses_by_section(new)
    keys = sorted(
        set(old_sections) | set(new_sections),
        key=lambda k: (SECTION_ORDER.index(k) if k in SECTION_ORDER else 99, k),
    )

    cross = _cross_section_moves(keys, old_sections, new_sections)
    planner = _Planner()
    # Number cross-section moves first, in new-document order, so each side can refer to it.
    cross_move: dict[str, int] = {}
    for key in keys:
        for cid in new_sections.get(key, {}):
            if cid in cross and cross[cid][1] == key:
                cross_move[cid] = planner.next_move()
    plans: list[SectionPlan] = []
    for key in keys:
        o, n = old_sections.get(key, {}), new_sections.get(key, {})
        moved_in = {
            cid: (src, old_sections[src][cid]) for cid, (src, dst) in cross.items() if dst == key
        }
        moved_out = {cid: cross_move[cid] for cid, (src, _dst) in cross.items() if src == key}
        entries = planner.sequence(key, o, n, moved_out)
        # Cross-section arrivals: rebuild those entries with their source clause.
        for i, entry in enumerate(entries):
            if entry.op == "added" and entry.id in moved_in:
                src, oc = moved_in[entry.id]
                assert entry.new is not None
                entries[i] = Entry(
                    "move_to",
                    key,
                    oc,
                    entry.new,
                    planner.items(key, oc, entry.new),
                    move=cross_move[entry.id],
                    from_section=src,
                )
        status: Literal["both", "added", "removed"] = (
            "both" if o and n else ("added" if n else "removed")
        )
        plans.append(SectionPlan(key, status, entries))
    return plans

"""``--shard K/N``: a deterministic, stable 1/N of the documents for parallel CI jobs.

A document belongs to shard ``1 + (int(sha256(id)) mod N)``. The assignment depends only
on the document's id and N — never on which other documents exist — so adding or deleting
a role never moves another document to a different shard (a shard folder reused between
CI runs never has to hand files over), and the N shards together are exactly the full build.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from jdgen.errors import UsageError

_SHARD_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` of ``count`` (1-based)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"2/4"`` -> ``Shard(2, 4)``; anything else is a usage error."""
        found = _SHARD_RE.match(text)
        if not found:
            raise UsageError(f"--shard: '{text}' is not K/N, for example 1/4")
        index, count = int(found.group(1)), int(found.group(2))
        if count < 1 or not 1 <= index <= count:
            raise UsageError(f"--shard: {index}/{count}: K must be between 1 and N")
        return cls(index, count)

    @property
    def suffix(self) -> str:
        """The suffix of this shard's manifest and bookkeeping files."""
        return f".shard-{self.index}-of-{self.count}"

    def contains(self, doc_id: str) -> bool:
        """Whether the document ``doc_id`` is built by this shard."""
        return shard_of(doc_id, self.count) == self.index


def shard_of(doc_id: str, count: int) -> int:
    """The 1-based shard that builds ``doc_id`` when the build is split ``count`` ways."""
    value = int.from_bytes(hashlib.sha256(doc_id.encode("utf-8")).digest()[:8], "big")
    return 1 + value % count

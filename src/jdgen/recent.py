"""A dict that keeps only its most recently used entries (bounded caches)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Recent(OrderedDict[K, V]):
    """A dict that keeps only its ``limit`` most recently used entries."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def get_or_make(self, key: K, make: Callable[[K], V]) -> V:
        """The value for ``key``, made (and the least recently used dropped) when absent."""
        try:
            self.move_to_end(key)
            return self[key]
        except KeyError:
            value = self[key] = make(key)
            if len(self) > self.limit:
                self.popitem(last=False)
            return value

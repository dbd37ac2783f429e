"""Build progress for people and for CI logs.

On a terminal a single status line is redrawn in place (``\\r``); anywhere else (CI logs,
pipes) every finished file gets one plain line such as
``[12/40] built key-account-manager--north.th.pdf``, so that logs stay readable and greppable.
"""

from __future__ import annotations

import time
from typing import TextIO


class Progress:
    """Reports finished files of a build to ``stream``."""

    def __init__(self, stream: TextIO, tty: bool) -> None:
        self.stream = stream
        self.tty = tty
        self.total = 0
        self.done = 0
        self._last_draw = 0.0

    def start(self, total: int) -> None:
        """Begin a run of ``total`` files to build."""
        self.total = total
        self.done = 0

    def advance(self, name: str, failure: str | None = None) -> None:
        """One file finished: built (``failure`` None) or failed with that message."""
        self.done += 1
        if not self.tty:
            what = f"FAILED {name}: {failure}" if failure else f"built {name}"
            self.stream.write(f"[{self.done}/{self.total}] {what}\n")
            self.stream.flush()
            return
        if failure:  # failures are never just redrawn away
            self._clear()
            self.stream.write(f"FAILED {name}: {failure}\n")
        now = time.monotonic()
        if failure or self.done == self.total or now - self._last_draw >= 0.1:
            self._last_draw = now
            width = 30
            filled = width * self.done // max(self.total, 1)
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {name[:40]:<40}")
            self.stream.flush()

    def finish(self) -> None:
        """End the status line (terminal mode)."""
        if self.tty and self.total:
            self._clear()

    def _clear(self) -> None:
        self.stream.write("\r" + " " * 80 + "\r")
        self.stream.flush()

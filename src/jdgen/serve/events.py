"""Live updates: a watcher of the project folder, and the server-sent events it feeds.

When a role file, the ledger, a template or ``jdgen.toml`` changes on disk (an editor, a
``git pull``, another tab's save), the project is analysed again and every open page is
told which roles changed; pages then reload what they show. Server-sent events are plain
HTTP (they pass the same guard as every request) and reconnect by themselves.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import Any

import anyio.to_thread
from watchfiles import Change, awatch

from jdgen.folders import ROLES, SOURCE_FOLDERS
from jdgen.serve.workspace import Workspace
from jdgen.validate import ROLE_SUFFIXES

KEEPALIVE_SECONDS = 15.0


class Broadcaster:
    """Fan-out of events to every connected page (one queue per page)."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[dict[str, Any] | None]] = set()
        self.closed = False

    def publish(self, event: dict[str, Any]) -> None:
        """Send ``event`` to every page connected now."""
        for queue in self._queues:
            queue.put_nowait(event)

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        self.closed = True
        for queue in self._queues:
            queue.put_nowait(None)

    async def stream(self) -> AsyncIterator[str]:
        """The event stream of one page, as ``text/event-stream`` chunks."""
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._queues.add(queue)
        try:
            yield "retry: 2000\n\n"
            while not self.closed:
                try:
                    event = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield ": keepalive\n\n"
                    continue
                if event is None:
                    break
                yield f"event: changed\ndata: {json.dumps(event)}\n\n"
        finally:
            self._queues.discard(queue)

    def __len__(self) -> int:
        return len(self._queues)


def relevant(root: Path) -> Callable[[Change, str], bool]:
    """Which changes under ``root`` matter: role files, the ledger, templates, jdgen.toml —
    never the output folder, hidden files or the temporary files of atomic writes."""
    watched = SOURCE_FOLDERS

    def keep(_change: Change, name: str) -> bool:
        try:
            parts = Path(name).relative_to(root).parts
        except ValueError:
            return False
        if not parts or any(p.startswith(".") for p in parts):
            return False
        return parts == ("jdgen.toml",) or (len(parts) > 1 and parts[0] in watched)

    return keep


def changed_roles(root: Path, paths: Iterable[str]) -> list[str]:
    """The role ids among changed ``paths`` (files directly in ``roles/``)."""
    roles = root / ROLES
    return sorted(
        {Path(p).stem for p in paths if Path(p).parent == roles and Path(p).suffix in ROLE_SUFFIXES}
    )


async def watch(
    workspace: Workspace, broadcaster: Broadcaster, stop: asyncio.Event, debounce_ms: int = 150
) -> None:
    """Re-analyse the project after each change on disk and tell every page, until ``stop``."""
    root = workspace.config.root
    async for changes in awatch(
        root,
        watch_filter=relevant(root),
        stop_event=stop,
        debounce=debounce_ms,
        step=50,
        recursive=True,
    ):
        snapshot = await anyio.to_thread.run_sync(workspace.refresh)
        broadcaster.publish(
            {
                "generation": snapshot.generation,
                "roles": changed_roles(root, (p for _, p in changes)),
            }
        )

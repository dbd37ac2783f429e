"""The only way WeasyPrint may read a file: from the template and font folders, nothing else.

No network, no ``data:`` trickery, no file outside the allowed folders (symlinks resolved).
Every refusal is recorded so tests (and ``--debug``) can see what a document tried to load.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]


class RefusedURL(ValueError):
    """A document asked WeasyPrint for a resource outside the allowed folders."""


class SafeFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher serving only ``file:`` URLs under the allowed folders."""

    def __init__(self, allowed: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file",), fail_on_errors=False)
        self.allowed = tuple(p.resolve() for p in allowed)
        self.refused: list[str] = []
        self._cache: dict[Path, bytes] = {}

    def allows(self, path: Path) -> bool:
        """True when ``path`` (resolved) lies inside one of the allowed folders."""
        real = path.resolve()
        return any(real.is_relative_to(folder) for folder in self.allowed) and real.is_file()

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Serve ``url`` when it is a file in an allowed folder; refuse anything else."""
        parts = urlsplit(url)
        path = Path(unquote(parts.path)) if parts.scheme == "file" and not parts.netloc else None
        if path is None or not self.allows(path):
            self.refused.append(url)
            raise RefusedURL(f"jdgen loads only template and font files; refused {url[:200]}")
        real = path.resolve()
        data = self._cache.get(real)
        if data is None:
            data = self._cache[real] = real.read_bytes()
        return URLFetcherResponse(real.as_uri(), data, {}, 200)

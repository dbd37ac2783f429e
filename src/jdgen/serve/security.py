"""The server's guard, in front of every route: Host check, token, CSRF, security headers.

* The Host header must name the server (``127.0.0.1:PORT``, ``localhost:PORT`` or the
  ``--host`` given), so a page on another site that rebinds its DNS name to 127.0.0.1
  cannot read anything (DNS rebinding).
* Every request carries the secret token: once in the URL the server printed (as Jupyter
  does), after that in an HttpOnly, SameSite=Strict cookie. Without it: 403.
* Every request that is not GET or HEAD must come from the server's own origin (the
  ``Origin`` header) and carry the page's CSRF token in ``X-CSRF-Token``.
* Every response gets a strict Content-Security-Policy (scripts and styles from the server
  only, no inline script, nothing from other origins), ``nosniff``, no referrer, no
  framing by other sites and no caching; a route may set a stricter policy of its own.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# A rendered document (shown in a frame of a page): its own inline styles and embedded fonts,
# never a script.
DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; font-src data:; "
    "img-src data:; form-action 'none'; base-uri 'none'; "
    "frame-ancestors 'self'; sandbox allow-same-origin"
)
SAFE_METHODS = ("GET", "HEAD")
TOKEN_PARAM = "token"
CSRF_HEADER = "x-csrf-token"


def new_secret() -> str:
    """A random secret for a URL, a cookie or a form (32 bytes, URL-safe)."""
    return secrets.token_urlsafe(32)


def loopback_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers a server on ``host``:``port`` answers to."""
    names = (
        {host, "127.0.0.1", "localhost", "[::1]"}
        if host in ("127.0.0.1", "localhost", "::1")
        else {host if ":" not in host else f"[{host}]"}
    )
    return frozenset(f"{name}:{port}".lower() for name in names)


@dataclass(frozen=True)
class Secrets:
    """What a request must show: the token (URL, then cookie) and the CSRF token of writes."""

    token: str
    csrf: str
    cookie: str  # the cookie's name (one per port: servers on other ports keep theirs)
    hosts: frozenset[str]  # accepted Host headers, lower case, with the port

    @classmethod
    def create(cls, hosts: Iterable[str], port: int) -> Secrets:
        """New random secrets for a server answering to ``hosts``."""
        return cls(
            new_secret(), new_secret(), f"jdgen-token-{port}", frozenset(h.lower() for h in hosts)
        )


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


async def _refuse(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *_security_headers([]),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _security_headers(existing: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    names = {k.lower() for k, _ in existing}
    extra = [
        (b"content-security-policy", PAGE_POLICY.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"SAMEORIGIN"),
        (b"cache-control", b"no-store"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"cross-origin-resource-policy", b"same-origin"),
    ]
    return [(k, v) for k, v in extra if k not in names]


def _secured(send: Send) -> Send:
    """``send`` adding the security headers a response does not set itself."""

    async def send_secured(message: Message) -> None:
        if message["type"] == "http.response.start":
            existing = list(message.get("headers", []))
            message["headers"] = [*existing, *_security_headers(existing)]
        await send(message)

    return send_secured


class Guard:
    """ASGI middleware enforcing :class:`Secrets` on every HTTP request."""

    def __init__(self, app: ASGIApp, secrets_: Secrets) -> None:
        self.app = app
        self.secrets = secrets_

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        host = headers.get("host", "").lower()
        if host not in self.secrets.hosts:
            await _refuse(
                send, 403, "jdgen serve: unknown Host header; open the address jdgen serve printed"
            )
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        given = query.get(TOKEN_PARAM)
        if given is not None and scope["method"] in SAFE_METHODS:
            if not secrets.compare_digest(given, self.secrets.token):
                await _refuse(
                    send, 403, "jdgen serve: wrong token; open the address jdgen serve printed"
                )
                return
            await self._enter(scope, send, query)
            return
        refusal = self._refusal(scope, headers, host)
        if refusal is not None:
            await _refuse(send, 403, refusal)
            return
        await self.app(scope, receive, _secured(send))

    def _refusal(self, scope: Scope, headers: dict[str, str], host: str) -> str | None:
        """Why a request without the token in its URL is refused (no token cookie, or a
        write from elsewhere), or None."""
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is no token
            cookie = SimpleCookie()
        morsel = cookie.get(self.secrets.cookie)
        if morsel is None or not secrets.compare_digest(morsel.value, self.secrets.token):
            return (
                "jdgen serve: no token; open the address jdgen serve printed (it ends in ?token=…)"
            )
        if scope["method"] not in SAFE_METHODS:
            problem = self._write_problem(headers, host)
            if problem:
                return f"jdgen serve: {problem}"
        return None

    def _write_problem(self, headers: dict[str, str], host: str) -> str | None:
        origin = headers.get("origin")
        if origin is None or origin.lower() != f"http://{host}":
            return "a change must come from this workspace's own pages (Origin)"
        csrf = headers.get(CSRF_HEADER, "")
        if not secrets.compare_digest(csrf, self.secrets.csrf):
            return "missing or wrong CSRF token; reload the page"
        return None

    async def _enter(self, scope: Scope, send: Send, query: dict[str, str]) -> None:
        """Keep the token in a cookie and send the browser to the same page without it."""
        rest = urlencode({k: v for k, v in query.items() if k != TOKEN_PARAM})
        path = "/" + str(scope.get("path", "/")).lstrip("/")  # never "//host": another site
        location = quote(path) + (f"?{rest}" if rest else "")
        cookie = f"{self.secrets.cookie}={self.secrets.token}; Path=/; HttpOnly; SameSite=Strict"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", location.encode("utf-8")),
                    (b"set-cookie", cookie.encode("latin-1")),
                    (b"content-length", b"0"),
                    *_security_headers([]),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})

"""Binding the server's socket and running uvicorn on it until it is stopped.

The socket is bound here (not by uvicorn) so that a busy port is a clear error before
anything starts, and so that port 0 (tests, benchmarks) gives the port that was chosen.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Any

import uvicorn

from jdgen.errors import CannotServe
from jdgen.project import ProjectConfig
from jdgen.serve.app import ServerState, create_app
from jdgen.serve.security import Secrets, loopback_hosts

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8470  # the CLI shows its own copy in --help
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WILDCARDS = ("0.0.0.0", "::")


def exposure_warning(host: str) -> str | None:
    """The warning printed when the server listens on more than this machine's loopback."""
    if host in LOOPBACK_NAMES:
        return None
    return (
        f"jdgen serve: warning: listening on {host}, not only on this computer: anyone "
        "who can reach it and learns the token can read and change the project's role "
        "files and sign-offs; the connection is not encrypted. Use --host only on a "
        "network you trust."
    )


def accepted_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers to answer: loopback names, and for another ``--host`` that name
    (a wildcard address: this machine's names)."""
    if host in LOOPBACK_NAMES:
        return loopback_hosts(host, port)
    names = {host}
    if host in WILDCARDS:
        names = {*LOOPBACK_NAMES, socket.gethostname(), socket.getfqdn()}
    return frozenset(h for name in names for h in loopback_hosts(name, port))


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (0: any free port)."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as err:
        raise CannotServe(
            f"cannot listen on {host}:{port}: {err.strerror or err}; choose "
            "another port with --port (or free this one)"
        ) from None
    return sock


class _Server(uvicorn.Server):
    """uvicorn, ending the pages' event streams first when it stops (they would keep it
    waiting for them otherwise)."""

    def __init__(self, config: uvicorn.Config, state: ServerState) -> None:
        super().__init__(config)
        self.jdgen = state

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.jdgen.broadcaster.close()
        await super().shutdown(sockets)


@dataclass
class Served:
    """A server ready to run: its socket, its address with the token, and uvicorn."""

    server: _Server
    sock: socket.socket
    url: str
    secrets: Secrets
    warning: str | None

    @property
    def port(self) -> int:
        """The port listened on."""
        port: int = self.sock.getsockname()[1]
        return port

    def run(self) -> None:
        """Serve until stopped (Ctrl-C, or :meth:`stop` from another thread)."""
        try:
            self.server.run(sockets=[self.sock])
        except KeyboardInterrupt:  # uvicorn raises the Ctrl-C again once it has stopped
            pass
        finally:
            self.sock.close()

    def stop(self) -> None:
        """Ask the server to stop (it finishes the requests under way)."""
        self.server.should_exit = True


def prepare(
    config: ProjectConfig,
    host: str = LOOPBACK,
    port: int = DEFAULT_PORT,
    *,
    watch: bool = True,
    log_level: str = "warning",
) -> Served:
    """Bind the socket and make the server for ``config`` (nothing runs yet)."""
    sock = bind(host, port)
    actual = sock.getsockname()[1]
    secrets_ = Secrets.create(accepted_hosts(host, actual), actual)
    app = create_app(config, secrets_, watch_files=watch)
    state = app.jdgen
    options: dict[str, Any] = {
        "log_level": log_level,
        "access_log": False,
        "timeout_graceful_shutdown": 3,
        "lifespan": "on",
    }
    server = _Server(uvicorn.Config(app, **options), state)
    shown = LOOPBACK if host in WILDCARDS else host
    shown = f"[{shown}]" if ":" in shown else shown
    url = f"http://{shown}:{actual}/?token={secrets_.token}"
    return Served(server, sock, url, secrets_, exposure_warning(host))

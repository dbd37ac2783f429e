"""``signoffs/allowed_signers``: whose key may sign in which capacity, in OpenSSH's format.

Each line is ``principal namespaces="…"[,valid-before="YYYYMMDD"] key-type base64``, the
format of OpenSSH's ``allowed_signers`` (git's ``gpg.ssh.allowedSignersFile``), so
``ssh-keygen -Y verify -f signoffs/allowed_signers`` checks jdgen's signatures by itself.

Capacities are carried by the signature *namespace*, which OpenSSH already restricts per
key with the ``namespaces`` option: a sign-off of document D in capacity R is signed under
``jdgen-signoff:R:D``, so ``namespaces="jdgen-signoff:hr:*"`` allows a key to sign as HR for
every document and ``jdgen-signoff:lawyer:key-account-manager*`` as lawyer for one document
family. ``jdgen-ack:D`` is an employee's acknowledgement of D and ``jdgen-signers`` a change
of this file. ``valid-before`` ends a key's validity (``jdgen signers remove``): entries
dated on or after that day are not accepted from it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from jdgen.errors import Location, Problem

FILE_NAME = "allowed_signers"
SIGNOFF_NS = "jdgen-signoff"
ACK_NS = "jdgen-ack"
SIGNERS_NS = "jdgen-signers"
SIGNERS_CAPACITY = "signers"  # may change allowed_signers
ACK_CAPACITY = "acknowledge"  # an employee who acknowledges documents with a key
PRINCIPAL_RE = re.compile(r"^[A-Za-z0-9._+@-]{1,200}$")
PATTERN_RE = re.compile(r"^[a-z0-9*?][a-z0-9*?_-]{0,199}$")
DAY_RE = re.compile(r"^\d{8}$")
_LINE_RE = re.compile(
    r'^(?P<principal>\S+)\s+(?P<options>(?:[a-z-]+(?:="[^"]*")?,?)+)\s+'
    r"(?P<type>[a-z0-9@.-]+)\s+(?P<key>[A-Za-z0-9+/=]+)(?:\s+.*)?$"
)
_OPTION_RE = re.compile(r'([a-z-]+)(?:="([^"]*)")?(?:,|$)')


def signoff_namespace(role: str, document: str) -> str:
    """The namespace a sign-off of ``document`` in capacity ``role`` is signed under."""
    return f"{SIGNOFF_NS}:{role}:{document}"


def ack_namespace(document: str) -> str:
    """The namespace an employee's acknowledgement of ``document`` is signed under."""
    return f"{ACK_NS}:{document}"


def capacity_patterns(capacities: tuple[str, ...], documents: tuple[str, ...]) -> tuple[str, ...]:
    """The ``namespaces`` patterns for ``capacities``, limited to the ``documents`` patterns."""
    patterns: list[str] = []
    for capacity in capacities:
        if capacity == SIGNERS_CAPACITY:
            patterns.append(SIGNERS_NS)
        elif capacity == ACK_CAPACITY:
            patterns.extend(f"{ACK_NS}:{d}" for d in documents)
        else:
            patterns.extend(f"{SIGNOFF_NS}:{capacity}:{d}" for d in documents)
    return tuple(dict.fromkeys(patterns))


def day(date: dt.date) -> str:
    """``YYYYMMDD``, the form OpenSSH's ``valid-before`` takes."""
    return date.strftime("%Y%m%d")


@functools.lru_cache(maxsize=1024)
def _pattern(pattern: str) -> re.Pattern[str]:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(regex, re.DOTALL)


def _match(pattern: str, text: str) -> bool:
    """OpenSSH's wildcard match: ``*`` any run of characters, ``?`` one character."""
    return _pattern(pattern).fullmatch(text) is not None


@dataclass(frozen=True)
class AllowedSigner:
    """One line of ``allowed_signers``."""

    principal: str
    key: str  # "ssh-ed25519 AAAA…" (type and base64, no comment)
    namespaces: tuple[str, ...]
    valid_before: str | None = None  # YYYYMMDD: not accepted for entries dated on or after
    line: int = 0

    def allows(self, namespace: str, date: dt.date) -> bool:
        """True when this line lets its key sign under ``namespace`` on ``date``."""
        if self.valid_before is not None and day(date) >= self.valid_before:
            return False
        return any(_match(p, namespace) for p in self.namespaces)

    def normalised(self) -> tuple[str, str, tuple[str, ...], str | None]:
        """What the line means, without its position (to compare with the signers ledger)."""
        return (self.principal, self.key, tuple(sorted(self.namespaces)), self.valid_before)

    def text(self) -> str:
        """The line as written to the file."""
        options = f'namespaces="{",".join(self.namespaces)}"'
        if self.valid_before is not None:
            options += f',valid-before="{self.valid_before}"'
        return f"{self.principal} {options} {self.key}"


HEADER = (
    "# Allowed signers of this project's sign-offs (OpenSSH allowed_signers format).\n"
    "# Written by `jdgen signers add/remove`; every change is a signed entry of\n"
    "# signoffs/signers/changes.yaml and `jdgen verify` fails on a hand edit.\n"
    '# See docs/signoff.md, "Signed sign-offs".\n'
)


def file_text(signers: list[AllowedSigner]) -> str:
    """The whole file for ``signers`` (jdgen's own layout)."""
    return HEADER + "".join(s.text() + "\n" for s in signers)


def parse_allowed_signers(text: str, display: str) -> tuple[list[AllowedSigner], list[Problem]]:
    """The lines of an ``allowed_signers`` file and the problems of those jdgen cannot use."""
    signers: list[AllowedSigner] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE_RE.match(line)
        if match is None:
            problems.append(
                Problem(
                    Location(display, number),
                    "",
                    'not a line jdgen can read: principal namespaces="…" key-type base64-key',
                )
            )
            continue
        options = dict(_OPTION_RE.findall(match["options"]))
        unknown = [k for k in options if k not in ("namespaces", "valid-before")]
        if unknown or "namespaces" not in options:
            problems.append(
                Problem(
                    Location(display, number),
                    "",
                    "every line needs "
                    'namespaces="…" and may add valid-before="YYYYMMDD"; '
                    f"jdgen does not use {', '.join(unknown) or 'lines without'}"
                    " (cert-authority, valid-after)",
                )
            )
            continue
        before = options.get("valid-before")
        if before is not None and not DAY_RE.match(before):
            problems.append(
                Problem(
                    Location(display, number), "", f"valid-before {before!r} is not a day YYYYMMDD"
                )
            )
            continue
        signers.append(
            AllowedSigner(
                match["principal"],
                f"{match['type']} {match['key']}",
                tuple(options["namespaces"].split(",")),
                before,
                number,
            )
        )
    return signers, problems


def allowed_signers_path(signoffs: Path) -> Path:
    """``signoffs/allowed_signers``."""
    return signoffs / FILE_NAME


def principal_for(
    signers: list[AllowedSigner], key: str, namespace: str, date: dt.date
) -> str | None:
    """The principal whose line lets ``key`` sign under ``namespace`` on ``date``, if any."""
    return next((s.principal for s in signers if s.key == key and s.allows(namespace, date)), None)


def why_not(
    signers: list[AllowedSigner], key: str, fingerprint: str, namespace: str, date: dt.date
) -> str:
    """Why no line lets ``key`` sign under ``namespace`` on ``date`` (for the message)."""
    mine = [s for s in signers if s.key == key]
    if not mine:
        return f"key {fingerprint} is not in allowed_signers"
    names = ", ".join(sorted({s.principal for s in mine}))
    live = [s for s in mine if s.valid_before is None or day(date) < s.valid_before]
    if not live:
        until = max(s.valid_before or "" for s in mine)
        return (
            f"key {fingerprint} of {names} was removed from allowed_signers (valid before "
            f"{until}), and this is dated {date.isoformat()}"
        )
    allowed = ", ".join(sorted({p for s in live for p in s.namespaces}))
    return f"key {fingerprint} of {names} may not sign {namespace!r}; it may sign: {allowed}"

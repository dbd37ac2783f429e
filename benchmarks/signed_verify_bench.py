"""``jdgen verify --require-signatures`` over a ledger of 10,000 SSH-signed entries.

    python -m benchmarks.signed_verify_bench [ENTRIES [DIR]]   (default 10000, 20 per document;
                                                                DIR keeps the project)

Builds a synthetic project, five allowed signers (owner + lawyer, hr, supervisor, approver,
each an ed25519 key) and ENTRIES signed sign-offs: ENTRIES / 20 documents, each approved in
five revisions (4 sign-offs each), as a ledger looks after years of changes. The signatures
are made in-process in OpenSSH's SSHSIG format (ten thousand ``ssh-keygen -Y sign`` runs
would take minutes); the first one is checked with ``ssh-keygen -Y verify``, so the figure
is for real signatures. Then it times the real command, ``python -m jdgen verify
--require-signatures``, and prints the figure. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from benchmarks.synthetic import write_project
from jdgen.pipeline import load_documents
from jdgen.project import load_config
from jdgen.resolve.document import canonical_digest
from jdgen.signoff.allowed_signers import (
    SIGNERS_NS,
    AllowedSigner,
    capacity_patterns,
    file_text,
    signoff_namespace,
)
from jdgen.signoff.chain import append_record, fields_for, make_record, signed_message
from jdgen.signoff.ledger import entry_text, header_text, make_entry
from jdgen.signoff.signers import TITLE, read_changes
from jdgen.signoff.ssh_sig import MAGIC, armor
from jdgen.signoff.store import ledger_path, store_content

REVISIONS = 5  # approved revisions per document: 4 sign-offs each
ROLES = (
    ("lawyer", "Legal Counsel"),
    ("hr", "HR Manager"),
    ("supervisor", "Supervisor"),
    ("approver", "Managing Director"),
)
SRC = Path(__file__).resolve().parent.parent / "src"


def _pack(*parts: bytes) -> bytes:
    return b"".join(struct.pack(">I", len(p)) + p for p in parts)


class Key:
    """An ed25519 key that signs in OpenSSH's SSHSIG format, in-process."""

    def __init__(self) -> None:
        self.private = Ed25519PrivateKey.generate()
        raw = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.blob = _pack(b"ssh-ed25519", raw)
        self.line = "ssh-ed25519 " + base64.b64encode(self.blob).decode("ascii")

    def sign(self, namespace: str, fields: dict[str, Any]) -> str:
        """The stored (base64) SSHSIG of ``fields`` under ``namespace``."""
        digest = hashlib.sha512(signed_message(fields)).digest()
        data = MAGIC + _pack(namespace.encode(), b"", b"sha512", digest)
        signature = _pack(b"ssh-ed25519", self.private.sign(data))
        blob = (
            MAGIC
            + struct.pack(">I", 1)
            + _pack(self.blob, namespace.encode(), b"", b"sha512", signature)
        )
        return base64.b64encode(blob).decode("ascii")


def main(total: int, keep: Path | None = None) -> None:
    """Build the ledgers and time ``jdgen verify --require-signatures`` (in ``keep``, kept,
    when given)."""
    per_doc = len(ROLES) * REVISIONS
    count = max(1, total // per_doc)  # documents to sign (the project has more: variants)
    with tempfile.TemporaryDirectory() as scratch:
        tmp = str(keep) if keep is not None else scratch
        root = write_project(Path(tmp) / "project", count * 3 // 4 + 1)

        config = load_config(root)
        owner, keys = Key(), {role: Key() for role, _ in ROLES}
        started = time.perf_counter()
        chain = read_changes(config)
        lines = [AllowedSigner("owner@ex.com", owner.line, (SIGNERS_NS,))]
        lines += [
            AllowedSigner(f"{role}@ex.com", keys[role].line, capacity_patterns((role,), ("*",)))
            for role, _ in ROLES
        ]
        previous = None
        for line in lines:
            fields = fields_for(
                previous,
                {
                    "action": "add",
                    "principal": line.principal,
                    "key": line.key,
                    "namespaces": list(line.namespaces),
                    "valid_before": None,
                    "date": "2024-04-01",
                },
            )
            previous = make_record(fields, owner.sign(SIGNERS_NS, fields))
            append_record(chain, previous, TITLE)
        (config.signoffs_dir / "allowed_signers").write_text(file_text(lines), encoding="utf-8")
        state = load_documents(config)
        date = dt.date(2024, 5, 1)
        entries = 0
        documents = state.documents[:count]
        for doc in documents:
            text, last = header_text(doc.id), None
            for revision in range(1, REVISIONS + 1):
                # earlier revisions: the same document with another title (older text)
                content = doc.canonical()
                if revision < REVISIONS:
                    content = {
                        **content,
                        "title": {
                            k: f"{v} (revision {revision})" for k, v in content["title"].items()
                        },
                    }
                digest = canonical_digest(content)
                store_content(config, digest, content)
                for role, post in ROLES:
                    key, namespace = keys[role], signoff_namespace(role, doc.id)
                    last = make_entry(
                        last,
                        doc.id,
                        digest,
                        role,
                        f"Signer {role}",
                        post,
                        date,
                        None,
                        lambda p, k=key, n=namespace: k.sign(n, p),
                    )
                    text += entry_text(last)
                    entries += 1
            ledger_path(config, doc.id).write_text(text, encoding="utf-8")
        built = time.perf_counter() - started
        first = next(iter(sorted(config.signoffs_dir.glob("*.yaml"))))
        if shutil.which("ssh-keygen"):
            _cross_check(config.signoffs_dir, first, Path(tmp))
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "jdgen",
                "--project",
                str(root),
                "verify",
                "--require-signatures",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        took = time.perf_counter() - started
        print(f"documents: {len(documents)}, signed entries: {entries} (built in {built:.1f}s)")
        print(done.stderr.strip().splitlines()[-2])
        print(done.stderr.strip().splitlines()[-1])
        print(
            f"jdgen verify --require-signatures: exit {done.returncode}, "
            f"{took:.2f}s ({took / entries * 1000:.3f} ms/entry; target < 10 s)"
        )


def _cross_check(signoffs: Path, ledger: Path, tmp: Path) -> None:
    """``ssh-keygen -Y verify`` accepts the first entry's signature (real SSHSIG)."""
    from jdgen.signoff.ledger import parse_ledger

    entry = parse_ledger(ledger, ledger.name, ledger.stem, ledger.read_bytes()).entries[0]
    assert entry.sig is not None
    (tmp / "e.sig").write_text(armor(entry.sig), encoding="ascii")
    done = subprocess.run(
        [
            "ssh-keygen",
            "-Y",
            "verify",
            "-f",
            str(signoffs / "allowed_signers"),
            "-I",
            "lawyer@ex.com",
            "-n",
            signoff_namespace("lawyer", entry.document),
            "-s",
            str(tmp / "e.sig"),
        ],
        input=signed_message(entry.payload()),
        capture_output=True,
        check=False,
    )
    print("ssh-keygen -Y verify of entry 1:", done.stdout.decode().strip() or done.stderr)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.signed_verify_bench",
        description="Time jdgen verify --require-signatures over a ledger of SSH-signed entries.",
    )
    parser.add_argument("entries", nargs="?", type=int, default=10_000, metavar="ENTRIES")
    parser.add_argument("keep", nargs="?", type=Path, metavar="DIR", help="keep the project here")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = _arguments()
    main(arguments.entries, arguments.keep)

"""SSH signatures (OpenSSH's SSHSIG format): made by ``ssh-keygen -Y sign``, checked here.

Signing shells out to ``ssh-keygen`` (the signer's key, agent and passphrase stay OpenSSH's
business, as with git's signed commits). Verifying is done in-process with ``cryptography``
— one process for ten thousand entries instead of ten thousand ``ssh-keygen -Y verify`` — and
the tests cross-check it against ``ssh-keygen -Y verify``. Supported key types: ed25519,
ecdsa (nistp256/384/521) and rsa (rsa-sha2-256/512 signatures), the types OpenSSH makes.

The format (OpenSSH ``PROTOCOL.sshsig``): the signature blob is ``"SSHSIG"``, version 1, the
public key, the namespace, a reserved string, the hash algorithm and the signature; what the
key signs is ``"SSHSIG"``, namespace, reserved, hash algorithm and the hash of the message.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import (
    SSHPublicKeyTypes as PublicKey,
)
from cryptography.hazmat.primitives.serialization import load_ssh_public_key

from jdgen.signoff.errors import SigningFailed, SshKeygenMissing

MAGIC = b"SSHSIG"
ARMOR_BEGIN = "-----BEGIN SSH SIGNATURE-----"
ARMOR_END = "-----END SSH SIGNATURE-----"
_HASHES = {"sha256": hashlib.sha256, "sha512": hashlib.sha512}
_EC_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "ecdsa-sha2-nistp256": hashes.SHA256,
    "ecdsa-sha2-nistp384": hashes.SHA384,
    "ecdsa-sha2-nistp521": hashes.SHA512,
}
_RSA_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "rsa-sha2-256": hashes.SHA256,
    "rsa-sha2-512": hashes.SHA512,
}
MISSING = (
    "ssh-keygen (OpenSSH) is not installed or not on the PATH; signing with --key "
    "needs it (Debian/Ubuntu: apt-get install openssh-client; macOS and Windows 10+ "
    "ship it)"
)


class BadSignature(ValueError):
    """A signature that is malformed or does not verify (the message says which)."""


@dataclass(frozen=True)
class SshSignature:
    """A parsed SSHSIG blob."""

    key_type: str
    public_key: bytes  # the SSH wire-format public key blob
    namespace: str
    hash_algorithm: str
    sig_type: str
    sig_blob: bytes

    @property
    def fingerprint(self) -> str:
        """``SHA256:…`` as ``ssh-keygen -l`` prints it."""
        return fingerprint(self.public_key)

    @property
    def key_line(self) -> str:
        """``ssh-ed25519 AAAA…``: the public key as in ``allowed_signers``."""
        return f"{self.key_type} {base64.b64encode(self.public_key).decode('ascii')}"


def fingerprint(public_key: bytes) -> str:
    """The SHA256 fingerprint of a public key blob, as OpenSSH prints it."""
    digest = base64.b64encode(hashlib.sha256(public_key).digest()).decode("ascii")
    return "SHA256:" + digest.rstrip("=")


def key_blob(key_line: str) -> tuple[str, bytes]:
    """``(type, blob)`` of a public key written ``type base64 [comment]``; ValueError if not."""
    parts = key_line.split()
    if len(parts) < 2:
        raise ValueError(
            "a public key is written as its type and base64 data, for example "
            "'ssh-ed25519 AAAAC3Nza…'"
        )
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except binascii.Error:
        raise ValueError("the public key's base64 data is damaged") from None
    inner, _ = _string(blob, 0)
    if inner.decode("ascii", "replace") != parts[0]:
        raise ValueError(f"the key data is not a {parts[0]} key")
    return parts[0], blob


def _string(data: bytes, pos: int) -> tuple[bytes, int]:
    """An SSH ``string`` (uint32 length + bytes) at ``pos``, and the position after it."""
    if pos + 4 > len(data):
        raise BadSignature("the signature is truncated")
    (size,) = struct.unpack_from(">I", data, pos)
    end = pos + 4 + size
    if end > len(data):
        raise BadSignature("the signature is truncated")
    return data[pos + 4 : end], end


def _pack(*parts: bytes) -> bytes:
    return b"".join(struct.pack(">I", len(p)) + p for p in parts)


def unarmor(text: str) -> str:
    """The base64 body of an armored ``SSH SIGNATURE`` as one line (what a ledger stores)."""
    lines = [line.strip() for line in text.strip().splitlines()]
    if not lines or lines[0] != ARMOR_BEGIN or lines[-1] != ARMOR_END:
        raise BadSignature("not an armored SSH signature")
    return "".join(lines[1:-1])


def armor(body: str) -> str:
    """The armored form of a stored signature (what ``ssh-keygen -Y verify -s`` reads)."""
    lines = [body[i : i + 70] for i in range(0, len(body), 70)]
    return "\n".join([ARMOR_BEGIN, *lines, ARMOR_END]) + "\n"


def parse_signature(body: str) -> SshSignature:
    """Parse a stored signature (base64 of an SSHSIG blob); :class:`BadSignature` if broken."""
    try:
        blob = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise BadSignature("the signature is not valid base64 (truncated or edited)") from None
    if not blob.startswith(MAGIC) or len(blob) < 10:
        raise BadSignature("not an SSH signature (SSHSIG)")
    (version,) = struct.unpack_from(">I", blob, 6)
    if version != 1:
        raise BadSignature(f"SSHSIG version {version} is not supported")
    pos = 10
    public_key, pos = _string(blob, pos)
    namespace, pos = _string(blob, pos)
    _reserved, pos = _string(blob, pos)
    hash_alg, pos = _string(blob, pos)
    signature, pos = _string(blob, pos)
    if pos != len(blob):
        raise BadSignature("the signature has trailing data (edited)")
    key_type, _ = _string(public_key, 0)
    sig_type, after = _string(signature, 0)
    sig_blob, end = _string(signature, after)
    if end != len(signature):
        raise BadSignature("the signature has trailing data (edited)")
    try:
        return SshSignature(
            key_type.decode("ascii"),
            public_key,
            namespace.decode("utf-8"),
            hash_alg.decode("ascii"),
            sig_type.decode("ascii"),
            sig_blob,
        )
    except UnicodeDecodeError:
        raise BadSignature("the signature's fields are not text (edited)") from None


def signed_data(namespace: str, hash_algorithm: str, message: bytes) -> bytes:
    """The bytes the key actually signs for ``message`` under ``namespace``."""
    digest = _HASHES[hash_algorithm](message).digest()
    return MAGIC + _pack(namespace.encode("utf-8"), b"", hash_algorithm.encode("ascii"), digest)


@functools.lru_cache(maxsize=256)
def _public_key(key_line: str) -> PublicKey:
    """The loaded public key (cached: a ledger is signed by a handful of keys)."""
    try:
        return load_ssh_public_key(key_line.encode("ascii"))
    except (ValueError, UnsupportedAlgorithm):
        raise BadSignature(
            f"key type {key_line.split()[0]!r} is not supported; use an ed25519, ecdsa or rsa key"
        ) from None


def verify_signature(sig: SshSignature, namespace: str, message: bytes) -> None:
    """Check that ``sig`` signs ``message`` under ``namespace``; :class:`BadSignature` if not.

    Says nothing about whose key it is: that is :mod:`jdgen.signoff.allowed_signers`.
    """
    if sig.namespace != namespace:
        raise BadSignature(
            f"the signature was made for {sig.namespace!r}, not {namespace!r} "
            "(moved from another entry, capacity or document)"
        )
    if sig.hash_algorithm not in _HASHES:
        raise BadSignature(f"hash algorithm {sig.hash_algorithm!r} is not sha256 or sha512")
    data = signed_data(namespace, sig.hash_algorithm, message)
    key = _public_key(sig.key_line)
    try:
        if isinstance(key, ed25519.Ed25519PublicKey) and sig.sig_type == "ssh-ed25519":
            key.verify(sig.sig_blob, data)
        elif isinstance(key, ec.EllipticCurvePublicKey) and sig.sig_type == sig.key_type:
            r, pos = _string(sig.sig_blob, 0)
            s, _ = _string(sig.sig_blob, pos)
            der = encode_dss_signature(int.from_bytes(r, "big"), int.from_bytes(s, "big"))
            key.verify(der, data, ec.ECDSA(_EC_HASHES[sig.key_type]()))
        elif isinstance(key, rsa.RSAPublicKey) and sig.sig_type in _RSA_HASHES:
            key.verify(sig.sig_blob, data, padding.PKCS1v15(), _RSA_HASHES[sig.sig_type]())
        else:
            raise BadSignature(f"signature type {sig.sig_type!r} does not fit a {sig.key_type} key")
    except InvalidSignature:
        raise BadSignature(
            "the signature does not match the entry: the entry or the "
            "signature was edited after signing"
        ) from None


def ssh_keygen() -> str:
    """The path of ``ssh-keygen``; :class:`SshKeygenMissing` with what to install if none."""
    found = shutil.which("ssh-keygen")
    if found is None:
        raise SshKeygenMissing(MISSING)
    return found


@dataclass(frozen=True)
class SigningKey:
    """The key ``ssh-keygen -Y sign`` uses: a file, or a public key literal held by an agent."""

    path: Path | None = None
    literal: str | None = None  # git's ``key::ssh-ed25519 AAAA…`` form

    def __str__(self) -> str:
        return str(self.path) if self.path else "the ssh-agent key " + (self.literal or "")


def sign_message(key: SigningKey, namespace: str, message: bytes) -> str:
    """Sign ``message`` under ``namespace`` with ``ssh-keygen -Y sign``; the stored body.

    Raises :class:`SshKeygenMissing` or :class:`SigningFailed` (with ssh-keygen's message).
    """
    program = ssh_keygen()
    with tempfile.TemporaryDirectory(prefix="jdgen-sign-") as tmp:
        if key.literal is not None:
            keyfile = Path(tmp) / "key.pub"
            keyfile.write_text(key.literal + "\n", encoding="ascii")
            extra = ["-U"]  # the private key is in the agent, as git does for key::
        else:
            assert key.path is not None
            if not key.path.is_file():
                raise SigningFailed(f"--key {key.path}: no such key file")
            keyfile, extra = key.path, []
        message_file = Path(tmp) / "entry"
        message_file.write_bytes(message)
        try:
            done = subprocess.run(
                [
                    program,
                    "-Y",
                    "sign",
                    "-n",
                    namespace,
                    "-f",
                    str(keyfile),
                    *extra,
                    str(message_file),
                ],
                capture_output=True,
                stdin=subprocess.DEVNULL,
                check=False,
                timeout=120,
            )
        except FileNotFoundError:
            raise SshKeygenMissing(MISSING) from None
        except subprocess.TimeoutExpired:
            raise SigningFailed(
                f"ssh-keygen did not sign with {key} within 120 s "
                "(waiting for a passphrase or a security key?)"
            ) from None
        sig_file = message_file.with_name("entry.sig")
        if done.returncode != 0 or not sig_file.is_file():
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = lines[-1] if lines else f"exit code {done.returncode}"
            raise SigningFailed(f"ssh-keygen could not sign with {key}: {reason}")
        return unarmor(sig_file.read_text(encoding="ascii"))

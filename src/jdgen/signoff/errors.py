"""Errors of the sign-off ledger and of ``jdgen sign`` (each exits 1 through the CLI)."""

from __future__ import annotations

from jdgen.errors import JdgenError, Problem, sort_problems


class SignRefused(JdgenError):
    """``jdgen sign`` refused to record a sign-off; nothing was written."""


class LedgerCorrupt(JdgenError):
    """A ledger file or the content store is broken, edited, torn or names an unknown document."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sort_problems(problems)
        super().__init__(
            "\n".join(str(p) for p in self.problems)
            + "\njdgen: the sign-off ledger is damaged; `jdgen verify` lists "
            "every problem and docs/signoff.md says how to repair it"
        )


class LedgerWriteFailed(JdgenError):
    """The ledger or the content store could not be written (disk full, permissions…)."""


class LedgerLocked(JdgenError):
    """Another ``jdgen sign`` held the ledger lock for too long."""


class SigningError(JdgenError):
    """An SSH signature could not be made or an allowed-signers change was refused."""


class SshKeygenMissing(SigningError):
    """``ssh-keygen`` (OpenSSH) is not installed, so nothing can be signed with a key."""


class SigningFailed(SigningError):
    """``ssh-keygen -Y sign`` failed (wrong key file, passphrase, agent) or its key may not sign."""


class SignersRefused(SigningError):
    """``jdgen signers add/remove`` refused the change; nothing was written."""


class AcknowledgeRefused(JdgenError):
    """``jdgen acknowledge`` refused to record an acknowledgement; nothing was written."""

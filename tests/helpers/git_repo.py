"""git for tests: a fixed identity and no commit signing, whatever the user's config."""

from __future__ import annotations

import subprocess
from pathlib import Path

IDENTITY = ("-c", "user.name=HR", "-c", "user.email=hr@example.com", "-c", "commit.gpgsign=false")


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity; its standard output."""
    done = subprocess.run(
        ["git", "-C", str(repo), *IDENTITY, *args], capture_output=True, text=True, check=True
    )
    return done.stdout

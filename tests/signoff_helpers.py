"""Helpers shared by the sign-off tests: signing a fixture document through the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

POSTS = {"lawyer": "Legal Counsel", "hr": "HR Manager"}
NAMES = {
    "lawyer": "Somchai Jaidee",
    "hr": "Somying Rakngan",
    "supervisor": "Anan Suksan",
    "approver": "Prasert Wongsa",
}
DATES = {
    "lawyer": "2024-05-01",
    "hr": "2024-05-02",
    "supervisor": "2024-05-02",
    "approver": "2024-05-03",
}
FLOW = ("lawyer", "hr", "supervisor", "approver")


def sign_args(doc: str, role: str, date: str | None = None, **extra: str) -> list[str]:
    """The argv of ``jdgen sign`` for the standard signer of ``role``."""
    args = [
        "sign",
        doc,
        "--as",
        role,
        "--name",
        NAMES.get(role, "Someone"),
        "--date",
        DATES.get(role, "2024-05-01") if date is None else date,
    ]
    if role in POSTS:
        args += ["--post", POSTS[role]]
    for key, value in extra.items():
        args += [f"--{key}", value]
    return args


def sign_all(
    run: Any, root: Path, doc: str = "am", roles: tuple[str, ...] = FLOW, date: str | None = None
) -> None:
    """Sign ``doc`` by every role in ``roles`` (in order); each must succeed."""
    for role in roles:
        result = run(*sign_args(doc, role, date), project=root)
        assert result.exit_code == 0, result.stderr


def edit_role(root: Path, old: str, new: str, name: str = "am") -> None:
    """Replace ``old`` by ``new`` in ``roles/<name>.yaml`` (the text must be there)."""
    path = root / "roles" / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")

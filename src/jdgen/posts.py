"""The default post of each signer: ``jdgen.toml`` first, then the locale labels.

A minimal project (only ``languages`` and ``organisation``) prints the approver's and the
reviewers' posts from the ``[posts]`` table of ``labels/<lang>.toml`` — the project's own
labels file where it gives one, else jdgen's. ``[approval] approver`` and
``[approval] posts`` of ``jdgen.toml`` override them; a role's ``approval.approver.post``
overrides the approver's. The supervisor's default is the post the role reports to.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from jdgen.approval import APPROVER
from jdgen.project import ProjectConfig

PACKAGE_LABELS = Path(__file__).resolve().parent / "templates" / "labels"
Posts = dict[str, dict[str, str]]  # capacity -> {language: post}


def _label_posts(path: Path) -> dict[str, Any]:
    """The ``[posts]`` table of one labels file ({} when it has none or cannot be read:
    a broken labels file is reported by the build's template check, naming it)."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("posts", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


def label_posts(config: ProjectConfig) -> Posts:
    """``{capacity: {language: post}}`` from the labels, for the project's languages."""
    posts: Posts = {}
    for lang in config.languages:
        own = config.templates_dir / "labels" / f"{lang}.toml"
        inside = own.resolve().is_relative_to(config.root.resolve())  # never a file outside
        found = {**_label_posts(PACKAGE_LABELS / f"{lang}.toml"),
                 **(_label_posts(own) if inside else {})}
        for capacity, post in found.items():
            if isinstance(post, str) and post.strip():
                posts.setdefault(capacity, {})[lang] = post.strip()
    return posts


def default_posts(config: ProjectConfig) -> Posts:
    """Each signer's default post in every language it has one: jdgen.toml over labels.

    Only complete posts (a text in every project language) are kept from the labels, so a
    language without labels never prints another language's post.
    """
    posts = {capacity: post for capacity, post in label_posts(config).items()
             if set(post) == set(config.languages)}
    if config.approver_post:
        posts[APPROVER] = dict(config.approver_post)
    posts.update({capacity: dict(post) for capacity, post in config.posts.items()})
    return posts

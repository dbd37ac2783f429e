"""The default post of each signer: ``jdgen.toml`` first, then the locale labels.

A minimal project (only ``languages`` and ``organisation``) prints the approver's and the
reviewers' posts from the ``[posts]`` table of ``labels/<lang>.toml`` — the project's own
labels file where it gives one, else jdgen's. ``[approval] approver`` and
``[approval] posts`` of ``jdgen.toml`` override them; a role's ``approval.approver.post``
overrides the approver's. The supervisor's default is the post the role reports to.
"""

from __future__ import annotations

from jdgen.approval import APPROVER
from jdgen.assets.labels import Posts, label_posts
from jdgen.project import ProjectConfig


def default_posts(config: ProjectConfig) -> Posts:
    """Each signer's default post in every language it has one: jdgen.toml over labels.

    Only complete posts (a text in every project language) are kept from the labels, so a
    language without labels never prints another language's post.
    """
    labelled = label_posts(config.templates_dir, config.root, config.languages)
    posts = {
        capacity: post for capacity, post in labelled.items() if set(post) == set(config.languages)
    }
    if config.approver_post:
        posts[APPROVER] = dict(config.approver_post)
    posts.update({capacity: dict(post) for capacity, post in config.posts.items()})
    return posts

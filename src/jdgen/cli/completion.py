"""Shell completion of role and document ids (click's ``shell_complete`` callbacks).

Completion runs before any command callback, so the project comes from ``--project`` on
the command line being completed or the current folder. A project that cannot be read
completes nothing rather than printing an error into the shell.
"""

from __future__ import annotations

from pathlib import Path

import click
from click.shell_completion import CompletionItem

from jdgen.project import ProjectConfig, load_project


def _config(ctx: click.Context) -> ProjectConfig | None:
    project = ctx.find_root().params.get("project")
    try:
        return load_project(Path(project) if project else None)
    except Exception:
        return None


def complete_role_ids(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The project's role ids (and the bundled library's, when it uses it)."""
    config = _config(ctx)
    if config is None:
        return []
    from jdgen.bundled import BUNDLED, bundled_paths
    from jdgen.validate import role_paths

    try:
        paths = role_paths(config.roles_dir)[0] if config.roles_dir.is_dir() else []
    except OSError:
        return []
    if config.library == BUNDLED:
        paths = [*paths, *bundled_paths()]
    return [
        CompletionItem(role_id)
        for role_id in sorted({p.stem for p in paths})
        if role_id.startswith(incomplete)
    ]


def complete_document_ids(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The ids of the documents the project publishes (roles and role--variant)."""
    config = _config(ctx)
    if config is None:
        return []
    from jdgen.pipeline import analyse_headers

    try:
        state = analyse_headers(config)
    except Exception:
        return []
    return [
        CompletionItem(doc.id, help=doc.title[config.languages[0]])
        for doc in state.documents
        if doc.id.startswith(incomplete)
    ]

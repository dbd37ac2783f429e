"""What the document page offers besides the preview: its editions, PDF and DOCX built on
demand through ``jdgen build``, the redline since approval, and the sign-off form.

Each function calls the library the matching command calls (``build``, ``diff
--since-approval``, ``sign``), so the browser gets the same outputs, checks and messages.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TypeVar

from jdgen.diff import diff_sets
from jdgen.diff.formats import DEFAULT_AUTHOR, FIXED_DATE, Options, writers
from jdgen.diff.sources import since_approval_sides
from jdgen.errors import ProblemsFound, RenderError, UnknownDocument, UsageError
from jdgen.pipeline import analyse
from jdgen.project import KNOWN_FORMATS, Project, ProjectConfig
from jdgen.publish import BuildOptions, build, output_name
from jdgen.publish.outdir import RESOLVED_NAME
from jdgen.publish.resolved import load_store
from jdgen.render.fonts import embedded_font_css
from jdgen.render.formats import RENDERERS
from jdgen.render.html import RenderContext
from jdgen.resolve.document import AnyDocument, Document
from jdgen.serve.preview import current_approval
from jdgen.signoff.sign import SignOff, sign, signed_lines
from jdgen.signoff.status import approval_states

D = TypeVar("D", bound=AnyDocument)

DOWNLOAD_FORMATS = ("pdf", "docx")
_BUILD_LOCK = threading.Lock()  # one on-demand build at a time (the build locks output/ too)


def editions(config: ProjectConfig) -> tuple[tuple[str, ...], ...]:
    """The editions a document can be shown in: each language, then each multi-language
    edition of ``jdgen.toml`` (or all languages side by side)."""
    single = tuple((lang,) for lang in config.languages)
    multi = tuple(e for e in config.editions if len(e) > 1) or (
        (config.languages,) if len(config.languages) > 1 else ()
    )
    return (*single, *multi)


def parse_edition(config: ProjectConfig, value: str | None) -> tuple[str, ...]:
    """``th``, ``en`` or ``th+en`` as languages; the first edition when not given."""
    choices = editions(config)
    if not value:
        return choices[0]
    langs = tuple(value.replace(" ", "+").split("+"))  # "+" in a query is a space
    if langs not in choices:
        raise UsageError(
            f"edition '{value}' is not one of {', '.join('+'.join(e) for e in choices)}"
        )
    return langs


@dataclass(frozen=True)
class Download:
    """A built file: its name and bytes."""

    name: str
    data: bytes


def download(project: Project, doc_id: str, langs: tuple[str, ...], fmt: str) -> Download:
    """The document's file in ``fmt``, built on demand by ``jdgen build`` into ``output/``
    (an up-to-date file is not rendered again). When the project has errors, which stop
    the build, the file is rendered in memory instead and ``output/`` is left alone."""
    if fmt not in DOWNLOAD_FORMATS or fmt not in KNOWN_FORMATS:
        raise UsageError(f"format '{fmt}' cannot be downloaded; choose pdf or docx")
    config = project.config
    with _BUILD_LOCK:
        try:
            store, _ = load_store(project, False, project.output / RESOLVED_NAME)
        except ProblemsFound:
            return _render_alone(project, doc_id, langs, fmt)
        headers = store.headers()
        doc = _find(headers, doc_id)
        options = BuildOptions(
            formats=(fmt,), langs=(langs,), ids=(doc_id,), jobs=1, complete=False
        )
        result = build(project, store, options, approval_states(config, headers))
        if result.failed:
            raise RenderError(result.failed[0].message)
        name = output_name(doc, langs, fmt)
        return Download(name, (project.output / name).read_bytes())


def _find(documents: list[D], doc_id: str) -> D:
    found = next((d for d in documents if d.id == doc_id), None)
    if found is None:
        raise UnknownDocument(f"no document {doc_id} in this project, or its role has errors")
    return found


def _render_alone(project: Project, doc_id: str, langs: tuple[str, ...], fmt: str) -> Download:
    doc = _find(analyse(project).documents, doc_id)
    ctx = RenderContext(
        project.assets.templates, current_approval(project.config, doc), project.source_date.moment
    )
    return Download(output_name(doc, langs, fmt), RENDERERS[fmt](doc, langs, ctx))


def changes_since_approval(project: Project, doc: Document, fmt: str) -> bytes | None:
    """The redline from the last approved text to ``doc`` in ``fmt`` (``html`` or
    ``docx``), as ``jdgen diff --since-approval`` writes it; None if never approved."""
    sides = since_approval_sides(project, doc)
    if sides is None:
        return None
    old, new = sides
    result = diff_sets(old.documents, new.documents, old.label, new.label)
    epoch = project.source_date.moment
    templates = project.assets.templates
    options = Options(
        author=DEFAULT_AUTHOR, date=epoch if epoch is not None else FIXED_DATE, templates=templates
    )
    data = writers()[fmt](result, options)
    if fmt == "html":  # the page names Sarabun but embeds no font: shown here, it embeds
        fonts = embedded_font_css(templates, project.config.languages)  # as the preview does
        data = data.replace(b"</head>", f"<style>{fonts}</style></head>".encode(), 1)
    return data


def sign_document(project: Project, request: SignOff) -> tuple[str, ...]:
    """Record ``request`` exactly as ``jdgen sign`` does (a fresh analysis, the same checks
    and refusals); the lines ``jdgen sign`` prints."""
    state = analyse(project)
    return signed_lines(state, sign(state, request))

"""``jdgen build``: publish every document x language x format into the output folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jdgen.errors import UnknownDocument, UsageError
from jdgen.pipeline import ProjectState
from jdgen.render.dates import source_date_epoch
from jdgen.render.formats import RENDERERS
from jdgen.render.html import RenderContext
from jdgen.render.templates import TemplateSet
from jdgen.resolve.document import Document
from jdgen.write import write_atomic


@dataclass
class BuildResult:
    """What a build wrote."""

    written: list[Path] = field(default_factory=list)


def select_documents(state: ProjectState, ids: tuple[str, ...]) -> list[Document]:
    """The documents named by ``ids`` (all when empty); unknown ids are an error."""
    if not ids:
        return list(state.documents)
    known = {d.id: d for d in state.documents}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise UnknownDocument(
            f"unknown document id(s): {', '.join(unknown)}; `jdgen list` shows the ids"
        )
    return [known[i] for i in ids]


def output_name(doc: Document, langs: tuple[str, ...], ext: str) -> str:
    """``<document-id>.<lang>.<ext>``, languages joined with ``+`` for a bilingual file."""
    return f"{doc.id}.{'+'.join(langs)}.{ext}"


def build(state: ProjectState, ids: tuple[str, ...], formats: tuple[str, ...],
          langs: tuple[tuple[str, ...], ...]) -> BuildResult:
    """Render and write the selected documents in every language set and format."""
    unavailable = [f for f in formats if f not in RENDERERS]
    if unavailable:
        raise UsageError(f"format {unavailable[0]} cannot be rendered by this jdgen; "
                         f"available: {', '.join(RENDERERS)}")
    documents = select_documents(state, ids)
    templates = TemplateSet(state.config.templates_dir)
    ctx = RenderContext(templates=templates, source_date=source_date_epoch())
    result = BuildResult()
    out = state.config.output_dir
    for doc in documents:
        for lang_set in langs:
            for fmt in formats:
                data = RENDERERS[fmt](doc, lang_set, ctx)
                path = out / output_name(doc, lang_set, fmt)
                write_atomic(path, data)
                result.written.append(path)
    return result

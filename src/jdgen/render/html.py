"""HTML rendering through Jinja2 templates (the preview format, and the PDF's source)."""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from typing import Any

from jdgen.approval import DRAFT, ApprovalState
from jdgen.assets.templates import TemplateSet
from jdgen.errors import RenderError
from jdgen.render.dates import document_moment
from jdgen.render.fonts import embedded_font_css
from jdgen.render.sheets import (
    SheetRow,
    approval_rows,
    approver_line,
    blank_ack_numbers,
    label_getter,
    recorded_acks,
)
from jdgen.render.view import number_document
from jdgen.resolve.document import Document


@dataclass(frozen=True)
class RenderContext:
    """What a renderer needs besides the document: templates, approval state and dates.

    ``source_date`` is ``SOURCE_DATE_EPOCH`` (read once by the build): the date embedded in
    a draft's metadata. An approved document uses its approval date instead.
    """

    templates: TemplateSet
    approval: ApprovalState = DRAFT
    source_date: dt.datetime | None = None

    @property
    def moment(self) -> dt.datetime | None:
        """The date embedded in metadata: the approval date, else ``SOURCE_DATE_EPOCH``."""
        approval = self.approval
        return document_moment(
            approval.approved_on if approval.is_approved else None, self.source_date
        )


def html_context(
    doc: Document,
    langs: tuple[str, ...],
    ctx: RenderContext,
    *,
    inline_css: bool = True,
    anchors: bool = True,
) -> dict[str, Any]:
    """The variables every HTML template receives.

    ``inline_css`` puts ``html/style.css`` and the fonts into the page (the HTML preview,
    which must show Thai anywhere); the PDF renderer passes them to WeasyPrint instead.
    ``anchors`` gives sections and clauses ids (``duties.pricing``) for deep links into the
    preview; the PDF turns them off, as each id costs WeasyPrint a style of its own.
    """
    labels = {lang: ctx.templates.labels(lang) for lang in langs}
    approval = ctx.approval
    moment = ctx.moment
    return {
        "doc": doc,
        "langs": langs,
        "lang": langs[0],
        "labels": labels,
        "label": label_getter(labels, langs),
        "sections": number_document(doc),
        "approval": approval,
        "status": approval.status,
        "approved": approval.is_approved,
        "revision": approval.revision,
        "meta_date": moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else "",
        "approver": approver_line(langs, approval),
        "reviewers": approval_rows(doc, langs, labels, approval),
        "ack_rows": blank_ack_numbers(labels, approval),
        "acks": recorded_acks(langs, approval),
        "css": ctx.templates.style_css[1] if inline_css else "",
        "font_css": embedded_font_css(ctx.templates, langs) if inline_css else "",
        "anchors": anchors,
    }


DOCUMENT_TEMPLATE = "html/document.html.j2"  # the HTML preview's and the PDF's template


def render_html(
    doc: Document,
    langs: tuple[str, ...],
    ctx: RenderContext,
    *,
    inline_css: bool = True,
    anchors: bool = True,
) -> str:
    """The document as a standalone HTML page in one language or side by side in several."""
    import jinja2

    template = ctx.templates.jinja.get_template(DOCUMENT_TEMPLATE)
    context = html_context(doc, langs, ctx, inline_css=inline_css, anchors=anchors)
    try:
        return template.render(context)
    except jinja2.TemplateError as err:
        raise RenderError(
            f"{template_place(err, ctx.templates)}: {err}; fix the template "
            "(it failed on this document)"
        ) from None


def template_place(err: BaseException, templates: TemplateSet) -> str:
    """``templates/html/document.html.j2:12``: the template line an error was raised on.

    Jinja adds a frame for the template's line to the traceback of an error it raises
    while rendering; the last such frame is where the template went wrong.
    """
    place = templates.display(templates.find(DOCUMENT_TEMPLATE))
    for frame, line in traceback.walk_tb(err.__traceback__):
        name = frame.f_code.co_filename
        if name.endswith(".j2"):
            place = f"{templates.display(name)}:{line}"
    return place


__all__ = ["RenderContext", "SheetRow", "html_context", "render_html"]

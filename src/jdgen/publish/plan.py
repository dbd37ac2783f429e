"""What a build must publish: targets (document x language set x format) and their keys.

A target's *key* is the sha256 of every input that shapes its bytes: the document's content
digest, its approval state (status, revision, date, signatures), the format and language set,
the templates (every file's name and contents: :func:`templates_fingerprint`), the fonts
(``jdgen.assets.fonts.fingerprint()``), jdgen's version and a hash of its sources,
``SOURCE_DATE_EPOCH``, and for a PDF the libraries that typeset it and how its fonts are
subset (``jdgen.render.pdf_stack.pdf_stack()``). Equal keys mean equal bytes, so a file
whose key is unchanged and whose bytes on disk still match the manifest is not rendered
again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jdgen import __version__
from jdgen.approval import DRAFT, ApprovalState
from jdgen.assets import fonts as asset_fonts
from jdgen.assets.templates import TemplateSet
from jdgen.dates import SourceDate
from jdgen.render.pdf_stack import pdf_stack
from jdgen.resolve.document import AnyDocument, DocumentHeader

ApprovalProvider = Callable[[DocumentHeader], ApprovalState]
ApprovalSource = ApprovalProvider | Mapping[str, ApprovalState] | None


@dataclass(frozen=True, slots=True)
class Target:
    """One file to publish: a document in one language set and one format.

    ``name`` is the file name inside the output folder, made once: the plan, the manifest
    entry and the outcome of a file all share the one string.
    """

    document: DocumentHeader
    langs: tuple[str, ...]
    format: str
    approval: ApprovalState
    key: str
    name: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", output_name(self.document, self.langs, self.format))

    @property
    def lang(self) -> str:
        """The language set as the manifest writes it (``th`` or ``th+en``)."""
        return "+".join(self.langs)


def output_name(doc: AnyDocument, langs: tuple[str, ...], ext: str) -> str:
    """``<document-id>.<lang>.<ext>``, languages joined with ``+`` for a bilingual file."""
    return f"{doc.id}.{'+'.join(langs)}.{ext}"


def approval_lookup(source: ApprovalSource) -> ApprovalProvider:
    """A provider from a callable, a dict by document id (missing ids: draft) or None."""
    if source is None:
        return lambda doc: DRAFT
    if isinstance(source, Mapping):
        states = source
        return lambda doc: states.get(doc.id, DRAFT)
    return source


def approval_canonical(state: ApprovalState) -> list[object]:
    """The approval state as plain data (for keys)."""
    data: list[object] = [
        state.status,
        state.revision,
        state.approved_on.isoformat() if state.approved_on else None,
        [[s.role, s.name, s.post, s.date.isoformat()] for s in state.signatures],
        state.ledger_head,
    ]
    signed = [s.fingerprint for s in state.signatures]
    if any(signed) or state.acknowledgements:  # unsigned documents keep their old keys
        data.append(
            [
                signed,
                [
                    [a.name, a.employee_id, a.date.isoformat(), a.fingerprint]
                    for a in state.acknowledgements
                ],
            ]
        )
    return data


def templates_fingerprint(templates: TemplateSet) -> str:
    """sha256 over the names and contents of every template file, in lookup order."""
    digest = hashlib.sha256()
    for folder in templates.folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        digest.update(b"\1")
    return digest.hexdigest()


def renderer_fingerprint() -> str:
    """The renderers' own fingerprint: a hash of the font files they embed."""
    return asset_fonts.fingerprint()


PACKAGE = Path(__file__).resolve().parent.parent


@cache
def code_fingerprint() -> str:
    """A hash of jdgen's Python sources: new code re-renders, like a new release does.

    (A development checkout changes code without changing the version number.)
    """
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Environment:
    """The inputs shared by every target of one build (hashed once)."""

    templates: str
    renderers: str
    version: str = __version__
    source_date_epoch: str = ""
    pdf_stack: str = ""

    @classmethod
    def current(cls, templates: TemplateSet, source_date: SourceDate) -> Environment:
        """The environment of a build run now, with ``templates`` and ``source_date``."""
        return cls(
            templates_fingerprint(templates),
            renderer_fingerprint(),
            f"{__version__}+{code_fingerprint()}",
            source_date.text,
            pdf_stack(),
        )

    def key(
        self, doc: DocumentHeader, langs: tuple[str, ...], fmt: str, approval: ApprovalState
    ) -> str:
        """The key of one target."""
        blob = json.dumps(
            [
                self.version,
                self.templates,
                self.renderers,
                self.source_date_epoch,
                doc.id,
                doc.digest,
                list(langs),
                fmt,
                approval_canonical(approval),
            ]
            + ([self.pdf_stack] if fmt == "pdf" else []),
            separators=(",", ":"),
        )
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def plan_targets(
    documents: list[DocumentHeader],
    formats: tuple[str, ...],
    langs: tuple[tuple[str, ...], ...],
    approvals: ApprovalProvider,
    env: Environment,
) -> list[Target]:
    """Every target of ``documents``, in document, language, format order."""
    targets = []
    for doc in documents:
        approval = approvals(doc)
        for lang_set in langs:
            for fmt in formats:
                targets.append(
                    Target(doc, lang_set, fmt, approval, env.key(doc, lang_set, fmt, approval))
                )
    return targets

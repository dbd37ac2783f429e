"""The Starlette application: thin routes over the workspace and jdgen's library.

Pages: ``/`` (catalogue), ``/doc/ID`` (document), ``/doc/ID/changes``, ``/edit/ROLE``.
The rendered documents (``/doc/ID/render``, ``/preview/KEY``, ``/doc/ID/changes.html``) are
shown in frames under a policy that allows no script at all. JSON endpoints under
``/api/`` check, save and sign; ``/events`` streams changes on disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from jdgen.errors import JdgenError, Problem, RenderError, UnknownDocument, UnknownRole, UsageError
from jdgen.project import ProjectConfig
from jdgen.render.fonts import embedded_font_css
from jdgen.serve.catalogue import STATUSES, Row, catalogue_rows, filter_rows, problem_role
from jdgen.serve.documents import (
    changes_since_approval,
    download,
    editions,
    parse_edition,
    sign_document,
)
from jdgen.serve.events import Broadcaster, watch
from jdgen.serve.pages import render_page, ui_language
from jdgen.serve.preview import PreviewStore, check_role_text, render_preview
from jdgen.serve.security import DOCUMENT_POLICY, Guard, Secrets
from jdgen.serve.workspace import Conflict, Snapshot, Workspace, check_role_id
from jdgen.signoff.errors import LedgerCorrupt, SignRefused
from jdgen.signoff.sign import SignOff

UI_COOKIE = "jdgen-ui"
MAX_BODY = 4 * 1_048_576
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


@dataclass
class ServerState:
    """What the routes share: the workspace, the live-update fan-out, previews, secrets."""

    workspace: Workspace
    secrets: Secrets
    broadcaster: Broadcaster = field(default_factory=Broadcaster)
    previews: PreviewStore = field(default_factory=PreviewStore)
    last_good: PreviewStore = field(default_factory=lambda: PreviewStore(64))
    watch: bool = True
    _rows: tuple[int, list[Row]] = (0, [])

    def rows(self, snapshot: Snapshot) -> list[Row]:
        """The catalogue's rows of ``snapshot``, made once per analysis."""
        if self._rows[0] != snapshot.generation:
            self._rows = (snapshot.generation, catalogue_rows(snapshot))
        return self._rows[1]

    @property
    def config(self) -> ProjectConfig:
        """The served project's config."""
        return self.workspace.config


def _state(request: Request) -> ServerState:
    state: ServerState = request.app.state.jdgen
    return state


def problem_json(problem: Problem) -> dict[str, Any]:
    """A problem as the pages show it: its place, its message, the role file it is in."""
    text = str(problem)
    where = str(problem.location)
    return {
        **problem.as_json(),
        "text": text,
        "where": where,
        "rest": text[len(where) + 1 :].strip(),
        "role": problem_role(problem),
    }


def _page(
    request: Request, name: str, heading: str, http_status: int = 200, **context: Any
) -> HTMLResponse:
    state = _state(request)
    ui = ui_language(request.cookies.get(UI_COOKIE), state.config.languages)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    body = render_page(
        name,
        ui,
        page=name.removesuffix(".html"),
        heading=heading,
        csrf=state.secrets.csrf,
        project=state.config.root.name,
        here=here,
        **context,
    )
    return HTMLResponse(body, http_status)


def _message(request: Request, heading: str, message: str, status: int) -> HTMLResponse:
    return _page(request, "message.html", heading, status, message=message)


def _framed(
    body: str | bytes, media_type: str = "text/html; charset=utf-8", status: int = 200
) -> Response:
    return Response(
        body, status, media_type=media_type, headers={"content-security-policy": DOCUMENT_POLICY}
    )


def _framed_error(message: str, status: int) -> Response:
    return _framed(
        render_page("rendered_error.html", "en", title="jdgen", message=message), status=status
    )


async def catalogue(request: Request) -> Response:
    """The catalogue: every document, filtered; the problems of ``jdgen validate``."""
    snapshot = await run_in_threadpool(lambda: _state(request).workspace.snapshot)
    rows = _state(request).rows(snapshot)
    query = request.query_params.get("q", "")[:200]
    status = request.query_params.get("status", "")
    if status not in STATUSES:
        status = ""
    problems = [problem_json(p) for p in [*snapshot.ledger_problems, *snapshot.state.problems]]
    parents = sorted({r.role for r in rows} | {r.parent for r in rows if r.parent})
    return _page(
        request,
        "catalogue.html",
        _state(request).config.root.name,
        rows=filter_rows(rows, query, status),
        total=len(rows),
        query=query,
        status=status,
        statuses=STATUSES,
        problems=problems,
        parents=parents,
        languages=_state(request).config.languages,
    )


def _doc_id(request: Request) -> str:
    doc_id = str(request.path_params["doc"])
    role, _, variant = doc_id.partition("--")
    check_role_id(role)
    if variant:
        check_role_id(variant)
    return doc_id


async def document_page(request: Request) -> Response:
    """A document: rendered, in the chosen edition, with downloads and the sign-off form."""
    state = _state(request)
    doc_id = _doc_id(request)
    edition = parse_edition(state.config, request.query_params.get("lang"))
    snapshot = await run_in_threadpool(lambda: state.workspace.snapshot)
    doc = snapshot.state.document(doc_id)
    role_id = doc_id.partition("--")[0]
    role_problems = [
        problem_json(p)
        for p in snapshot.state.errors
        if problem_role(p) == role_id or (doc and problem_role(p) in doc.chain)
    ]
    if doc is None and not role_problems:
        raise UnknownDocument(f"no document {doc_id} in this project")
    status = snapshot.statuses.get(doc_id)
    signed = [
        {"role": e.role, "name": e.name, "post": e.post, "date": e.date.isoformat()}
        for e in (status.signoffs if status else ())
    ]
    label = ("stale" if status.stale else status.status) if status else "unknown"
    return _page(
        request,
        "document.html",
        doc_id,
        doc_id=doc_id,
        role_id=role_id,
        edition="+".join(edition),
        editions=["+".join(e) for e in editions(state.config)],
        problems=role_problems,
        status=label,
        signed=signed,
        missing=status.missing if status else (),
        roles=status.missing if status else (),
    )


async def document_render(request: Request) -> Response:
    """The document's HTML, as ``jdgen build`` renders it (the last good one if its role
    has errors now)."""
    state = _state(request)
    doc_id = _doc_id(request)
    langs = parse_edition(state.config, request.query_params.get("lang"))
    key = f"{doc_id}/{'+'.join(langs)}"
    snapshot = await run_in_threadpool(lambda: state.workspace.snapshot)
    doc = snapshot.state.document(doc_id)
    if doc is None:
        kept = state.last_good.get(key)
        if kept is not None:
            return _framed(kept)
        return _framed_error(
            f"{doc_id}: not published (its role has errors, or no such document)", 404
        )
    try:
        page = await run_in_threadpool(
            render_preview, state.config, state.workspace.templates, doc, langs
        )
    except RenderError as err:
        kept = state.last_good.get(key)
        return _framed(kept) if kept is not None else _framed_error(str(err), 500)
    state.last_good.put(key, page)
    return _framed(page)


async def document_download(request: Request) -> Response:
    """The document's PDF or DOCX, built on demand."""
    state = _state(request)
    doc_id = _doc_id(request)
    edition, _, fmt = str(request.path_params["file"]).rpartition(".")
    langs = parse_edition(state.config, edition)
    built = await run_in_threadpool(download, state.workspace.project, doc_id, langs, fmt)
    return Response(
        built.data,
        media_type=CONTENT_TYPES[fmt],
        headers={"content-disposition": f'attachment; filename="{quote(built.name)}"'},
    )


async def changes_page(request: Request) -> Response:
    """Changes since approval: the redline of ``jdgen diff --since-approval``."""
    state = _state(request)
    doc_id = _doc_id(request)
    snapshot = await run_in_threadpool(lambda: state.workspace.snapshot)
    doc = snapshot.state.document(doc_id)
    if doc is None:
        raise UnknownDocument(f"no document {doc_id} in this project, or its role has errors")
    status = snapshot.statuses.get(doc_id)
    approved = bool(status and status.approvals)
    return _page(request, "changes.html", f"{doc_id}", doc_id=doc_id, approved=approved)


async def changes_file(request: Request) -> Response:
    """The redline since approval as HTML (framed) or as a Word document."""
    state = _state(request)
    doc_id = _doc_id(request)
    fmt = str(request.path_params["fmt"])
    if fmt not in ("html", "docx"):
        raise UnknownDocument(f"no such file: changes.{fmt}; choose changes.html or changes.docx")
    snapshot = await run_in_threadpool(lambda: state.workspace.snapshot)
    doc = snapshot.state.document(doc_id)
    if doc is None:
        raise UnknownDocument(f"no document {doc_id} in this project, or its role has errors")
    data = await run_in_threadpool(changes_since_approval, state.workspace.project, doc, fmt)
    if data is None:
        return _framed_error(f"{doc_id} has never been approved", 404)
    if fmt == "html":
        return _framed(data)
    return Response(
        data,
        media_type=CONTENT_TYPES["docx"],
        headers={"content-disposition": f'attachment; filename="{doc_id}.since-approval.docx"'},
    )


async def editor_page(request: Request) -> Response:
    """The YAML editor of one role file, with live validation and preview."""
    state = _state(request)
    role_id = str(request.path_params["role"])
    role = await run_in_threadpool(state.workspace.read_role, role_id)
    snapshot = await run_in_threadpool(lambda: state.workspace.snapshot)
    documents = [d.id for d in snapshot.state.documents if d.role_id == role_id]
    data = {
        "role": role.role_id,
        "version": role.version,
        "text": role.text,
        "display": role.display,
    }
    return _page(
        request,
        "editor.html",
        role.display,
        text=role.text,
        data=data,
        documents=documents,
        editions=["+".join(e) for e in editions(state.config)],
    )


async def _json_body(request: Request) -> dict[str, Any]:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise UsageError("request too large")
    import json

    try:
        data = json.loads(body)
    except ValueError:
        raise UsageError("the request is not JSON") from None
    if not isinstance(data, dict):
        raise UsageError("the request is not a JSON object")
    return data


def _text_field(data: dict[str, Any], name: str, required: bool = True) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise UsageError(f"'{name}' must be text")
    return value


async def api_role(request: Request) -> Response:
    """The role file's text and version on disk now."""
    role = await run_in_threadpool(
        _state(request).workspace.read_role, str(request.path_params["role"])
    )
    return JSONResponse({"text": role.text, "version": role.version})


async def api_check(request: Request) -> Response:
    """Validate the editor's text, and render its preview if it has no errors."""
    state = _state(request)
    role_id = str(request.path_params["role"])
    path = await run_in_threadpool(state.workspace.role_path, role_id)
    data = await _json_body(request)
    text = _text_field(data, "text") or ""
    wanted = _text_field(data, "doc", required=False)
    lang = _text_field(data, "lang", required=False)
    langs = parse_edition(state.config, lang)
    checked = await run_in_threadpool(check_role_text, state.workspace.project, path, text)
    problems = [problem_json(p) for p in checked.problems]
    ids = [d.id for d in checked.documents]
    preview = None
    if checked.documents:
        doc = next((d for d in checked.documents if d.id == wanted), checked.documents[0])
        key = hashlib.sha256(f"{doc.digest}\0{'+'.join(langs)}".encode()).hexdigest()[:32]
        if state.previews.get(key) is None:
            try:
                page = await run_in_threadpool(
                    render_preview, state.config, state.workspace.templates, doc, langs
                )
            except RenderError as err:
                problems.append(
                    {
                        "text": str(err),
                        "where": "",
                        "rest": str(err),
                        "role": None,
                        "severity": "error",
                        "line": 0,
                        "col": 0,
                        "message": str(err),
                        "path": "",
                        "key": "",
                        "rule": None,
                    }
                )
                return JSONResponse({"problems": problems, "documents": ids, "preview": None})
            state.previews.put(key, page)
        preview = f"/preview/{key}"
    return JSONResponse({"problems": problems, "documents": ids, "preview": preview})


async def preview_page(request: Request) -> Response:
    """A rendered preview kept by :func:`api_check`."""
    page = _state(request).previews.get(str(request.path_params["key"]))
    if page is None:
        return _framed_error("this preview is no longer kept; type to render it again", 404)
    return _framed(page)


async def api_save(request: Request) -> Response:
    """Save the editor's text, unless the file changed on disk since it was opened."""
    state = _state(request)
    role_id = str(request.path_params["role"])
    data = await _json_body(request)
    text = _text_field(data, "text") or ""
    base = _text_field(data, "version") or ""
    result = await run_in_threadpool(state.workspace.save_role, role_id, text, base)
    if isinstance(result, Conflict):
        return JSONResponse(
            {"conflict": True, "version": result.version, "diff": result.diff, "text": result.text},
            409,
        )
    return JSONResponse({"saved": True, "version": result.version})


async def api_new(request: Request) -> Response:
    """Create a role file (the ``jdgen new`` of the browser) and say where to edit it."""
    from jdgen.author.new import create_role

    state = _state(request)
    data = await _json_body(request)
    role_id = (_text_field(data, "id") or "").strip()
    parent = (_text_field(data, "extends", required=False) or "").strip() or None
    titles = {
        lang: text.strip()
        for lang in state.config.languages
        if (text := _text_field(data, f"title_{lang}", required=False) or "").strip()
    }
    path = await run_in_threadpool(
        lambda: create_role(state.config, role_id, extends=parent, titles=titles or None)
    )
    await run_in_threadpool(state.workspace.refresh)
    return JSONResponse({"created": path.name, "edit": f"/edit/{quote(role_id)}"}, 201)


async def api_sign(request: Request) -> Response:
    """Record a sign-off through the ledger code of ``jdgen sign``."""
    state = _state(request)
    doc_id = _doc_id(request)
    data = await _json_body(request)
    signoff = SignOff(
        doc_id,
        _text_field(data, "role") or "",
        _text_field(data, "name") or "",
        _text_field(data, "post", False) or None,
        _text_field(data, "date", False) or None,
        _text_field(data, "note", False) or None,
    )
    try:
        lines = await run_in_threadpool(sign_document, state.workspace.project, signoff)
    except (SignRefused, UnknownDocument, LedgerCorrupt) as err:
        return JSONResponse({"error": str(err)}, 422)
    await run_in_threadpool(state.workspace.refresh)
    return JSONResponse({"lines": list(lines)})


async def events(request: Request) -> Response:
    """Server-sent events: a ``changed`` event after each change on disk."""
    return StreamingResponse(
        _state(request).broadcaster.stream(),
        media_type="text/event-stream",
        headers={"x-accel-buffering": "no"},
    )


async def fonts_css(request: Request) -> Response:
    """The fonts of the project's languages, embedded, so that the pages show Thai on a
    machine without a Thai font (the documents embed them the same way)."""
    state = _state(request)
    css = await run_in_threadpool(
        embedded_font_css, state.workspace.templates, state.config.languages
    )
    return Response(css, media_type="text/css; charset=utf-8")


async def choose_ui(request: Request) -> Response:
    """Switch the labels to Thai or English and go back to the page."""
    lang = str(request.path_params["lang"])
    target = request.query_params.get("next", "/")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = "/"
    response = RedirectResponse(target, 303)
    if lang in ("th", "en"):
        response.set_cookie(UI_COOKIE, lang, httponly=True, samesite="strict")
    return response


def _error_status(err: JdgenError) -> int:
    if isinstance(err, UnknownRole | UnknownDocument):
        return 404
    if isinstance(err, UsageError):
        return 400
    return 422


async def library_error(request: Request, exc: Exception) -> Response:
    """A library error: a message, never a traceback (JSON for the API, a page otherwise)."""
    assert isinstance(exc, JdgenError)
    status = _error_status(exc)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": str(exc)}, status)
    return _message(request, "jdgen", str(exc), status)


class WorkspaceApp(Guard):
    """The guarded application, with the state its routes share (``.jdgen``)."""

    def __init__(self, app: Starlette, secrets_: Secrets, state: ServerState) -> None:
        super().__init__(app, secrets_)
        self.jdgen = state


def create_app(
    config: ProjectConfig, secrets_: Secrets, *, watch_files: bool = True
) -> WorkspaceApp:
    """The guarded application serving the project of ``config``."""
    state = ServerState(Workspace(config), secrets_, watch=watch_files)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = (
            asyncio.create_task(watch(state.workspace, state.broadcaster, stop))
            if state.watch
            else None
        )
        try:
            yield
        finally:
            state.broadcaster.close()
            stop.set()
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    from importlib.resources import files

    static = StaticFiles(directory=str(files("jdgen.serve") / "static"))
    app = Starlette(
        routes=[
            Route("/", catalogue),
            Route("/doc/{doc}", document_page),
            Route("/doc/{doc}/render", document_render),
            Route("/doc/{doc}/download/{file}", document_download),
            Route("/doc/{doc}/changes", changes_page),
            Route("/doc/{doc}/changes.{fmt:str}", changes_file),
            Route("/edit/{role}", editor_page),
            Route("/preview/{key}", preview_page),
            Route("/api/role/{role}", api_role),
            Route("/api/check/{role}", api_check, methods=["POST"]),
            Route("/api/save/{role}", api_save, methods=["POST"]),
            Route("/api/sign/{doc}", api_sign, methods=["POST"]),
            Route("/api/new", api_new, methods=["POST"]),
            Route("/events", events),
            Route("/ui/{lang}", choose_ui),
            Route("/fonts.css", fonts_css),
            Mount("/static", static),
        ],
        exception_handlers={JdgenError: library_error},
        lifespan=lifespan,
    )
    app.state.jdgen = state
    return WorkspaceApp(app, secrets_, state)

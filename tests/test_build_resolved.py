"""The resolved-project cache gives exactly the documents the pipeline gives.

A hit reads only the index; clause bodies are read when a renderer needs them, checked
against their sha256 and the document digest; a damaged cache never yields wrong output.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
from pathlib import Path

import pytest

from helpers.build_project import ALL_FILES, ROLES, built, files_of, run_build
from jdgen import pipeline
from jdgen.pipeline import analyse, load_headers
from jdgen.project import load_config
from jdgen.publish import BuildOptions, build
from jdgen.publish import resolved as resolved_mod
from jdgen.publish.outdir import LEGACY_RESOLVED_NAME, RESOLVED_NAME
from jdgen.publish.resolved import ResolvedStore, load_store
from jdgen.publish.resolved_store import (
    HEADER_SIZE,
    BodyStore,
    ResolvedCacheCorrupt,
    ResolvedCacheDisagrees,
    _header,
    checked_document,
)
from jdgen.resolve.document import Document, DocumentHeader, canonical_digest
from jdgen.write import public_mode


def _cache(root: Path) -> Path:
    return root / "output" / RESOLVED_NAME


def _outputs(root: Path) -> dict[str, bytes]:
    return {name: (root / "output" / name).read_bytes() for name in ALL_FILES}


def _index_span(path: Path | bytes) -> tuple[int, int]:
    """(offset, length) of the index, from the header of a cache file or of its bytes."""
    fields = (path if isinstance(path, bytes) else path.read_bytes())[:HEADER_SIZE].split()
    return int(fields[3], 16), int(fields[4], 16)


def _body_span(path: Path, doc_id: str) -> tuple[int, int]:
    offset, length = _index_span(path)
    index = json.loads(path.read_bytes()[offset : offset + length])
    row = next(r for r in index["documents"] if r[0] == doc_id)
    return row[-1][0], row[-1][1]


def _count_analyses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time the cache loader runs the pipeline."""
    calls: list[int] = []
    real = resolved_mod.analyse_each

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(resolved_mod, "analyse_each", counted)
    return calls


def _documents(store: ResolvedStore) -> list[Document]:
    return [store.document(header) for header in store.headers()]


def _headers(documents: list[Document]) -> list[DocumentHeader]:
    return [doc.header() for doc in documents]


def _cache_hit(make_project):  # type: ignore[no-untyped-def]
    """A project's store read from a warm cache, and its documents analysed in memory."""
    root = make_project(ROLES)
    config = load_config(root)
    load_store(config, False, _cache(root))
    cached, _ = load_store(config, False, _cache(root))
    return cached, analyse(config).documents


def test_cached_documents_equal_resolved_documents(make_project):
    root = make_project(ROLES)
    config = load_config(root)
    cache = _cache(root)
    fresh_store, _ = load_store(config, False, cache)
    cached_store, _ = load_store(config, False, cache)
    assert all(type(h) is DocumentHeader for h in cached_store.headers())
    fresh, cached = _documents(fresh_store), _documents(cached_store)
    expected = analyse(config).documents
    assert cached_store.headers() == _headers(expected)
    assert [d.digest for d in cached] == [d.digest for d in expected]
    assert cached == expected and expected == cached
    assert [d.canonical() for d in cached] == [d.canonical() for d in fresh]
    assert [c.origin for _, c, _ in cached[1].clauses()] == [
        c.origin for _, c, _ in expected[1].clauses()
    ]


def test_a_worker_gets_a_header_and_a_body_and_never_the_file(make_project):
    store, expected = _cache_hit(make_project)
    header = store.headers()[0]
    blob = pickle.dumps((header, store.body(header)))
    assert b"BufferedReader" not in blob
    again = checked_document(*pickle.loads(blob))
    assert again == expected[0] and again.sections == expected[0].sections
    assert again.digest == header.digest


def test_any_role_edit_misses_the_cache(make_project):
    root = make_project(ROLES)
    config = load_config(root)
    cache = _cache(root)
    load_store(config, False, cache)
    before = cache.read_bytes()[:HEADER_SIZE]
    (root / "roles" / "clerk.yaml").write_text(ROLES["clerk"].replace("Filing", "Sorting"))
    store, _ = load_store(config, False, cache)
    clerk = next(d for d in _documents(store) if d.id == "clerk")
    assert "Sorting documents." in str(clerk.canonical())
    assert cache.read_bytes()[:HEADER_SIZE] != before  # analysed anew, cache rewritten


def test_a_font_added_to_the_project_misses_the_cache(make_project):
    """Which characters the fonts cover is a lint (``unprintable``): its warnings are cached."""
    from jdgen.assets.fonts import PACKAGE_FONTS

    root = make_project(ROLES)
    config = load_config(root)
    before = resolved_mod.inputs_key(config)
    fonts = root / "templates" / "fonts"
    fonts.mkdir(parents=True)
    (fonts / "Extra.ttf").write_bytes(PACKAGE_FONTS[0].path.read_bytes())
    assert resolved_mod.inputs_key(config) != before


def test_a_fresh_analysis_hands_over_documents_read_back_from_the_cache(make_project):
    """After a miss the build holds only the documents' headers, like after a hit."""
    root = make_project(ROLES)
    config = load_config(root)
    store, _ = load_store(config, False, _cache(root))
    assert store.headers() == _headers(analyse(config).documents)
    assert _documents(store) == analyse(config).documents
    # --check writes no cache and keeps headers only: it plans, it never renders
    unsaved = load_headers(config).documents
    assert unsaved == store.headers()
    assert all(not hasattr(h, "sections") for h in unsaved)


def test_the_cache_has_the_mode_of_other_outputs_and_replaces_the_old_json(make_project):
    root = make_project(ROLES)
    legacy = root / "output" / LEGACY_RESOLVED_NAME
    legacy.parent.mkdir()
    legacy.write_text("{}")
    run_build(root)
    assert _cache(root).stat().st_mode & 0o777 == public_mode()
    assert not legacy.exists()


def test_a_no_op_build_reads_no_clause(make_project, monkeypatch):
    root = make_project(ROLES)
    run_build(root)
    cache = _cache(root)

    def refuse(*_args: object) -> str:
        raise AssertionError("a no-op build read a clause body")

    monkeypatch.setattr(BodyStore, "read", refuse)
    assert built(run_build(root)) == []
    assert built(run_build(root, jobs=2)) == []
    # Bodies overwritten in place (index intact): a no-op build neither notices nor minds.
    monkeypatch.undo()
    offset, _ = _index_span(cache)
    data = bytearray(cache.read_bytes())
    data[HEADER_SIZE:offset] = b"x" * (offset - HEADER_SIZE)
    cache.write_bytes(bytes(data))
    before = _outputs(root)
    assert built(run_build(root)) == []
    assert cache.read_bytes() == bytes(data) and _outputs(root) == before


@pytest.mark.parametrize("jobs", [1, 2])
def test_renders_from_the_cache_equal_renders_from_the_pipeline(make_project, jobs):
    root = make_project(ROLES)
    run_build(root)
    expected = _outputs(root)
    config = load_config(root)
    store, _ = load_store(config, False, _cache(root))
    result = build(
        config, store, BuildOptions(("html",), (("th",), ("en",)), jobs=jobs, force=True)
    )
    assert built(result) == ALL_FILES and not result.failed
    assert _outputs(root) == expected


def test_documents_and_headers_are_plain_immutable_values(make_project):
    store, expected = _cache_hit(make_project)
    for header, want in zip(store.headers(), expected, strict=True):
        assert header == want.header() and header.digest == want.digest
        assert Document.from_header(header, want.sections) == want
        assert pickle.loads(pickle.dumps(header)) == header
        again = pickle.loads(pickle.dumps(want))
        assert again == want and again.digest == want.digest
    names = {f.name for f in dataclasses.fields(Document)} | {"digest"}
    assert names == {f.name for f in dataclasses.fields(DocumentHeader)} | {"sections"}
    fresh = Document.from_header(expected[0].header(), expected[0].sections)
    assert fresh.digest == canonical_digest(fresh.canonical()) == expected[0].digest
    assert dataclasses.replace(fresh, title={"th": "อื่น"}).digest != fresh.digest
    for kind in (Document, DocumentHeader):
        assert Document.__subclasses__() == [] and kind.__subclasses__() == []
        assert "__getattr__" not in vars(kind) and not hasattr(expected[0], "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        expected[0].title = {}  # type: ignore[misc]


def test_reading_a_document_never_touches_disk(make_project, monkeypatch):
    store, _ = _cache_hit(make_project)
    documents = _documents(store)

    def refuse(*_args: object) -> str:
        raise AssertionError("a document read the cache")

    monkeypatch.setattr(BodyStore, "read", refuse)
    for doc in documents:
        assert doc.sections and doc.title and doc.digest
        assert [c.id for _, c, _ in doc.clauses()]


def test_a_render_after_a_clause_edit_shows_the_edit(make_project):
    root = make_project(ROLES)
    run_build(root)
    (root / "roles" / "clerk.yaml").write_text(ROLES["clerk"].replace("Filing", "Sorting"))
    assert built(run_build(root)) == files_of("clerk")
    html = (root / "output" / "clerk.en.html").read_text(encoding="utf-8")
    assert "Sorting documents." in html and "Filing documents." not in html
    assert built(run_build(root)) == []  # the new cache is used
    assert load_store(load_config(root), False, _cache(root))[0]._cache is not None


def _analysed_anew_after(make_project, monkeypatch, damage):  # type: ignore[no-untyped-def]
    """Build a project, replace its cache by ``damage(cache bytes)`` and load it: the
    pipeline runs once, the cache is rewritten as it was, a forced build gives the same
    files. Returns the documents loaded."""
    root = make_project(ROLES)
    run_build(root)
    expected = _outputs(root)
    cache = _cache(root)
    data = cache.read_bytes()
    cache.write_bytes(damage(data))
    analyses = _count_analyses(monkeypatch)
    store, _ = load_store(load_config(root), False, cache)
    docs = store.headers()
    assert analyses == [1] and _documents(store) == analyse(load_config(root)).documents
    assert cache.read_bytes() == data  # rewritten whole, as jdgen lays it out
    assert built(run_build(root, force=True)) == ALL_FILES and _outputs(root) == expected
    return docs


@pytest.mark.parametrize("cut", [1, 40, HEADER_SIZE, "index", "body", "all"])
def test_a_truncated_cache_is_analysed_anew(make_project, monkeypatch, cut):
    def truncate(data: bytes) -> bytes:
        offset, _ = _index_span(data)
        keep = {"index": offset + 10, "body": HEADER_SIZE + 10, "all": len(data) - 1}.get(
            str(cut), cut
        )
        assert isinstance(keep, int)
        return data[:keep]

    _analysed_anew_after(make_project, monkeypatch, truncate)


# Indexes that pass the size and sha256 checks (a writer bug, a hand edit) but are not laid
# out as jdgen writes them: each is refused when the cache is opened, never at render time.
MISSHAPEN = {
    "comma missing": lambda index: index.replace(b",\n", b"\n", 1),
    "blank line": lambda index: index.replace(b"\n", b"\n\n", 1),
    "rows on one line": lambda index: index.replace(b",\n", b",", 1),
    "no line before the end": lambda index: index[:-3] + b"]}",
    "warnings not a list": lambda index: (
        index.replace(b'{"problems":[', b'{"problems":[[', 1)
        .replace(b'],"documents":[', b']],"documents":[', 1)
        .replace(b"[[]]", b"{}", 1)
    ),
    "short row": lambda index: index.replace(b'\n["am",', b"\n[", 1),
    "body place null": lambda index: _replace_line(
        index, b'["am",', lambda line: line.rsplit(b",[", 1)[0] + b",null],"
    ),
}


def _replace_line(index: bytes, start: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    lines = index.split(b"\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(start))
    lines[at] = change(lines[at])
    return b"\n".join(lines)


@pytest.mark.parametrize("shape", sorted(MISSHAPEN))
def test_a_misshapen_index_with_a_good_sha256_is_analysed_anew(make_project, monkeypatch, shape):
    def reshape(data: bytes) -> bytes:
        offset, length = _index_span(data)
        index = MISSHAPEN[shape](data[offset : offset + length])
        assert index != data[offset : offset + length]
        fields = data[:HEADER_SIZE].decode("ascii").split()
        return (
            _header(
                int(fields[1]), fields[2], offset, len(index), hashlib.sha256(index).hexdigest()
            )
            + data[HEADER_SIZE:offset]
            + index
        )

    _analysed_anew_after(make_project, monkeypatch, reshape)


@pytest.mark.parametrize("where", ["header", "index"])
def test_a_damaged_index_is_analysed_anew(make_project, monkeypatch, where):
    def damage(data: bytes) -> bytes:
        changed = bytearray(data)
        offset, _ = _index_span(data)
        # Clerk -> Clerj: still valid JSON, still the same size; only the sha256 can tell.
        at = changed.index(b"Clerk", offset) if where == "index" else 2
        changed[at + 4] = ord("j") if where == "index" else ord("X")
        return bytes(changed)

    docs = _analysed_anew_after(make_project, monkeypatch, damage)
    assert all(d.title.get("en") != "Clerj" for d in docs)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_damaged_body_is_replaced_from_a_fresh_analysis(make_project, jobs):
    root = make_project(ROLES)
    run_build(root)
    expected = _outputs(root)
    cache = _cache(root)
    data = bytearray(cache.read_bytes())
    start, length = _body_span(cache, "clerk")
    at = data.index(b"Filing", start, start + length)
    data[at : at + 6] = b"Firing"  # same size: only the sha256 can tell
    cache.write_bytes(bytes(data))
    result = run_build(root, jobs=jobs, force=True)
    assert built(result) == ALL_FILES and not result.failed
    assert _outputs(root) == expected
    # rendering re-resolves the role files first and writes the cache anew
    assert cache.read_bytes() != bytes(data)
    assert built(run_build(root)) == [] and cache.exists()


def test_the_digest_is_checked_when_a_body_is_decoded(make_project, monkeypatch):
    """A body whose bytes are intact but do not give the document's digest (a writer bug)."""
    root = make_project(ROLES)
    config = load_config(root)
    honest = resolved_mod._body

    def lying(doc: Document) -> bytes:
        return honest(doc).replace(b"Filing", b"Firing")

    monkeypatch.setattr(resolved_mod, "_body", lying)
    load_store(config, False, _cache(root))
    monkeypatch.undo()
    expected = {d.id: d for d in analyse(config).documents}

    # In the parent: the document is taken from a fresh analysis and the cache dropped.
    store, _ = load_store(config, False, _cache(root))
    clerk = store.document(next(h for h in store.headers() if h.id == "clerk"))
    assert clerk.sections == expected["clerk"].sections
    assert not _cache(root).exists()

    # In a worker (a pickled copy): the decode refuses; the build fails that document only,
    # names the cause and drops the cache, so that the next build analyses anew.
    monkeypatch.setattr(resolved_mod, "_body", lying)
    load_store(config, False, _cache(root))
    monkeypatch.undo()
    store, _ = load_store(config, False, _cache(root))
    header = next(h for h in store.headers() if h.id == "clerk")
    shipped = pickle.loads(pickle.dumps((header, store.body(header))))
    with pytest.raises(ResolvedCacheCorrupt, match="clerk"):
        checked_document(*shipped)
    # A build confirms the cache against the role files before it renders: it changes
    # nothing, writes the cache anew and hands back the documents of the role files.
    options = BuildOptions(("html",), (("th",), ("en",)), jobs=1)
    with pytest.raises(ResolvedCacheDisagrees) as caught:
        build(config, store, options)
    assert not (root / "output" / "clerk.en.html").exists()
    result = build(config, caught.value.store, options)
    assert built(result) == ALL_FILES and not result.failed
    assert built(run_build(root)) == []
    html = (root / "output" / "clerk.en.html").read_text(encoding="utf-8")
    assert "Filing documents." in html and "Firing" not in html


def test_a_cache_replaced_during_a_build_does_not_mix_in(make_project):
    """Bodies come from the file the index was read from, even after it is replaced."""
    root = make_project(ROLES)
    config = load_config(root)
    load_store(config, False, _cache(root))
    store, _ = load_store(config, False, _cache(root))
    expected = analyse(config).documents
    other = _cache(root).with_name("other")
    other.write_bytes(b"x" * _cache(root).stat().st_size)
    os.replace(other, _cache(root))
    assert _documents(store) == expected


def test_a_build_analysis_reads_role_files_again_instead_of_holding_them(make_project, monkeypatch):
    root = make_project(ROLES)
    config = load_config(root)
    reads: list[int] = []
    real = resolved_mod.analyse_each

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        library, problems = real(*args, **kwargs)
        reads.append(library.reads)
        assert [spec.id for spec in library.held()] == ["am"]  # the first, a parent: kept
        return library, problems

    monkeypatch.setattr(pipeline, "SPECS_KEPT", 1)
    monkeypatch.setattr(resolved_mod, "analyse_each", spy)
    store, _ = load_store(config, False, _cache(root))
    assert reads[0] >= 2  # base and am read again for their children
    assert _documents(store) == analyse(config).documents


def test_a_role_file_changed_during_the_build_analysis_stops_it(make_project, run, monkeypatch):
    """Read again, a file must be the one checked before: otherwise the command stops with
    the file's name, writes nothing and can simply be run again."""
    root = make_project(ROLES)
    honest = resolved_mod.encode_document

    def edit_then_encode(doc: Document):  # type: ignore[no-untyped-def]
        for name in ROLES:
            path = root / "roles" / f"{name}.yaml"
            path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        return honest(doc)

    monkeypatch.setattr(pipeline, "SPECS_KEPT", 1)
    monkeypatch.setattr(resolved_mod, "encode_document", edit_then_encode)
    result = run("build", "--format", "html", project=root)
    assert result.exit_code == 1
    assert result.stderr.startswith("jdgen: roles/")
    assert (
        "changed while jdgen was reading the role library; run the command again" in result.stderr
        and "Traceback" not in result.stderr
    )
    assert not (root / "output").exists()
    monkeypatch.undo()
    assert run("build", "--format", "html", project=root).exit_code == 0

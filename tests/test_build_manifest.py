"""The manifest is always true to the files on disk; jdgen touches only what it owns."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.build_project import ALL_FILES, ROLES, built, published, run_build
from jdgen import __version__
from jdgen.publish import manifest
from jdgen.publish.manifest import Entry, ManifestError


def assert_manifest_true(out: Path, name: str = "manifest.json") -> list[dict[str, object]]:
    """Every listed file exists with its sha256 and size; every published file is listed."""
    blob = json.loads((out / name).read_text(encoding="utf-8"))
    assert blob["jdgen"] == __version__
    paths = [e["path"] for e in blob["files"]]
    assert paths == sorted(paths)
    for entry in blob["files"]:
        data = (out / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    return blob["files"]  # type: ignore[no-any-return]


def test_manifest_lists_every_file_truly(make_project):
    root = make_project(ROLES)
    run_build(root)
    out = root / "output"
    files = assert_manifest_true(out)
    assert [f["path"] for f in files] == published(out) == ALL_FILES
    first = files[0]
    assert list(first) == [
        "path",
        "sha256",
        "bytes",
        "document",
        "lang",
        "format",
        "digest",
        "status",
        "key",
    ]
    assert (first["document"], first["lang"], first["format"], first["status"]) == (
        "am",
        "en",
        "html",
        "draft",
    )
    assert len(first["digest"]) == 64 and len(first["key"]) == 64


def test_manifest_bytes_are_reproducible(make_project):
    root = make_project(ROLES)
    run_build(root)
    first = (root / "output" / "manifest.json").read_bytes()
    run_build(root, force=True, jobs=2)
    assert (root / "output" / "manifest.json").read_bytes() == first


def test_foreign_files_survive_every_build(make_project):
    root = make_project(ROLES)
    out = root / "output"
    out.mkdir()
    foreign = {
        "notes.txt": b"mine",
        "old.th.html": b"<p>kept</p>",
        ".hidden.tmp": b"not ours",
        ".notes.txt.abcdefgh.tmp": b"not ours either",
    }
    for name, data in foreign.items():
        (out / name).write_bytes(data)
    run_build(root)
    (root / "roles" / "kam.yaml").unlink()
    run_build(root, force=True)
    for name, data in foreign.items():
        assert (out / name).read_bytes() == data
    assert "notes.txt" not in [f["path"] for f in assert_manifest_true(out)]


def test_stale_temp_files_of_jdgen_are_cleaned(make_project):
    root = make_project(ROLES)
    run_build(root)
    out = root / "output"
    (out / ".am.th.html.k3j_9x2q.tmp").write_bytes(b"half")
    (out / ".manifest.json.ab12cd34.tmp").write_bytes(b"{")
    result = run_build(root)
    assert result.cleaned == [".am.th.html.k3j_9x2q.tmp", ".manifest.json.ab12cd34.tmp"]
    assert not list(out.glob("*.tmp"))


def test_modified_file_kept_by_partial_build_is_unlisted(make_project):
    root = make_project(ROLES)
    run_build(root)
    out = root / "output"
    (out / "clerk.th.html").write_text("edited by hand", encoding="utf-8")
    run_build(root, ids=("am",), complete=False)
    files = assert_manifest_true(out)
    assert "clerk.th.html" not in [f["path"] for f in files]
    assert (out / "clerk.th.html").read_text(encoding="utf-8") == "edited by hand"


def test_malformed_manifest_is_an_error_naming_the_file(make_project, run):
    root = make_project(ROLES)
    (root / "output").mkdir()
    (root / "output" / "manifest.json").write_text("{oops", encoding="utf-8")
    result = run("build", "-j1", project=root)
    assert result.exit_code == 1
    assert "manifest.json: not a jdgen manifest" in result.stderr
    assert published(root / "output") == []


def test_a_manifest_entry_with_a_field_twice_stops_the_build_and_says_what_to_do(make_project, run):
    root = make_project(ROLES)
    run_build(root)
    path = root / "output" / "manifest.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '"sha256":', '"path": "x.th.html",\n   "sha256":', 1
        ),
        encoding="utf-8",
    )
    before = {p.name: p.read_bytes() for p in (root / "output").iterdir()}
    result = run("build", "-j1", project=root)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"jdgen: {path}: files[0] is not a valid manifest entry (a field missing, repeated, "
        "unknown or of the wrong type); restore the file jdgen wrote (from git or the CI "
        "artifact), or move the output folder aside and build again\n"
    )
    assert {p.name: p.read_bytes() for p in (root / "output").iterdir()} == before


def test_manifest_rejects_paths_outside_the_folder():
    entry = {
        "path": "../etc/passwd",
        "sha256": "0",
        "bytes": 1,
        "document": "x",
        "lang": "th",
        "format": "html",
        "digest": "d",
        "status": "draft",
        "key": "k",
    }
    with pytest.raises(ManifestError, match=r"files\[0\] is not a valid manifest entry"):
        manifest.parse(json.dumps({"jdgen": "0.1.0", "files": [entry]}).encode(), "m.json")


def test_build_of_one_file_removed_from_disk(make_project):
    root = make_project(ROLES)
    run_build(root)
    (root / "output" / "am.en.html").unlink()
    assert built(run_build(root)) == ["am.en.html"]
    assert_manifest_true(root / "output")


def test_check_writes_nothing_and_verifies(make_project, run):
    root = make_project(ROLES)
    result = run("build", "--check", project=root)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "4 document(s) valid; 0 file(s) up to date, 8 to build; no manifest: ok\n"
    )
    assert not (root / "output").exists()
    run_build(root)
    out = root / "output"
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.iterdir()}
    (root / "roles" / "clerk.yaml").write_text(
        (root / "roles" / "clerk.yaml").read_text().replace("Filing", "Sorting")
    )
    result = run("build", "--check", project=root)
    assert result.exit_code == 0
    assert result.stderr == (
        "4 document(s) valid; 6 file(s) up to date, 2 to build; manifest.json: ok\n"
    )
    (out / "am.th.html").write_text("tampered", encoding="utf-8")
    before["am.th.html"] = ((out / "am.th.html").stat().st_mtime_ns, b"tampered")
    result = run("build", "--check", project=root)
    assert result.exit_code == 1
    assert result.stderr == (
        "jdgen: output/manifest.json: am.th.html: differs from the manifest "
        "(changed outside jdgen?)\n"
        "4 document(s) valid; 5 file(s) up to date, 3 to build; manifest.json: 1 mismatch(es)\n"
    )
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.iterdir()} == before


def test_check_reports_invalid_input(make_project, run):
    root = make_project({**ROLES, "clerk": ROLES["clerk"].replace("title:", "titel:")})
    result = run("build", "--check", project=root)
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert not (root / "output").exists()


entries = st.builds(
    Entry,
    path=st.from_regex(r"[a-z][a-z0-9-]{0,12}\.(th|en)\.(pdf|html)", fullmatch=True),
    sha256=st.text("0123456789abcdef", min_size=64, max_size=64),
    bytes=st.integers(0, 10**9),
    document=st.from_regex(r"[a-z]{1,8}", fullmatch=True),
    lang=st.sampled_from(["th", "en", "th+en"]),
    format=st.sampled_from(["pdf", "html"]),
    digest=st.text("0123456789abcdef", min_size=64, max_size=64),
    status=st.sampled_from(["draft", "approved"]),
    key=st.text("0123456789abcdef", min_size=4),
)


@given(st.lists(entries, unique_by=lambda e: e.path), st.integers(1, 4))
def test_merge_of_any_split_equals_the_whole(items, parts):
    whole = manifest.dumps(items)
    split = [(f"m{i}", manifest.dumps(items[i::parts])) for i in range(parts)]
    version, merged = manifest.merge(split)
    assert manifest.dumps(merged, version) == whole
    assert manifest.parse(whole, "m")[1] == {e.path: e for e in items}


any_entries = st.builds(
    Entry,
    path=st.text(),
    sha256=st.text(),
    bytes=st.integers(0, 2**63),
    document=st.text(),
    lang=st.text(),
    format=st.text(),
    digest=st.text(),
    status=st.text(),
    key=st.text(),
)


@given(st.lists(any_entries, max_size=600), st.text())
def test_manifest_bytes_are_json_dumps_with_indent_1(items, version):
    """The hand-laid-out writer gives exactly the json module's bytes, in any text."""
    files = [e.as_json() for e in sorted(items, key=lambda e: e.path)]
    expected = json.dumps({"jdgen": version, "files": files}, ensure_ascii=False, indent=1)
    assert manifest.dumps(items, version) == (expected + "\n").encode("utf-8")


def test_manifest_rejects_an_entry_with_a_field_twice():
    entry = (
        '{"path": "a.th.html", "path": "b.th.html", "sha256": "0", "bytes": 1, '
        '"document": "a", "lang": "th", "format": "html", "digest": "d", '
        '"status": "draft", "key": "k"}'
    )
    data = f'{{"jdgen": "0.1.0", "files": [{entry}]}}'.encode()
    with pytest.raises(ManifestError, match=r"files\[0\] is not a valid manifest entry"):
        manifest.parse(data, "m.json")


def test_parsed_entries_keep_repeated_values_once():
    both = [
        Entry(f"am.{lang}.html", "0" * 64, 1, "am", lang, "html", "d" * 64, "draft", lang * 32)
        for lang in ("th", "en")
    ]
    a, b = manifest.parse(manifest.dumps(both), "m.json")[1].values()
    assert (
        a.document is b.document
        and a.digest is b.digest
        and a.format is b.format
        and a.status is b.status
    )
    assert [a, b] == sorted(both, key=lambda e: e.path)

"""A planted resolved-project cache cannot put text into a document (issue 19).

The attacker here writes ``output/.jdgen-resolved`` the way someone who can write the
output folder (a CI artifact) would: a clause edited, and every digest jdgen checks
recomputed — the document's digest, the body's sha256, the index's sha256, the inputs key
kept. The build must publish only what the role files say.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from helpers.build_project import ALL_FILES, ROLES
from jdgen.publish import resolved_store as store
from jdgen.publish.resolved_store import decode_sections
from jdgen.resolve.document import Document
from jdgen.resolve.header import HEADER, compact_json, decode_row

REAL = b"Filing documents."
INVENTED = b"Wire 10,000 USD to the account of the CEO."


def forge(cache: Path, old: bytes, new: bytes) -> None:
    """Rewrite ``cache`` with ``old`` replaced by ``new`` in every body, all digests redone."""
    data = cache.read_bytes()
    fields = data[: store.HEADER_SIZE].decode("ascii").split()
    offset, length = int(fields[3], 16), int(fields[4], 16)
    lines = data[offset : offset + length].split(b"\n")
    head, rows, tail = lines[0], [r.rstrip(b",") for r in lines[1:-1]], lines[-1]
    bodies, forged_rows = b"", []
    for raw in rows:
        row = json.loads(raw)
        start, size, _ = row[-1]
        body = data[start : start + size].replace(old, new)
        header, _ = decode_row(raw)
        row[HEADER.index("digest")] = Document.from_header(
            header, decode_sections(body.decode("utf-8"))
        ).digest
        row[-1] = [store.HEADER_SIZE + len(bodies), len(body), hashlib.sha256(body).hexdigest()]
        bodies += body
        forged_rows.append(compact_json(row))
    index = head + b",".join(b"\n" + r for r in forged_rows) + b"\n" + tail
    header = store._header(
        int(fields[1]),
        fields[2],
        store.HEADER_SIZE + len(bodies),
        len(index),
        hashlib.sha256(index).hexdigest(),
    )
    cache.write_bytes(header + bodies + index)
    assert new in cache.read_bytes()


def published_text(project: Path) -> bytes:
    return b"".join((project / "output" / name).read_bytes() for name in ALL_FILES)


def warning(project: Path) -> str:
    return (
        f"jdgen: warning: {project / 'output' / '.jdgen-resolved'} did not hold what the "
        "role files resolve to (changed outside jdgen?); it was replaced by the "
        "documents resolved from the role files\n"
    )


def test_a_forged_cache_is_not_published_by_build_force(make_project, run):
    project = make_project(ROLES)
    assert run("build", "-j1", project=project).exit_code == 0
    honest = published_text(project)
    assert REAL in honest
    cache = project / "output" / ".jdgen-resolved"
    forge(cache, REAL, INVENTED)

    result = run("build", "--force", "-j1", project=project)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(warning(project))
    assert published_text(project) == honest
    assert INVENTED not in cache.read_bytes()  # the cache was written anew from the sources

    check = run("build", "--check", project=project)
    assert (check.exit_code, check.stderr) == (
        0,
        (
            f"4 document(s) valid; {len(ALL_FILES)} file(s) up to date, 0 to build; "
            "manifest.json: ok\n"
        ),
    )
    again = run("build", project=project)
    assert again.stderr.startswith(f"0 built, {len(ALL_FILES)} unchanged"), again.stderr


def test_a_forged_cache_is_not_published_when_outputs_are_missing(make_project, run):
    project = make_project(ROLES)
    assert run("build", "-j1", project=project).exit_code == 0
    honest = published_text(project)
    forge(project / "output" / ".jdgen-resolved", REAL, INVENTED)
    for name in ALL_FILES:
        (project / "output" / name).unlink()
    result = run("build", "-j2", project=project)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(warning(project))
    assert published_text(project) == honest


def test_an_untouched_cache_is_confirmed_without_a_warning(make_project, run):
    project = make_project(ROLES)
    assert run("build", "-j1", project=project).exit_code == 0
    result = run("build", "--force", "-j1", project=project)
    assert result.exit_code == 0
    assert "warning" not in result.stderr
    assert result.stderr.endswith(
        f"{len(ALL_FILES)} built, 0 unchanged, 0 removed, 0 failed"
        f"{result.stderr.rsplit('0 failed', 1)[1]}"
    )


def test_forged_warnings_do_not_pass_strict(make_project, run):
    """A cache whose warnings were removed cannot make a rendering --strict build pass."""
    roles = dict(
        ROLES,
        clerk=ROLES["clerk"] + "  - id: extra\n    text: {th: จัดเก็บเอกสาร, "
        "en: Filing documents.}\n",
    )
    project = make_project(roles)
    first = run("build", "-j1", project=project)
    assert first.exit_code == 0 and "warning" in first.stderr, first.stderr
    cache = project / "output" / ".jdgen-resolved"
    data = cache.read_bytes()
    fields = data[: store.HEADER_SIZE].decode("ascii").split()
    offset, length = int(fields[3], 16), int(fields[4], 16)
    index = data[offset : offset + length]
    rest = index.split(b"\n", 1)[1]
    emptied = b'{"problems":[],"documents":[' + b"\n" + rest
    cache.write_bytes(
        store._header(
            int(fields[1]), fields[2], offset, len(emptied), hashlib.sha256(emptied).hexdigest()
        )
        + data[store.HEADER_SIZE : offset]
        + emptied
    )
    result = run("build", "--force", "--strict", "-j1", project=project)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith(warning(project))

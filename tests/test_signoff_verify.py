"""``jdgen verify``: every edit, removal or reordering of an entry is caught; torn writes too."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BASE_ROLE
from jdgen.load.yaml_source import _BAD_CHARS
from jdgen.pipeline import analyse
from jdgen.project import load_config
from jdgen.signoff import approval_states, approved_document
from jdgen.signoff.errors import LedgerCorrupt, LedgerLocked
from jdgen.signoff.ledger import ENTRY_KEYS, entry_text, header_text, make_entry, parse_ledger
from jdgen.signoff.store import append_entry, locked, read_ledger
from signoff_helpers import sign_all, sign_args

FIELDS = list(ENTRY_KEYS)
EDITED = "the entry was edited after it was recorded"


@pytest.fixture
def approved(make_project, run):
    """A project whose document ``am`` is approved; the approver left a note."""
    root = make_project({"am": BASE_ROLE, "other": BASE_ROLE})
    sign_all(run, root, roles=("lawyer", "hr", "supervisor"))
    result = run(*sign_args("am", "approver", note="อนุมัติ"), project=root)
    assert result.exit_code == 0, result.stderr
    return root


def ledger(root):
    return root / "signoffs" / "am.yaml"


def entry_blocks(text):
    """(start, end) offsets of each entry's lines."""
    starts = [m.start() for m in re.finditer(r"^  - seq:", text, re.MULTILINE)]
    return list(zip(starts, [*starts[1:], len(text)], strict=True))


def tampered_value(field, value):
    """A different, well-formed value for ``field``."""
    if field == "seq":
        return str(int(value) + 10)
    if field == "date":
        return '"2024-01-09"'
    if field in ("digest", "hash", "prev"):
        if value == "null":
            return '"' + "a" * 64 + '"'
        return value[:-2] + ("0" if value[-2] != "0" else "1") + '"'
    if value == "null":
        return '"added"'
    return value[:-1] + 'x"'


def tamper(text, entry, field):
    start, end = entry_blocks(text)[entry]
    block = text[start:end]
    match = re.search(rf"^(  - |    ){field}: (.*)$", block, re.MULTILINE)
    assert match, (field, block)
    new = match.group(1) + f"{field}: " + tampered_value(field, match.group(2))
    return text[:start] + block[: match.start()] + new + block[match.end() :] + text[end:]


def line_of_entry(text, entry):
    return text.count("\n", 0, entry_blocks(text)[entry][0]) + 1


def verify(run, root, *args):
    return run("verify", *args, project=root)


def test_intact_ledger_verifies(approved, run):
    result = verify(run, approved)
    assert (result.exit_code, result.stdout) == (0, "")
    head = read_ledger(load_config(approved), "am").entries[-1]
    assert result.stderr == (
        f"head am: entry 4 {head.hash}\n"
        "ok: 1 ledger file(s), 4 entries checked; 1 of 2 document(s) "
        "approved for their current content\n"
    )


@pytest.mark.parametrize("entry", range(4))
@pytest.mark.parametrize("field", FIELDS)
def test_any_edited_field_of_any_entry_fails(approved, run, field, entry):
    text = ledger(approved).read_text(encoding="utf-8")
    ledger(approved).write_text(tamper(text, entry, field), encoding="utf-8")
    result = verify(run, approved)
    assert result.exit_code == 1
    here = f"signoffs/am.yaml:{line_of_entry(text, entry)}:5: document am, entry {entry + 1}: "
    assert here in result.stdout
    assert result.stderr.startswith(("1 problem(s)", "2 problem(s)", "3 problem(s)"))
    # a damaged ledger approves nothing, anywhere it is read
    config = load_config(approved)
    with pytest.raises(LedgerCorrupt):
        approval_states(config, analyse(config).documents)
    assert run("status", project=approved).exit_code == 1
    assert run(*sign_args("am", "lawyer", "2024-06-01"), project=approved).exit_code == 1


def test_edited_name_message(approved, run):
    text = ledger(approved).read_text(encoding="utf-8")
    ledger(approved).write_text(text.replace("Anan Suksan", "Anan Suksun"), encoding="utf-8")
    result = verify(run, approved)
    line = line_of_entry(text, 2)
    assert (
        result.stdout == f"signoffs/am.yaml:{line}:5: document am, entry 3: hash does not "
        f"match the entry's fields: {EDITED}\n"
    )


@pytest.mark.parametrize("entry", range(3))
def test_deleting_an_entry_fails(approved, run, entry):
    text = ledger(approved).read_text(encoding="utf-8")
    start, end = entry_blocks(text)[entry]
    ledger(approved).write_text(text[:start] + text[end:], encoding="utf-8")
    result = verify(run, approved)
    assert result.exit_code == 1
    assert (
        f"signoffs/am.yaml:{line_of_entry(text, entry)}:5: document am, entry {entry + 1}: "
        f"seq is {entry + 2}, expected {entry + 1}: an entry was removed, inserted or "
        "reordered\n"
    ) in result.stdout
    assert "prev does not match the hash of the entry before it" in result.stdout


def test_reordering_entries_fails(approved, run):
    text = ledger(approved).read_text(encoding="utf-8")
    (a, b), (_, c) = entry_blocks(text)[1:3]
    ledger(approved).write_text(text[:a] + text[b:c] + text[a:b] + text[c:], encoding="utf-8")
    result = verify(run, approved)
    assert result.exit_code == 1
    line = line_of_entry(text, 1)
    assert (
        f"signoffs/am.yaml:{line}:5: document am, entry 2: seq is 3, expected 2: an entry "
        "was removed, inserted or reordered\n"
    ) in result.stdout


def test_entry_moved_to_another_documents_ledger_fails(approved, run):
    text = ledger(approved).read_text(encoding="utf-8")
    other = text.replace('document: "am"', 'document: "other"').replace(
        "ledger of document am", "ledger of document other"
    )
    (approved / "signoffs" / "other.yaml").write_text(other, encoding="utf-8")
    result = verify(run, approved)
    assert result.exit_code == 1
    assert "document other, entry 1: hash does not match" in result.stdout


def test_entry_naming_an_unknown_document_fails(approved, run):
    (approved / "roles" / "am.yaml").unlink()
    result = verify(run, approved)
    assert result.exit_code == 1
    assert result.stdout == (
        "signoffs/am.yaml:7:5: document am, entry 1: names document 'am', which this project "
        "does not publish (renamed or retired?); if it was retired, move the file to "
        "signoffs/archive/\n"
    )


def test_archived_ledger_of_a_retired_document_is_checked_but_not_required(approved, run):
    (approved / "roles" / "am.yaml").unlink()
    archive = approved / "signoffs" / "archive"
    archive.mkdir()
    ledger(approved).rename(archive / "am.yaml")
    result = verify(run, approved)
    assert result.exit_code == 0, result.stdout
    text = (archive / "am.yaml").read_text(encoding="utf-8")
    (archive / "am.yaml").write_text(text.replace("Anan", "Anon"), encoding="utf-8")
    assert (
        "signoffs/archive/am.yaml:31:5: document am, entry 3: hash does not match"
        in verify(run, approved).stdout
    )


def test_edited_or_missing_signed_content_fails(approved, run):
    (content,) = (approved / "signoffs" / "content").iterdir()
    content.write_text(
        content.read_text(encoding="utf-8").replace("Searching", "Seeking"), encoding="utf-8"
    )
    result = verify(run, approved)
    assert result.exit_code == 1
    assert result.stdout == (
        f"signoffs/am.yaml:7:5: document am, entry 1: its signed content "
        f"signoffs/content/{content.name} does not match its digest: the stored content was "
        "edited; restore it from git\n"
    )
    with pytest.raises(LedgerCorrupt):
        approved_document(load_config(approved), "am")
    content.unlink()
    assert "is not in the content store" in verify(run, approved).stdout


def test_require_approved_is_the_ci_gate(approved, run):
    result = verify(run, approved, "--require-approved")
    assert result.exit_code == 1
    assert result.stdout == (
        "roles/other.yaml:1:1: document other is not approved for its current content "
        "(draft; still to sign: lawyer, hr, supervisor, approver)\n"
    )
    assert result.stderr.splitlines()[-1] == (
        "1 problem(s): 1 ledger file(s), 4 entries checked; 1 of 2 document(s) approved for "
        "their current content (all required)"
    )
    sign_all(run, approved, "other")
    result = verify(run, approved, "--require-approved")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.splitlines()[-1] == (
        "ok: 2 ledger file(s), 8 entries checked; 2 of 2 document(s) approved for their "
        "current content (all required)"
    )
    path = approved / "roles" / "other.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Searching", "Seeking"), encoding="utf-8"
    )
    result = verify(run, approved, "--require-approved")
    assert result.exit_code == 1
    assert result.stdout == (
        "roles/other.yaml:1:1: document other is not approved for its current content "
        "(draft; still to sign: lawyer, hr, supervisor, approver); its text changed since "
        "revision 1, approved 2024-05-03 (jdgen diff --since-approval other)\n"
    )
    assert verify(run, approved).exit_code == 0, "without the gate a draft is no failure"


def test_verify_refuses_a_project_with_errors(approved, run):
    path = approved / "roles" / "other.yaml"
    path.write_text("title: [\n", encoding="utf-8")
    result = verify(run, approved)
    assert result.exit_code == 1
    assert result.stderr.startswith("roles/other.yaml:")


def test_verify_with_no_ledger_at_all(make_project, run):
    result = verify(run, make_project())
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "ok: 0 ledger file(s), 0 entries checked; 0 of 1 document(s) "
        "approved for their current content\n"
    )


# --- torn writes ---------------------------------------------------------------------------

TORN = (
    "incomplete: the file ends in the middle of this entry (an interrupted write?); "
    "restore the file from git, for example `git checkout -- signoffs/am.yaml`"
)


def cut_points(data):
    """Byte offsets strictly inside the last entry: every line end but the last, and
    mid-line (including inside a multi-byte Thai character)."""
    start = data.rindex(b"\n  - seq:") + 1
    end = len(data)
    ends = [start + m.end() for m in re.finditer(b"\n", data[start : end - 1])]
    thai = data.rindex("อนุมัติ".encode()) + 4
    return sorted({start + 1, start + 3, start + 20, thai, end - 40, end - 2, end - 1, *ends})


def test_torn_final_entry_is_reported_not_accepted(approved, run):
    text = ledger(approved).read_text(encoding="utf-8")
    line = line_of_entry(text, 3)
    data = text.encode("utf-8")
    for cut in cut_points(data):
        ledger(approved).write_bytes(data[:cut])
        result = verify(run, approved)
        assert result.exit_code == 1, cut
        assert result.stdout == f"signoffs/am.yaml:{line}:5: document am, entry 4: {TORN}\n", cut
        refused = run(*sign_args("am", "approver", "2024-05-05"), project=approved)
        assert refused.exit_code == 1
        assert refused.stderr.startswith(
            f"jdgen: signoffs/am.yaml:{line}:5: document am, entry 4: {TORN}\n"
        )
        assert ledger(approved).read_bytes() == data[:cut], "sign never writes after a tear"


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_cut_inside_the_last_entry_is_torn(data):
    entries = []
    previous = None

    for role in ("lawyer", "hr"):
        previous = make_entry(
            previous, "am", "d" * 64, role, "ชื่อ นามสกุล", "ตำแหน่ง", dt.date(2024, 5, 1), None
        )
        entries.append(previous)
    text = header_text("am") + "".join(entry_text(e) for e in entries)
    raw = text.encode("utf-8")
    last = len((header_text("am") + entry_text(entries[0])).encode("utf-8"))
    cut = data.draw(st.integers(min_value=last + 1, max_value=len(raw) - 1))
    found = parse_ledger(None, "signoffs/am.yaml", "am", raw[:cut])  # type: ignore[arg-type]
    assert found.problems, cut
    assert len(found.entries) <= 1


@settings(max_examples=200, deadline=None)
@given(
    st.text(min_size=1, max_size=40).filter(lambda s: not _BAD_CHARS.search(s)),
    st.one_of(st.none(), st.text(max_size=40).filter(lambda s: not _BAD_CHARS.search(s))),
)
def test_any_text_reads_back_exactly(name, note):

    entry = make_entry(None, "am", "d" * 64, "hr", name, "post", dt.date(2024, 5, 1), note)
    raw = (header_text("am") + entry_text(entry)).encode("utf-8")
    found = parse_ledger(None, "signoffs/am.yaml", "am", raw)  # type: ignore[arg-type]
    assert found.problems == []
    assert found.entries == [entry]


# --- the writers' lock ---------------------------------------------------------------------


def test_a_held_lock_times_out_with_a_message(approved):
    config = load_config(approved)
    with locked(config), pytest.raises(LedgerLocked) as err, locked(config, timeout=0.05):
        pass
    assert str(err.value) == (
        "signoffs/.lock is held by another jdgen sign for over 0.05 s; try again"
    )


def test_append_refuses_when_the_file_changed_meanwhile(approved):
    config = load_config(approved)
    stale = read_ledger(config, "am")
    fresh = read_ledger(config, "am")

    entry = make_entry(fresh.entries[-1], "am", "d" * 64, "hr", "N", "P", dt.date(2024, 6, 1), None)
    with locked(config):
        append_entry(config, fresh, entry)
        with pytest.raises(LedgerCorrupt, match="the ledger changed while jdgen was signing"):
            append_entry(config, stale, entry)
    assert len(read_ledger(config, "am").entries) == 5

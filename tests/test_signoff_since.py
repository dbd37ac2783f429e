"""``jdgen verify --since REV``: a dropped newest entry, a deleted ledger file or a deleted
content file is caught by comparing with a real git revision; head hashes pin a ledger."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASE_ROLE
from helpers.git_repo import git
from jdgen.project import load_config
from jdgen.signoff.history import Snapshot
from jdgen.signoff.ledger import entry_text, header_text, make_entry
from jdgen.signoff.since import check_since
from jdgen.signoff.store import read_ledger
from signoff_helpers import sign_all, sign_args

APPEND_ONLY = "the ledger is append-only"


def commit_all(repo: Path, message: str = "sign-offs") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


def short(hash_: str) -> str:
    return f"{hash_[:12]}…"


def entries(root: Path, doc: str = "am"):
    return read_ledger(load_config(root), doc).entries


def ledger(root: Path, doc: str = "am") -> Path:
    return root / "signoffs" / f"{doc}.yaml"


def truncate(root: Path, keep: int, doc: str = "am") -> None:
    """Cut the ledger of ``doc`` after its first ``keep`` entries (at an entry boundary)."""
    text = ledger(root, doc).read_text(encoding="utf-8")
    cut = text.index(f"  - seq: {keep + 1}\n")
    ledger(root, doc).write_text(text[:cut], encoding="utf-8")


@pytest.fixture
def committed(make_project, run):
    """A git repository whose top is the project: am signed by lawyer and hr, other by the
    lawyer, all committed."""
    root = make_project({"am": BASE_ROLE, "other": BASE_ROLE})
    git(root, "init", "-q")
    sign_all(run, root, roles=("lawyer", "hr"))
    sign_all(run, root, "other", roles=("lawyer",))
    commit_all(root)
    return root


def since(run, root, rev="HEAD", *extra):
    return run("verify", *extra, "--since", rev, project=root)


def summary(problems: int, files: int, checked: int, compared: str) -> str:
    head = "ok" if not problems else f"{problems} problem(s)"
    return (
        f"{head}: {files} ledger file(s), {checked} entries checked; 0 of 2 document(s) "
        f"approved for their current content; compared with HEAD: {compared}\n"
    )


def test_appended_entries_pass(committed, run):
    assert run(*sign_args("am", "supervisor"), project=committed).exit_code == 0
    result = since(run, committed)
    assert (result.exit_code, result.stdout) == (0, "")
    am, other = entries(committed)[-1], entries(committed, "other")[-1]
    assert result.stderr == (
        f"head am: entry 3 {am.hash}\n"
        f"head other: entry 1 {other.hash}\n"
        + summary(0, 2, 4, "2 ledger file(s) with 3 entries, 2 content file(s)")
    )


def test_dropped_newest_entry_is_named(committed, run):
    dropped = entries(committed)[1]
    truncate(committed, keep=1)
    assert run("verify", project=committed).exit_code == 0, "the chain alone cannot see it"
    result = since(run, committed)
    assert result.exit_code == 1
    assert result.stdout == (
        f"signoffs/am.yaml:{dropped.line}:5: document am: entry 2 (hash {short(dropped.hash)}) "
        f"present at HEAD is missing now — {APPEND_ONLY}; restore it from "
        "`git show HEAD:signoffs/am.yaml`\n"
    )
    assert result.stderr.splitlines()[-1] == summary(
        1, 2, 2, "2 ledger file(s) with 3 entries, 2 content file(s)"
    ).rstrip("\n")


def test_every_dropped_entry_is_named_even_after_new_appends(committed, run):
    sign_all(run, committed, roles=("supervisor", "approver"))
    commit_all(committed)
    old = entries(committed)
    truncate(committed, keep=2)
    # a signer carries on from the shortened chain: the file is a valid chain again
    assert run(*sign_args("am", "supervisor", "2024-05-04"), project=committed).exit_code == 0
    assert run("verify", project=committed).exit_code == 0
    result = since(run, committed)
    assert result.exit_code == 1
    new = entries(committed)[2]
    show = "restore it from `git show HEAD:signoffs/am.yaml`"
    assert result.stdout.splitlines() == [
        f"signoffs/am.yaml:{new.line}:5: document am, entry 3 (hash {short(new.hash)}) stands "
        f"where entry 3 (hash {short(old[2].hash)}) stood at HEAD: the entries present at HEAD "
        f"must stay first, unchanged and in order — {APPEND_ONLY}",
        f"signoffs/am.yaml:{new.line}:5: document am: entry 3 (hash {short(old[2].hash)}) "
        f"present at HEAD is missing now — {APPEND_ONLY}; {show}",
        f"signoffs/am.yaml:{new.line}:5: document am: entry 4 (hash {short(old[3].hash)}) "
        f"present at HEAD is missing now — {APPEND_ONLY}; {show}",
    ]


def test_reordered_entries_are_reported_as_moved(committed, run):
    old = entries(committed)
    text = ledger(committed).read_text(encoding="utf-8")
    first, second = text.index("  - seq: 1\n"), text.index("  - seq: 2\n")
    ledger(committed).write_text(
        text[:first] + text[second:] + text[first:second], encoding="utf-8"
    )
    lines = since(run, committed).stdout.splitlines()
    assert (
        f"signoffs/am.yaml:{old[0].line}:5: document am: entry 1 (hash "
        f"{short(old[0].hash)}) present at HEAD is entry 2 now — {APPEND_ONLY}; restore it "
        "from `git show HEAD:signoffs/am.yaml`"
    ) in lines
    assert any("seq is 2, expected 1" in line for line in lines), "the chain check still runs"


def test_deleted_ledger_file_fails(committed, run):
    head = entries(committed, "other")[-1]
    ledger(committed, "other").unlink()
    result = since(run, committed)
    assert result.exit_code == 1
    assert result.stdout == (
        f"signoffs/other.yaml: document other: its ledger file present at HEAD (1 entries, "
        f"head hash {short(head.hash)}) is missing now — {APPEND_ONLY}; restore it "
        "(`git checkout HEAD -- signoffs/other.yaml`), or move a retired document's ledger "
        "to signoffs/archive/ instead of deleting it\n"
    )
    assert run("verify", project=committed).exit_code == 0, "the chain alone cannot see it"


def test_deleted_content_file_fails(committed, run):
    digest = entries(committed, "other")[0].digest
    ledger(committed, "other").unlink()
    path = f"signoffs/content/{digest}.json"
    (committed / path).unlink()
    lines = since(run, committed).stdout.splitlines()
    assert lines[0] == (
        f"{path}: signed content present at HEAD is missing now — "
        f"{APPEND_ONLY}; restore it (`git checkout HEAD -- {path}`)"
    )
    assert lines[1].startswith("signoffs/other.yaml: document other: its ledger file")
    assert len(lines) == 2


def test_edited_content_file_fails(committed, run):
    digest = entries(committed)[0].digest
    path = committed / "signoffs" / "content" / f"{digest}.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Sales", "Marketing"), encoding="utf-8"
    )
    assert (
        f"signoffs/content/{digest}.json: signed content present at HEAD was edited since "
        f"(it no longer matches its digest) — {APPEND_ONLY}; restore it"
    ) in since(run, committed).stdout


def test_archived_ledger_passes_and_stays_protected(committed, run):
    (committed / "signoffs" / "archive").mkdir()
    git(committed, "mv", "signoffs/other.yaml", "signoffs/archive/other.yaml")
    git(committed, "rm", "-q", "roles/other.yaml")  # the document is retired
    result = since(run, committed)
    assert (result.exit_code, result.stdout) == (0, ""), result.stdout
    assert "head other (archived): entry 1 " in result.stderr
    commit_all(committed, "retire other")
    (committed / "signoffs" / "archive" / "other.yaml").unlink()
    result = since(run, committed)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "signoffs/archive/other.yaml: document other: its ledger file present at HEAD (1 entries"
    )


def test_revision_before_the_first_signoff_has_nothing_to_compare(make_project, run):
    root = make_project()
    git(root, "init", "-q")
    commit_all(root, "roles only")
    sign_all(run, root, roles=("lawyer",))
    result = since(run, root)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.splitlines()[-1] == (
        "ok: 1 ledger file(s), 1 entries checked; 0 of 1 document(s) approved for their current "
        "content; compared with HEAD: no signoffs/ at that revision, nothing to compare"
    )


def test_older_revisions_and_the_ci_gate_together(committed, run):
    first = git(committed, "rev-parse", "HEAD").strip()
    sign_all(run, committed, roles=("supervisor", "approver"))
    sign_all(run, committed, "other", roles=("hr", "supervisor", "approver"))
    commit_all(committed, "approved")
    result = since(run, committed, first, "--require-approved")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.splitlines()[-1] == (
        "ok: 2 ledger file(s), 8 entries checked; 2 of 2 document(s) approved for their current "
        f"content (all required); compared with {first}: 2 ledger file(s) with 3 entries, "
        "2 content file(s)"
    )
    truncate(committed, keep=3)
    result = since(run, committed, "HEAD~1", "--require-approved")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "roles/am.yaml:1:1: document am is not approved for its current content (in-review; "
        "still to sign: approver)"
    )
    assert "entry 4" not in result.stdout, "am had two entries at HEAD~1"
    assert "present at HEAD is missing now" in since(run, committed).stdout


@pytest.mark.parametrize(
    ("rev", "message"),
    [
        (
            "no-such-branch",
            "'no-such-branch' is not a commit of the git repository holding {root}; "
            "in CI fetch it first (`git fetch origin main`, or a checkout with "
            "fetch-depth: 0)",
        ),
        (
            "HEAD~5",
            "'HEAD~5' is not a commit of the git repository holding {root}; in CI fetch it "
            "first (`git fetch origin main`, or a checkout with fetch-depth: 0)",
        ),
        ("--all", "'--all' is not a git revision"),
        ("", "'' is not a git revision"),
    ],
)
def test_bad_revision(committed, run, rev, message):
    result = since(run, committed, rev)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"jdgen: {message.format(root=committed)}\n"


def test_project_outside_git(make_project, run, monkeypatch, tmp_path):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = make_project()
    result = since(run, root)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"jdgen: {root} is not inside a git work tree; `--since` compares "
        "the ledger with a git revision\n"
    )


def test_git_not_installed(committed, run, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    result = since(run, committed)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "jdgen: git is not installed; `jdgen verify --since` needs it to "
        "read the ledger at a revision\n"
    )


def test_project_in_a_subfolder_of_the_repository(make_project, run, tmp_path):
    root = make_project()  # tmp_path/project
    git(tmp_path, "init", "-q")
    (tmp_path / "README.md").write_text("HR repository\n", encoding="utf-8")
    sign_all(run, root, roles=("lawyer", "hr"))
    commit_all(tmp_path)
    assert run(*sign_args("am", "supervisor"), project=root).exit_code == 0
    assert (since(run, root).exit_code, since(run, root).stdout) == (0, "")
    dropped = entries(root)[1]
    truncate(root, keep=1)
    result = since(run, root)
    assert result.exit_code == 1
    assert result.stdout == (
        f"signoffs/am.yaml:{dropped.line}:5: document am: entry 2 (hash {short(dropped.hash)}) "
        f"present at HEAD is missing now — {APPEND_ONLY}; restore it from "
        "`git show HEAD:project/signoffs/am.yaml`\n"
    )


def test_head_hash_in_status_json_and_approval_state(committed, run):
    data = json.loads(run("status", "--format", "json", project=committed).stdout)
    heads = {d["id"]: (d["ledger_entries"], d["ledger_head"]) for d in data["documents"]}
    assert heads == {
        "am": (2, entries(committed)[-1].hash),
        "other": (1, entries(committed, "other")[-1].hash),
    }
    verify_heads = run("verify", project=committed).stderr.splitlines()[:2]
    assert verify_heads == [
        f"head am: entry 2 {heads['am'][1]}",
        f"head other: entry 1 {heads['other'][1]}",
    ]


# --- property: only an extension of the chain at REV passes ---------------------------------


def chain(count: int, start: int = 0, base: list | None = None, who: str = "Signer") -> list:
    """Entries ``start`` to ``count`` of a chain continuing ``base``, signed by ``who N``."""
    entries_: list = list(base or [])
    for i in range(start, count):
        previous = entries_[-1] if entries_ else None
        entries_.append(
            make_entry(
                previous,
                "am",
                f"{i % 7:064x}",
                "lawyer",
                f"{who} {i}",
                "Legal Counsel",
                dt.date(2024, 5, 1),
                None,
            )
        )
    return entries_


def text_of(entries_: list) -> bytes:
    return (header_text("am") + "".join(entry_text(e) for e in entries_)).encode("utf-8")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(at_rev=st.integers(1, 6), keep=st.integers(0, 6), added=st.integers(0, 3))
def test_only_an_extension_of_the_chain_passes(make_project, at_rev, keep, added):
    root = make_project()
    before = chain(at_rev)
    # keep the first entries of REV, then other signers append (or REV's chain grows on)
    now = chain(keep + added, keep, before[:keep], "Later") if keep <= at_rev else chain(keep)
    path = root / "signoffs" / "am.yaml"
    path.parent.mkdir(exist_ok=True)
    if now:
        path.write_bytes(text_of(now))
    else:
        path.unlink(missing_ok=True)
    snapshot = Snapshot("REV", "0" * 40, "", True, {"am.yaml": text_of(before)})
    report = check_since(load_config(root), snapshot)
    extends = len(now) >= at_rev and [e.hash for e in now[:at_rev]] == [e.hash for e in before]
    assert (not report.problems) == extends, (at_rev, keep, added, report.problems)
    if now and not extends:
        missing = {
            p.message.split("entry ")[1].split(" ")[0]
            for p in report.problems
            if "is missing now" in p.message
        }
        assert missing == {str(i) for i in range(keep + 1, at_rev + 1)}


def test_verify_since_reads_each_ledger_and_content_file_once(committed, run, monkeypatch):
    import jdgen.signoff.since as since_module
    import jdgen.signoff.store as store
    import jdgen.signoff.verify as verify_module

    ledgers: list[str] = []
    loads: list[str] = []
    real_read, real_load = store.read_ledger, store.load_content

    def read_ledger(config, document, path=None):
        ledgers.append(document)
        return real_read(config, document, path)

    def load_content(config, digest):
        loads.append(digest)
        return real_load(config, digest)

    for module in (verify_module, since_module):
        monkeypatch.setattr(module, "read_ledger", read_ledger)
    monkeypatch.setattr(store, "load_content", load_content)
    monkeypatch.setattr(verify_module, "load_content", load_content)
    result = since(run, committed)
    assert result.exit_code == 0, result.stdout
    assert sorted(ledgers) == ["am", "other"]
    assert len(loads) == len(set(loads)) == 2

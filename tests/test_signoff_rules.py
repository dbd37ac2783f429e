"""One rule set for writing and reading the ledger (issue 19, issue 14 §5).

A ledger rewritten by hand with every hash recomputed is still checked against the rules
``jdgen sign`` enforces; whatever ``sign`` writes, ``verify`` accepts; a damaged ledger or
content store never yields "approved"; bad ledger input is a message and exit 1, never 70.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASE_ROLE, CONFIG, write_project
from jdgen.errors import JdgenError
from jdgen.pipeline import analyse
from jdgen.project import load_config
from jdgen.signoff.ledger import entry_text, header_text, make_entry, parse_ledger
from jdgen.signoff.rules import rule_problems
from jdgen.signoff.sign import SignOff, sign
from jdgen.signoff.store import content_path, store_content
from jdgen.signoff.verify import verify
from signoff_helpers import sign_all, sign_args

FORGED = " — jdgen sign never records this, so the entry was written by hand"


def forge(root: Path, rows: list[tuple[str, str]]) -> None:
    """Write ``signoffs/am.yaml`` by hand: entries (role, date) of am's current content,
    every hash recomputed, the content stored: only the signing rules can tell."""
    config = load_config(root)
    doc = analyse(config).document("am")
    assert doc is not None
    store_content(config, doc.digest, doc.canonical())
    text, previous = header_text("am"), None
    for role, date in rows:
        previous = make_entry(
            previous,
            "am",
            doc.digest,
            role,
            f"Signer {role}",
            "Post",
            dt.date.fromisoformat(date),
            None,
        )
        text += entry_text(previous)
    (root / "signoffs" / "am.yaml").write_text(text, encoding="utf-8")


def assert_never_approved(run, root, message):
    """verify, status and build all refuse the ledger with ``message``; nothing is built."""
    result = run("verify", project=root)
    assert (result.exit_code, result.stdout) == (1, message + "\n")
    status = run("status", project=root)
    assert status.exit_code == 1
    assert status.stdout == ""
    assert status.stderr.startswith(f"jdgen: {message}\n")
    build = run("build", project=root)
    assert build.exit_code == 1
    assert not list((root / "output").glob("am.*"))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [
                ("approver", "2024-05-01"),
                ("lawyer", "2024-05-01"),
                ("hr", "2024-05-01"),
                ("supervisor", "2024-05-01"),
            ],
            "signoffs/am.yaml:7:5: document am, entry 1: the approver signs last, after lawyer, "
            "hr, "
            "supervisor; still to sign this content: lawyer, hr, supervisor",
        ),
        (
            [
                ("lawyer", "2024-05-01"),
                ("hr", "2024-05-01"),
                ("supervisor", "2024-05-01"),
                ("approver", "2999-01-01"),
            ],
            "signoffs/am.yaml:37:5: document am, entry 4: date 2999-01-01 is in the future "
            "(today is "
            f"{dt.date.today().isoformat()}); a sign-off is recorded on or after the day it is "
            "given",
        ),
        (
            [
                ("lawyer", "2024-05-01"),
                ("hr", "2024-05-01"),
                ("supervisor", "2024-05-01"),
                ("ceo", "2024-05-02"),
                ("approver", "2024-05-02"),
            ],
            "signoffs/am.yaml:37:5: document am, entry 4: 'ceo' does not sign this document; the "
            "roles that sign it are lawyer, hr, supervisor, approver",
        ),
        (
            [
                ("lawyer", "0001-01-01"),
                ("hr", "2024-05-01"),
                ("supervisor", "2024-05-01"),
                ("approver", "2024-05-02"),
            ],
            "signoffs/am.yaml:7:5: document am, entry 1: date 0001-01-01 is before 1970-01-01; a "
            "sign-off is dated between 1970-01-01 and today",
        ),
        (
            [
                ("lawyer", "2024-05-01"),
                ("hr", "2024-05-01"),
                ("supervisor", "2024-05-03"),
                ("approver", "2024-05-02"),
            ],
            "signoffs/am.yaml:37:5: document am, entry 4: supervisor signed this content on "
            "2024-05-03, after the approver's date 2024-05-02; the approver signs last",
        ),
        (
            [
                ("lawyer", "2024-05-01"),
                ("lawyer", "2024-05-01"),
                ("hr", "2024-05-01"),
                ("supervisor", "2024-05-01"),
                ("approver", "2024-05-02"),
            ],
            "signoffs/am.yaml:17:5: document am, entry 2: lawyer already signed this content "
            "(entry "
            "1: Signer lawyer, 2024-05-01)",
        ),
    ],
    ids=[
        "approver-first",
        "future-date",
        "unknown-capacity",
        "implausible-date",
        "approver-dated-early",
        "signed-twice",
    ],
)
def test_a_rewritten_ledger_is_held_to_the_signing_rules(make_project, run, rows, message):
    root = make_project()
    forge(root, rows)
    assert_never_approved(run, root, message + FORGED)


def test_a_ledger_written_by_hand_in_the_right_order_is_accepted(make_project, run):
    root = make_project()
    forge(
        root,
        [
            ("hr", "2024-05-01"),
            ("lawyer", "2024-05-02"),
            ("supervisor", "2024-05-02"),
            ("approver", "2024-05-02"),
        ],
    )
    assert run("verify", "--require-approved", project=root).exit_code == 0
    assert run("status", project=root).stdout.splitlines()[1].split()[:2] == ["am", "approved"]


def test_a_grown_reviewer_set_keeps_an_earlier_approval_valid(make_project, run):
    root = make_project()
    sign_all(run, root)
    grown = CONFIG.replace(
        "[approval]\n",
        '[approval]\nreviewers = ["lawyer", "hr", '
        '"supervisor", "union"]\nposts = {union = "Union"}\n',
    )
    (root / "jdgen.toml").write_text(grown, encoding="utf-8")
    assert run("verify", project=root).exit_code == 0
    result = run(*sign_args("am", "union"), project=root)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "am: approved, revision 1 (2024-05-03)"
    assert run("verify", "--require-approved", project=root).exit_code == 0


@pytest.fixture
def approved(make_project, run):
    root = make_project()
    sign_all(run, root)
    config = load_config(root)
    doc = analyse(config).document("am")
    assert doc is not None
    return root, content_path(config, doc.digest)


def test_edited_signed_content_never_yields_approved(approved, run):
    root, content = approved
    content.write_text(
        content.read_text(encoding="utf-8").replace("Sales", "Sale"), encoding="utf-8"
    )
    result = run("status", project=root)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"jdgen: signoffs/content/{content.name}: does not match its digest: the stored "
        "content was edited; restore it from git\n"
    )
    assert run("build", project=root).exit_code == 1
    assert not list((root / "output").glob("am.*"))


def test_missing_signed_content_never_yields_approved(approved, run):
    root, content = approved
    content.unlink()
    result = run("status", project=root)
    assert result.exit_code == 1
    assert "missing: the signed content of this digest is not in the content store" in result.stderr


def test_unreadable_signed_content_is_named(approved, run):
    root, content = approved
    content.unlink()
    content.mkdir()
    result = run("verify", project=root)
    assert result.exit_code == 1
    assert result.stdout.endswith(
        f"its signed content signoffs/content/{content.name} cannot "
        "be read (not a regular file); make it a readable file "
        "(restore it from git)\n"
    )
    assert run("status", project=root).exit_code == 1


def test_an_unreadable_ledger_file_is_a_message_not_a_crash(make_project, run, monkeypatch):
    root = make_project()
    sign_all(run, root, roles=("lawyer",))
    real = Path.read_bytes

    def denied(path: Path) -> bytes:
        if path.name == "am.yaml" and path.parent.name == "signoffs":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", denied)
    message = (
        "signoffs/am.yaml: document am: the ledger file cannot be read (Permission "
        "denied); make it a readable file (restore it from git)"
    )
    for command in (["verify"], ["status"], sign_args("am", "hr")):
        result = run(*command, project=root)
        assert result.exit_code == 1, command
        assert message in result.stdout + result.stderr, command


def test_a_ledger_that_is_a_folder_is_a_message(make_project, run):
    root = make_project()
    (root / "signoffs" / "am.yaml").mkdir(parents=True)
    result = run(*sign_args("am", "lawyer"), project=root)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "jdgen: signoffs/am.yaml: document am: the ledger file cannot be read (not a regular file)"
    )


def test_a_number_past_the_int_limit_in_the_ledger_is_a_message(make_project, run):
    root = make_project()
    sign_all(run, root, roles=("lawyer",))
    path = root / "signoffs" / "am.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("seq: 1", "seq: " + "9" * 5000), encoding="utf-8"
    )
    result = run("verify", project=root)
    assert (result.exit_code, result.stdout) == (
        1,
        (
            "signoffs/am.yaml:7:10: document am: not a valid ledger file: a number of 5,000 "
            "characters is too long to read; shorten it, or put it in quotes if it is text\n"
        ),
    )
    assert run("status", project=root).exit_code == 1


def test_a_date_before_1970_is_refused(make_project, run):
    root = make_project()
    result = run(*sign_args("am", "lawyer", "0001-01-01"), project=root)
    assert (result.exit_code, result.stderr) == (
        1,
        (
            "jdgen: --date 0001-01-01 is before 1970-01-01; a sign-off is dated between "
            "1970-01-01 and today\n"
        ),
    )
    assert not (root / "signoffs" / "am.yaml").exists()


def test_a_name_no_font_can_print_is_refused(make_project, run):
    root = make_project()
    result = run("sign", "am", "--as", "supervisor", "--name", "Anan \U00013000", project=root)
    assert result.exit_code == 1
    assert result.stderr.startswith("jdgen: --name holds U+13000")
    assert "which no configured font" in result.stderr
    assert not (root / "signoffs" / "am.yaml").exists()


@pytest.mark.parametrize(
    ("reviewers", "message"),
    [
        ('["HR"]', "'HR' is not a capacity name"),
        ('[""]', "'' is not a capacity name"),
        ('["a b"]', "'a b' is not a capacity name"),
        ('["lawyer\\n"]', "'lawyer\\n' is not a capacity name"),
        ('["lawyer", "hr", "lawyer"]', "names reviewer 'lawyer' twice"),
        ('["approver"]', "'approver' signs last and is not a reviewer"),
        ("[]", "must name at least one reviewer"),
    ],
)
def test_reviewer_names_follow_the_ledgers_rule(make_project, run, reviewers, message):
    root = make_project(
        config=CONFIG.replace("[approval]\n", f"[approval]\nreviewers = {reviewers}\n")
    )
    result = run("validate", project=root)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"jdgen.toml:6:1: approval.reviewers: {message}")


# Mostly text the fonts can print (Latin, Thai, Cyrillic, with edge spaces, quotes, YAML and
# JSON specials), some of anything: the interesting inputs are the ones sign accepts.
PRINTABLE = (
    st.characters(min_codepoint=0x20, max_codepoint=0x24F)
    | st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B)
    | st.characters(min_codepoint=0x0400, max_codepoint=0x04FF)
    | st.sampled_from(list(" \t\u00a0\u0085\u2028\ufeff\"'\\:#&*!|>%@`{}[],-"))
)
NAMES = (
    st.text(PRINTABLE, min_size=1, max_size=30)
    | st.text(max_size=30)
    | st.sampled_from(
        ["Somchai Jaidee", "สมชาย ใจดี", "Анна Петрова", "null", "~", "'", "- x", "a: b"]
    )
)
DATES = (
    st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date.today()).map(dt.date.isoformat)
    | st.dates().map(dt.date.isoformat)
    | st.text(max_size=12)
)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["lawyer", "hr", "supervisor", "approver"]),
            NAMES,
            st.none() | NAMES,
            st.none() | DATES,
            st.none() | NAMES,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_whatever_sign_writes_verify_accepts(requests):
    root = write_project(Path(tempfile.mkdtemp(prefix="jdgen-sign-")), {"am": BASE_ROLE})
    state = analyse(load_config(root))
    today = dt.date.today()  # verify checks against the clock: sign the same day
    written = 0
    for role, name, post, date, note in requests:
        try:
            sign(state, SignOff("am", role, name, post, date, note), today=today)
            written += 1
        except JdgenError:
            continue
    report = verify(state)
    assert report.ok, [str(p) for p in report.problems]
    assert report.entries == written


LEDGER_LINES = st.sampled_from(
    [
        "ledger: 1",
        'document: "am"',
        "entries:",
        "  - seq: 1",
        "  - seq: 99999999999999999999",
        '    document: "am"',
        '    digest: "' + "a" * 64 + '"',
        '    role: "lawyer"',
        '    role: "ceo"',
        '    name: "x"',
        '    post: "y"',
        '    posts: {"th": "y"}',
        '    posts: {"": 1}',
        '    reviewers: ["lawyer"]',
        "    reviewers: [1, [2]]",
        '    date: "2024-05-01"',
        '    date: "0000-13-45"',
        "    note: null",
        "    prev: null",
        '    hash: "' + "b" * 64 + '"',
        "    seq: " + "7" * 4400,
        "  - [",
        "- &a [*a]",
        "{",
        "    date: 2024-05-01",
        "    note: !!python/object:os.system x",
        "\t",
        "---",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LEDGER_LINES | st.text(max_size=20), max_size=25), st.binary(max_size=8))
def test_the_ledger_reader_never_raises_on_any_input(lines, noise):
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass") + noise
    ledger = parse_ledger(Path("am.yaml"), "signoffs/am.yaml", "am", data)
    rule_problems(ledger, None, dt.date(2026, 6, 1))  # reading never raises either
    assert all(p.location.path == "signoffs/am.yaml" for p in ledger.problems)


def test_a_role_listing_a_reviewer_twice_is_refused(make_project, run):
    root = make_project({"am": BASE_ROLE + "approval:\n  reviewers: [hr, lawyer, hr]\n"})
    result = run("validate", project=root)
    assert (result.exit_code, result.stdout) == (
        1,
        (
            "roles/am.yaml:17:27: approval.reviewers[2]: reviewer role 'hr' is listed twice; "
            "list each once\n"
        ),
    )

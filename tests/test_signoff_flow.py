"""Sign-off flow: signing, status (text and JSON), stale approvals, ApprovalState, rebuild."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import BASE_ROLE
from jdgen.approval import ApprovalState, Signature
from jdgen.pipeline import analyse
from jdgen.project import load_config
from jdgen.signoff import approval_state, approval_states, approved_document
from jdgen.signoff.store import read_ledger
from signoff_helpers import FLOW, edit_role, sign_all, sign_args

HEADER = "DOCUMENT  STATUS  REVISION  APPROVED ON  TO SIGN                           NOTE"


def digest_of(root, doc_id="am"):
    state = analyse(load_config(root))
    document = state.document(doc_id)
    assert document is not None
    return document.digest


def test_full_flow_approves_revision_1(make_project, run):
    root = make_project()
    expected_status = [
        "am: in-review; still to sign: hr, supervisor, approver",
        "am: in-review; still to sign: supervisor, approver",
        "am: in-review; still to sign: approver",
        "am: approved, revision 1 (2024-05-03)",
    ]
    signed = [
        "signed am as lawyer: Somchai Jaidee (Legal Counsel), 2024-05-01; "
        "entry 1 of signoffs/am.yaml",
        "signed am as hr: Somying Rakngan (HR Manager), 2024-05-02; entry 2 of signoffs/am.yaml",
        # the supervisor's post defaults to the document's reports_to (every language)
        "signed am as supervisor: Anan Suksan (หัวหน้าฝ่ายขาย / Head of Sales), 2024-05-02; "
        "entry 3 of signoffs/am.yaml",
        # the approver's post defaults to the document's approver post
        "signed am as approver: Prasert Wongsa (กรรมการผู้จัดการ / Managing Director), "
        "2024-05-03; "
        "entry 4 of signoffs/am.yaml",
    ]
    for role, line, status in zip(FLOW, signed, expected_status, strict=True):
        result = run(*sign_args("am", role), project=root)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        assert result.stderr == f"{line}\n{status}\n"

    result = run("status", project=root)
    assert result.exit_code == 0
    assert result.stdout == (
        "DOCUMENT  STATUS    REVISION  APPROVED ON  TO SIGN  NOTE\n"
        "am        approved  1         2024-05-03   -\n"
    )
    assert result.stderr == "1 document(s): 1 approved, 0 in-review, 0 draft (0 stale)\n"

    state = approval_state(load_config(root), analyse(load_config(root)).documents[0])
    assert state == ApprovalState(
        status="approved",
        revision=1,
        approved_on=dt.date(2024, 5, 3),
        signatures=(
            Signature(
                "lawyer",
                "Somchai Jaidee",
                "Legal Counsel",
                dt.date(2024, 5, 1),
                (("th", "Legal Counsel"), ("en", "Legal Counsel")),
            ),
            Signature(
                "hr",
                "Somying Rakngan",
                "HR Manager",
                dt.date(2024, 5, 2),
                (("th", "HR Manager"), ("en", "HR Manager")),
            ),
            Signature(
                "supervisor",
                "Anan Suksan",
                "หัวหน้าฝ่ายขาย",
                dt.date(2024, 5, 2),
                (("th", "หัวหน้าฝ่ายขาย"), ("en", "Head of Sales")),
            ),
            Signature(
                "approver",
                "Prasert Wongsa",
                "กรรมการผู้จัดการ",
                dt.date(2024, 5, 3),
                (("th", "กรรมการผู้จัดการ"), ("en", "Managing Director")),
            ),
        ),
        ledger_head=read_ledger(load_config(root), "am").entries[3].hash,
    )
    assert (root / "signoffs" / "content" / f"{digest_of(root)}.json").is_file()


def test_reformatted_yaml_with_the_same_text_stays_approved(make_project, run):
    root = make_project()
    sign_all(run, root)
    before = digest_of(root)
    # Flow mappings become block mappings, a comment and blank lines appear, a text is
    # folded over two lines: the resolved text is the same.
    edit_role(
        root,
        "title: {th: ผู้จัดการบัญชีลูกค้า, en: Account Manager}",
        "# the title\ntitle:\n  th: ผู้จัดการบัญชีลูกค้า\n  en: >-\n    Account\n    Manager\n\n",
    )
    edit_role(
        root,
        "text: {th: สรรหาลูกค้า, en: Searching for clients.}",
        "text:\n      en: \"Searching for clients.\"\n      th: 'สรรหาลูกค้า'",
    )
    assert digest_of(root) == before
    result = run("status", "am", project=root)
    assert result.stdout.splitlines()[1] == "am        approved  1         2024-05-03   -"
    assert run("verify", "--require-approved", project=root).exit_code == 0


@pytest.fixture
def stale_project(make_project, run):
    root = make_project()
    sign_all(run, root)
    edit_role(root, "Searching for clients.", "Searching for new clients.")
    return root


def test_text_edit_makes_a_draft_with_the_last_approval_reported(stale_project, run):
    result = run("status", project=stale_project)
    assert result.exit_code == 0
    assert result.stdout == (
        f"{HEADER}\n"
        "am        draft   -         -            lawyer, hr, supervisor, approver  "
        "stale: text changed since revision 1 (2024-05-03)\n"
    )
    assert result.stderr == "1 document(s): 0 approved, 0 in-review, 1 draft (1 stale)\n"


def test_status_json_reports_stale_approval(stale_project, run):
    old = approved_document(load_config(stale_project), "am")
    assert old is not None
    result = run("status", "--format", "json", project=stale_project)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "documents": [
            {
                "id": "am",
                "status": "draft",
                "digest": digest_of(stale_project),
                "revision": None,
                "approved_on": None,
                "missing": ["lawyer", "hr", "supervisor", "approver"],
                "signoffs": [],
                "stale": True,
                "last_approved": {"revision": 1, "date": "2024-05-03", "digest": old.digest},
                "approvals": [
                    {
                        "revision": 1,
                        "date": "2024-05-03",
                        "digest": old.digest,
                        "approver": "Prasert Wongsa",
                    }
                ],
                "ledger_entries": 4,
                "ledger_head": read_ledger(load_config(stale_project), "am").entries[-1].hash,
            }
        ]
    }


def test_new_text_approved_again_becomes_revision_2(stale_project, run):
    result = run(
        *sign_args("am", "lawyer", "2024-06-01", note="wording only"), project=stale_project
    )
    assert result.stderr.splitlines()[1] == "am: in-review; still to sign: hr, supervisor, approver"
    data = json.loads(run("status", "--format", "json", project=stale_project).stdout)
    doc = data["documents"][0]
    assert (doc["status"], doc["stale"], doc["missing"]) == (
        "in-review",
        True,
        ["hr", "supervisor", "approver"],
    )
    assert doc["signoffs"] == [
        {
            "entry": 5,
            "role": "lawyer",
            "name": "Somchai Jaidee",
            "post": "Legal Counsel",
            "posts": {"th": "Legal Counsel", "en": "Legal Counsel"},
            "date": "2024-06-01",
            "note": "wording only",
        }
    ]
    sign_all(run, stale_project, roles=("hr", "supervisor", "approver"), date="2024-06-02")
    result = run("status", project=stale_project)
    assert result.stdout.splitlines()[1] == "am        approved  2         2024-06-02   -"


def test_reverted_text_is_approved_at_its_own_revision(stale_project, run):
    sign_all(run, stale_project, date="2024-06-02")
    edit_role(stale_project, "Searching for new clients.", "Searching for clients.")
    result = run("status", project=stale_project)
    assert result.stdout.splitlines()[1] == (
        "am        approved  1         2024-05-03   -        "
        "revision 2 (2024-06-02) was approved for other text"
    )


def test_approval_states_draft_in_review_approved_stale(make_project, run):
    roles = {name: BASE_ROLE for name in ("a-draft", "b-review", "c-approved", "d-stale")}
    root = make_project(roles)
    run(*sign_args("b-review", "hr"), project=root)
    sign_all(run, root, "c-approved")
    sign_all(run, root, "d-stale")
    edit_role(root, "Searching for clients.", "Searching for clients and partners.", "d-stale")
    config = load_config(root)
    states = approval_states(config, analyse(config).documents)
    hr = Signature(
        "hr",
        "Somying Rakngan",
        "HR Manager",
        dt.date(2024, 5, 2),
        (("th", "HR Manager"), ("en", "HR Manager")),
    )
    heads = {
        name: read_ledger(config, name).entries[-1].hash for name in roles if name != "a-draft"
    }
    assert states["a-draft"] == ApprovalState()
    assert states["b-review"] == ApprovalState(
        status="in-review", signatures=(hr,), ledger_head=heads["b-review"]
    )
    assert states["c-approved"].ledger_head == heads["c-approved"]
    assert states["c-approved"].status == "approved"
    assert states["c-approved"].revision == 1
    assert states["c-approved"].approved_on == dt.date(2024, 5, 3)
    assert [s.role for s in states["c-approved"].signatures] == list(FLOW)
    assert states["c-approved"].signature("hr") == hr
    # stale: the approval of the old text is not carried over to the new text
    assert states["d-stale"] == ApprovalState(ledger_head=heads["d-stale"])
    assert not states["d-stale"].is_approved


def test_approved_document_rebuilds_the_approved_content_exactly(stale_project):
    config = load_config(stale_project)
    current = analyse(config).documents[0]
    old = approved_document(config, "am")
    assert old is not None
    assert old.digest != current.digest
    assert old.canonical() == {**current.canonical(), "sections": old.canonical()["sections"]}
    texts = [c.text["en"] for s, c, _ in old.clauses() if s.key == "functions"]
    assert texts == ["Searching for clients."]
    assert (old.role_id, old.variant_id, old.chain) == ("am", None, ("am",))


def test_approved_document_is_none_before_any_approval(make_project, run):
    root = make_project()
    sign_all(run, root, roles=("lawyer", "hr", "supervisor"))
    assert approved_document(load_config(root), "am") is None


def test_from_canonical_round_trips_variants_and_items(make_project):
    role = BASE_ROLE.replace(
        "    text: {th: สรรหาลูกค้า, en: Searching for clients.}\n",
        '    text: {th: "สรรหาลูกค้า ${region}", en: "Searching for clients in ${region}."}\n'
        "    items:\n      - {id: calls, text: {th: โทร, en: Calls.}}\n",
    ) + (
        "variants:\n  - id: north\n    params: {region: {th: ภาคเหนือ, en: the North}}\n"
        "requirements:\n  - id: degree\n    kind: education\n"
        "    text: {th: ปริญญาตรี, en: A degree.}\n"
    )
    root = make_project({"am": role})
    state = analyse(load_config(root))
    assert not state.errors, state.errors
    (doc,) = state.documents
    from jdgen.resolve.document import Document

    rebuilt = Document.from_canonical(json.loads(json.dumps(doc.canonical())))
    assert rebuilt.digest == doc.digest
    assert (rebuilt.id, rebuilt.role_id, rebuilt.variant_id) == ("am--north", "am", "north")
    assert rebuilt.sections == doc.sections

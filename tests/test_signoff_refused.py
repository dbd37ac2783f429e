"""``jdgen sign`` refuses what must not be recorded: exact messages, exit 1, nothing written."""

from __future__ import annotations

import pytest

from conftest import BASE_ROLE
from signoff_helpers import sign_all, sign_args


def ledger_bytes(root):
    path = root / "signoffs" / "am.yaml"
    return path.read_bytes() if path.exists() else None


def refused(run, root, args, message):
    before = ledger_bytes(root)
    result = run(*args, project=root)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"jdgen: {message}\n")
    assert ledger_bytes(root) == before, "a refused sign-off must write nothing"


def test_unknown_document(make_project, run):
    refused(
        run,
        make_project(),
        sign_args("nope", "lawyer"),
        "cannot sign nope: no such document in this project; `jdgen status` lists the documents",
    )


def test_unknown_document_suggests_a_close_id(make_project, run):
    refused(
        run,
        make_project(),
        sign_args("amm", "lawyer"),
        "cannot sign amm: no such document in this project; did you mean am? `jdgen status` "
        "lists the documents",
    )


def test_abstract_role_is_not_a_document(make_project, run):
    root = make_project({"base": "abstract: true\n" + BASE_ROLE, "am": "extends: base\n"})
    refused(
        run,
        root,
        sign_args("base", "lawyer"),
        "cannot sign base: it is an abstract role, which is never published; sign the "
        "documents that extend it",
    )


def test_role_outside_the_reviewer_set(make_project, run):
    refused(
        run,
        make_project(),
        sign_args("am", "cfo"),
        "cannot sign am as 'cfo': the roles that sign this document are lawyer, hr, "
        "supervisor, approver",
    )


def test_document_reviewer_set_is_respected(make_project, run):
    root = make_project({"am": BASE_ROLE + "approval:\n  reviewers: [hr]\n"})
    refused(
        run,
        root,
        sign_args("am", "lawyer"),
        "cannot sign am as 'lawyer': the roles that sign this document are hr, approver",
    )
    sign_all(run, root, roles=("hr", "approver"))
    assert run("status", project=root).stdout.splitlines()[1].split()[:3] == ["am", "approved", "1"]


def test_project_reviewer_set_is_respected(make_project, run):
    from conftest import CONFIG

    root = make_project(
        config=CONFIG.replace("[approval]\n", '[approval]\nreviewers = ["lawyer", "union"]\n')
    )
    refused(
        run,
        root,
        sign_args("am", "hr"),
        "cannot sign am as 'hr': the roles that sign this document are lawyer, union, approver",
    )
    refused(
        run,
        root,
        sign_args("am", "union"),
        "cannot sign am as union: no default post for union in th; give the signer's "
        'post with --post, for example --post "Legal Counsel" (or set it in [approval] '
        "posts of jdgen.toml)",
    )


def test_same_role_signing_the_same_content_twice(make_project, run):
    root = make_project()
    sign_all(run, root, roles=("lawyer",))
    refused(
        run,
        root,
        sign_args("am", "lawyer", "2024-05-04"),
        "cannot sign am as lawyer: lawyer already signed this content "
        "(entry 1: Somchai Jaidee, 2024-05-01)",
    )


def test_approver_before_every_reviewer(make_project, run):
    root = make_project()
    sign_all(run, root, roles=("hr",))
    refused(
        run,
        root,
        sign_args("am", "approver"),
        "cannot sign am as approver: the approver signs last, after lawyer, hr, supervisor; "
        "still to sign this content: lawyer, supervisor",
    )


def test_approver_dated_before_a_reviewer(make_project, run):
    root = make_project()
    sign_all(run, root, roles=("lawyer", "hr", "supervisor"))
    refused(
        run,
        root,
        sign_args("am", "approver", "2024-05-01"),
        "cannot sign am as approver: hr signed this content on 2024-05-02, after the "
        "approver's date 2024-05-01; the approver signs last",
    )


def test_approver_after_approval_of_the_same_content(make_project, run):
    root = make_project()
    sign_all(run, root)
    refused(
        run,
        root,
        sign_args("am", "approver", "2024-05-09"),
        "cannot sign am as approver: approver already signed this content "
        "(entry 4: Prasert Wongsa, 2024-05-03)",
    )


def test_document_with_validation_errors(make_project, run):
    root = make_project({"am": BASE_ROLE.replace("rights:", "rihgts:")})
    before = ledger_bytes(root)
    result = run(*sign_args("am", "lawyer"), project=root)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "jdgen: cannot sign am: it has validation errors; fix them "
        "(jdgen validate) and sign the corrected text"
    )
    assert lines[1].startswith("roles/am.yaml:10:1: rihgts: unknown key 'rihgts'")
    assert ledger_bytes(root) == before is None


def test_errors_in_another_role_do_not_block(make_project, run):
    root = make_project({"am": BASE_ROLE, "broken": "title: [\n"})
    result = run(*sign_args("am", "lawyer"), project=root)
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    "date", ["2024-13-01", "2024-02-30", "01/05/2024", "2024-5-1", "yesterday", ""]
)
def test_malformed_date(make_project, run, date):
    refused(
        run,
        make_project(),
        sign_args("am", "lawyer", date),
        f"--date '{date}' is not a date; write it as YYYY-MM-DD, for example 2024-05-31",
    )


def test_future_date(make_project, run):
    refused(
        run,
        make_project(),
        sign_args("am", "lawyer", "2999-01-01"),
        "--date 2999-01-01 is in the future (today is "
        f"{__import__('datetime').date.today().isoformat()}); a sign-off is recorded on "
        "or after the day it is given",
    )


@pytest.mark.parametrize("days_ago", [0, 400])
def test_a_buddhist_era_date_is_pointed_out_not_converted(make_project, run, days_ago):
    import datetime as dt

    common = dt.date.today() - dt.timedelta(days=days_ago)
    buddhist = f"{common.year + 543}-{common.month:02d}-{common.day:02d}"
    refused(
        run,
        make_project(),
        sign_args("am", "lawyer", buddhist),
        f"--date {buddhist} is a Buddhist-Era date (พ.ศ. {common.year + 543}); jdgen "
        f"records dates in the Common Era: write --date {common.isoformat()}",
    )


def test_a_buddhist_era_leap_day_is_pointed_out_too(make_project, run):
    # 2567 is not a leap year counted as CE, so the date is not even valid as written.
    refused(
        run,
        make_project(),
        sign_args("am", "lawyer", "2567-02-29"),
        "--date 2567-02-29 is a Buddhist-Era date (พ.ศ. 2567); jdgen records dates in the "
        "Common Era: write --date 2024-02-29",
    )


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--name", "   ", "--name must not be empty"),
        ("--name", "A\x1bB", "--name contains the control character U+001B; remove it"),
        ("--name", "A\nB", "--name contains the control character U+000A; remove it"),
        ("--name", "x" * 201, "--name is 201 characters long; the limit is 200"),
    ],
)
def test_bad_signer_text(make_project, run, option, value, message):
    args = [
        "sign",
        "am",
        "--as",
        "lawyer",
        "--post",
        "Legal Counsel",
        "--date",
        "2024-05-01",
        "--name",
        "Somchai",
    ]
    args[args.index(option) + 1] = value
    refused(run, make_project(), args, message)


def test_default_date_is_today(make_project, run):
    import datetime as dt

    root = make_project()
    result = run("sign", "am", "--as", "supervisor", "--name", "Anan", project=root)
    assert result.exit_code == 0, result.stderr
    assert f'date: "{dt.date.today().isoformat()}"' in ledger_bytes(root).decode()


def test_missing_required_option_is_a_usage_error(make_project, run):
    result = run("sign", "am", "--name", "X", project=make_project())
    assert result.exit_code == 2
    assert "Missing option '--as'" in result.stderr

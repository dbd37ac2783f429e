"""``jdgen new``, the placeholder lint, ``jdgen ids`` and shell completion of ids."""

from __future__ import annotations

import pytest
from click.shell_completion import ShellComplete
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BASE_ROLE
from jdgen.author.ids import clause_id, slug
from jdgen.author.new import create_role
from jdgen.cli import main
from jdgen.errors import FileInTheWay, UnknownRole, UsageError
from jdgen.project import load_config
from jdgen.validate.spec import ID_RE


def test_new_role_has_the_required_sections_and_warns_until_finished(make_project, run):
    root = make_project()
    result = run("new", "fresh", "--title-th", "พนักงานใหม่", "--title-en", "New Post", project=root)
    assert (result.exit_code, result.stdout) == (
        0,
        "wrote roles/fresh.yaml: replace its TODO: texts, then jdgen validate\n",
    )
    text = (root / "roles" / "fresh.yaml").read_text()
    for section in ("general_provisions:", "functions:", "rights:", "responsibility:"):
        assert f"\n{section}\n  - id: " in text
    assert "  th: พนักงานใหม่\n  en: New Post\n" in text
    result = run("validate", project=root)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "roles/fresh.yaml:4:1: warning[placeholder-text]: department: department is still "
        "placeholder text (TODO:); write it",
        "roles/fresh.yaml:4:1: warning[placeholder-text]: reports_to: reports_to is still "
        "placeholder text (TODO:); write it",
        *(
            f"roles/fresh.yaml:{line}:5: warning[placeholder-text]: {section}.{cid}: clause "
            f"'{cid}' is still placeholder text (TODO:); write the clause or remove it"
            for line, section, cid in (
                (14, "general_provisions", "provision-1"),
                (19, "functions", "function-1"),
                (24, "rights", "right-1"),
                (29, "responsibility", "responsibility-1"),
            )
        ),
    ]
    assert run("validate", "--strict", project=root).exit_code == 1
    finished = text.replace("TODO:", "Done:")
    (root / "roles" / "fresh.yaml").write_text(finished)
    assert run("validate", "--strict", project=root).stdout == ""


def test_new_role_extending_a_parent_adds_only_what_the_parent_lacks(make_project, run):
    root = make_project()
    result = run("new", "kam", "--extends", "am", "--title-en", "Key", project=root)
    assert result.exit_code == 0, result.output
    text = (root / "roles" / "kam.yaml").read_text()
    assert "extends: am\n" in text
    assert "department" not in text and "reports_to" not in text and "rights" not in text
    assert "  th: 'TODO: ชื่อตำแหน่ง'\n  en: Key\n" in text
    result = run("validate", project=root)
    assert result.exit_code == 0
    assert [line.split(" warning")[0] for line in result.stdout.splitlines()] == [
        "roles/kam.yaml:4:1:",
        "roles/kam.yaml:9:5:",
    ]


def test_create_role_is_the_library_function_serve_calls(make_project):
    config = load_config(make_project())
    path = create_role(config, "desk", titles={"th": "โต๊ะ", "en": "Desk"})
    assert path == config.roles_dir / "desk.yaml"
    with pytest.raises(
        FileInTheWay,
        match="roles/desk.yaml already exists; nothing was "
        r"written \(pass --force to replace it\)",
    ):
        create_role(config, "desk")
    path.write_text("# mine\n")
    assert create_role(config, "desk", force=True).read_text().startswith("# Role desk:")
    with pytest.raises(UnknownRole, match="no role 'nope' to extend; `jdgen list` shows"):
        create_role(config, "x", extends="nope")
    with pytest.raises(UsageError, match="'Bad Id' is not a role id"):
        create_role(config, "Bad Id")
    with pytest.raises(UsageError, match="a title is given in ru, which is not among"):
        create_role(config, "x", titles={"ru": "Икс"})
    with pytest.raises(UsageError, match="role 'x' cannot extend itself"):
        create_role(config, "x", extends="x")
    (config.roles_dir / "old.yml").write_text("# mine\n")
    with pytest.raises(FileInTheWay, match=r"roles/old\.yml already defines role 'old'"):
        create_role(config, "old", force=True)
    assert (config.roles_dir / "old.yml").read_text() == "# mine\n"
    assert not (config.roles_dir / "x.yaml").exists()


def test_new_refuses_with_a_clear_message_and_exit_code(make_project, run):
    root = make_project()
    assert run("new", "am", project=root).stderr == (
        "jdgen: roles/am.yaml already exists; nothing was written (pass --force to replace it)\n"
    )
    result = run("new", "x", "--extends", "nope", project=root)
    assert (result.exit_code, result.stderr) == (
        1,
        "jdgen: no role 'nope' to extend; `jdgen list` shows the roles\n",
    )
    result = run("new", "X", project=root)
    assert result.exit_code == 2
    result = run("new", "x", "--title", "th", project=root)
    assert (result.exit_code, result.stderr) == (
        2,
        "jdgen: --title takes LANG=TEXT, like ru=\"Менеджер\", not 'th'\n",
    )


def test_new_in_a_library_project_extends_bundled_roles(run, tmp_path):
    folder = tmp_path / "p"
    assert (
        run(
            "init",
            str(folder),
            "--from-library",
            "--organisation-th",
            "ก",
            "--organisation-en",
            "A",
        ).exit_code
        == 0
    )
    result = run("new", "kam-east", "--extends", "key-account-manager", project=folder)
    assert result.exit_code == 0, result.output
    assert "department" not in (folder / "roles" / "kam-east.yaml").read_text()
    result = run("new", "account-manager", project=folder)
    assert (result.exit_code, result.stderr) == (
        1,
        "jdgen: 'account-manager' is a role of the bundled library; choose an id of your "
        "own and extend it (--extends account-manager)\n",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("สรรหาลูกค้าผ่านช่องทางการสื่อสาร", "saha-lukkha-phan-chongthang"),
        ("การวิเคราะห์ตลาด กลุ่มลูกค้าเป้าหมาย", "wikhera-tlat-klum-lukkha"),
        ("Analysing the market, the target client groups", "analysing-market-target-client"),
        ("Поиск клиентов", "poisk-klientov"),
        ("Éducation supérieure", "education-superieure"),
        ("!!!", "clause"),
    ],
)
def test_ids_are_spelled_from_the_text(text, expected):
    assert slug(text) == expected


def test_ids_are_unique_and_fall_back_to_the_next_language():
    taken = {"poisk-klientov"}
    assert clause_id(["Поиск клиентов"], taken) == "poisk-klientov-2"
    assert clause_id(["Поиск клиентов"], taken) == "poisk-klientov-3"
    assert clause_id(["…", "Client search"], taken) == "client-search"
    assert clause_id(["…"], taken) == "clause"


HANDWRITTEN = (
    BASE_ROLE.replace("  - id: search\n    text:", "  # searching\n  - text:")
    + """\
evaluation:
  - {text: {th: ประเมินผลงานรายไตรมาส, en: Quarterly review}}
  - text: {th: ประเมินผลงานรายไตรมาส, en: Again}
    items:
      - {id: "no", text: x}
      - text: "yes"
"""
)


def test_ids_fills_missing_ids_and_keeps_the_layout(make_project, run):
    root = make_project({"am": HANDWRITTEN})
    assert run("validate", project=root).exit_code == 1
    result = run("ids", "--check", project=root)
    assert (result.exit_code, result.stderr) == (1, "4 clause(s) without an id; run jdgen ids\n")
    before = (root / "roles" / "am.yaml").read_text()
    result = run("ids", project=root)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        (
            "roles/am.yaml:9:5: functions[0]: id 'saha-lukkha'\n"
            "roles/am.yaml:17:6: evaluation[0]: id 'pramoen-phlangan-rai-traimat'\n"
            "roles/am.yaml:18:5: evaluation[1]: id 'pramoen-phlangan-rai-traimat-2'\n"
            "roles/am.yaml:21:9: evaluation[1].items[1]: id 'yes'\n"
        ),
        "gave 4 clause(s) an id\n",
    )
    after = (root / "roles" / "am.yaml").read_text()
    assert "  # searching\n  - id: saha-lukkha\n    text: {th: สรรหาลูกค้า" in after
    assert "  - {id: pramoen-phlangan-rai-traimat, text: {th:" in after
    assert "      - id: 'yes'\n        text: \"yes\"\n" in after
    assert len(after.splitlines()) == len(before.splitlines()) + 3
    assert run("validate", project=root).exit_code == 0
    assert run("ids", "--check", project=root).exit_code == 0


def test_ids_reports_a_broken_file_and_writes_nothing(make_project, run):
    root = make_project({"am": BASE_ROLE, "bad": "title: [unclosed\n"})
    result = run("ids", project=root)
    assert result.exit_code == 1
    assert result.stderr.startswith("roles/bad.yaml:1:8: YAML syntax error")
    assert (root / "roles" / "bad.yaml").read_text() == "title: [unclosed\n"


def complete(args, incomplete, root):
    completer = ShellComplete(main, {}, "jdgen", "_JDGEN_COMPLETE")
    return [
        item.value
        for item in completer.get_completions(["--project", str(root), *args], incomplete)
    ]


def test_shell_completion_of_commands_options_and_ids(make_project):
    root = make_project(
        {
            "am": BASE_ROLE + "variants:\n  - id: north\n  - id: south\n",
            "base": BASE_ROLE + "abstract: true\n",
        }
    )
    assert {"init", "new", "ids", "schema", "import", "build"} <= set(complete([], "", root))
    assert complete(["build"], "am", root) == ["am--north", "am--south"]
    assert complete(["sign"], "", root) == ["am--north", "am--south"]
    assert complete(["new", "x", "--extends"], "", root) == ["am", "base"]
    assert "--extends" in complete(["new", "x"], "--", root)
    broken = make_project({"am": "title: ["})
    assert complete(["build"], "", broken) == []


def test_the_completion_script_comes_from_click():
    from click.testing import CliRunner

    result = CliRunner().invoke(main, [], prog_name="jdgen", env={"_JDGEN_COMPLETE": "bash_source"})
    assert result.exit_code == 0
    assert (
        "_jdgen_completion()" in result.stdout and "_JDGEN_COMPLETE=bash_complete" in result.stdout
    )


SCRIPTS = st.text(
    alphabet=st.sampled_from(
        [*"abcXYZ019 .,:;-'’", *"กขคงสรหาลูกค้าการ่้ๆ ", *"абвгдежзийклмнопрстуфхцчшщъыьэюяё"]
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(SCRIPTS, min_size=1, max_size=3),
    taken=st.sets(st.from_regex(ID_RE, fullmatch=True).filter(lambda s: len(s) < 20), max_size=5),
)
def test_every_text_gives_a_valid_new_id(texts, taken):
    before = set(taken)
    new = clause_id(texts, taken)
    assert ID_RE.match(new) and new not in before and new in taken
    assert clause_id(texts, set(before)) == new  # the same texts, the same id


def test_ids_refuses_an_edit_that_would_change_the_files_meaning(make_project, run, monkeypatch):
    from jdgen.author import fill_ids

    root = make_project({"am": HANDWRITTEN})
    before = (root / "roles" / "am.yaml").read_text()
    monkeypatch.setattr(fill_ids, "_insert", lambda text, new: text.replace("Again", "Other"))
    result = run("ids", project=root)
    assert (result.exit_code, result.stderr) == (
        1,
        "jdgen: roles/am.yaml: the ids cannot be inserted without changing the file's "
        "meaning (an unusual layout); add them by hand\n",
    )
    assert (root / "roles" / "am.yaml").read_text() == before
    (root / "notes.docx").write_bytes(b"PK\x03\x04\xff\xfe")
    result = run("ids", str(root / "notes.docx"), project=root)
    assert result.exit_code == 1
    assert result.stderr.startswith("notes.docx:1:")

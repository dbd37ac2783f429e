"""DESIGN's contract, exactly (issue 14 §2): what a minimal project relies on."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

from conftest import BASE_ROLE, REPO

VARIANTS = BASE_ROLE.replace(
    "title: {th: ผู้จัดการบัญชีลูกค้า, en: Account Manager}",
    'title: {th: "ผู้จัดการบัญชีลูกค้า ${region}", en: "Account Manager (${region})"}',
) + (
    "variants:\n"
    "  - id: north\n    params: {region: {th: ภาคเหนือ, en: North}}\n"
    "  - id: south\n    params: {region: {th: ภาคใต้, en: South}}\n"
)


def test_build_of_a_role_builds_every_variant(make_project, run):
    root = make_project({"am": BASE_ROLE, "kam": VARIANTS})
    result = run("build", "kam", "--lang", "en", project=root)
    assert result.exit_code == 0, result.stderr
    built = sorted(p.name for p in (root / "output").glob("*.html"))
    assert built == ["kam--north.en.html", "kam--south.en.html"]


def test_build_of_a_role_and_one_of_its_variants_builds_each_once(make_project, run):
    root = make_project({"am": BASE_ROLE, "kam": VARIANTS})
    result = run("build", "kam--south", "kam", "am", "--lang", "en", project=root)
    assert result.exit_code == 0, result.stderr
    built = sorted(p.name for p in (root / "output").glob("*.html"))
    assert built == ["am.en.html", "kam--north.en.html", "kam--south.en.html"]


def test_status_of_a_role_lists_its_variants(make_project, run):
    root = make_project({"kam": VARIANTS})
    result = run("status", "kam", project=root)
    assert result.exit_code == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == [
        "kam--north",
        "kam--south",
    ]


def test_an_unknown_id_is_still_refused(make_project, run):
    root = make_project({"kam": VARIANTS})
    result = run("build", "ka", project=root)
    assert result.exit_code == 1
    assert result.stderr == "jdgen: unknown document id(s): ka; `jdgen list` shows the ids\n"


def test_an_inheritance_cycle_is_reported_in_every_file_of_it(make_project, run):
    root = make_project(
        {
            "a": "extends: c\n",
            "b": "title: x\nextends: a\n",
            "c": "extends: b\n",
            "d": "extends: a\n",
        }
    )
    result = run("validate", project=root)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "roles/a.yaml:1:10: extends: inheritance cycle: a -> c -> b -> a; "
        "remove one of these extends",
        "roles/b.yaml:2:10: extends: inheritance cycle: b -> a -> c -> b; "
        "remove one of these extends",
        "roles/c.yaml:1:10: extends: inheritance cycle: c -> b -> a -> c; "
        "remove one of these extends",
    ]


def test_a_role_extending_itself_is_a_cycle_of_one(make_project, run):
    root = make_project({"a": "extends: a\n"})
    result = run("validate", project=root)
    assert result.stdout.splitlines() == [
        "roles/a.yaml:1:10: extends: inheritance cycle: a -> a; remove one of these extends"
    ]


README = (REPO / "README.md").read_text(encoding="utf-8")
MINIMAL = """\
languages = ["th", "en"]
organisation = { th = "บริษัท ตัวอย่าง จำกัด", en = "Example Co., Ltd." }
"""


def readme_project_blocks() -> list[tuple[str, str]]:
    """The fenced blocks of README's "A document project" section as (language, text)."""
    section = README.split("### A document project", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```(\w+)\n(.*?)```", section, re.DOTALL)


def test_readme_document_project_works_in_an_empty_folder_as_written(tmp_path, run):
    root = tmp_path / "hr"
    root.mkdir()
    commands = []
    for lang, text in readme_project_blocks():
        if lang in ("toml", "yaml"):
            first, _, body = text.partition("\n")
            name = first.removeprefix("# ").strip()
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(body, encoding="utf-8")
        else:
            assert lang == "sh"
            for line in text.splitlines():
                for command in line.split("#", 1)[0].split("&&"):
                    commands.append(shlex.split(command))
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*.*")) == [
        "jdgen.toml",
        "roles/account-manager.yaml",
        "roles/key-account-manager.yaml",
    ]
    assert [c[:2] for c in commands] == [
        ["jdgen", "validate"],
        ["jdgen", "build"],
        ["jdgen", "build"],
        ["jdgen", "sign"],
    ]
    for command in commands:
        result = run(*command[1:], project=root)
        assert result.exit_code == 0, (command, result.stdout, result.stderr)
    published = sorted(
        p.name for p in (root / "output").glob("*.*.*") if not p.name.startswith(".")
    )
    assert published == sorted(
        f"{doc}.{lang}.{ext}"
        for doc in ("account-manager", "key-account-manager--north")
        for lang in ("th", "en")
        for ext in ("pdf", "docx", "html")
    )


def test_a_minimal_project_validates_builds_and_signs_without_any_post(make_project, run):
    root = make_project(config=MINIMAL)
    assert run("validate", project=root).exit_code == 0
    for role in ("lawyer", "hr", "supervisor", "approver"):
        result = run(
            "sign",
            "am",
            "--as",
            role,
            "--name",
            f"Signer {role}",
            "--date",
            "2024-05-03",
            project=root,
        )
        assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "signed am as approver: Signer approver (กรรมการผู้จัดการ / Managing Director), "
        "2024-05-03; entry 4 of signoffs/am.yaml",
        "am: approved, revision 1 (2024-05-03)",
    ]
    assert run("build", "--format", "html,docx", project=root).exit_code == 0
    english = (root / "output" / "am.en.html").read_text(encoding="utf-8")
    assert "Managing Director" in english
    for post in ("Legal Counsel", "Human Resources Manager", "Head of Sales"):
        assert f"<td>{post}</td>" in english, post
    for thai in ("นิติกร", "กรรมการผู้จัดการ", "หัวหน้าฝ่ายขาย"):
        assert thai not in english
    thai = (root / "output" / "am.th.html").read_text(encoding="utf-8")
    for post in ("นิติกร", "ผู้จัดการฝ่ายทรัพยากรบุคคล", "หัวหน้าฝ่ายขาย"):
        assert f"<td>{post}</td>" in thai, post
    assert "Legal Counsel" not in thai
    assert sheet_posts(root / "output" / "am.en.docx") == [
        "Legal Counsel",
        "Human Resources Manager",
        "Head of Sales",
    ]


def sheet_posts(path: Path) -> list[str]:
    """The Position column of the approval sheet of a DOCX (the table after its title)."""
    import docx

    document = docx.Document(str(path))
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        if header[:2] == ["Capacity", "Position"]:
            return [row.cells[1].text for row in table.rows[1:]]
    raise AssertionError("no approval sheet")


def test_the_english_pdf_sheet_prints_english_posts(make_project, run):
    root = make_project(config=MINIMAL.replace("]\n", ']\nformats = ["pdf"]\n', 1))
    for role in ("lawyer", "hr", "supervisor", "approver"):
        assert (
            run(
                "sign", "am", "--as", role, "--name", "Anan", "--date", "2024-05-03", project=root
            ).exit_code
            == 0
        )
    assert run("build", "--lang", "en", project=root).exit_code == 0
    text = subprocess.run(
        ["pdftotext", "-layout", str(root / "output" / "am.en.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Legal Counsel" in text and "Head of Sales" in text
    assert "นิติกร" not in text and "หัวหน้าฝ่ายขาย" not in text


def test_posts_per_language_and_from_jdgen_toml(make_project, run):
    config = MINIMAL + (
        '[approval]\napprover = { th = "ประธานกรรมการ", en = "Chairman" }\n'
        'posts = { hr = { th = "หัวหน้างานบุคคล", en = "Head of People" } }\n'
    )
    root = make_project(config=config)
    args = ("--date", "2024-05-03")
    assert (
        run(
            "sign",
            "am",
            "--as",
            "lawyer",
            "--name",
            "A",
            "--post",
            "th=ทนายความ",
            "--post",
            "en=Attorney",
            *args,
            project=root,
        ).exit_code
        == 0
    )
    assert run("sign", "am", "--as", "hr", "--name", "B", *args, project=root).exit_code == 0
    assert (
        run(
            "sign",
            "am",
            "--as",
            "supervisor",
            "--name",
            "C",
            "--post",
            "en=Sales Lead",
            *args,
            project=root,
        ).exit_code
        == 0
    )
    result = run("sign", "am", "--as", "approver", "--name", "D", *args, project=root)
    assert "(ประธานกรรมการ / Chairman)" in result.stderr
    status = json.loads(run("status", "--format", "json", project=root).stdout)
    assert [s["post"] for s in status["documents"][0]["signoffs"]] == [
        "ทนายความ",
        "หัวหน้างานบุคคล",
        "หัวหน้าฝ่ายขาย",
        "ประธานกรรมการ",
    ]
    assert run("build", project=root).exit_code == 0
    english = (root / "output" / "am.en.html").read_text(encoding="utf-8")
    for post in ("Attorney", "Head of People", "Sales Lead", "Chairman"):
        assert post in english, post


def test_a_role_overrides_the_approver_post(make_project, run):
    role = BASE_ROLE + "approval:\n  approver: {post: {th: ผู้อำนวยการ, en: Director}}\n"
    root = make_project({"am": role}, config=MINIMAL)
    assert run("build", "--lang", "en", "--format", "html", project=root).exit_code == 0
    html = (root / "output" / "am.en.html").read_text(encoding="utf-8")
    assert "Director" in html and "Managing Director" not in html


def test_a_projects_labels_give_the_default_posts(make_project, run):
    root = make_project(config=MINIMAL)
    labels = root / "templates" / "labels"
    labels.mkdir(parents=True)
    package = (REPO / "src" / "jdgen" / "templates" / "labels" / "en.toml").read_text(
        encoding="utf-8"
    )
    own = re.sub(r"\[posts\]\n(.+\n)+", '[posts]\napprover = "Chief Executive"\n', package)
    assert own.count("Chief Executive") == 1 and "Legal Counsel" not in own
    (labels / "en.toml").write_text(own, encoding="utf-8")
    result = run("build", "--lang", "en", "--format", "html", project=root)
    assert result.exit_code == 0, result.stderr
    html = (root / "output" / "am.en.html").read_text(encoding="utf-8")
    assert "Chief Executive" in html and "Managing Director" not in html
    signed = run("sign", "am", "--as", "lawyer", "--name", "A", project=root)
    assert "(นิติกร / Legal Counsel)" in signed.stderr  # missing labels: jdgen's own


def test_a_post_for_an_unknown_language_is_refused(make_project, run):
    root = make_project(config=MINIMAL)
    result = run("sign", "am", "--as", "lawyer", "--name", "A", "--post", "fr=Avocat", project=root)
    assert (result.exit_code, result.stderr) == (
        1,
        "jdgen: --post fr=…: 'fr' is not a language of am (th, en)\n",
    )
    twice = run(
        "sign", "am", "--as", "lawyer", "--name", "A", "--post", "X", "--post", "Y", project=root
    )
    assert twice.exit_code == 2


def test_a_language_without_a_default_post_asks_for_one(make_project, run):
    config = MINIMAL.replace('["th", "en"]', '["th", "en", "de"]').replace(
        'en = "Example Co., Ltd." }', 'en = "Example Co., Ltd.", de = "Beispiel GmbH" }'
    )
    role = BASE_ROLE.replace("en: ", "de: x, en: ")
    root = make_project({"am": role}, config=config)
    result = run("validate", project=root)
    assert result.exit_code == 1
    assert result.stdout == (
        "roles/am.yaml:1:1: approval.approver.post: no approver post: set "
        "approval.approver.post here, approval.approver in jdgen.toml, or posts.approver in "
        "the labels of every language\n"
    )

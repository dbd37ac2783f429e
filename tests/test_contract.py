"""DESIGN's contract, exactly (issue 14 §2): what a minimal project relies on."""

from __future__ import annotations

from conftest import BASE_ROLE

VARIANTS = BASE_ROLE.replace(
    "title: {th: ผู้จัดการบัญชีลูกค้า, en: Account Manager}",
    'title: {th: "ผู้จัดการบัญชีลูกค้า ${region}", en: "Account Manager (${region})"}',
) + ("variants:\n"
     "  - id: north\n    params: {region: {th: ภาคเหนือ, en: North}}\n"
     "  - id: south\n    params: {region: {th: ภาคใต้, en: South}}\n")


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
        "kam--north", "kam--south"]


def test_an_unknown_id_is_still_refused(make_project, run):
    root = make_project({"kam": VARIANTS})
    result = run("build", "ka", project=root)
    assert result.exit_code == 1
    assert result.stderr == "jdgen: unknown document id(s): ka; `jdgen list` shows the ids\n"


def test_an_inheritance_cycle_is_reported_in_every_file_of_it(make_project, run):
    root = make_project({"a": "extends: c\n", "b": "title: x\nextends: a\n",
                         "c": "extends: b\n", "d": "extends: a\n"})
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
        "roles/a.yaml:1:10: extends: inheritance cycle: a -> a; remove one of these extends"]

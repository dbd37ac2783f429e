"""No command writes a user-named output onto a source: diff -o, build --report,
manifest merge -o and the catalogue's -o refuse inputs, role files, jdgen.toml, signoffs/,
templates/ and the build's own files, with exit 2 and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BASE_ROLE
from jdgen.write.guard import source_clash

CHANGED = BASE_ROLE.replace("สรรหาลูกค้า, en: Searching", "สรรหาลูกค้าใหม่, en: Finding")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def project(make_project):
    root = make_project({"am": BASE_ROLE, "am2": CHANGED})
    (root / "signoffs").mkdir()
    (root / "signoffs" / "ledger.jsonl").write_text("", encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "README.txt").write_text("", encoding="utf-8")
    return root


SOURCES = [
    "roles/am.yaml",
    "roles/am2.yaml",
    "roles/new.yaml",
    "jdgen.toml",
    "signoffs/ledger.jsonl",
    "signoffs/new.json",
    "templates/README.txt",
    "templates/html/document.html.j2",
    "output/manifest.json",
    "output/.jdgen-resolved",
]


@pytest.mark.parametrize("fmt", ["md", "docx"])
@pytest.mark.parametrize("target", SOURCES)
def test_diff_output_on_a_source_is_refused(project, run, monkeypatch, fmt, target):
    monkeypatch.chdir(project)
    before = snapshot(project)
    result = run("diff", "roles/am.yaml", "roles/am2.yaml", "--format", fmt, "-o", target)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"jdgen: -o {target}: will not write there: ")
    assert snapshot(project) == before


def test_diff_names_the_reason(project, run, monkeypatch):
    monkeypatch.chdir(project)
    said = {
        t: run("diff", "roles/am.yaml", "roles/am2.yaml", "-o", t).stderr
        for t in (
            "roles/am2.yaml",
            "jdgen.toml",
            "signoffs/x",
            "templates/x",
            "roles/other.md",
            "output/manifest.json",
        )
    }
    assert "it is one of this command's inputs" in said["roles/am2.yaml"]
    assert "it is the project's jdgen.toml" in said["jdgen.toml"]
    assert "inside signoffs/, which holds the sign-off ledger" in said["signoffs/x"]
    assert "inside templates/, which holds the project's templates" in said["templates/x"]
    assert "inside roles/, which holds the role files" in said["roles/other.md"]
    assert "one of the build's own files in output/" in said["output/manifest.json"]


def test_diff_refuses_a_link_to_a_source(project, run, tmp_path):
    for name, source in (("link.yaml", "roles/am.yaml"), ("conf.toml", "jdgen.toml")):
        link = tmp_path / name
        link.symlink_to(project / source)
        before = snapshot(project)
        result = run(
            "diff",
            str(project / "roles" / "am.yaml"),
            str(project / "roles" / "am2.yaml"),
            "-o",
            str(link),
        )
        assert result.exit_code == 2, (link, result.stderr)
        assert snapshot(project) == before and link.is_symlink()


def test_diff_refuses_the_sources_of_another_project(project, run, make_project, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "jdgen.toml").write_text((project / "jdgen.toml").read_text("utf-8"), "utf-8")
    result = run(
        "diff",
        str(project / "roles" / "am.yaml"),
        str(project / "roles" / "am2.yaml"),
        "-o",
        str(other / "roles" / "x.md"),
    )
    assert result.exit_code == 2
    assert not (other / "roles").exists()


def test_diff_to_a_file_of_its_own_still_works(project, run, monkeypatch):
    monkeypatch.chdir(project)
    for target in ("output/redline.md", "redline.md", "docs/redline.md"):
        result = run("diff", "roles/am.yaml", "roles/am2.yaml", "--format", "md", "-o", target)
        assert result.exit_code == 1, result.stderr
        assert (project / target).read_text("utf-8").startswith("# jdgen diff")


def test_git_external_refuses_git_s_files_as_output(project, run, monkeypatch):
    monkeypatch.chdir(project)
    old = project / "old-copy.yaml"
    old.write_text(BASE_ROLE, encoding="utf-8")
    before = old.read_bytes()
    result = run(
        "diff",
        "--git-external",
        "-o",
        str(old),
        "roles/am.yaml",
        str(old),
        "0" * 40,
        "100644",
        "roles/am.yaml",
        "0" * 40,
        "100644",
    )
    assert result.exit_code == 2
    assert old.read_bytes() == before


@pytest.mark.parametrize(
    "target",
    [
        "roles/am.yaml",
        "jdgen.toml",
        "signoffs/report.json",
        "templates/report.xml",
        "output/manifest.json",
        "output/.jdgen-cache.json",
    ],
)
def test_build_report_on_a_source_is_refused_before_building(project, run, target):
    before = snapshot(project)
    result = run("build", "--report", str(project / target), project=project)
    assert result.exit_code == 2, result.stderr
    assert "--report" in result.stderr and "will not write there" in result.stderr
    assert snapshot(project) == before  # nothing built, nothing written


def test_build_report_in_the_output_folder_is_fine(project, run):
    result = run("build", "--report", str(project / "output" / "report.json"), project=project)
    assert result.exit_code == 0, result.stderr
    assert (project / "output" / "report.json").is_file()


def test_build_refuses_an_output_folder_in_another_project_s_roles(project, run, tmp_path):
    other = tmp_path / "other"
    (other / "roles").mkdir(parents=True)
    (other / "jdgen.toml").write_text((project / "jdgen.toml").read_text("utf-8"), "utf-8")
    config = project / "jdgen.toml"
    config.write_text(
        config.read_text("utf-8").replace(
            'formats = ["html"]', f'formats = ["html"]\noutput = "{other / "roles"}"'
        ),
        "utf-8",
    )
    result = run("build", project=project)
    if result.exit_code == 1 and "output" in result.stderr:
        return  # the config itself refuses a folder outside the project: also safe
    assert result.exit_code == 2, result.stderr
    assert "will not publish into" in result.stderr
    assert list((other / "roles").iterdir()) == []


def _shards(project: Path, run) -> list[Path]:
    for k in (1, 2):
        assert run("build", "--shard", f"{k}/2", project=project).exit_code == 0
    return sorted((project / "output").glob("manifest.shard-*.json"))


@pytest.mark.parametrize(
    "target", ["roles/am.yaml", "jdgen.toml", "signoffs/m.json", "output/.jdgen-cache.json"]
)
def test_manifest_merge_onto_a_source_is_refused(project, run, target):
    shards = _shards(project, run)
    before = snapshot(project)
    result = run("manifest", "merge", *map(str, shards), "-o", str(project / target))
    assert result.exit_code == 2, result.stderr
    assert snapshot(project) == before


def test_manifest_merge_onto_one_of_its_inputs_is_refused(project, run):
    shards = _shards(project, run)
    before = snapshot(project)
    result = run("manifest", "merge", *map(str, shards), "-o", str(shards[0]))
    assert result.exit_code == 2
    assert "it is one of this command's inputs" in result.stderr
    assert snapshot(project) == before


def test_manifest_merge_into_the_output_folder_still_works(project, run):
    shards = _shards(project, run)
    result = run(
        "manifest", "merge", *map(str, shards), "-o", str(project / "output" / "manifest.json")
    )
    assert result.exit_code == 0, result.stderr


def test_list_output_on_a_source_is_refused(project, run):
    before = snapshot(project)
    result = run("list", "-o", str(project / "roles" / "am.yaml"), project=project)
    assert result.exit_code == 2
    assert "will not write there: it is inside roles/" in result.stderr
    assert snapshot(project) == before
    assert run("list", "-o", str(project / "roles.md"), project=project).exit_code == 0


def test_source_clash_allows_paths_outside_every_project(tmp_path):
    assert source_clash(tmp_path / "redline.docx") is None
    assert source_clash(tmp_path / "a.md", [tmp_path / "a.md"]) is not None

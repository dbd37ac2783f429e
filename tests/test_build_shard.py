"""``--shard K/N`` and ``jdgen manifest merge``: the shards together are the full build."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from helpers.build_project import ALL_FILES, ROLES, built, published, run_build
from jdgen.publish import Shard
from jdgen.publish.shard import shard_of


def tree(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in published(folder)}


def test_shards_union_equals_full_build_and_merge_equals_manifest(make_project, run, tmp_path):
    root = make_project(ROLES)
    run_build(root)
    full_out = tmp_path / "full"
    shutil.copytree(root / "output", full_out)
    shutil.rmtree(root / "output")
    union: dict[str, bytes] = {}
    manifests = []
    for k in (1, 2, 3):
        result = run("build", "-j1", "--shard", f"{k}/3", project=root)
        assert result.exit_code == 0, result.stderr
        out = root / "output"
        part = tree(out)
        assert not set(part) & set(union)
        union.update(part)
        name = f"manifest.shard-{k}-of-3.json"
        listed = [f["path"] for f in json.loads((out / name).read_text())["files"]]
        assert sorted(listed) == sorted(part)
        keep = tmp_path / name
        shutil.copy(out / name, keep)
        manifests.append(str(keep))
        shutil.rmtree(out)
    assert union == tree(full_out)
    target = tmp_path / "merged" / "manifest.json"
    target.parent.mkdir()
    result = run("manifest", "merge", *manifests, "-o", str(target), "--no-verify")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"merged 3 manifest(s): 8 file(s) -> {target}\n"
    assert target.read_bytes() == (full_out / "manifest.json").read_bytes()


def test_shards_into_one_folder_keep_separate_manifests(make_project, run):
    root = make_project(ROLES)
    out = root / "output"
    for k in (1, 2):
        assert run("build", "-j1", "--shard", f"{k}/2", project=root).exit_code == 0
    assert sorted(p.name for p in out.glob("manifest*.json")) == [
        "manifest.shard-1-of-2.json",
        "manifest.shard-2-of-2.json",
    ]
    assert published(out) == ALL_FILES
    result = run(
        "manifest",
        "merge",
        str(out / "manifest.shard-1-of-2.json"),
        str(out / "manifest.shard-2-of-2.json"),
        "-o",
        str(out / "manifest.json"),
    )
    assert result.exit_code == 0, result.stderr
    # shard builds again: nothing to do, and no shard clobbers the other's files
    for k in (1, 2):
        result = run("build", "-j1", "--shard", f"{k}/2", project=root)
        assert result.stderr.startswith("0 built, "), result.stderr
    # a full build in the same folder absorbs the shard manifests: nothing is re-rendered
    result = run_build(root)
    assert built(result) == []
    assert sorted(p.name for p in out.glob("manifest*.json")) == ["manifest.json"]
    # and a shard build takes its entries back from manifest.json
    assert run("build", "-j1", "--shard", "1/2", project=root).stderr.startswith("0 built, ")
    one = json.loads((out / "manifest.shard-1-of-2.json").read_text())["files"]
    rest = json.loads((out / "manifest.json").read_text())["files"]
    assert sorted(f["path"] for f in one + rest) == ALL_FILES
    assert not {f["path"] for f in one} & {f["path"] for f in rest}


def test_merge_refuses_conflicts_and_mismatches(make_project, run, tmp_path):
    root = make_project(ROLES)
    run_build(root)
    out = root / "output"
    blob = json.loads((out / "manifest.json").read_text())
    blob["files"][0]["sha256"] = "0" * 64
    other = tmp_path / "other.json"
    other.write_text(json.dumps(blob))
    target = tmp_path / "merged.json"
    result = run("manifest", "merge", str(out / "manifest.json"), str(other), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == (
        f"jdgen: am.en.html differs between {out / 'manifest.json'} and "
        f"{other}; were the shards built from the same commit?\n"
    )
    result = run("manifest", "merge", str(other), "-o", str(out / "merged.json"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"jdgen: {out}/am.en.html: differs from the manifest (changed "
        "outside jdgen?)\njdgen: manifests do not match the files; "
        "nothing was written\n"
    )
    assert not target.exists() and not (out / "merged.json").exists()


def test_shard_option_is_checked(make_project, run):
    root = make_project(ROLES)
    for bad, message in (("3/2", "K must be between 1 and N"), ("x", "is not K/N")):
        result = run("build", "--shard", bad, project=root)
        assert result.exit_code == 2
        assert message in result.stderr


@given(st.lists(st.text(min_size=1, max_size=20), unique=True, max_size=60), st.integers(1, 6))
def test_shards_partition_any_set_of_ids(ids, count):
    shards = [Shard(k, count) for k in range(1, count + 1)]
    for doc_id in ids:
        assert [s.contains(doc_id) for s in shards].count(True) == 1
        assert shard_of(doc_id, count) == shard_of(doc_id, count)


def test_shards_are_balanced():
    ids = [f"role-{n:05d}" for n in range(2000)]
    sizes = [sum(Shard(k, 4).contains(i) for i in ids) for k in range(1, 5)]
    assert max(sizes) - min(sizes) < 150


def test_merge_into_a_folder_that_cannot_be_written_is_refused(make_project, run, tmp_path):
    root = make_project(ROLES)
    assert run("build", "-j1", "--shard", "1/2", project=root).exit_code == 0
    source = root / "output" / "manifest.shard-1-of-2.json"
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("")
    result = run("manifest", "merge", str(source), "-o", str(in_the_way / "manifest.json"))
    assert (result.exit_code, result.stderr) == (
        1,
        f"jdgen: cannot write {in_the_way}/manifest.json: {in_the_way} is a file, not a folder\n",
    )


def test_check_after_shard_builds_says_what_a_full_build_would_do(make_project, run):
    root = make_project(ROLES)
    for k in (1, 2):
        assert run("build", "-j1", "--shard", f"{k}/2", project=root).exit_code == 0
    manifests = "manifest.shard-1-of-2.json, manifest.shard-2-of-2.json"
    result = run("build", "--check", project=root)
    assert (result.exit_code, result.stderr) == (
        0,
        f"4 document(s) valid; 8 file(s) up to date, 0 to build; {manifests}: ok\n",
    )
    result = run("build", "--check", "--shard", "1/3", project=root)  # another split adopts too
    assert result.stderr == (
        f"4 document(s) valid; 4 file(s) up to date, 0 to build; {manifests}: ok\n"
    )
    result = run("build", "-j1", project=root)  # and a full build indeed renders nothing
    assert re.sub(r" in [0-9.]+ s", "", result.stderr) == (
        "0 built, 8 unchanged, 0 removed, 0 failed (output/)\n"
    )

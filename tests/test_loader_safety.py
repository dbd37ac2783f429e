"""The loader refuses what could harm: code-running tags, alias bombs, huge or deep files."""

from __future__ import annotations

import dataclasses
import tracemalloc
from pathlib import Path

import pytest

from conftest import BASE_ROLE, CONFIG
from jdgen.load.yaml_source import MAX_DEPTH, load_yaml, parse_yaml

BOMB = (
    "\n".join(
        [f"a0: &a0 [{', '.join(['x'] * 10)}]"]
        + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    )
    + "\n"
)


def test_python_tag_is_refused_and_never_executed(make_project, run, tmp_path):
    target = tmp_path / "pwned"
    role = BASE_ROLE + f"purpose: !!python/object/apply:os.mkdir [{str(target)!r}]\n"
    result = run("validate", project=make_project({"am": role}))
    assert result.exit_code == 1
    assert "YAML tag !!python/object/apply:os.mkdir is not allowed" in result.stdout
    assert not target.exists()


def test_python_tag_in_key_and_nested_value_is_refused(tmp_path):
    target = tmp_path / "pwned2"
    text = f"a:\n  - b: !!python/object/new:pathlib.Path [{str(target)!r}]\n"
    source, problems = parse_yaml(text, Path("x"), "x.yaml", 1000)
    assert source is None
    assert [str(p) for p in problems] == [
        "x.yaml:2:8: a[0].b: YAML tag !!python/object/new:pathlib.Path is not allowed; "
        "role files hold plain text, lists and mappings"
    ]


def test_alias_bomb_stops_at_the_node_budget_with_bounded_memory():
    tracemalloc.start()
    source, problems = parse_yaml(BOMB, Path("x"), "bomb.yaml", 100_000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert source is None
    assert [p.message for p in problems] == [
        "the file expands to more than 100,000 values (an alias bomb?); write the values out "
        "without aliases or raise limits.max_nodes"
    ]
    # 10**10 values if expanded; the budget stops it long before: a few MB at most.
    assert peak < 20_000_000


def test_alias_bomb_budget_is_the_configured_limit():
    _, problems = parse_yaml(BOMB, Path("x"), "bomb.yaml", 50)
    assert "more than 50 values" in problems[0].message
    # Aliases within the budget are fine and expand to shared values.
    source, problems = parse_yaml("a: &x [1, 2]\nb: *x\n", Path("x"), "ok.yaml", 50)
    assert problems == [] and source is not None
    assert source.data == {"a": [1, 2], "b": [1, 2]}


def test_recursive_alias_is_refused():
    _, problems = parse_yaml("a: &a [1, *a]\n", Path("x"), "x.yaml", 1000)
    assert [str(p) for p in problems] == [
        "x.yaml:1:11: a[1]: alias *a refers to the value that contains it (a recursive "
        "structure); write the value out"
    ]


def test_very_deep_nesting_is_refused_without_crashing():
    # PyYAML's own composer recurses and crashes the interpreter on input like this.
    text = "a: " + "[" * 200_000 + "]" * 200_000 + "\n"
    _, problems = parse_yaml(text, Path("x"), "x.yaml", 10**6)
    assert len(problems) == 1
    assert problems[0].message == f"nested deeper than {MAX_DEPTH} levels; flatten the structure"


def test_file_over_the_size_limit_is_refused_before_reading(make_project, run):
    root = make_project()
    big = root / "roles" / "big.yaml"
    with big.open("wb") as handle:  # sparse: 40 MB on paper, nothing on disk
        handle.truncate(40 * 1024 * 1024)
    result = run("validate", project=root)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "roles/big.yaml: file is 41,943,040 bytes, over the limit of 1,048,576 "
        "(jdgen.toml: limits.max_file_bytes); split the role or raise the limit"
    ]


def test_size_limit_is_configurable(make_project, run):
    root = make_project(config=CONFIG + "\n[limits]\nmax_file_bytes = 100\n")
    result = run("validate", project=root)
    assert result.exit_code == 1
    assert "over the limit of 100 (jdgen.toml: limits.max_file_bytes)" in result.stdout


def test_bare_dates_stay_text_and_bom_is_accepted(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffa: 2024-01-31\n".encode())
    source, problems = load_yaml(path, "x.yaml", 1000, 1000)
    assert source is not None
    assert source.data == {"a": "2024-01-31"}
    # Other YAML tools read it as a date: a warning (an error under --strict) names the fix.
    assert [str(p) for p in problems] == [
        "x.yaml:1:4: warning[ambiguous-scalar]: a: '2024-01-31' is read as text here, but "
        "other YAML tools read it as a date; put it in quotes"
    ]
    path.write_bytes("\ufeffa: '2024-01-31'\n".encode())
    assert load_yaml(path, "x.yaml", 1000, 1000)[1] == []


def test_positions_point_at_keys_and_values():
    text = "title:\n  th: ก\n  en: A\nfunctions:\n  - id: x\n    text: t\n"
    source, _ = parse_yaml(text, Path("x"), "x.yaml", 1000)
    assert source is not None
    assert str(source.loc(("functions", 0, "text"))) == "x.yaml:6:11"
    assert str(source.key_loc(("functions", 0, "text"))) == "x.yaml:6:5"
    assert str(source.loc(("title", "en"))) == "x.yaml:3:7"
    assert str(source.loc(("title", "fr"))) == "x.yaml:2:3"  # nearest known ancestor


COMPACTED = "title:\n  th: ก\n  en: A\nduties:\n  - id: x\n    text: t\n"


def _compacted(tmp_path: Path, text: str = COMPACTED):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    source, problems = load_yaml(path, "x.yaml", 10_000, 1000)
    assert problems == [] and source is not None
    compact = source.compacted(lambda keypath: keypath[:1] != ("duties",))
    assert ("duties", 0, "id") in source.values  # the source itself is left as it was
    assert ("duties", 0, "id") not in compact.values and compact.data == {}
    return path, source, compact


def test_a_source_file_is_immutable(tmp_path):
    _, source, _ = _compacted(tmp_path)
    with pytest.raises(dataclasses.FrozenInstanceError):
        source.data = {}  # type: ignore[misc]
    assert not hasattr(source, "release") and not hasattr(source, "compact")


def test_a_compacted_source_falls_back_to_kept_positions_and_never_reads_its_file(
    tmp_path, monkeypatch
):
    _, source, compact = _compacted(tmp_path)

    def refuse(*_args: object) -> bytes:
        raise AssertionError("a position lookup read the file")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert str(compact.loc(("title", "en"))) == "x.yaml:3:7"  # kept
    assert str(compact.key_loc(("duties", 0, "id"))) == "x.yaml:1:1"  # dropped: no ancestor
    assert str(source.key_loc(("duties", 0, "id"))) == "x.yaml:5:5"  # the full table
    assert str(source.loc(("duties", 0, "text"))) == "x.yaml:6:11"


def test_a_source_without_positions_keeps_only_where_its_file_is(tmp_path):
    path, source, _ = _compacted(tmp_path)
    bare = source.without_positions()
    assert (bare.path, bare.display, bare.signature) == (path, "x.yaml", source.signature)
    assert bare.data == {} and bare.values == {} and bare.keys == {}
    assert str(bare.loc(("title", "en"))) == "x.yaml:1:1"
    assert str(source.loc(("title", "en"))) == "x.yaml:3:7"

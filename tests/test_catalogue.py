"""``jdgen list`` and the catalogue module: exact output, exit codes, docs kept in sync."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASE_ROLE, REPO, write_project
from jdgen.catalogue import build_catalogue, render_markdown, render_tree
from jdgen.pipeline import analyse
from jdgen.project import load_config

# The shared fixture role, made an abstract base without a title of its own.
BASE = "abstract: true\n" + "".join(
    line for line in BASE_ROLE.splitlines(keepends=True) if not line.startswith("title:")
)

FIXTURE = {
    "base": BASE,
    "am": """\
        extends: base
        number: JD-1
        title: {th: ผู้จัดการบัญชีลูกค้า, en: Account Manager}
        """,
    "kam": """\
        extends: am
        number: JD-2
        title: {th: "ผู้จัดการลูกค้ารายใหญ่ (${region})", en: "Key Account Manager (${region})"}
        variants:
          - id: north
            number: JD-2-N
            params: {region: {th: ภาคเหนือ, en: North}}
          - id: south
            params: {region: {th: ภาคใต้, en: South}}
        """,
    "svc": """\
        extends: base
        number: JD-3
        title: {th: ผู้จัดการบริการลูกค้า, en: Client Service Manager}
        """,
}

TREE = """\
base                    (abstract)
├── am                  JD-1        ผู้จัดการบัญชีลูกค้า
│   └── kam             (variants: north, south)
│       ├── kam--north  JD-2-N      ผู้จัดการลูกค้ารายใหญ่ (ภาคเหนือ)
│       └── kam--south  JD-2-SOUTH  ผู้จัดการลูกค้ารายใหญ่ (ภาคใต้)
└── svc                 JD-3        ผู้จัดการบริการลูกค้า
"""


def _fixture(make_project):
    return make_project(FIXTURE)


def test_list_prints_the_tree_and_a_summary(make_project, run):
    result = run("list", project=_fixture(make_project))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == TREE + "\n4 documents from 4 roles (1 abstract); languages: th, en\n"
    assert result.stderr == ""


def test_list_json_gives_every_document_with_its_chain(make_project, run):
    result = run("list", "--format", "json", project=_fixture(make_project))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["languages"] == ["th", "en"]
    assert data["documents"][1] == {
        "id": "kam--north",
        "role": "kam",
        "variant": "north",
        "number": "JD-2-N",
        "title": {"th": "ผู้จัดการลูกค้ารายใหญ่ (ภาคเหนือ)", "en": "Key Account Manager (North)"},
        "chain": ["base", "am", "kam"],
        "languages": ["th", "en"],
        "source": "roles/kam.yaml",
    }
    assert [d["id"] for d in data["documents"]] == ["am", "kam--north", "kam--south", "svc"]
    assert data["roles"][0] == {
        "id": "am",
        "path": "roles/am.yaml",
        "parent": "base",
        "chain": ["base", "am"],
        "abstract": False,
        "children": ["kam"],
        "variants": [],
        "documents": ["am"],
    }
    base = next(r for r in data["roles"] if r["id"] == "base")
    assert base["abstract"] is True
    assert base["documents"] == []
    assert base["children"] == ["am", "svc"]


def test_list_markdown_has_tables_of_documents_and_roles(make_project, run):
    result = run("list", "--format", "md", project=_fixture(make_project))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# Role catalogue"
    assert (
        "| `kam--north` | JD-2-N | ผู้จัดการลูกค้ารายใหญ่ (ภาคเหนือ) | "
        "Key Account Manager (North) | `base` → `am` |"
    ) in lines
    assert "| `base` | `roles/base.yaml` | — | abstract (not published) |" in lines
    assert "| `kam` | `roles/kam.yaml` | `am` | variants: `north`, `south` |" in lines


def test_list_refuses_an_invalid_project(make_project, run):
    root = make_project({**FIXTURE, "svc": "extends: bse\n"})
    result = run("list", project=root)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "roles/svc.yaml:1:10: extends: no role 'bse' to extend (roles/bse.yaml); "
        "did you mean 'base'?",
        "jdgen: 1 error(s); fix them (see jdgen validate) to list the documents",
    ]


def test_list_usage_errors_exit_2(make_project, run):
    result = run("list", "--format", "xml", project=_fixture(make_project))
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_list_outside_a_project_exits_1(tmp_path, run):
    result = run("list", project=tmp_path)
    assert result.exit_code == 1
    assert "no jdgen.toml here" in result.stderr


def test_list_help_names_the_formats(run):
    result = run("list", "--help")
    assert result.exit_code == 0
    assert "[text|json|md]" in result.stdout


def test_roles_doc_is_in_sync_with_the_generator():
    """docs/roles.md is generated; regenerate with `jdgen list --format md -o docs/roles.md`."""
    expected = render_markdown(build_catalogue(analyse(load_config(REPO))))
    assert (REPO / "docs" / "roles.md").read_text(encoding="utf-8") == expected


def test_list_output_writes_markdown(make_project, tmp_path):
    root = _fixture(make_project)
    target = tmp_path / "roles.md"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jdgen",
            "--project",
            str(root),
            "list",
            "--format",
            "md",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert target.read_text(encoding="utf-8") == render_markdown(
        build_catalogue(analyse(load_config(root)))
    )


def test_list_output_reports_problems_and_writes_nothing(make_project, run, tmp_path):
    root = make_project({**FIXTURE, "svc": "extends: bse\n"})
    target = tmp_path / "roles.md"
    result = run("list", "-o", str(target), project=root)
    assert result.exit_code == 1
    assert "no role 'bse'" in result.stderr
    assert result.stderr.endswith(
        "jdgen: 1 error(s); fix them (see jdgen validate) to list the documents\n"
    )
    assert not target.exists()
    missing = run("list", "-o", str(target), project=root.parent / "missing")
    assert missing.exit_code == 1 and not target.exists()


def test_tree_aligns_numbers_after_the_longest_name(make_project):
    catalogue = build_catalogue(analyse(load_config(_fixture(make_project))))
    assert render_tree(catalogue) == TREE
    numbers = {line.index("JD-") for line in TREE.splitlines() if "JD-" in line}
    assert len(numbers) == 1


# -- property: the catalogue agrees with the resolver for any acyclic family ------------------

ROLE = """\
abstract: {abstract}
number: N-{index}
title: {{th: "ตำแหน่ง {index} ${{v}}", en: "Post {index} ${{v}}"}}
params: {{v: {{th: ก, en: a}}}}
"""


@st.composite
def families(draw: st.DrawFn) -> list[tuple[int | None, bool, int]]:
    """Roles 0..n-1: each extends an earlier role (or none), may be abstract, has variants."""
    size = draw(st.integers(min_value=1, max_value=7))
    return [
        (
            draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None,
            draw(st.booleans()),
            draw(st.integers(0, 2)),
        )
        for i in range(size)
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(families())
def test_catalogue_matches_resolved_documents(family):
    roles: dict[str, str | bytes] = {}
    for index, (parent, abstract, variants) in enumerate(family):
        text = (
            f"extends: r{parent}\n" if parent is not None else BASE.replace("abstract: true\n", "")
        )
        text += ROLE.format(abstract=str(abstract).lower(), index=index)
        if variants:
            text += "variants:\n" + "".join(
                f"  - {{id: v{k}, params: {{v: {{th: ข{k}, en: b{k}}}}}}}\n"
                for k in range(variants)
            )
        roles[f"r{index}"] = text
    with tempfile.TemporaryDirectory() as folder:
        state = analyse(load_config(write_project(Path(folder), roles)))
        assert state.errors == []
        catalogue = build_catalogue(state)
        assert [d.id for d in catalogue.documents] == [d.id for d in state.documents]
        for doc in state.documents:
            assert catalogue.role(doc.role_id).chain == doc.chain
        lines = render_tree(catalogue).splitlines()
        variant_docs = [d for d in state.documents if d.variant_id is not None]
        assert len(lines) == len(catalogue.roles) + len(variant_docs)
        names = [line.lstrip("│├└─ ").split()[0] for line in lines]
        assert sorted(names) == sorted(
            [r.id for r in catalogue.roles] + [d.id for d in variant_docs]
        )

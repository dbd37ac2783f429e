"""Property tests: determinism, the digest, and merge by clause id."""

from __future__ import annotations

import dataclasses
import json
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_project
from jdgen.errors import Location
from jdgen.lint.duplicates import NEAR_DUPLICATE, DuplicateFinder, trigrams
from jdgen.lint.placeholders import placeholder_text
from jdgen.load.yaml_source import SourceFile
from jdgen.pipeline import analyse
from jdgen.project import load_config
from jdgen.resolve.document import Clause, Document, Section
from jdgen.resolve.inherit import Located, MergedClause, _Merger
from jdgen.validate.library import RoleLibrary
from jdgen.validate.model import ClauseSpec, RoleSpec

WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzกขคงจฉชซดตบปผพมยรลวสหอะาิีุู่้", min_size=1, max_size=8
)
TEXT = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
KEYS = ("title", "department", "reports_to")
SECTIONS = ("general_provisions", "functions", "rights", "responsibility")
FIXTURE_OK = [HealthCheck.function_scoped_fixture]  # tmp_path is only a parent folder here


def _scalar(text: str, style: str, indent: str) -> str:
    if style == "double":
        return json.dumps(text, ensure_ascii=False)
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "literal":
        return f"|-\n{indent}  {text}"
    # folded, split over two lines where possible: folding joins them with one space
    words = text.split(" ")
    half = max(1, len(words) // 2)
    return f">-\n{indent}  {' '.join(words[:half])}\n{indent}  {' '.join(words[half:])}".rstrip()


def _role_yaml(
    content: dict[str, object], style: str, flow: bool, reverse: bool, comments: bool
) -> str:
    """Write the same role content in one of many YAML spellings."""

    def text(value: dict[str, str], indent: str) -> str:
        langs = ["th", "en"][::-1] if reverse else ["th", "en"]
        if flow and style in ("double", "single"):
            return "{" + ", ".join(f"{k}: {_scalar(value[k], style, indent)}" for k in langs) + "}"
        return "".join(f"\n{indent}{k}: {_scalar(value[k], style, indent)}" for k in langs)

    out = []
    keys = list(content)
    for key in reversed(keys) if reverse else keys:
        if comments:
            out.append(f"# about {key}\n")
        value = content[key]
        if isinstance(value, dict):
            out.append(f"{key}: {text(value, '  ')}\n")
            continue
        out.append(f"{key}:\n")
        for clause in value:  # type: ignore[attr-defined]
            out.append(f"  - id: {clause['id']}\n    text: {text(clause['text'], '      ')}\n")
    return "".join(out)


@st.composite
def role_content(draw: st.DrawFn) -> dict[str, object]:
    pair = st.fixed_dictionaries({"th": TEXT, "en": TEXT})
    content: dict[str, object] = {key: draw(pair) for key in KEYS}
    for section in SECTIONS:
        ids = draw(st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=3, unique=True))
        content[section] = [{"id": i, "text": draw(pair)} for i in ids]
    return content


def _digest(tmp: Path, yaml_text: str) -> str:
    state = analyse(load_config(write_project(Path(tempfile.mkdtemp(dir=tmp)), {"am": yaml_text})))
    assert not state.errors, [str(p) for p in state.errors]
    return state.documents[0].digest


SPELLINGS = st.tuples(
    st.sampled_from(["double", "single", "literal", "folded"]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURE_OK)
@given(content=role_content(), first=SPELLINGS, second=SPELLINGS)
def test_digest_ignores_yaml_spelling(tmp_path, content, first, second):
    assert _digest(tmp_path, _role_yaml(content, *first)) == _digest(
        tmp_path, _role_yaml(content, *second)
    )


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURE_OK)
@given(content=role_content(), data=st.data())
def test_digest_changes_with_any_text_change(tmp_path, content, data):
    changed = json.loads(json.dumps(content))
    key = data.draw(st.sampled_from([*KEYS, *SECTIONS]))
    target = changed[key] if key in KEYS else data.draw(st.sampled_from(changed[key]))["text"]
    lang = data.draw(st.sampled_from(["th", "en"]))
    target[lang] = target[lang] + data.draw(st.sampled_from(["x", "ก", " y"]))
    spelling = ("double", False, False, False)
    assert _digest(tmp_path, _role_yaml(content, *spelling)) != _digest(
        tmp_path, _role_yaml(changed, *spelling)
    )


@settings(max_examples=15, deadline=None, suppress_health_check=FIXTURE_OK)
@given(content=role_content())
def test_resolution_is_deterministic(tmp_path, content):
    root = write_project(
        Path(tempfile.mkdtemp(dir=tmp_path)),
        {
            "am": _role_yaml(content, "double", False, False, False),
            "kam": "extends: am\nrights:\n  - id: zz\n    text: z\n"
            "    after: " + content["rights"][0]["id"] + "\n",
        },
    )
    first, second = analyse(load_config(root)), analyse(load_config(root))
    assert [d.canonical() for d in first.documents] == [d.canonical() for d in second.documents]
    assert [d.digest for d in first.documents] == [d.digest for d in second.documents]
    assert first.problems == second.problems


# -- merge by id ----------------------------------------------------------------------------

_SOURCE = SourceFile(Path("child.yaml"), "child.yaml", {})
_ROLE = RoleSpec(id="child", source=_SOURCE)


def _parent(ids: list[str]) -> tuple[MergedClause, ...]:
    return tuple(
        MergedClause(id=i, text=Located({"en": f"parent {i}"}, Location("p.yaml"))) for i in ids
    )


@st.composite
def merge_case(draw: st.DrawFn) -> tuple[list[str], list[ClauseSpec], list[str]]:
    """Parent ids, valid child clause specs, and the expected ids (a plain-list model)."""
    parent = draw(st.lists(st.sampled_from([f"p{i}" for i in range(8)]), unique=True, max_size=8))
    model = list(parent)
    tails: dict[str, str] = {}
    specs: list[ClauseSpec] = []
    used: set[str] = set()
    for n in range(draw(st.integers(0, 8))):
        existing = [i for i in model if i not in used]
        action = draw(
            st.sampled_from(["new", "override", "remove", "move"] if existing else ["new"])
        )
        cid = f"c{n}" if action == "new" else draw(st.sampled_from(existing))
        used.add(cid)
        if action == "remove":
            model.remove(cid)
            specs.append(ClauseSpec(id=cid, text=None, remove=True))
            continue
        anchors = [i for i in model if i != cid]
        where = draw(st.sampled_from(["end", "after", "before"] if anchors else ["end"]))
        if action == "override" or (action == "move" and where == "end"):
            specs.append(ClauseSpec(id=cid, text={"en": f"child {cid}"}))
            continue
        anchor = draw(st.sampled_from(anchors)) if where != "end" else None
        if cid in model:
            model.remove(cid)
        if where == "end":
            model.append(cid)
        elif where == "before":
            model.insert(model.index(anchor), cid)
        else:
            tail = tails.get(anchor, anchor)
            model.insert(model.index(tail if tail in model else anchor) + 1, cid)
            tails[anchor] = cid
        specs.append(
            ClauseSpec(
                id=cid,
                text={"en": f"child {cid}"},
                after=anchor if where == "after" else None,
                before=anchor if where == "before" else None,
            )
        )
    return parent, specs, model


@given(merge_case())
def test_merge_by_id_never_loses_or_duplicates_a_clause(case):
    parent, specs, expected = case
    problems: list = []
    merged = _Merger(_ROLE, "parent", problems).merge(_parent(parent), tuple(specs), "rights")
    ids = [c.id for c in merged]
    assert problems == []
    assert ids == expected
    assert len(ids) == len(set(ids))
    removed = {s.id for s in specs if s.remove}
    assert set(parent) - removed <= set(ids)
    for spec in specs:
        if not spec.remove:
            clause = merged[ids.index(spec.id)]
            assert clause.text.text == {"en": f"child {spec.id}"}


# -- duplicate-clause lint is exact -----------------------------------------------------------


def _doc(texts: list[tuple[str, str]]) -> Document:
    clauses = tuple(
        Clause(id=f"c{i}", text={"en": t}, origin=Location(origin))
        for i, (t, origin) in enumerate(texts)
    )
    return Document(
        id="d",
        role_id="d",
        variant_id=None,
        chain=("d",),
        languages=("en",),
        number="1",
        organisation={"en": "o"},
        title={"en": "t"},
        department={"en": "d"},
        reports_to={"en": "r"},
        purpose=None,
        sections=(Section("functions", clauses),),
        approver_post={"en": "a"},
        reviewers=(),
    )


def _naive(doc: Document) -> list[tuple[str, str]]:
    seen: list[tuple[str, frozenset[str]]] = []
    found = []
    for clause in doc.sections[0].clauses:
        grams = trigrams(clause.text["en"])
        for key, other in seen:
            common = len(grams & other)
            if common >= NEAR_DUPLICATE * (len(grams) + len(other) - common):
                found.append((clause.id, key))
                break
        seen.append((f"functions.{clause.id}", grams))
    return found


NEAR = st.sampled_from(
    [
        "serve clients well",
        "serve clients well.",
        "serve client well",
        "write the reports",
        "write the monthly reports",
        "Write the reports!",
    ]
)


@pytest.mark.parametrize("groups_kept", [1, 256])  # 1: every group's index is evicted
@settings(max_examples=150)
@given(
    st.lists(
        st.lists(
            st.tuples(NEAR | TEXT, st.sampled_from(["a.yaml", "b.yaml", "c.yaml"])), max_size=8
        ),
        min_size=1,
        max_size=4,
    ),
    st.lists(NEAR | TEXT, max_size=6),
)
def test_duplicate_finder_matches_pairwise_comparison(groups_kept, documents, sample):
    """Exact whatever the sample that orders the filter: the library's own texts, a few
    unrelated ones (most trigrams then numbered as first met), or none."""
    docs = [_doc(texts) for texts in documents]
    own = [clause.text[doc.languages[0]] for doc in docs for _, clause, _ in doc.clauses()]
    for texts in (own, sample):
        finder = DuplicateFinder(texts, groups_kept=groups_kept)
        for doc in docs:
            got = [
                (p.key.split(".")[1], p.message.split("repeats ")[1].split(";")[0])
                for p in finder(doc)
            ]
            assert got == _naive(doc)


@pytest.mark.parametrize("seed", range(3))
def test_duplicate_join_in_one_large_file_matches_pairwise_comparison(seed):
    """Hundreds of clauses of one file, many of them near each other (words dropped, swapped
    or repeated): the size-ordered join with its size and position bounds finds exactly the
    pairs that comparing every pair finds."""
    rng = random.Random(seed)
    words = "serve client report monthly sales price contract plan team budget".split()
    texts: list[str] = []
    for _ in range(400):
        if texts and rng.random() < 0.5:
            base = rng.choice(texts).split()
            at = rng.randrange(len(base))
            edit = rng.choice(["drop", "add", "swap"])
            if edit == "drop" and len(base) > 1:
                del base[at]
            elif edit == "add":
                base.insert(at, rng.choice(words))
            else:
                base[at] = rng.choice(words)
            texts.append(" ".join(base))
        else:
            texts.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 14))))
    doc = _doc([(text, "a.yaml") for text in texts])
    finder = DuplicateFinder(texts[:50])
    got = [(p.key.split(".")[1], p.message.split("repeats ")[1].split(";")[0]) for p in finder(doc)]
    assert got == _naive(doc)
    assert len(got) > 50  # the case is not vacuous


# -- freeing a role once published changes nothing ---------------------------------------------


@st.composite
def role_family(draw: st.DrawFn) -> dict[str, str]:
    """Roles under shuffled names, each extending an earlier one or none; children override,
    add, remove and (stale) override clauses, with known and unknown placeholders."""
    count = draw(st.integers(min_value=1, max_value=6))
    names = draw(
        st.lists(
            st.text("abcxyz", min_size=2, max_size=4), min_size=count, max_size=count, unique=True
        )
    )
    roles: dict[str, str] = {}
    for i, name in enumerate(names):
        parent = draw(st.none() | st.sampled_from(names[:i])) if i else None
        lines = (
            [f"extends: {parent}"]
            if parent
            else [
                "title: {th: ตำแหน่ง, en: Post}",
                "department: {th: ฝ่าย, en: Dept}",
                "reports_to: {th: หัวหน้า, en: Head}",
            ]
        )
        for section in SECTIONS:
            ids = draw(st.lists(st.sampled_from("abcd"), max_size=2, unique=True))
            if not ids and parent:
                continue
            lines.append(f"{section}:")
            for clause in ids or ["a"]:
                action = draw(st.sampled_from(["text", "text", "remove"] if parent else ["text"]))
                if action == "remove":
                    lines.append(f"  - {{id: {clause}, remove: true}}")
                    continue
                word = draw(st.sampled_from(["x", "${organisation}", "${nope}", name]))
                lines.append(f"  - id: {clause}\n    text: {{th: ข้อ {word}, en: Clause {word}}}")
        roles[name] = "\n".join(lines) + "\n"
    return roles


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE_OK)
@given(roles=role_family())
def test_freeing_roles_as_they_are_published_changes_nothing(tmp_path, roles):
    """Leaves lose their positions, are forgotten and dropped from the shared-clause cache
    as soon as their documents exist; documents and problems (positions included) stay the same."""
    from jdgen.resolve import _Publisher
    from jdgen.resolve.inherit import InheritanceResolver

    root = write_project(Path(tempfile.mkdtemp(dir=tmp_path)), roles)
    early = analyse(load_config(root))
    with pytest.MonkeyPatch.context() as patch:
        for owner in (RoleLibrary, InheritanceResolver, _Publisher):
            patch.setattr(owner, "forget", lambda *args: None)
        kept = analyse(load_config(root))
    assert [d.canonical() for d in early.documents] == [d.canonical() for d in kept.documents]
    assert [str(p) for p in early.problems] == [str(p) for p in kept.problems]


def test_only_roles_nothing_extends_are_freed_during_resolution(tmp_path, monkeypatch):
    from jdgen.resolve import _Publisher, resolve_documents
    from jdgen.resolve.inherit import InheritanceResolver
    from jdgen.validate import load_roles

    root = write_project(
        tmp_path,
        {
            "z-base": "title: {th: ก, en: A}\ndepartment: {th: ข, en: B}\n"
            "reports_to: {th: ค, en: C}\n"
            + "".join(f"{s}:\n  - id: a\n    text: {{th: ง, en: D}}\n" for s in SECTIONS),
            "m-middle": "extends: z-base\n",
            "a-leaf": "extends: m-middle\n",  # sorts first: resolved before its parents
            "b-draft": "abstract: true\nextends: z-base\n",  # abstract, and nobody extends it
        },
    )
    forgotten: dict[str, list[str]] = {"resolver": [], "publisher": []}
    real_resolver, real_publisher = InheritanceResolver.forget, _Publisher.forget

    def resolver_forget(self, role_id):  # type: ignore[no-untyped-def]
        forgotten["resolver"].append(role_id)
        real_resolver(self, role_id)

    def publisher_forget(self, role):  # type: ignore[no-untyped-def]
        forgotten["publisher"].append(role.spec.id)
        real_publisher(self, role)

    monkeypatch.setattr(InheritanceResolver, "forget", resolver_forget)
    monkeypatch.setattr(_Publisher, "forget", publisher_forget)
    config = load_config(root)
    roles, broken, _ = load_roles(config)
    documents, problems = resolve_documents(config, roles, broken)
    assert [d.id for d in documents] == ["a-leaf", "m-middle", "z-base"] and not problems
    assert forgotten == {"resolver": ["a-leaf", "b-draft"], "publisher": ["a-leaf", "b-draft"]}
    assert roles["a-leaf"].source.values == {} and roles["b-draft"].source.values == {}
    assert roles["m-middle"].source.values and roles["z-base"].source.values


# -- a bounded role library (the build's analysis) gives what the whole library gives ----------


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE_OK)
@given(roles=role_family(), kept=st.integers(min_value=1, max_value=3))
def test_a_bounded_library_gives_what_the_whole_library_gives(tmp_path, roles, kept):
    """Specs read again on demand, documents handed over one at a time: the same documents
    and the same problems, positions included, as the in-memory pipeline."""
    from jdgen.pipeline import analyse_each

    root = write_project(Path(tempfile.mkdtemp(dir=tmp_path)), roles)
    config = load_config(root)
    whole = analyse(config)
    streamed: list[Document] = []
    library, problems = analyse_each(config, streamed.append, kept=kept)
    streamed.sort(key=lambda d: d.id)
    assert [d.canonical() for d in streamed] == [d.canonical() for d in whole.documents]
    assert [str(p) for p in problems] == [str(p) for p in whole.problems]
    # the first ``kept`` specs were held; only those some role extends are held still
    parents = {file.extends for file in library.files.values()}
    assert {spec.id for spec in library.held()} == {
        role_id for role_id in list(library.files)[:kept] if role_id in parents
    }


# -- placeholder lint: the one-search fast path never hides a placeholder ---------------------

PLACEHOLDER_WORD = st.sampled_from(["TODO", "TODO:", "xTODO", "TODOs", "todo", "ทำ", "To do", ""])


@given(
    texts=st.lists(
        st.lists(PLACEHOLDER_WORD | WORD, max_size=4).map(" ".join), min_size=1, max_size=6
    ),
    title=st.lists(PLACEHOLDER_WORD, max_size=3).map("".join),
)
def test_placeholder_rule_reports_exactly_the_texts_with_the_mark(texts, title):
    doc = dataclasses.replace(_doc([(t, "roles/d.yaml") for t in texts]), title={"en": title})
    keys = sorted(p.key for p in placeholder_text(doc))
    want = [f"functions.c{i}" for i, t in enumerate(texts) if is_placeholder_slowly(t)]
    assert keys == sorted(want + (["title"] if is_placeholder_slowly(title) else []))


def is_placeholder_slowly(text: str) -> bool:
    """The rule's definition, without its fast filter: TODO not inside a word."""
    return any(
        text[i : i + 4] == "TODO"
        and not (i and text[i - 1].isascii() and text[i - 1].isalpha())
        and not (i + 4 < len(text) and text[i + 4].isascii() and text[i + 4].isalpha())
        for i in range(len(text))
    )

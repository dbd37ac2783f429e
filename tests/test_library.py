"""The bundled role library: complete, bilingual, consistent, and built by inheritance.

These tests read the repository's own ``roles/`` (the library every user starts from), so
that a careless edit of a role file fails CI with a message that names the clause.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO
from jdgen.catalogue import build_catalogue
from jdgen.pipeline import ProjectState, analyse
from jdgen.project import load_config
from jdgen.resolve.document import Document
from jdgen.validate.model import REQUIREMENT_KINDS, SECTION_ORDER
from jdgen.validate.schema import SECTIONS, normalize_text

LANGUAGES = ("th", "en")

# Every published document and its number: the library's table of contents.
EXPECTED_DOCUMENTS = {
    "account-manager": "JD-SAL-001",
    "key-account-manager--bangkok": "JD-SAL-002-BKK",
    "key-account-manager--north": "JD-SAL-002-NTH",
    "client-service-manager": "JD-SAL-003",
    "corporate-client-manager": "JD-COR-001",
    "head-of-corporate-accounts": "JD-COR-002",
    "banking-corporate-client-manager": "JD-BNK-001",
    "hotel-corporate-sales-manager": "JD-HTL-001",
    "leasing-business-development-manager": "JD-LSG-001",
    "leasing-branch-manager": "JD-LSG-002",
    "telecom-corporate-client-manager--large-business": "JD-TEL-001-LB",
    "telecom-corporate-client-manager--sme": "JD-TEL-001-SME",
}

# role -> the role it extends: the shape an HR department would give the family.
EXPECTED_PARENTS = {
    "client-manager-base": None,
    "account-manager": "client-manager-base",
    "client-service-manager": "client-manager-base",
    "key-account-manager": "account-manager",
    "corporate-client-manager": "account-manager",
    "head-of-corporate-accounts": "corporate-client-manager",
    "banking-corporate-client-manager": "corporate-client-manager",
    "hotel-corporate-sales-manager": "corporate-client-manager",
    "leasing-business-development-manager": "corporate-client-manager",
    "telecom-corporate-client-manager": "corporate-client-manager",
    "leasing-branch-manager": "head-of-corporate-accounts",
}

# Latin-script terms a Thai HR text legitimately keeps (acronyms and established loans).
THAI_KEEPS_LATIN = ("account plan", "churn rate", "B2B", "CRM", "KYC", "MICE", "SLA")


@pytest.fixture(scope="module")
def state() -> ProjectState:
    return analyse(load_config(REPO))


@pytest.fixture(scope="module")
def documents(state: ProjectState) -> list[Document]:
    return state.documents


def _role_files() -> list[Path]:
    return sorted((REPO / "roles").glob("*.yaml"))


def _written_clauses(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every clause and sub-clause written in one role file, with its key path."""
    for section in SECTIONS:
        for clause in data.get(section) or ():
            yield f"{section}.{clause['id']}", clause
            for item in clause.get("items") or ():
                yield f"{section}.{clause['id']}.{item['id']}", item


def test_the_library_publishes_the_expected_documents(documents):
    assert {d.id: d.number for d in documents} == EXPECTED_DOCUMENTS


def test_the_project_is_clean_without_warnings(state):
    assert [str(p) for p in state.problems] == []


@pytest.mark.parametrize("doc_id", sorted(EXPECTED_DOCUMENTS))
def test_every_document_has_every_section_in_every_language(state, doc_id):
    doc = state.document(doc_id)
    assert doc is not None
    # The four required sections, and the five optional ones this library writes.
    assert [s.key for s in doc.sections] == list(SECTION_ORDER)
    for field in (doc.title, doc.department, doc.reports_to, doc.purpose, doc.approver_post):
        assert field is not None
        assert all(field[lang].strip() for lang in LANGUAGES)
    for section, clause, parent in doc.clauses():
        where = f"{doc_id}: {section.key}.{parent.id + '.' if parent else ''}{clause.id}"
        for lang in LANGUAGES:
            text = clause.text[lang]
            assert text.strip(), f"{where} has no {lang} text"
            assert "$" not in text, f"{where} ({lang}) has an unfilled placeholder: {text}"
            # e.g. "... of ${organisation}." when the organisation ends in "Ltd."
            assert not re.search(r"\.\.(?!\.)|\s[,.;]|,,", text), f"{where} ({lang}): {text}"


def test_no_clause_text_is_repeated_across_role_files():
    """Shared clauses live once, in the base; a copy would drift when one side is edited."""
    seen: dict[tuple[str, str], str] = {}
    repeats = []
    for path in _role_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for keypath, clause in _written_clauses(data):
            text = clause.get("text")
            if text is None:
                continue
            texts = text if isinstance(text, dict) else dict.fromkeys(LANGUAGES, text)
            for lang, value in texts.items():
                key = (lang, normalize_text(value).casefold())
                here = f"{path.name}:{keypath}"
                if key in seen:
                    repeats.append(f"{here} repeats {seen[key]} ({lang}): {value}")
                else:
                    seen[key] = here
    assert repeats == []
    assert len(seen) > 350  # the comparison really saw the library


def test_every_override_without_text_changes_something(state):
    """A child's override that keeps the parent's text changes its items, function or place.

    (That every override names a clause the parent chain has is enforced by resolution,
    which reports stale overrides; ``test_the_project_is_clean_without_warnings`` covers it.)
    """
    overrides = 0
    for role_id, spec in state.roles.items():
        if spec.extends is None:
            continue
        for section, clauses in spec.sections.items():
            for clause in clauses:
                if clause.text is None and not clause.remove:
                    overrides += 1
                    assert clause.items or clause.function or clause.after or clause.before, (
                        f"{role_id}: {section}.{clause.id}"
                    )
    assert overrides > 0


def test_the_inheritance_tree_matches_the_catalogue(state):
    catalogue = build_catalogue(state)
    written = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8")).get("extends") for p in _role_files()
    }
    assert written == EXPECTED_PARENTS
    assert {r.id: r.parent for r in catalogue.roles} == EXPECTED_PARENTS
    assert [r.id for r in catalogue.roles if r.abstract] == ["client-manager-base"]
    for role in catalogue.roles:
        assert set(role.children) == {c for c, p in EXPECTED_PARENTS.items() if p == role.id}
    for doc in state.documents:
        assert catalogue.role(doc.role_id).chain == doc.chain
    assert {d.id for d in catalogue.documents} == set(EXPECTED_DOCUMENTS)
    assert catalogue.role("key-account-manager").variants == ("bangkok", "north")


def test_build_publishes_every_document_in_thai_english_and_both(tmp_path, run):
    shutil.copy(REPO / "jdgen.toml", tmp_path / "jdgen.toml")
    shutil.copytree(REPO / "roles", tmp_path / "roles")
    result = run("build", "--format", "html", project=tmp_path)
    assert result.exit_code == 0, result.stderr
    built = {p.name for p in (tmp_path / "output").glob("*.html")}
    editions = (*LANGUAGES, "+".join(LANGUAGES))  # jdgen.toml: editions = th, en, th+en
    assert built == {f"{doc}.{lang}.html" for doc in EXPECTED_DOCUMENTS for lang in editions}
    thai = (tmp_path / "output" / "key-account-manager--north.th.html").read_text("utf-8")
    assert 'lang="th"' in thai
    assert "ผู้จัดการลูกค้ารายใหญ่ (ภาคเหนือ)" in thai
    assert "ผู้ดำรงตำแหน่งขึ้นตรงต่อหัวหน้าฝ่ายขายลูกค้ารายใหญ่" in thai
    english = (tmp_path / "output" / "hotel-corporate-sales-manager.en.html").read_text("utf-8")
    assert "The jobholder reports directly to the Director of Sales and Marketing." in english


def test_figures_agree_between_thai_and_english(documents):
    """A clause that says 5 years in Thai says 5 years in English (bilingual drift)."""
    drift = []
    for doc in documents:
        for section, clause, _ in doc.clauses():
            numbers = {lang: Counter(re.findall(r"\d+", clause.text[lang])) for lang in LANGUAGES}
            if numbers["th"] != numbers["en"]:
                drift.append(f"{doc.id}: {section.key}.{clause.id}: {numbers}")
    assert drift == []


def test_thai_text_is_thai(documents):
    """No English left in the Thai text apart from established acronyms."""
    leftovers = []
    for doc in documents:
        texts = [c.text["th"] for _, c, _ in doc.clauses()]
        texts += [doc.title["th"], doc.department["th"], doc.reports_to["th"]]
        texts += [doc.purpose["th"]] if doc.purpose else []
        for text in texts:
            stripped = text
            for term in THAI_KEEPS_LATIN:
                stripped = stripped.replace(term, "")
            if re.search(r"[A-Za-z]", stripped):
                leftovers.append(f"{doc.id}: {text}")
            assert re.search(r"[\u0e00-\u0e7f]", text), f"{doc.id}: not Thai: {text}"
    assert leftovers == []


def test_duties_name_functions_and_cover_every_function(documents):
    for doc in documents:
        functions = [c.id for c in doc.section("functions").clauses]
        duties = doc.section("duties").clauses
        assert all(d.function in functions for d in duties), doc.id
        assert set(functions) == {d.function for d in duties}, doc.id


def test_requirements_state_every_kind(documents):
    for doc in documents:
        kinds = [c.kind for c in doc.section("requirements").clauses]
        assert None not in kinds, doc.id
        assert set(kinds) == set(REQUIREMENT_KINDS), doc.id


def test_work_with_foreign_clients_requires_a_foreign_language(documents):
    foreign = [
        d
        for d in documents
        if any(
            "foreign" in c.text["en"].casefold()
            for s, c, _ in d.clauses()
            if s.key in ("functions", "duties")
        )
    ]
    assert [d.id for d in foreign] == ["hotel-corporate-sales-manager"]
    for doc in foreign:
        skills = [c.text for c in doc.section("requirements").clauses if c.kind == "skills"]
        assert any("English" in t["en"] and "ภาษาอังกฤษ" in t["th"] for t in skills)


def test_legal_references_are_generic():
    """No article numbers of one country's code and no names of real companies or cities."""
    banned = re.compile(
        r"\barticle\b|มาตรา|labour code|russia|รัสเซีย|rosbank|megafon|samara"
        r"|สมารา|\bLLC\b",
        re.IGNORECASE,
    )
    for path in _role_files():
        found = banned.findall(path.read_text(encoding="utf-8"))
        assert found == [], f"{path.name}: {found}"


def test_documents_have_a_printable_length(documents):
    """2-5 printed pages: 60-100 numbered clauses (4-5 A4 pages with the default template,
    measured in docs/library.md), never a stub, never a tome."""
    for doc in documents:
        count = sum(1 for _ in doc.clauses())
        assert 60 <= count <= 100, f"{doc.id}: {count} clauses"

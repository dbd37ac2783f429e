"""The resolved-project cache gives exactly the documents the pipeline gives."""

from __future__ import annotations

import pickle

from helpers.build_project import ROLES
from jdgen.build.resolved import CachedDocument, load_documents_cached
from jdgen.pipeline import analyse
from jdgen.project import load_config


def test_cached_documents_equal_resolved_documents(make_project):
    root = make_project(ROLES)
    config = load_config(root)
    cache = root / "output" / ".jdgen-resolved.json"
    fresh, _ = load_documents_cached(config, False, cache)
    cached, _ = load_documents_cached(config, False, cache)
    assert all(isinstance(d, CachedDocument) for d in cached)
    expected = analyse(config).documents
    assert [d.digest for d in cached] == [d.digest for d in expected]
    assert cached == expected and expected == cached
    assert [d.canonical() for d in cached] == [d.canonical() for d in fresh]
    again = pickle.loads(pickle.dumps(cached[0]))
    assert again == expected[0] and again.sections == expected[0].sections
    assert [c.origin for _, c, _ in cached[1].clauses()] == [
        c.origin for _, c, _ in expected[1].clauses()]


def test_any_role_edit_misses_the_cache(make_project):
    root = make_project(ROLES)
    config = load_config(root)
    cache = root / "output" / ".jdgen-resolved.json"
    load_documents_cached(config, False, cache)
    (root / "roles" / "clerk.yaml").write_text(ROLES["clerk"].replace("Filing", "Sorting"))
    docs, _ = load_documents_cached(config, False, cache)
    clerk = next(d for d in docs if d.id == "clerk")
    assert not isinstance(clerk, CachedDocument)
    assert "Sorting documents." in str(clerk.canonical())

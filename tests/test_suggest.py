"""jdgen.suggest: one did-you-mean for every unknown name."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jdgen.suggest import closest, suggest, unknown_key

words = st.text(alphabet="abcdefghij-_.", min_size=0, max_size=12)
vocabularies = st.lists(words, max_size=8, unique=True)


@given(words, vocabularies)
def test_a_suggestion_is_a_known_word_or_nothing(word, known):
    found = suggest(word, known)
    assert found == "" or any(found == f"did you mean '{k}'?" for k in known)


@given(words, vocabularies)
def test_a_known_word_suggests_itself(word, known):
    assert suggest(word, [*known, word]) == f"did you mean '{word}'?"


@given(words, vocabularies)
def test_the_order_of_the_known_words_does_not_matter(word, known):
    assert suggest(word, known) == suggest(word, list(reversed(known)))
    assert closest(word, known, n=3) == closest(word, list(reversed(known)), n=3)


@given(words, vocabularies)
def test_nothing_to_suggest_lists_the_known_keys(word, known):
    message = unknown_key(word, known)
    assert message.startswith(f"unknown key '{word}'; ")
    if not suggest(word, known):
        assert message.endswith("known keys: " + ", ".join(known))


def test_examples():
    assert suggest("responsibilty", ["rights", "responsibility"]) == (
        "did you mean 'responsibility'?"
    )
    assert suggest("zzz", ["rights"]) == ""
    assert suggest("nme", ["name"], show=lambda k: f"'${{{k}}}'") == "did you mean '${name}'?"

"""Fuzzing the ways in: whatever bytes a role file or jdgen.toml holds, the loader, the
schema check and the config reader answer with jdgen's own problems or ConfigError, never
another exception (which the CLI would report as an internal error, exit 70). Bounded and
fast: a few hundred examples each, no file larger than a few kilobytes. A longer, random
run: ``JDGEN_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz_input.py``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import BASE_ROLE, CONFIG
from jdgen.errors import ConfigError, Problem
from jdgen.load.yaml_source import parse_yaml
from jdgen.pipeline import analyse
from jdgen.project import ProjectConfig, load_config
from jdgen.validate.schema import check_role

# What YAML and TOML are made of, and the characters jdgen treats specially.
SYNTAX = [*" \n\t:-#'\"{}[],&*!|>%@`=.\\$", "${", "$${", "}", "---", "<<", "  ", "\n  "]
WORDS = [
    "id",
    "text",
    "th",
    "en",
    "title",
    "functions",
    "items",
    "extends",
    "remove",
    "true",
    "no",
    "on",
    "~",
    "null",
    "1e3",
    "010",
    "0x1F",
    "2024-01-31",
    "12:30",
    "9" * 4400,
    "ตามประกาศ",
    "\u0e49",
    "e\u0301",
    "\u200b",
    "\u200d",
    "\u202e",
    "\u2066",
    "\u2028",
    "\U000e0041",
    "\x00",
    "\x85",
    "\ufeff",
    "\ud800",
    "!!python/object",
    "!!binary",
    "!!timestamp",
    "&a",
    "*a",
    "languages",
    "organisation",
    "output",
    "[limits]",
    "max_nodes",
    "[approval]",
    "reviewers",
    "approver",
    "\\u0000",
    '"""',
]
PIECE = st.sampled_from(SYNTAX + WORDS) | st.text(max_size=4)
LONG_RUN = os.environ.get("JDGEN_FUZZ_EXAMPLES")
SETTINGS = settings(
    max_examples=int(LONG_RUN or 300),
    deadline=None,
    derandomize=not LONG_RUN,
    suppress_health_check=[HealthCheck.too_slow],
)


def mutated(base: str) -> st.SearchStrategy[str]:
    """``base`` with a few pieces inserted, replaced or deleted at random places."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        text = base
        for _ in range(draw(st.integers(min_value=1, max_value=4))):
            at = draw(st.integers(min_value=0, max_value=len(text)))
            cut = draw(st.integers(min_value=0, max_value=6))
            text = text[:at] + draw(PIECE) + text[at + cut :]
        return text

    return build()


KEYS = st.sampled_from(
    [
        "id",
        "title",
        "purpose",
        "number",
        "abstract",
        "extends",
        "text",
        "max_nodes",
        "output",
        "languages",
        "organisation",
        "  th",
        "  - id",
    ]
)


def lines(separator: str) -> st.SearchStrategy[str]:
    """Lines of ``key<separator>value`` whose values are the pieces (so a piece is read as a
    whole value: a number, a date, a tag), the role or config text around them."""
    line = st.tuples(KEYS, st.sampled_from(WORDS) | PIECE).map(
        lambda kv: f"{kv[0]}{separator}{kv[1]}\n"
    )
    return st.lists(line, min_size=1, max_size=8).map("".join)


def check_role_text(text: str) -> None:
    source, problems = parse_yaml(text, Path("am.yaml"), "roles/am.yaml", 10_000)
    assert all(isinstance(p, Problem) for p in problems)
    if source is not None:
        _, found = check_role(source, "am", ("th", "en"), ("lawyer", "hr", "supervisor"))
        assert all(isinstance(p, Problem) for p in found)
        for problem in found:
            str(problem)


@SETTINGS
@given(mutated(BASE_ROLE))
def test_loader_never_crashes_on_a_mutated_role(text):
    check_role_text(text)


@SETTINGS
@given(st.lists(PIECE, max_size=40).map("".join) | lines(": ").map(BASE_ROLE.__add__))
@example(BASE_ROLE + "purpose: " + "9" * 4400 + "\n")  # Python's int limit: was exit 70
def test_loader_never_crashes_on_pieces(text):
    check_role_text(text)


def read_config(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "jdgen.toml").write_bytes(data)
        try:
            assert isinstance(load_config(root), ProjectConfig)
        except ConfigError as err:
            assert err.problems and all(isinstance(p, Problem) for p in err.problems)


@SETTINGS
@given(mutated(CONFIG) | lines(" = ").map(CONFIG.replace("[approval]", "[limits]").__add__))
@example(CONFIG.replace("[approval]", "[limits]\nmax_nodes = " + "9" * 4400 + "\n[approval]"))
def test_config_reader_never_crashes_on_a_mutated_config(text):
    read_config(text.encode("utf-8", errors="surrogatepass"))


@SETTINGS
@given(
    st.binary(max_size=200)
    | st.lists(PIECE, max_size=30).map(
        lambda pieces: "".join(pieces).encode("utf-8", errors="surrogatepass")
    )
)
def test_config_reader_never_crashes_on_bytes(data):
    read_config(data)


CHILD = (
    "extends: am\nparams: {region: {th: เหนือ, en: North}}\nfunctions:\n  - id: more\n"
    '    after: search\n    text: {th: "ใน ${region}", en: "In ${region}."}\n'
)


@settings(SETTINGS, max_examples=int(LONG_RUN or 100))
@given(mutated(BASE_ROLE), mutated(CHILD))
def test_the_whole_analysis_never_crashes(parent, child):
    """Load, check, resolve and lint a mutated parent and child: only problems come out."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "roles").mkdir()
        (root / "jdgen.toml").write_text(CONFIG, encoding="utf-8")
        for name, text in (("am", parent), ("kam", child)):
            (root / "roles" / f"{name}.yaml").write_bytes(
                text.encode("utf-8", errors="surrogatepass")
            )
        state = analyse(load_config(root))
        assert all(isinstance(p, Problem) for p in state.problems)

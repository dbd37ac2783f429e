"""The import graph has no upward arrow and no cycle.

The layers are drawn once, in CONTRIBUTING.md ("Layers"): a package or module of
``src/jdgen`` may import only what is drawn on a line below its own. Every import counts,
deferred ones inside functions and ``TYPE_CHECKING`` ones included.
Run alone: ``pytest tests/test_layers.py``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "jdgen"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"


@cache
def drawn_layers() -> tuple[tuple[str, ...], ...]:
    """The diagram's lines, top first: each line's names (``a · b``; ``←`` starts a note)."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    block = text.split("### Layers", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    lines = [line.split("←", 1)[0].strip() for line in block.splitlines()]
    return tuple(tuple(name.strip() for name in line.split("·")) for line in lines if line)


def module_name(path: Path) -> str:
    """``src/jdgen/diff/run.py`` -> ``jdgen.diff.run`` (a package is its ``__init__``)."""
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def unit_of(module: str) -> str:
    """The top-level package or module of ``src/jdgen`` that ``module`` belongs to."""
    return module.split(".")[1] if module.count(".") else module


def imports_of(module: str) -> Iterator[tuple[str, int]]:
    """Every jdgen module that ``module`` imports, with the line of the import."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for name in names:
            if name in MODULES and name != module:
                yield name, node.lineno


def test_every_part_of_the_package_is_drawn_once():
    drawn = [name for line in drawn_layers() for name in line]
    units = {unit_of(m) for m in MODULES} - {"jdgen"}
    assert sorted(drawn) == sorted(set(drawn)), "a name is drawn twice"
    assert set(drawn) == units, (
        f"not drawn: {sorted(units - set(drawn))}; drawn but absent: {sorted(set(drawn) - units)}"
    )


def upward_imports(module: str) -> list[str]:
    """``path:line: what`` for each import of ``module`` that is not drawn below it."""
    layers = drawn_layers()
    height = {name: -row for row, line in enumerate(layers) for name in line}
    height["jdgen"] = -len(layers)  # the package itself holds only its version: the floor
    path, mine = MODULES[module], unit_of(module)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    return [
        f"{shown}:{line}: {mine} imports {target} ({unit_of(target)} is not drawn below {mine})"
        for target, line in imports_of(module)
        if unit_of(target) != mine and height[unit_of(target)] >= height[mine]
    ]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_only_downward(module):
    upward = upward_imports(module)
    assert not upward, "\n".join(upward)


def test_no_module_imports_itself_through_others():
    graph = {m: sorted({t for t, _ in imports_of(m)}) for m in MODULES}
    state: dict[str, str] = {}  # module -> "open" while on the path, "done" after

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = "open"
        for target in graph[module]:
            if state.get(target) == "open":
                return [*path[path.index(target) :], target] if target in path else [target]
            if target not in state and (cycle := visit(target, [*path, target])):
                return cycle
        state[module] = "done"
        return None

    for module in graph:
        if module not in state:
            cycle = visit(module, [module])
            assert cycle is None, " -> ".join(cycle)


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The graph is read from the source: a deferred import of the CLI by the loader, and a
    loop between two modules, are both caught."""
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("def f():\n    from jdgen.cli import main\n", encoding="utf-8")
    monkeypatch.setitem(MODULES, "jdgen.load.sneaky", sneaky)
    assert list(imports_of("jdgen.load.sneaky")) == [("jdgen.cli", 2)]
    assert upward_imports("jdgen.load.sneaky") == [
        f"{sneaky}:2: load imports jdgen.cli (cli is not drawn below load)"
    ]
    back = tmp_path / "back.py"
    back.write_text("import jdgen.load.sneaky\n", encoding="utf-8")
    monkeypatch.setitem(MODULES, "jdgen.cli", back)
    loop = re.escape("jdgen.cli -> jdgen.load.sneaky -> jdgen.cli")
    with pytest.raises(AssertionError, match=loop):
        test_no_module_imports_itself_through_others()

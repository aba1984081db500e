"""The shape of the code: rings that import only downwards, and no circle between modules.

Read from the source with ``ast``, so an import inside a function counts as much as one at the
top of a file (that is where circles hide). The rings, from the top:

- ``cli``: parse the user's words, make one call, render;
- ``services``: the use cases, each in its own transaction;
- ``tabular``: files in and out (CSV, XLSX, DOCX, mail messages), never a database session;
- ``store``: the database, its tables and migrations;
- ``domain``: rules, dates, words and messages, pure Python.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ytcontest"
RINGS = ("domain", "store", "tabular", "services", "cli")  # bottom to top
# What each ring may import from outside the standard library and the program itself.
FOREIGN = {
    "domain": {"dateutil"},
    "store": {"sqlalchemy", "sqlmodel", "pydantic", "psycopg"},
    "tabular": {"openpyxl", "docx"},
    "services": {"sqlalchemy", "sqlmodel", "pydantic", "dateutil"},
    "cli": {"typer", "click", "rich", "sqlalchemy", "sqlmodel", "pydantic"},
}
STDLIB_ROOTS = set(__import__("sys").stdlib_module_names)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[str]:
    """Every module ``name`` imports, absolute, with ``from pkg import mod`` resolved to the module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                yield candidate if candidate in MODULES else target


def _program_imports(name: str) -> set[str]:
    found = set()
    for target in _imports(name, MODULES[name]):
        while target and target not in MODULES:
            target = target.rpartition(".")[0]
        if target and target != name and target.startswith("ytcontest"):
            found.add(target)
    return found


def _ring(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RINGS else None


GRAPH = {name: _program_imports(name) for name in MODULES}


def test_every_module_of_the_program_sits_in_a_ring() -> None:
    outside = {
        name
        for name in MODULES
        if _ring(name) is None and name not in {"ytcontest", "ytcontest.__main__"}
        and not name.startswith("ytcontest.locale")
    }  # fmt: skip
    assert not outside, f"modules outside the rings: {sorted(outside)}"


@pytest.mark.parametrize("ring", RINGS)
def test_a_ring_imports_only_its_own_ring_and_the_rings_below(ring: str) -> None:
    allowed = set(RINGS[: RINGS.index(ring) + 1])
    upward = [
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        if _ring(name) == ring
        for target in sorted(targets)
        if _ring(target) is not None and _ring(target) not in allowed
    ]
    assert not upward, "imports that run up the rings:\n" + "\n".join(upward)


@pytest.mark.parametrize("ring", RINGS)
def test_a_ring_uses_only_its_own_foreign_libraries(ring: str) -> None:
    strays = []
    for name, path in MODULES.items():
        if _ring(name) != ring:
            continue
        for target in _imports(name, path):
            root = target.partition(".")[0]
            foreign = root and root != "ytcontest" and root not in STDLIB_ROOTS
            if foreign and root not in FOREIGN[ring]:
                strays.append(f"{name} -> {target}")
    assert not strays, f"libraries {ring} should not use:\n" + "\n".join(sorted(strays))


def test_no_module_imports_itself_back_through_others() -> None:
    # Tarjan's strongly connected components: any component of two or more modules is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    assert not circles, f"modules that import each other: {circles}"


def test_the_checker_sees_an_import_made_inside_a_function() -> None:
    # The rules above are only as good as the graph: a lazy import must be in it.
    assert "ytcontest.services.unit_detail" in GRAPH["ytcontest.cli.units"]

"""The shape of the import graph: layers, no cycles, storage internals kept inside storage/.

Every import of the tree counts: at the top of a module, inside a function, under
`TYPE_CHECKING`. The layers are those of docs/architecture.md; a module may import its own layer
and the layers below it, never one above. Read with `ast` only: nothing is imported or run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The source trees of the service (tests, bench and scripts stand outside the layers).
SOURCES = ("wpcompat", "auth", "schemas", "settings.py")

# Lowest first. A path ending in "/" is a folder; the longest matching path places a module.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("util", ("wpcompat/util/", "wpcompat/__init__.py", "settings.py")),
    ("data", ("wpcompat/registry.py", "schemas/", "wpcompat/render/")),
    ("storage", ("wpcompat/storage/",)),
    ("domain", (
        "auth/", "wpcompat/site.py", "wpcompat/permalinks.py", "wpcompat/rewrite.py", "wpcompat/public_query.py", "wpcompat/public_links.py",
        "wpcompat/avatars.py",
        "wpcompat/commenter_session.py", "wpcompat/discussion/", "wpcompat/wxr/", "wpcompat/demo.py",
        "wpcompat/mail/",
    )),
    ("rest", ("wpcompat/rest/",)),
    ("web", ("wpcompat/web/", "wpcompat/feeds/")),
    ("app", ("wpcompat/app.py", "wpcompat/__main__.py", "wpcompat/cli/")),
)
# The modules of storage/ that other layers may import: its package face and the query modules.
# The connection machinery and the per-backend details stay inside.
STORAGE_INTERNALS = (
    "wpcompat.storage.sqlite_pool", "wpcompat.storage.schema", "wpcompat.storage.dialect", "wpcompat.storage.connect",
    "wpcompat.storage.compiled", "wpcompat.storage.statements", "wpcompat.storage.held_connection",
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for source in SOURCES:
        top = ROOT / source
        for path in [top] if top.is_file() else sorted(top.rglob("*.py")):
            found[_module_name(path)] = path
    return found


def imported_names(source: str, name: str, is_package: bool) -> set[str]:
    """Every name an import statement of `source` (module `name`) asks for, wherever it stands:
    `from a import b` gives `a.b` (a module or a name of module `a`), relative imports resolved."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _in_tree(name: str) -> str | None:
    while name and name not in modules():
        name = name.rpartition(".")[0]
    return name or None


@cache
def graph() -> dict[str, frozenset[str]]:
    """Module → the modules of the tree it imports, wherever the import statement stands."""
    edges: dict[str, frozenset[str]] = {}
    for name, path in modules().items():
        targets = {_in_tree(imported) for imported in imported_names(path.read_text(), name, path.name == "__init__.py")}
        edges[name] = frozenset(t for t in targets if t is not None and t != name)
    return edges


def layer_of(module: str) -> int:
    path = modules()[module].relative_to(ROOT).as_posix()
    best: tuple[int, int] | None = None
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (path == prefix or (prefix.endswith("/") and path.startswith(prefix))) and (
                best is None or len(prefix) > best[1]
            ):
                best = (rank, len(prefix))
    assert best is not None, f"{path} is on no layer: place it in LAYERS and docs/architecture.md"
    return best[0]


def cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    edges = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_walk_sees_the_whole_tree() -> None:
    # A guard for the guards below: the graph holds the modules and imports of every kind.
    edges = graph()
    assert len(edges) > 100
    assert "wpcompat.rest.server" in edges["wpcompat.rest.api"]
    assert sum(len(targets) for targets in edges.values()) > 500


def test_every_module_is_on_a_layer() -> None:
    for module in modules():
        layer_of(module)


def test_no_import_cycle() -> None:
    assert cycles() == []


def test_no_import_from_a_lower_layer_to_a_higher_one() -> None:
    upward = [
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for module, targets in sorted(graph().items())
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_storage_internals_stay_inside_storage() -> None:
    leaks = [
        f"{module} imports {target}"
        for module, targets in sorted(graph().items())
        if not module.startswith("wpcompat.storage")
        for target in sorted(targets)
        if target.startswith(STORAGE_INTERNALS)
    ]
    assert leaks == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import a.b\n", {"a.b"}),
        ("def f():\n    from a import b\n", {"a.b"}),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from a.b import C\n", {"typing.TYPE_CHECKING", "a.b.C"}),
        ("from .sibling import x\nfrom .. import up\n", {"pkg.sub.sibling.x", "pkg.up"}),
    ],
)
def test_the_walk_counts_imports_of_every_kind(source: str, expected: set[str]) -> None:
    assert imported_names(source, "pkg.sub.m", is_package=False) == expected

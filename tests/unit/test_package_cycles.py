"""No two packages of portal import each other, directly or through others.

import-linter (pyproject.toml) enforces the layers; this test states the rule on its own, so a
new cycle fails the suite with the packages it joins. Imports under `if TYPE_CHECKING:` do not
count (annotations only); the entry points that build the app import `portal` itself, which
is not one of its packages.
"""
from __future__ import annotations

import grimp


def _package_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph("portal", exclude_type_checking_imports=True)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        if module == "portal":
            continue
        importer = module.split(".")[1]
        for imported in graph.find_modules_directly_imported_by(module):
            if imported == "portal" or not imported.startswith("portal."):
                continue
            target = imported.split(".")[1]
            if target != importer:
                edges.setdefault(importer, set()).add(target)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
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
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_sees_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_package_cycle_in_portal():
    edges = _package_graph()
    assert {"assessments", "scoring", "certificates"} <= set(edges)  # the graph was read
    assert _cycles(edges) == []

"""No import circle anywhere in the package.

A circle (a imports b, which imports a, perhaps through others) makes the start order
matter and hides which module is the lower one. The graph is grimp's (the library
import-linter builds its contracts on): every import counts, also one inside a function
(imported on first use) or under TYPE_CHECKING.
"""

from __future__ import annotations

import grimp

PACKAGE = "a2k_settings_gui"


def import_circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The modules that reach each other by imports, one sorted list per circle
    (the strongly connected components of more than one module; Tarjan's algorithm,
    iterative so a deep chain cannot overflow the stack)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(
                        graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    circles.append(sorted(component))
    return circles


def describe(graph: grimp.ImportGraph, circle: list[str]) -> str:
    """One circle as a readable chain: a -> b -> ... -> a, with where each import is."""
    members = set(circle)
    start = circle[0]
    path = [start]
    seen = {start}
    module = start
    while True:
        following = sorted(m for m in graph.find_modules_directly_imported_by(module)
                           if m in members)
        step = next((m for m in following if m == start and len(path) > 1), None)
        step = step or next((m for m in following if m not in seen), following[0])
        path.append(step)
        if step in seen:
            break
        seen.add(step)
        module = step
    lines = []
    for importer, imported in zip(path, path[1:], strict=False):
        details = graph.get_import_details(importer=importer, imported=imported)
        where = ", ".join(f"line {d['line_number']}" for d in details) or "?"
        lines.append(f"  {importer} -> {imported} ({where})")
    return "\n".join(lines)


def test_import_circles_are_found():
    """The finder itself: a circle through three modules, and a chain that is none."""
    graph = grimp.ImportGraph()
    for module in ("p.a", "p.b", "p.c", "p.d"):
        graph.add_module(module)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.c")
    graph.add_import(importer="p.c", imported="p.a")
    graph.add_import(importer="p.c", imported="p.d")
    assert import_circles(graph) == [["p.a", "p.b", "p.c"]]
    graph.remove_import(importer="p.c", imported="p.a")
    assert import_circles(graph) == []


def test_the_package_has_no_import_circle():
    graph = grimp.build_graph(PACKAGE)
    circles = import_circles(graph)
    assert not circles, "Import circles:\n" + "\n\n".join(
        describe(graph, circle) for circle in circles)

"""The package's shape, read from its source: imports run one way, in no circle, and modules stay small.

The import graph is built with :mod:`ast` from every ``.py`` file under ``igflab/``: imports at
module level and inside functions count (a function-level import still closes a circle); imports
under ``if TYPE_CHECKING:`` do not (they never run). Relative imports are resolved, and
``from package import name`` is an edge to ``package.name`` when that is a module.

The layers, lowest first (docs/architecture.md): a module may import its own layer or a lower one,
never a higher one, and nothing inside the package imports the package front ``igflab/__init__.py``
(it is the top: the public face, which imports everything lazily).
"""

from __future__ import annotations

import ast
from collections import deque
from pathlib import Path

PACKAGE = "igflab"
ROOT = Path(__file__).resolve().parents[2] / PACKAGE

# Lowest first; the first part of the module's name below the package decides its layer.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("_version", "_types", "_model", "errors", "backend", "analytes"),
    ("inputs",),
    ("science",),
    ("text",),
    ("models", "panel_models", "series_models"),
    ("core",),
    ("io",),
    ("cli", "web", "__main__"),
)

# Edges that break the rules today; the list can only shrink: an edge listed here that no longer
# exists, or no longer closes a circle or runs up the layers, fails the test.
KNOWN: frozenset[tuple[str, str]] = frozenset()

MAX_LINES = 400
# Modules over MAX_LINES today, with their length as a ceiling: they may shrink, never grow.
LONG_MODULES: dict[str, int] = {}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement in ``tree`` that runs, at any depth, outside ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            todo.extend(node.orelse)
        else:
            todo.extend(ast.iter_child_nodes(node))
    return found


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The package's modules that ``node`` (in ``module``) names."""
    if isinstance(node, ast.Import):
        bases = [alias.name for alias in node.names]
        return {_deepest(base, known) for base in bases} - {""}
    if node.level:
        package = module if is_package else module.rpartition(".")[0]
        anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
        base = ".".join([*anchor, node.module] if node.module else anchor)
    else:
        base = node.module or ""
    if base != PACKAGE and not base.startswith(PACKAGE + "."):
        return set()
    found = set()
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        found.add(sub if sub in known else _deepest(base, known))
    return found - {""}


def _deepest(name: str, known: set[str]) -> str:
    """The longest prefix of the dotted ``name`` that is one of the package's modules ("" if none)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in known:
            return ".".join(parts[:end])
    return ""


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (itself left out)."""
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in _imports(tree):
            targets |= _targets(node, module, is_package, known)
        graph[module] = targets - {module}
    return graph


def layer(module: str) -> int:
    """The layer of ``module``; the package front is above every layer."""
    if module == PACKAGE:
        return len(LAYERS)
    top = module.split(".")[1]
    for rank, names in enumerate(LAYERS):
        if top in names:
            return rank
    raise AssertionError(f"{module} is in no layer: add {top!r} to LAYERS")


def _components(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def _path(graph: dict[str, set[str]], start: str, goal: str, within: set[str]) -> list[str]:
    """A shortest import path from ``start`` to ``goal`` through ``within``."""
    previous: dict[str, str] = {start: start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [goal]
            while path[-1] != start:
                path.append(previous[path[-1]])
            return path[::-1]
        for child in sorted(graph[node] & within):
            if child not in previous:
                previous[child] = node
                queue.append(child)
    raise AssertionError(f"no path from {start} to {goal}")


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: for each edge inside a circle, the shortest circle through it."""
    found: set[tuple[str, ...]] = set()
    for component in _components(graph):
        for source in component:
            for target in graph[source] & component:
                loop = [source, *_path(graph, target, source, component)[:-1]]
                turn = loop.index(min(loop))
                found.add(tuple(loop[turn:] + loop[:turn]))
    return [list(loop) for loop in sorted(found)]


def _without_known(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {module: {t for t in targets if (module, t) not in KNOWN} for module, targets in graph.items()}


def _upward(graph: dict[str, set[str]]) -> list[str]:
    return [
        f"{module} (layer {layer(module)}) imports {target} (layer {layer(target)})"
        for module, targets in sorted(graph.items())
        for target in sorted(targets)
        if target == PACKAGE or layer(target) > layer(module)
    ]


def test_the_graph_is_read_from_the_source() -> None:
    graph = import_graph()
    assert "igflab.core.interpret" in graph
    assert "igflab.inputs" in graph["igflab.core.interpret"]  # from igflab.inputs import ...
    assert "igflab.errors" in graph["igflab.inputs"]  # an absolute import in a package's __init__
    assert "igflab.inputs.ages" in graph["igflab.inputs"]  # a relative one: from .ages import ...
    assert "igflab.cli.output" in graph["igflab.cli"]  # at function level
    assert "igflab.core.interpret" not in graph[PACKAGE]  # under TYPE_CHECKING


def test_cycles_and_layers_are_found_on_a_made_up_graph() -> None:
    graph = {
        "igflab.inputs": {"igflab.errors"},
        "igflab.errors": set(),
        "igflab.core.a": {"igflab.core.b", "igflab.text.x"},
        "igflab.core.b": {"igflab.core.c"},
        "igflab.core.c": {"igflab.core.a", "igflab.core.b"},
        "igflab.text.x": {"igflab.core.b", PACKAGE},
    }
    assert cycles(graph) == [
        ["igflab.core.a", "igflab.core.b", "igflab.core.c"],
        ["igflab.core.a", "igflab.text.x", "igflab.core.b", "igflab.core.c"],
        ["igflab.core.b", "igflab.core.c"],
    ]
    assert _upward(graph) == [
        "igflab.text.x (layer 3) imports igflab (layer 8)",
        "igflab.text.x (layer 3) imports igflab.core.b (layer 5)",
    ]


def test_no_import_circle() -> None:
    found = cycles(_without_known(import_graph()))
    assert not found, "import circles:\n" + "\n".join(" -> ".join([*loop, loop[0]]) for loop in found)


def test_imports_run_down_the_layers_only() -> None:
    found = _upward(_without_known(import_graph()))
    assert not found, "imports up the layers or of the package front:\n" + "\n".join(found)


def test_every_known_exception_is_still_needed() -> None:
    graph = import_graph()
    in_circle = {(a, b) for loop in cycles(graph) for a, b in zip(loop, [*loop[1:], loop[0]], strict=True)}
    stale = sorted(
        edge
        for edge in KNOWN
        if edge[1] not in graph.get(edge[0], set()) or (edge not in in_circle and layer(edge[1]) <= layer(edge[0]))
    )
    assert not stale, f"remove from KNOWN (gone, or no longer in a circle or upward): {stale}"


def test_modules_stay_small() -> None:
    lengths = {
        str(path.relative_to(ROOT.parent)): len(path.read_text(encoding="utf-8").splitlines())
        for path in _modules().values()
    }
    too_long = sorted(f"{name}: {n} lines" for name, n in lengths.items() if n > LONG_MODULES.get(name, MAX_LINES))
    assert not too_long, f"modules over {MAX_LINES} lines (or over their ceiling in LONG_MODULES): {too_long}"
    stale = sorted(name for name in LONG_MODULES if lengths.get(name, 0) <= MAX_LINES)
    assert not stale, f"remove from LONG_MODULES (now {MAX_LINES} lines or fewer): {stale}"


def test_no_private_name_is_imported_from_another_module() -> None:
    """``from igflab.x import _name`` is refused (type-only imports too); a shared helper gets a public name."""
    found = sorted(
        f"{module}: from {'.' * node.level}{node.module or ''} import {alias.name}"
        for module, path in _modules().items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] == PACKAGE)
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    )
    assert not found, "private names imported across modules:\n" + "\n".join(found)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_aliases(tree: ast.Module) -> list[str]:
    """Module-level ``public = _private``: a public name for a private one (give the function one public name)."""
    return [
        f"line {node.lineno}: {target.id} = {node.value.id}"
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and _is_private(node.value.id)
        for target in node.targets
        if isinstance(target, ast.Name) and not target.id.startswith("_")
    ]


def test_private_aliases_are_found_in_made_up_source() -> None:
    tree = ast.parse("_a = 1\nb = _a\n_c = _a\nd = e = _a\nf = __name__\ndef g():\n    h = _a\n")
    assert private_aliases(tree) == ["line 2: b = _a", "line 4: d = _a", "line 4: e = _a"]


def test_no_public_alias_of_a_private_name() -> None:
    found = sorted(
        f"{module}: {alias}"
        for module, path in _modules().items()
        for alias in private_aliases(ast.parse(path.read_text(encoding="utf-8")))
    )
    assert not found, "public aliases of private names (name the function once, publicly):\n" + "\n".join(found)

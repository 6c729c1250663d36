"""The package's shape: no import cycles inside `pipeline/`, and no long module without a stated reason.

Imports are read from the source (`ast`), not by importing, so the test sees what a reader of the code sees.
Only imports that run when a module is imported count: those at module level (and inside module-level
`if`/`try`), not those inside functions (deferred on purpose, e.g. to keep `--help` fast) or under
`if TYPE_CHECKING:`. `from . import name` counts as importing the package when `name` is not a submodule.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
MAX_LINES = 400
# A module over MAX_LINES says why in its docstring, in a paragraph that starts with this.
LONG_REASON = "Why one module:"


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _imported(module: str, node: ast.Import | ast.ImportFrom, is_package: bool, modules: dict) -> set[str]:
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in modules}
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    found = set()
    for alias in node.names:
        sub = f"{prefix}.{alias.name}"
        found.add(sub if sub in modules else prefix)
    return {name for name in found if name in modules}


def import_graph() -> dict[str, set[str]]:
    """module -> the package modules it imports when it is imported."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        deps: set[str] = set()

        def visit(body: list[ast.stmt]) -> None:
            for node in body:
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    deps.update(_imported(module, node, is_package, modules))
                elif isinstance(node, ast.If):
                    if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                        continue
                    visit(node.body)
                    visit(node.orelse)
                elif isinstance(node, ast.Try):
                    visit(node.body)
                    for handler in node.handlers:
                        visit(handler.body)

        visit(ast.parse(path.read_text(encoding="utf-8")).body)
        graph[module] = deps - {module}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return cycles


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(graph) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_inside_the_package():
    assert import_cycles(import_graph()) == []


def test_the_import_graph_sees_relative_and_package_imports():
    graph = import_graph()
    assert "pipeline.errors" in graph["pipeline"]  # from .errors import ...
    assert "pipeline.runner" not in graph["pipeline"]  # imported lazily (PEP 562 __getattr__), not at import
    assert "pipeline.cli_common" in graph["pipeline.cli_config"]
    assert "pipeline.errors" in graph["pipeline.runner"]


def test_no_module_is_long_without_a_reason_in_its_docstring():
    unexplained = []
    for module, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        n_lines = text.count("\n")
        if n_lines > MAX_LINES and LONG_REASON not in (ast.get_docstring(ast.parse(text)) or ""):
            unexplained.append(f"{module} ({n_lines} lines)")
    assert not unexplained, f"over {MAX_LINES} lines with no '{LONG_REASON}' paragraph: {', '.join(unexplained)}"

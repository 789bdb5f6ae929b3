"""The package's dependencies point one way (issue 13):

    cli → listen / export → speech → document / audio → model and shared utilities

Every module-level ``import`` of one ``reader`` module by another is read
from the source (imports inside functions are deliberate lazy loads and do
not count) and checked against the layer of each module: nothing imports a
higher layer, and there are no import cycles. The pure parts stay pure: the
navigator and the engines' value types load no engine adapter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "reader"

LAYERS: dict[str, int] = {
    # 0: shared values and utilities, no I/O of their own beyond files
    "reader": 0,
    "reader.errors": 0,
    "reader.safetext": 0,
    "reader.paths": 0,
    "reader.fileio": 0,
    "reader.tomlfile": 0,
    "reader.rates": 0,
    "reader.text": 0,
    "reader.resources": 0,
    "reader.document.model": 0,
    "reader.document._punkt": 0,
    "reader.__main__": 5,
    # 1: documents in, and audio arithmetic
    "reader.document": 1,
    "reader.audio": 1,
    # 2: what is said and by what
    "reader.speech": 2,
    # 3: the two jobs
    "reader.listen": 3,
    "reader.export": 3,
    # 4: the command line
    "reader.cli": 4,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    while module not in LAYERS:
        module = module.rsplit(".", 1)[0]
    return LAYERS[module]


def _top_level_imports(path: Path) -> set[str]:
    """``reader`` modules imported at module level (not inside functions, not only for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("reader"))
            elif (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("reader")
                and node.level == 0
            ):
                found.add(node.module)
            elif isinstance(node, (ast.If, ast.Try)):
                visit(node.body)
                visit(getattr(node, "orelse", []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(tree.body)
    return found


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _top_level_imports(p) for p in PACKAGE.rglob("*.py")}


def test_every_module_has_a_layer():
    for module in _graph():
        _layer(module)  # raises KeyError for a module no layer names


def test_no_module_imports_a_higher_layer():
    upward = [
        f"{module} (layer {_layer(module)}) imports {target} (layer {_layer(target)})"
        for module, targets in _graph().items()
        for target in targets
        if _layer(target) > _layer(module)
    ]
    assert upward == []


def test_there_are_no_import_cycles():
    graph = _graph()
    known = set(graph)

    def resolve(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    edges = {m: {t for t in map(resolve, targets) if t and t != m} for m, targets in graph.items()}
    # a package's __init__ importing its own submodules is how packages are built, not a cycle
    edges = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in edges.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def walk(node: str, path: list[str]) -> bool:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycle.extend(path[path.index(target) :] + [target] if target in path else [node, target])
                return True
            if state.get(target) is None and walk(target, path + [target]):
                return True
        state[node] = 2
        return False

    for start in sorted(edges):
        if state.get(start) is None and walk(start, [start]):
            break
    assert cycle == [], " -> ".join(cycle)


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_no_module_is_longer_than_400_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_a_function_longer_than_60_lines_says_why_beside_it():
    """Its first lines hold a ``# Long …`` comment (an option table, a table of patterns)."""
    unexplained = []
    for path in PACKAGE.rglob("*.py"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                opening = lines[node.lineno - 1 : node.body[0].end_lineno + 3]  # type: ignore[operator]
                if length > MAX_FUNCTION_LINES and not any(line.strip().startswith("# Long") for line in opening):
                    unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    assert unexplained == []


def test_the_navigator_and_engine_value_types_load_no_engine_adapter():
    probe = (
        "import sys, reader.listen.navigation, reader.speech.engines.base, reader.speech.cache;"
        "print(sorted(m for m in sys.modules if m in ('reader.speech.engines.espeak', 'reader.speech.engines.piper',"
        " 'reader.speech.engines.pyttsx3_engine', 'numpy', 'reader.listen.session', 'reader.cli')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

"""The package's layers: imports point down only, and no two modules import each other.

``diplokg.graph`` is ``model`` ← ``store`` ← ``shapes`` ← ``queries`` ← ``io`` ← ``plot`` ←
``http`` ← ``cliopts``/``commands``/``cli``; ``diplokg.loaders`` uses only ``model`` of the graph side, and
only ``io`` (ingest, extract) and above use the loaders. The Python API (``diplokg.knowledge_graph``,
``diplokg.rows``) sits on top: nothing in ``graph/`` or ``loaders/`` imports it. Every import
counts, also those inside functions.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RANK = {"model": 0, "store": 1, "shapes": 2, "queries": 3, "io": 4, "plot": 5, "http": 6, "cliopts": 7, "commands": 7,
        "cli": 7, "__main__": 8}
API = {"diplokg.knowledge_graph", "diplokg.rows"}


def _modules() -> dict[str, Path]:
    out = {}
    for folder, package in (("graph", "diplokg.graph"), ("loaders", "diplokg.loaders"), ("diplokg", "diplokg")):
        for path in (ROOT / folder).rglob("*.py"):
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join([package, *parts])] = path
    return out


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if m in MODULES}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] == ["diplokg", "graph"] and len(parts) > 2:
        return parts[2]
    return None


def test_no_top_level_graph_or_loaders_imports():
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
            for name in names:
                assert name.split(".")[0] not in ("graph", "loaders"), f"{module} imports {name}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _layer(m)))
def test_graph_imports_point_down(module):
    mine = RANK[_layer(module)]
    for target in _imports(MODULES[module]):
        layer = _layer(target)
        if layer is not None:
            assert RANK[layer] <= mine, f"{module} ({_layer(module)}) imports {target} ({layer}), a layer above it"
        elif target.startswith("diplokg.loaders"):
            assert RANK[_layer(module)] >= RANK["io"], f"{module} uses the loaders; only io and above may"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("diplokg.loaders")))
def test_loaders_use_only_the_model_layer(module):
    for target in _imports(MODULES[module]):
        layer = _layer(target)
        assert layer in (None, "model"), f"{module} imports {target}"


def test_no_two_modules_import_each_other():
    edges = {m: _imports(p) for m, p in MODULES.items()}
    pairs = sorted({tuple(sorted((a, b))) for a, targets in edges.items() for b in targets
                    if a != b and a in edges.get(b, set()) and not b.startswith(a + ".") and not a.startswith(b + ".")})
    assert not pairs, f"modules that import each other: {pairs}"


def test_the_library_does_not_import_the_python_api():
    for module, path in MODULES.items():
        if module.startswith(("diplokg.graph", "diplokg.loaders")):
            assert not _imports(path) & API, f"{module} imports the Python API"


def test_the_python_api_modules_exist():
    assert API <= set(MODULES)

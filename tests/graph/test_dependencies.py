"""Every third-party package the code imports is declared in pyproject.toml: core imports in
``dependencies``, the plotting and pandas ones (imported only where they are used) in their
extras. The wheel test installs into an environment that already has the packages, so this is
what catches an undeclared one."""
from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")

ROOT = Path(__file__).resolve().parents[2]
OPTIONAL = {"plot": ("graph/plot/",), "pandas": ("diplokg/rows.py",), "dask": ("diplokg/on_dask.py",)}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def _imports() -> dict[str, set[str]]:
    """Top-level import names → the files importing them (the project's own left out)."""
    found: dict[str, set[str]] = {}
    for folder in ("graph", "loaders", "diplokg"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level
                         else [])
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top != "diplokg":
                        found.setdefault(top, set()).add(path.relative_to(ROOT).as_posix())
    return found


def test_every_import_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {_name(r) for r in project["dependencies"]}
    extras = {extra: {_name(r) for r in project["optional-dependencies"][extra]} for extra in OPTIONAL}
    dists = packages_distributions()
    for module, files in sorted(_imports().items()):
        names = {d.lower().replace("_", "-") for d in dists.get(module, [])}
        assert names, f"{module} (imported by {sorted(files)}) is not installed; is it a typo?"
        if names & core:
            continue
        extra = next((e for e, declared in extras.items() if names & declared), None)
        assert extra, f"{module} ({sorted(names)}) is imported by {sorted(files)} but not declared in pyproject.toml"
        outside = [f for f in files if not f.startswith(OPTIONAL[extra])]
        assert not outside, f"{module} is in the {extra!r} extra but {outside} import it"

"""Layering: `bandotheche/` (settings, database) ← `layers/` (the rules) ← `etl/` and `webmap/` ← the CLI.
No module imports a package above its own layer, and etl and webmap never import each other."""

from __future__ import annotations

import ast

import pytest

from bandotheche import PROJECT_ROOT

RANK = {"bandotheche": 0, "layers": 1, "etl": 2, "webmap": 2}
# The command line composes every layer.
ENTRY_MODULES = {"bandotheche/cli.py"}


def _modules() -> list[str]:
    return sorted(str(path.relative_to(PROJECT_ROOT)) for package in RANK
                  for path in (PROJECT_ROOT / package).rglob("*.py"))


def _imported_packages(relative_path: str) -> set[str]:
    """The top-level packages a module imports (relative imports stay inside its own package)."""
    tree = ast.parse((PROJECT_ROOT / relative_path).read_text(encoding="utf-8"), relative_path)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
    return {name.split(".")[0] for name in names}


def _imports_above(relative_path: str) -> set[str]:
    """The packages of the same or a higher layer that a module imports."""
    package = relative_path.split("/")[0]
    return {imported for imported in _imported_packages(relative_path) & RANK.keys()
            if imported != package and RANK[imported] >= RANK[package]}


@pytest.mark.parametrize("module", [m for m in _modules() if m not in ENTRY_MODULES])
def test_no_module_imports_a_layer_above_its_own(module):
    assert _imports_above(module) == set()


def test_the_check_sees_what_the_command_line_imports():
    assert {"etl", "layers", "webmap"} <= _imported_packages("bandotheche/cli.py")

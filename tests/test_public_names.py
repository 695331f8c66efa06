"""Each package declares its public names (`__all__`): every declared name resolves, and every
name the tests and experiment scripts import from a package is declared."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PACKAGES = [
    "gridsim", "gridsim.experiment", "gridsim.fit", "gridsim.model", "gridsim.optimiser",
    "gridsim.policies",
    "gridsim.scenario", "gridsim.stats", "gridsim.views",
]  # fmt: skip
SOURCES = sorted((ROOT / "tests").rglob("*.py")) + sorted((ROOT / "experiments").rglob("*.py"))


def _resolve(package: str, name: str) -> object:
    """The attribute, or the submodule of that name (imported on first use, like `import *`)."""
    module = importlib.import_module(package)
    try:
        return getattr(module, name)
    except AttributeError:
        return importlib.import_module(f"{package}.{name}")


def _imported_from(package: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == package and node.level == 0
        for alias in node.names
    }


@pytest.mark.parametrize("package", PACKAGES)
def test_declared_names_resolve(package: str) -> None:
    for name in importlib.import_module(package).__all__:
        assert _resolve(package, name) is not None


@pytest.mark.parametrize("package", PACKAGES)
def test_names_used_by_tests_and_scripts_are_declared(package: str) -> None:
    used = set().union(*(_imported_from(package, path) for path in SOURCES))
    assert used <= set(importlib.import_module(package).__all__)


def test_the_package_is_typed() -> None:
    assert (ROOT / "gridsim" / "py.typed").is_file()

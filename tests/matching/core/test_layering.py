"""The matcher's layers: the core imports no web or database layer, and no module of the
matcher imports one that imports it back.

The core modules are imported one after the other in one fresh interpreter, and what
each added to ``sys.modules`` is read: that sees imports made through other modules too,
which a grep would miss. A module that loads a forbidden one fails its own test, so a
later module that loads the same one is tried again once that is mended (a fresh
interpreter per module cost 2.5 s each, a minute of the suite). The ``hackplat`` package
itself is put in place without running its ``__init__`` (which builds the Flask app and
so imports Flask), so that the probe sees what the core loads, not what the application
package loads around it.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

MATCHING = Path(__file__).resolve().parents[3] / "hackplat" / "matching"
CORE_MODULES = sorted(f"hackplat.matching.core.{p.stem}" for p in (MATCHING / "core").glob("*.py"))
#: hackplat modules outside the core that the core may use: plain Python, no Flask.
PURE = {"hackplat", "hackplat.matching", "hackplat.fiscal"}
FORBIDDEN_TOP = {"flask", "sqlalchemy", "werkzeug", "wtforms", "jinja2", "alembic"}

PROBE = """
import importlib, json, sys, types
package = types.ModuleType("hackplat")
package.__path__ = [{package!r}]
sys.modules["hackplat"] = package
added = {{}}
for module in {modules!r}:
    before = set(sys.modules)
    importlib.import_module(module)
    added[module] = sorted(set(sys.modules) - before)
print(json.dumps(added))
"""


def _is_outside_core(name: str) -> bool:
    top = name.partition(".")[0]
    if top in FORBIDDEN_TOP or top.startswith("flask_"):
        return True
    return top == "hackplat" and name not in PURE and not name.startswith("hackplat.matching.core")


def forbidden(loaded: list[str]) -> list[str]:
    """Modules of the web or database layers among ``loaded``."""
    return [name for name in loaded if _is_outside_core(name)]


@pytest.fixture(scope="module")
def loaded_by() -> dict[str, list[str]]:
    """The modules each core module added to ``sys.modules``, imported in turn."""
    probe = PROBE.format(package=str(MATCHING.parent), modules=CORE_MODULES)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_a_core_module_loads_no_web_or_database_layer(module: str, loaded_by: dict[str, list[str]]) -> None:
    assert forbidden(loaded_by[module]) == []


def test_the_check_names_what_it_forbids() -> None:
    assert forbidden(["flask", "flask_babel", "sqlalchemy.orm", "hackplat.models", "hackplat.extensions"]) == [
        "flask",
        "flask_babel",
        "sqlalchemy.orm",
        "hackplat.models",
        "hackplat.extensions",
    ]
    assert forbidden(["hackplat.matching.store.live", "hackplat.matching.views", "hackplat.search"]) == [
        "hackplat.matching.store.live",
        "hackplat.matching.views",
        "hackplat.search",
    ]
    assert forbidden(["numpy", "scipy.sparse", "fugashi", "hackplat.fiscal", "hackplat.matching.core.index"]) == []


def _module_name(path: Path) -> str:
    parts = path.relative_to(MATCHING.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, known: set[str]) -> set[str]:
    """Matcher modules that ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.update(
                f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module
                for alias in node.names
            )
    return found & known


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` as a path back to its start, or [] if none."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return path[path.index(node) :] + [node]
        if node in done:
            return []
        for target in sorted(graph[node]):
            if found := visit(target, [*path, node]):
                return found
        done.add(node)
        return []

    for start in sorted(graph):
        if found := visit(start, []):
            return found
    return []


def test_no_module_of_the_matcher_is_in_an_import_cycle() -> None:
    paths = sorted(MATCHING.rglob("*.py"))
    known = {_module_name(p) for p in paths}
    graph = {_module_name(p): _imports(p, known) - {_module_name(p)} for p in paths}
    assert _cycle(graph) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []

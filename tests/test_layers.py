"""The layers of ``stancegraph`` only look down: checked on the imports of every module.

The rules are the layer table of ``docs/architecture.md``, read here; a new import that breaks
one fails with the module, the line and the rule.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE_ROOTS = ("ontology", "mappings", "server")

ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _layer_rules() -> dict[str, frozenset[str]]:
    """The layer table of docs/architecture.md: each layer and the layers it may import."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    rows = {
        name: cell.strip() for name, cell in re.findall(r"^\| `(\w+)` \| ([^|]+) \|", text, re.M)
    }
    every = frozenset(rows)
    rules: dict[str, frozenset[str]] = {}
    for name, cell in rows.items():
        if cell == "every layer":
            rules[name] = every - {name}
        elif cell == "—":
            rules[name] = frozenset()
        else:
            rules[name] = frozenset(part.strip() for part in cell.split(","))
    return rules


def _homes() -> dict[str, str]:
    """Each layer's source root, from the folder tree of docs/architecture.md."""
    tree = ARCHITECTURE.read_text(encoding="utf-8")
    return dict(
        (layer, root)
        for root, layer in re.findall(r"^(ontology|mappings|server)/stancegraph/(\w+)/", tree, re.M)
    )


#: Each subpackage of ``stancegraph`` and the subpackages it may import (the document's table).
MAY_IMPORT = _layer_rules()
#: Where each subpackage lives: data folders hold the code that reads them.
HOME = _homes()
#: Libraries of the web layer: nothing below it speaks HTTP.
WEB_LIBRARIES = frozenset({"flask", "werkzeug", "jinja2", "gunicorn"})
MAY_USE_WEB_LIBRARIES = frozenset({"web", "cli"})


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. stancegraph.web.app
    path: Path
    line: int
    target: str  # the imported module, e.g. stancegraph.stores.store


def modules() -> Iterator[tuple[str, Path]]:
    for root in SOURCE_ROOTS:
        for path in sorted((ROOT / root / "stancegraph").rglob("*.py")):
            parts = path.relative_to(ROOT / root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def imports() -> Iterator[Import]:
    for module, path in modules():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield Import(module, path, node.lineno, alias.name)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                yield Import(module, path, node.lineno, base)
                for alias in node.names:  # ``from pkg import module`` imports pkg.module
                    yield Import(module, path, node.lineno, f"{base}.{alias.name}")


def layer(module: str) -> str:
    return module.split(".")[1]


def where(found: Import) -> str:
    return f"{found.path.relative_to(ROOT)}:{found.line}: {found.module} imports {found.target}"


def test_the_document_names_every_layer_once_with_its_home() -> None:
    assert len(MAY_IMPORT) == 13 and set(HOME) == set(MAY_IMPORT)
    for name, allowed in MAY_IMPORT.items():
        assert allowed <= set(MAY_IMPORT), f"{name} may import an unknown layer: {sorted(allowed)}"


def test_every_module_lives_in_a_known_layer_at_its_home() -> None:
    for module, path in modules():
        parts = module.split(".")
        assert parts[0] == "stancegraph", path
        if len(parts) > 1:
            assert parts[1] in MAY_IMPORT, f"{path}: {parts[1]} is not a layer of MAY_IMPORT"
            assert path.relative_to(ROOT).parts[0] == HOME[parts[1]], (
                f"{path}: not under {HOME[parts[1]]}/"
            )


def test_no_module_directly_under_the_namespace() -> None:
    # stancegraph spans three source roots; a module directly in it would belong to none.
    for root in SOURCE_ROOTS:
        assert not list((ROOT / root / "stancegraph").glob("*.py")), root


def test_layers_only_look_down() -> None:
    broken = [
        f"{where(found)} ({layer(found.module)} may import only {sorted(MAY_IMPORT[layer(found.module)])})"
        for found in imports()
        if found.target.startswith("stancegraph.")
        and layer(found.target) != layer(found.module)
        and layer(found.target) not in MAY_IMPORT[layer(found.module)]
    ]
    assert broken == []


def test_nothing_below_the_web_layer_speaks_http() -> None:
    broken = [
        where(found)
        for found in imports()
        if found.target.split(".")[0] in WEB_LIBRARIES
        and layer(found.module) not in MAY_USE_WEB_LIBRARIES
    ]
    assert broken == []


def _module_graph() -> dict[str, set[str]]:
    names = {module for module, _ in modules()}
    graph: dict[str, set[str]] = {name: set() for name in names}
    for found in imports():
        if found.target in names and found.target != found.module:
            if found.module.startswith(found.target + "."):
                continue  # a package's own __init__ is not a dependency on its children
            graph[found.module].add(found.target)
    return graph


def test_no_import_cycle() -> None:
    graph = _module_graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(" → ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


def test_the_wheel_lists_every_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    found = {
        module
        for module, path in modules()
        if path.name == "__init__.py" and module != "stancegraph"
    }
    listed = set(config["packages"])
    assert found <= listed, f"packages missing from pyproject.toml: {sorted(found - listed)}"
    for package in found:
        assert config["package-dir"].get(package, "").startswith(HOME[layer(package)] + "/") or (
            package.count(".") > 1
        ), package


@pytest.mark.parametrize("folder", ["ontology", "mappings"])
def test_data_folders_hold_data_and_one_code_folder(folder: str) -> None:
    # An annotator or a shape author opening the folder finds the files they edit.
    entries = sorted(p.name for p in (ROOT / folder).iterdir() if p.name != "__pycache__")
    assert [name for name in entries if name.endswith(".py")] == []
    assert [name for name in entries if (ROOT / folder / name).is_dir()] == ["stancegraph"]


def test_the_checkout_reads_nothing_outside_itself() -> None:
    # A clone from GitHub has no neighbours: what a test or the code reads is in the repository
    # (.ci/run also runs the suite in a clone with nothing beside it).
    # Spelt in pieces, so that this test is not itself a match for the hooks that grep for them.
    neighbour = "shared"
    outside = (
        f"../{neighbour}",
        "parent.parent.parent",
        f'.parent / "{neighbour}"',
        "ROOT.parent /",
    )
    found = [
        f"{path.relative_to(ROOT)}: {needle}"
        for folder in ("tests", "bench", *SOURCE_ROOTS)
        for path in (ROOT / folder).rglob("*.py")
        for needle in outside
        if needle in path.read_text(encoding="utf-8") and path != Path(__file__)
    ]
    assert found == []

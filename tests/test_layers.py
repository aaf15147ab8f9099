"""The package's layers hold: each imports only those below it, and nothing imports the CLI."""

import ast
from pathlib import Path

from tests.conftest import REPO

# What each layer may import of govreports (its own modules always).
ALLOWED = {
    "places": set(),
    "parse": {"places", "schema"},
    "store": {"parse", "places", "schema"},
    "analysis": {"store", "parse", "places", "schema"},
    "crawl": {"store", "parse", "places", "schema"},
}
TOP = {
    "report",
    "local_files",
    "evaluate",
    "registry",
    "sites_import",
    "reparse",
    "demo",
    "bench",
    "season",
    "cli",
    "replicas",
}


def _imports(path: Path) -> set[str]:
    """The govreports modules a file imports, as dotted names, wherever in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] if node.module == "govreports" else []
            found |= {node.module, *names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith("govreports.")}


def _layer(dotted: str) -> str:
    return dotted.split(".")[1]


def test_each_layer_imports_only_those_below_it():
    wrong = []
    for layer, allowed in ALLOWED.items():
        for path in sorted((REPO / "govreports" / layer).rglob("*.py")):
            for name in _imports(path):
                if _layer(name) not in allowed | {layer}:
                    wrong.append(f"{path.relative_to(REPO)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_schema_imports_nothing_of_govreports():
    assert _imports(REPO / "govreports" / "schema.py") == set()


def test_nothing_imports_the_cli():
    importers = [
        path.relative_to(REPO)
        for folder in ("govreports", "spiders", "pipelines")
        for path in (REPO / folder).rglob("*.py")
        if path.name != "cli.py" and "govreports.cli" in _imports(path)
    ]
    assert not importers


def test_every_module_belongs_to_a_layer_or_to_the_top():
    loose = {path.stem for path in (REPO / "govreports").glob("*.py")} - {"__init__", "schema"}
    layers = {
        path.name for path in (REPO / "govreports").iterdir() if path.is_dir() and (path / "__init__.py").exists()
    }
    assert loose <= TOP and layers - {"replicas"} == set(ALLOWED)

"""The package's layers, read from its source with ast (imports inside functions count too):
ingestion knows nothing of tasks, the text stages read no files and no models, ml uses only the
public names of the rule stages, and no module imports itself through others."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

TASK_SIDE = [
    "extractor.tasks",
    "extractor.units",
    "extractor.deadlines",
    "extractor.references",
    "extractor.frame",
    "extractor.segment",
    "extractor.pipeline",
    "extractor.ml",
    "extractor.export",
    "extractor.batch",
]
TEXT_STAGES = [
    "extractor.segment",
    "extractor.frame",
    "extractor.references",
    "extractor.deadlines",
    "extractor.units",
    "extractor.tasks",
    "extractor.text",
    "extractor.dates",
    "extractor.record",
    "extractor.rules",
    "extractor.layout",
    "extractor.output",
    "extractor.pos",
]
LAYERS = [
    ("ingestion knows nothing of tasks", ["extractor.ingest"], TASK_SIDE),
    (
        "the text stages read neither files nor models",
        TEXT_STAGES,
        ["extractor.ingest", "extractor.batch", "extractor.ml", "extractor.export", "extractor.api"],
    ),
]


def _within(name: str, prefixes: list[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def package_modules(root: Path, package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every .py under root (the package's own folder)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _targets(node: ast.AST, importer: str, is_package: bool, known: set[str]) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for one import statement; a name that is itself a
    module of the package ("from . import ocr") is that module."""
    if isinstance(node, ast.Import):
        return [(a.name, []) for a in node.names]
    if node.level:
        base = importer.split(".") if is_package else importer.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    out, names = [], []
    for a in node.names:
        sub = f"{module}.{a.name}"
        if sub in known:
            out.append((sub, []))
        else:
            names.append(a.name)
    if names:
        out.append((module, names))
    return out


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module -> the package's modules it imports, at any depth of its code."""
    modules = package_modules(root, package)
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target, _ in _targets(node, name, path.name == "__init__.py", set(modules)):
                    if target in modules and target != name:
                        edges.add(target)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted, in sorted order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def layer_violations(graph: dict[str, set[str]], layers=LAYERS) -> list[str]:
    """'rule: importer -> imported' for every import a layer forbids."""
    return [
        f"{rule}: {m} -> {t}"
        for rule, members, forbidden in layers
        for m in sorted(graph)
        if _within(m, members)
        for t in sorted(graph[m])
        if _within(t, forbidden)
    ]


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(source: str, importer: str, is_package: bool, known: set[str], owners: set[str]) -> list[str]:
    """Private names of the modules in `owners` that one module's source uses: taken by
    `from X import _name`, read as `X._name`, or fetched with getattr(X, "_name")."""
    tree = ast.parse(source)
    bound: dict[str, str] = {}  # local (dotted) name -> the owner module it stands for
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bound.update((a.asname or a.name, a.name) for a in node.names if a.name in owners)
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                one = ast.ImportFrom(module=node.module, names=[a], level=node.level)
                [(target, names)] = _targets(one, importer, is_package, known)
                if target in owners and names and _private(a.name):
                    found.append(f"from {target} import {a.name}")
                elif target in owners and not names:
                    bound[a.asname or a.name] = target
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr) and ast.unparse(node.value) in bound:
            found.append(f"{bound[ast.unparse(node.value)]}.{node.attr}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
        ):
            found.append(f"getattr({ast.unparse(node.args[0])}, {node.args[1].value!r})")
    return found


GRAPH = import_graph(ROOT / "extractor", "extractor")


def test_the_graph_sees_the_package():
    assert "extractor.ingest.pdf" in GRAPH and "extractor.ml.decision" in GRAPH
    assert "extractor.ingest" in GRAPH["extractor.pipeline"]  # from .ingest import load
    assert "extractor.tasks" in GRAPH["extractor.ml.decision"]  # from .. import tasks as T, inside a function


@pytest.mark.parametrize("rule, members, forbidden", LAYERS)
def test_layers(rule, members, forbidden):
    assert layer_violations(GRAPH, [(rule, members, forbidden)]) == []


def test_no_import_cycles():
    assert cycles(GRAPH) == []


def test_ml_uses_only_public_names_of_the_rule_stages():
    modules = package_modules(ROOT / "extractor", "extractor")
    owners = {m for m in modules if not _within(m, ["extractor.ml"])}
    found = {
        m: private_uses(p.read_text(encoding="utf-8"), m, p.name == "__init__.py", set(modules), owners)
        for m, p in modules.items()
        if _within(m, ["extractor.ml"])
    }
    assert {m: f for m, f in found.items() if f} == {}


# ---- the checkers can fail ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "graph, expected",
    [
        ({"a": {"b"}, "b": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, [["a", "b"], ["c", "d"]]),
        ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, []),  # a diamond is no cycle
    ],
)
def test_cycles_of_small_graphs(graph, expected):
    assert cycles(graph) == expected


def _package(tmp_path: Path, files: dict[str, str]) -> dict[str, set[str]]:
    for name, text in files.items():
        path = tmp_path / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return import_graph(tmp_path / "pkg", "pkg")


def test_a_cycle_hidden_in_a_function_is_found(tmp_path):
    graph = _package(
        tmp_path,
        {
            "__init__.py": "from . import ocr_fix\n",
            "ocr_fix.py": "def build():\n    from . import load\n    return load\n",
            "pdf.py": "from .lines import build_blocks\n",
            "lines.py": "def build_blocks():\n    from .pdf import layout\n",
        },
    )
    assert graph == {"pkg": {"pkg.ocr_fix"}, "pkg.ocr_fix": {"pkg"}, "pkg.pdf": {"pkg.lines"}, "pkg.lines": {"pkg.pdf"}}
    assert cycles(graph) == [["pkg", "pkg.ocr_fix"], ["pkg.lines", "pkg.pdf"]]


def test_a_forbidden_import_is_named(tmp_path):
    graph = _package(
        tmp_path,
        {
            "__init__.py": "",
            "ingest/__init__.py": "",
            "tasks.py": "",
            "ingest/pdf.py": "def f():\n    from ..tasks import plan\n",
        },
    )
    layers = [("ingestion knows nothing of tasks", ["pkg.ingest"], ["pkg.tasks"])]
    assert layer_violations(graph, layers) == ["ingestion knows nothing of tasks: pkg.ingest.pdf -> pkg.tasks"]


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from ..tasks import is_caps, VERB\n", []),
        ("from ..tasks import _clean\n", ["from pkg.tasks import _clean"]),
        ("from .. import tasks as T\nx = T._clean('a')\n", ["pkg.tasks._clean"]),
        ("def f():\n    from .. import tasks\n    return tasks._VERB\n", ["pkg.tasks._VERB"]),
        ("import pkg.tasks\ny = pkg.tasks.VERB\n", []),
        ("from .. import tasks\nz = getattr(tasks, '_hidden', None)\n", ["getattr(tasks, '_hidden')"]),
        ("from .. import __version__\nfrom ..tasks import is_caps as _is_caps\n", []),  # dunder; a private alias
        ("from .data import _own\n", []),  # ml's own private names are its own business
    ],
)
def test_private_names_of_the_rule_stages(source, expected):
    known = {"pkg", "pkg.tasks", "pkg.ml", "pkg.ml.data", "pkg.ml.decision"}
    owners = {"pkg", "pkg.tasks"}
    found = private_uses(source, "pkg.ml.decision", False, known, owners)
    assert found == expected

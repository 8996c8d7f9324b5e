"""Imports point one way: `cli` → `pipeline` → stages → `model` / `diagnostics`.

Every module under `src/glocal` is parsed with `ast` (never imported) and every `import` /
`from … import` of a glocal module, at module level or inside a function, becomes an edge.
Edges are precise: `from glocal.a import b` goes to `glocal.a.b` when `b` is a submodule and to
`glocal.a` otherwise; `import glocal.a.b` goes to `glocal.a.b` (the parent packages Python also
runs on the way are not edges). Relative imports are resolved against the importing module.

The rules, each reported with every offending edge and its file and line:

- no import cycle between glocal modules;
- no upward import: a module imports only lower ranks, or its own rank inside its own layer
  (see `LAYERS`; checks and i18n may not import each other, nor build, packs and scaffold);
- no stage reaches into another layer's private names (`from glocal.x.y import _helper`,
  `y._helper`, or a private module `glocal.x._y`);
- `mkdocs` and `material` are imported only by `glocal.build.sites` (which runs MkDocs),
  `glocal.build.serving` (its live-reload server), its MkDocs plugin `glocal.build.plugin`, and
  `glocal.build.theme` (which finds the theme's files);
- `cli` (with its parts, `glocal.cli.*`) imports only `glocal` (for `__version__`),
  `glocal.pipeline` and `glocal.diagnostics`.

A module that no layer claims fails the test too: give it a rank when adding it.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "glocal"
SRC = Path(__file__).resolve().parent.parent / "src" / PACKAGE

# (rank, layer, module prefixes). A prefix claims itself and every module under it; the longest
# prefix wins. Rank 0 is one layer, the foundation: its modules may import each other (model
# needs diagnostics' Span), the cycle rule still applies. Rank 6 is one layer, the entry points:
# __main__ runs cli.
LAYERS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        0,
        "foundation",
        (
            "glocal",
            "glocal.model",
            "glocal.diagnostics",
            "glocal.codes",
            "glocal.fsutil",
            "glocal.l10n",
            "glocal.toolchain",
            "glocal.processes",
            "glocal.upstream",
        ),
    ),
    (0, "foundation", ("glocal.markdown",)),
    (1, "load", ("glocal.load",)),
    (2, "checks", ("glocal.checks",)),
    (2, "i18n", ("glocal.i18n",)),
    (3, "compose", ("glocal.compose",)),
    (4, "build", ("glocal.build",)),
    (4, "packs", ("glocal.packs",)),
    (4, "scaffold", ("glocal.scaffold", "glocal.workbench")),
    (5, "pipeline", ("glocal.pipeline",)),
    (6, "entry", ("glocal.cli", "glocal.__main__")),
)
# The only layer-less prefix match is the package itself: "glocal" claims nothing below it.
_EXACT_ONLY = {PACKAGE}

MKDOCS_NAMES = {"mkdocs", "material"}
MKDOCS_HOMES = {"glocal.build.sites", "glocal.build.serving", "glocal.build.plugin", "glocal.build.theme"}
CLI = "glocal.cli"
CLI_MAY_IMPORT = {"glocal", "glocal.pipeline", "glocal.diagnostics"}
CLI_FROM_PACKAGE = {"__version__"}  # the names cli may take from glocal/__init__ itself


def _in_cli(module: str) -> bool:
    return module == CLI or module.startswith(CLI + ".")


@dataclass(frozen=True)
class Edge:
    """One import of a glocal module (`names`: what `from … import` took, empty for `import`)."""

    importer: str
    imported: str
    path: str
    line: int
    names: tuple[str, ...] = ()

    def __str__(self) -> str:
        taken = f" ({', '.join(self.names)})" if self.names else ""
        return f"{self.importer} -> {self.imported}{taken}  [{self.path}:{self.line}]"


@dataclass(frozen=True)
class Source:
    name: str
    path: str  # shown in messages
    text: str
    is_package: bool  # an __init__.py


@dataclass(frozen=True)
class Scan:
    edges: tuple[Edge, ...]
    private: tuple[str, ...]  # messages for rule (c)
    external: tuple[tuple[str, str, str, int], ...]  # (importer, top-level name, path, line)


# --- reading the package ---------------------------------------------------------------------


def read_package(root: Path = SRC, package: str = PACKAGE) -> dict[str, Source]:
    """Every module of the package by dotted name, read as text."""
    sources = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        name = ".".join([package, *parts])
        shown = str(path.relative_to(root.parent.parent)) if root == SRC else str(path)
        sources[name] = Source(name, shown, path.read_text(encoding="utf-8"), is_package)
    return sources


def synthetic(modules: Mapping[str, str], packages: set[str] = frozenset()) -> dict[str, Source]:
    """A made-up module set (name -> source text) for testing the checker itself."""
    return {
        name: Source(name, f"<{name}>", text, name in packages or name == PACKAGE)
        for name, text in modules.items()
    }


def _resolve_relative(source: Source, module: str | None, level: int) -> str:
    base = source.name.split(".")
    if not source.is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _known(name: str, modules: Mapping[str, Source]) -> str:
    """`name` if it is a module, else its longest prefix that is (an import of a missing module)."""
    parts = name.split(".")
    while parts and ".".join(parts) not in modules:
        parts.pop()
    return ".".join(parts) if parts else name


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def scan(modules: Mapping[str, Source]) -> Scan:
    """Every glocal import edge, every private reach-in and every mkdocs/material import."""
    edges: list[Edge] = []
    private: list[str] = []
    external: list[tuple[str, str, str, int]] = []
    for source in modules.values():
        tree = ast.parse(source.text, filename=source.path)
        aliases: dict[str, str] = {}  # local name -> glocal module it is bound to

        def add(imported: str, line: int, names: tuple[str, ...] = (), src: Source = source) -> None:
            edges.append(Edge(src.name, imported, src.path, line, names))

        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    top = alias.name.split(".")[0]
                    if top in MKDOCS_NAMES:
                        external.append((source.name, top, source.path, node.lineno))
                    if top != PACKAGE:
                        continue
                    target = _known(alias.name, modules)
                    add(target, node.lineno)
                    if alias.asname:
                        aliases[alias.asname] = target
                    else:
                        aliases.setdefault(PACKAGE, PACKAGE)
            elif isinstance(node, ast.ImportFrom):
                base = _resolve_relative(source, node.module, node.level) if node.level else node.module or ""
                top = base.split(".")[0]
                if top in MKDOCS_NAMES:
                    external.append((source.name, top, source.path, node.lineno))
                if top != PACKAGE:
                    continue
                from_base: list[str] = []
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    if submodule in modules:
                        add(submodule, node.lineno, (alias.name,))
                        aliases[alias.asname or alias.name] = submodule
                    else:
                        from_base.append(alias.name)
                if from_base:
                    add(_known(base, modules), node.lineno, tuple(from_base))
            elif isinstance(node, ast.Call):
                # importlib.import_module("mkdocs…") / __import__("mkdocs…") hide an import too
                func = _dotted(node.func) or ""
                if func.split(".")[-1] in ("import_module", "__import__") and node.args:
                    first = node.args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        top = first.value.split(".")[0]
                        if top in MKDOCS_NAMES:
                            external.append((source.name, top, source.path, node.lineno))
                        elif top == PACKAGE:
                            add(_known(first.value, modules), node.lineno)
        # `module._helper` through a name bound to another layer's module
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _is_private(node.attr):
                dotted = _dotted(node.value)
                if not dotted:
                    continue
                head, _, rest = dotted.partition(".")
                if head not in aliases:
                    continue
                target = ".".join(filter(None, [aliases[head], rest]))
                if target in modules and layer_of(target)[1] != layer_of(source.name)[1]:
                    private.append(f"{source.name} uses {target}.{node.attr}  [{source.path}:{node.lineno}]")
    for edge in edges:
        if layer_of(edge.imported)[1] == layer_of(edge.importer)[1]:
            continue
        taken = [name for name in edge.names if _is_private(name)]
        if any(_is_private(part) for part in edge.imported.split(".")):
            taken.append(f"(private module {edge.imported})")
        if taken:
            private.append(
                f"{edge.importer} imports {', '.join(taken)} from {edge.imported}  [{edge.path}:{edge.line}]"
            )
    return Scan(tuple(edges), tuple(private), tuple(external))


# --- the rules -------------------------------------------------------------------------------


def layer_of(module: str) -> tuple[int, str]:
    """(rank, layer) of a glocal module; (-1, "") when no layer claims it."""
    best: tuple[int, int, str] = (-1, -1, "")
    for rank, layer, prefixes in LAYERS:
        for prefix in prefixes:
            claims = module == prefix or (prefix not in _EXACT_ONLY and module.startswith(prefix + "."))
            if claims and len(prefix) > best[0]:
                best = (len(prefix), rank, layer)
    return best[1], best[2]


def cycles(edges: tuple[Edge, ...]) -> list[tuple[list[str], list[Edge]]]:
    """Each strongly connected component that is a cycle (Tarjan): its modules, and one of its
    shortest cycles as edges (a whole component can be large; one short loop shows where to cut)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.importer, set()).add(edge.imported)
        graph.setdefault(edge.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    found = []
    for component in components:
        if len(component) > 1 or any(node in graph[node] for node in component):
            found.append((sorted(component), _shortest_cycle(component, edges)))
    return sorted(found)


def _shortest_cycle(component: set[str], edges: tuple[Edge, ...]) -> list[Edge]:
    """A shortest loop inside one strongly connected component (breadth-first from each module)."""
    first: dict[tuple[str, str], Edge] = {}
    for edge in sorted(edges, key=lambda e: (e.path, e.line)):
        if edge.importer in component and edge.imported in component:
            first.setdefault((edge.importer, edge.imported), edge)
    best: list[Edge] = []
    for start in sorted(component):
        came_from: dict[str, Edge] = {}
        frontier = [start]
        while frontier and start not in came_from:
            following = []
            for node in frontier:
                for (a, b), edge in sorted(first.items()):
                    if a == node and b not in came_from:
                        came_from[b] = edge
                        following.append(b)
            frontier = following
        loop, node = [], start
        while True:
            edge = came_from[node]
            loop.append(edge)
            node = edge.importer
            if node == start:
                break
        loop.reverse()
        if not best or len(loop) < len(best):
            best = loop
    return best


def violations(modules: Mapping[str, Source]) -> dict[str, list[str]]:
    """Every broken rule, by rule, with the offending edges as text (empty lists: all good)."""
    found = scan(modules)
    result: dict[str, list[str]] = {
        "module without a rank": [],
        "import cycle": [],
        "upward or sideways import": [],
        "private name of another layer": list(found.private),
        "mkdocs/material outside glocal.build.sites, .plugin, .theme": [],
        "cli imports beyond glocal, glocal.pipeline, glocal.diagnostics": [],
    }
    for name in sorted(modules):
        if layer_of(name)[0] < 0:
            result["module without a rank"].append(f"{name}  [{modules[name].path}]")
    for members, loop in cycles(found.edges):
        result["import cycle"].append(
            f"{len(members)} modules import each other: {', '.join(members)}; a shortest loop:"
            + "".join(f"\n      {edge}" for edge in loop)
        )
    for edge in found.edges:
        (rank, layer), (their_rank, their_layer) = layer_of(edge.importer), layer_of(edge.imported)
        if rank < 0 or their_rank < 0 or layer == their_layer or their_rank < rank:
            continue
        why = "upward" if their_rank > rank else "sideways"
        result["upward or sideways import"].append(
            f"{edge}: {why}, {layer} (rank {rank}) imports {their_layer} (rank {their_rank})"
        )
    for importer, top, path, line in found.external:
        if importer not in MKDOCS_HOMES:
            result["mkdocs/material outside glocal.build.sites, .plugin, .theme"].append(
                f"{importer} imports {top}  [{path}:{line}]"
            )
    for edge in found.edges:
        if not _in_cli(edge.importer) or _in_cli(edge.imported):  # its own parts: arguments, text
            continue
        if edge.imported not in CLI_MAY_IMPORT:
            result["cli imports beyond glocal, glocal.pipeline, glocal.diagnostics"].append(str(edge))
        elif edge.imported == PACKAGE and set(edge.names) - CLI_FROM_PACKAGE:
            result["cli imports beyond glocal, glocal.pipeline, glocal.diagnostics"].append(
                f"{edge}: only __version__ may come from glocal itself"
            )
    return result


def describe(found: dict[str, list[str]]) -> str:
    lines = []
    for rule, items in found.items():
        if items:
            lines.append(f"{rule} ({len(items)}):")
            lines += [f"  {item}" for item in items]
    return "\n".join(lines)


# --- tests -----------------------------------------------------------------------------------


def test_the_package_keeps_its_layers():
    modules = read_package()
    assert f"{PACKAGE}.cli" in modules and f"{PACKAGE}.model" in modules, f"no package at {SRC}"
    found = violations(modules)
    assert not any(found.values()), "import rules broken:\n" + describe(found)


def test_the_scan_sees_function_level_and_relative_imports():
    modules = read_package()
    edges = {(e.importer, e.imported) for e in scan(modules).edges}
    # function-level imports (inside a def) are edges too
    assert ("glocal.build.sites", "glocal.compose.site") in edges
    assert ("glocal.load.schemas", "glocal.model") in edges
    # `from glocal import pipeline` goes to the submodule, `__version__` to the package
    assert ("glocal.cli", "glocal.pipeline") in edges
    assert ("glocal.cli.arguments", "glocal") in edges  # __version__, for --version
    relative = synthetic(
        {
            "glocal": "",
            "glocal.load": "from . import files\nfrom .files import read_text\n",
            "glocal.load.files": "def read_text(): ...\n",
            "glocal.load.ttt": "from ..model import Span\nfrom . import files\n",
            "glocal.model": "",
        },
        packages={"glocal.load"},
    )
    edges = {(e.importer, e.imported) for e in scan(relative).edges}
    assert edges == {
        ("glocal.load", "glocal.load.files"),
        ("glocal.load.ttt", "glocal.model"),
        ("glocal.load.ttt", "glocal.load.files"),
    }


def test_the_checker_reports_a_cycle_an_upward_import_and_the_rest():
    modules = synthetic(
        {
            "glocal": "__version__ = '0'\n",
            "glocal.model": "from glocal.diagnostics import Span\n",
            "glocal.diagnostics": "def f():\n    from glocal.compose import site\n",  # upward
            "glocal.compose": "",
            "glocal.compose.site": "import glocal.diagnostics\n",  # closes the cycle
            "glocal.checks": "",
            "glocal.checks.slots": "from glocal.i18n.catalog import _first_form\n",  # sideways, private
            "glocal.i18n": "",
            "glocal.i18n.catalog": "import mkdocs.config\n",
            "glocal.load": "",
            "glocal.load.files": "from glocal.load import yamlfile\nyamlfile._cache\n",  # own layer: fine
            "glocal.load.yamlfile": "",
            "glocal.cli": "from glocal import __version__, model\nfrom glocal.cli import text\n",
            # a part of cli: the same rule
            "glocal.cli.text": "from glocal.load import files\nfrom . import arguments\n",
            "glocal.cli.arguments": "from glocal import pipeline\n",
            "glocal.pipeline": "from glocal.load import files\nfiles._read()\n",
            "glocal.stray": "",
        },
        packages={"glocal.compose", "glocal.checks", "glocal.i18n", "glocal.load", "glocal.cli"},
    )
    found = violations(modules)
    assert found["module without a rank"] == ["glocal.stray  [<glocal.stray>]"]
    assert found["import cycle"] == [
        "2 modules import each other: glocal.compose.site, glocal.diagnostics; a shortest loop:\n"
        "      glocal.compose.site -> glocal.diagnostics  [<glocal.compose.site>:1]\n"
        "      glocal.diagnostics -> glocal.compose.site (site)  [<glocal.diagnostics>:2]"
    ]
    assert found["upward or sideways import"] == [
        "glocal.diagnostics -> glocal.compose.site (site)  [<glocal.diagnostics>:2]: "
        "upward, foundation (rank 0) imports compose (rank 3)",
        "glocal.checks.slots -> glocal.i18n.catalog (_first_form)  [<glocal.checks.slots>:1]: "
        "sideways, checks (rank 2) imports i18n (rank 2)",
    ]
    assert sorted(found["private name of another layer"]) == [
        "glocal.checks.slots imports _first_form from glocal.i18n.catalog  [<glocal.checks.slots>:1]",
        "glocal.pipeline uses glocal.load.files._read  [<glocal.pipeline>:2]",
    ]
    assert found["mkdocs/material outside glocal.build.sites, .plugin, .theme"] == [
        "glocal.i18n.catalog imports mkdocs  [<glocal.i18n.catalog>:1]"
    ]
    assert found["cli imports beyond glocal, glocal.pipeline, glocal.diagnostics"] == [
        "glocal.cli -> glocal.model (model)  [<glocal.cli>:1]",
        "glocal.cli.text -> glocal.load.files (files)  [<glocal.cli.text>:1]",
    ]
    assert "import cycle (1):" in describe(found)


def test_ranks_follow_the_stack():
    assert layer_of("glocal") == (0, "foundation")
    assert layer_of("glocal.markdown.blocks") == (0, "foundation")
    assert layer_of("glocal.load.ttt") == (1, "load")
    assert layer_of("glocal.i18n.ui") == (2, "i18n")
    assert layer_of("glocal.compose.site") == (3, "compose")
    assert layer_of("glocal.scaffold") == (4, "scaffold")
    assert layer_of("glocal.pipeline.checking") == (5, "pipeline")
    assert layer_of("glocal.__main__") == (6, "entry")
    assert layer_of("glocal.something_new") == (-1, "")

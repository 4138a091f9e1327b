"""Data flows one way: a stage of the check never imports a later one (static, from the source).

workspace → text → claims → evidence → verdicts → report, then compose (providers, prompts,
composers: no database), storage, workflow (which stores compose runs), web; `messages.py` (every
refusal's text) sits under them all. Imports inside functions count too: a lazy import is still a
dependency. No two modules import each other, directly or around a circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "proofline"
ORDER = ["text", "claims", "evidence", "verdicts", "report", "compose", "store", "workflow", "web"]
# What each stage may not import: every stage after it.
LATER = {stage: ORDER[i + 1:] for i, stage in enumerate(ORDER)}
# (stage, module it may import although later). verdicts builds the report's Evidence records (the
# report contract's types live in report/).
ALLOWED = {("verdicts", "proofline.report")}


def _modules(stage: str) -> list[Path]:
    folder = SRC / stage
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [SRC / f"{stage}.py"]


def _imported(path: Path) -> set[str]:
    """The proofline modules a file imports (`from proofline.x import y` counts as proofline.x)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("proofline."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("proofline.")}
    return found


def _allowed(stage: str, module: str) -> bool:
    return any(stage == s and (module == m or module.startswith(m + ".")) for s, m in ALLOWED)


@pytest.mark.parametrize("stage", ORDER[:-1])
def test_a_stage_imports_no_later_stage(stage: str) -> None:
    bad = {(p.relative_to(SRC).as_posix(), module) for p in _modules(stage) for module in _imported(p)
           if module.split(".")[1] in LATER[stage] and not _allowed(stage, module)}
    assert not bad, sorted(bad)


def test_the_interfaces_call_the_facade_not_the_actions_or_the_audit_table() -> None:
    """The CLI, the desk and the API reach every mutation through `Workflow` (hence the same actions), and
    read the audit log through workflow/queries.py: none imports an action or queries AuditEntry itself."""
    outside = [p for p in SRC.rglob("*.py") if p.relative_to(SRC).parts[0] not in ("workflow", "store")]
    bad = []
    for path in outside:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = {a.name for a in node.names}
                if node.module.startswith("proofline.workflow.actions") or (
                        node.module == "proofline.store.models" and "AuditEntry" in names):
                    bad.append((path.relative_to(SRC).as_posix(), node.module, sorted(names)))
    assert not bad, bad


def test_messages_sit_under_every_stage() -> None:
    """Every stage raises Refusals (compose's errors included), so the catalogue imports none of them."""
    assert {m for m in _imported(SRC / "messages.py")} == set()


# ---------------------------------------------------------------------------- import cycles


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in SRC.rglob("*.py")}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _module_level(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports a module runs when it is imported: not in functions, not under TYPE_CHECKING."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _module_level(node.body)
            yield from _module_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _module_level(block)


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The proofline modules an import statement names: `from pkg import sub` is the submodule
    `pkg.sub` when there is one (the package's __init__ has already run as its parent), else `pkg`."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in MODULES}
    base = node.module or ""
    if node.level:
        package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        parts = package.split(".")[:len(package.split(".")) - node.level + 1]
        base = ".".join([*parts, base] if base else parts)
    found = {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES}
    if len(found) < len(node.names) and base in MODULES:
        found.add(base)
    return found - {module}


def _graph(every_import: bool) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text("utf-8"))
        nodes = ([n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)] if every_import
                 else list(_module_level(tree.body)))
        graph[module] = set().union(*(_targets(module, n) for n in nodes)) if nodes else set()
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles() -> None:
    """Importing any module never re-enters one being imported (module-level imports, TYPE_CHECKING excluded)."""
    assert _cycles(_graph(every_import=False)) == []


def test_the_web_package_has_no_circle_even_through_lazy_imports() -> None:
    """The app imports its routes and dependencies; they take the settings and the error statuses from
    web/settings.py and web/errors.py, never from the app, not even in a function or for typing."""
    web = {m: {t for t in ts if t.startswith("proofline.web")} for m, ts in _graph(every_import=True).items()
           if m.startswith("proofline.web")}
    assert _cycles(web) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]

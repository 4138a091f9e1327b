"""Data flows one way: a stage of the check never imports a later one (static, from the source).

workspace → text → claims → evidence → verdicts → report, then compose (providers, prompts,
composers: no database), storage, workflow (which stores compose runs), web.
Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "proofline"
ORDER = ["text", "claims", "evidence", "verdicts", "report", "compose", "store", "workflow", "web"]
# What each stage may not import: every stage after it.
LATER = {stage: ORDER[i + 1:] for i, stage in enumerate(ORDER)}
# (stage, module it may import although later). verdicts builds the report's Evidence records (the
# report contract's types live in report/); compose's errors are Refusals, whose keys and texts live in
# workflow/messages.py until the messages package sits below every stage.
ALLOWED = {("verdicts", "proofline.report"), ("compose", "proofline.workflow.messages")}


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

"""Data flows one way: a stage of the check never imports a later one (static, from the source).

workspace → text → claims → evidence → verdicts → report, then storage, workflow, compose, web.
Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "proofline"
ORDER = ["text", "claims", "evidence", "verdicts", "report", "store", "workflow", "compose", "web"]
# What each stage may not import: every stage after it.
LATER = {stage: ORDER[i + 1:] for i, stage in enumerate(ORDER)}
# verdicts builds the report's Evidence records (the report contract's types live in report/).
ALLOWED = {("verdicts", "report")}


def _modules(stage: str) -> list[Path]:
    folder = SRC / stage
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [SRC / f"{stage}.py"]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("proofline."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("proofline.")}
    return found


@pytest.mark.parametrize("stage", ORDER[:5])
def test_a_stage_imports_no_later_stage(stage: str) -> None:
    bad = {(p.relative_to(SRC).as_posix(), later) for p in _modules(stage) for later in _imports(p)
           if later in LATER[stage] and (stage, later) not in ALLOWED}
    assert not bad, sorted(bad)

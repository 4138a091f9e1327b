"""Fixtures of the workflow tests: a database on both backends and a workflow over a sample workspace copy."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from dbfixture import Clock, database_url  # noqa: F401  (the fixture, for this folder's tests)

from proofline.store.db import open_database
from proofline.workflow.services import Workflow


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))


@pytest.fixture
def workspace_copy(sample_workspace: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root, ignore=shutil.ignore_patterns(".proofline"))
    return root


@pytest.fixture
def wf(database_url: str, workspace_copy: Path, clock: Clock) -> Iterator[Workflow]:  # noqa: F811
    db = open_database(workspace_copy, url=database_url)
    flow = Workflow(db, workspace_copy, clock=clock)
    flow.add_user(None, "ada", ["admin"])
    flow.add_user("ada", "wendy", ["writer"])
    flow.add_user("ada", "walt", ["writer", "approver"])
    flow.add_user("ada", "alex", ["approver"])
    flow.add_user("ada", "eve", ["expert"])
    yield flow
    db.dispose()

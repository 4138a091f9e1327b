"""Fixtures of the compose tests: the scripted LLM server, a private sample workspace, and a
workflow on it (with the database a test module chooses: it imports `database_url`)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from compose_llm_server import SAMPLE, ScriptedServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from dbfixture import Clock

from proofline.store.db import open_database
from proofline.workflow.services import Workflow


@pytest.fixture
def llm_server() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the sample workspace (tests may add sources or settings to it)."""
    dest = tmp_path / "ws"
    shutil.copytree(SAMPLE, dest)
    return dest


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The sample workspace copied without its cache folder (a module may override it)."""
    dest = tmp_path / "ws"
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns(".proofline"))
    return dest


@pytest.fixture
def wf(database_url: str, root: Path) -> Iterator[Workflow]:
    """A workflow on `root` at a fixed time, with an admin (ada) and a writer (wendy)."""
    db = open_database(root, url=database_url)
    flow = Workflow(db, root, clock=Clock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC)))
    flow.add_user(None, "ada", ["admin"])
    flow.add_user("ada", "wendy", ["writer"])
    yield flow
    db.dispose()

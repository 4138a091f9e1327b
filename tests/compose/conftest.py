"""Fixtures of the compose tests: the scripted LLM server and a private sample workspace."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from compose_llm_server import SAMPLE, ScriptedServer


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

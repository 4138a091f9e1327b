"""Shared fixtures: where the repository and its bundled sample workspace are, and the demo date.

Kept small on purpose; tests build their own workspaces in temp dirs when they need variations.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def sample_workspace() -> Path:
    return REPO_ROOT / "examples" / "sample-workspace"


@pytest.fixture(scope="session")
def demo_as_of() -> str:
    """The date `make demo` checks at; the README and the sample labels must use the same one."""
    found = re.search(r"^DEMO_AS_OF\s*:?=\s*(\S+)", (REPO_ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert found, "the Makefile defines no DEMO_AS_OF"
    return found.group(1)

"""Shared fixtures: where the repository and its bundled sample workspace are, and the demo date.

Kept small on purpose; tests build their own workspaces in temp dirs when they need variations.
No outside plugin is loaded, in this process or in the commands it starts: the tests see what a clean
install does, whatever is installed beside it (the tests that need a plugin register it themselves).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

os.environ["PROOFLINE_LOAD_PLUGINS"] = ""  # hookspecs.LOAD_PLUGINS_ENV: no entry-point plugins


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

"""Proofline: prepare, verify, approve, publish B2B marketing content with every claim backed.

The library API is small on purpose:

    from proofline import load_workspace, check
    ws = load_workspace("workspace/")
    report = check(ws, "drafts/post.md")

Heavy modules are imported lazily so that the command line starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from proofline.report import Report
    from proofline.workspace.model import Workspace

__all__ = ["__version__", "check", "check_text", "load_workspace"]


def load_workspace(root: Any) -> Workspace:
    """Load and validate a workspace folder; raises `WorkspaceError` listing every problem."""
    from proofline.workspace.loader import load_workspace as _load

    return _load(root)


def check(workspace: Workspace, path: Any, **options: Any) -> Report:
    """Check one draft file against the workspace and return the typed report."""
    from proofline.checker import check_file

    return check_file(workspace, path, **options)


def check_text(workspace: Workspace, text: str, **options: Any) -> Report:
    """Check a draft given as a string (Markdown unless `markup=` says otherwise)."""
    from proofline.checker import check_text as _check_text

    return _check_text(workspace, text, **options)

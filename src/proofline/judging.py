"""Whether a team asks the optional judge: read by the entry points, passed to the check.

The check is a pure function of (workspace, draft, as-of date, channel, judge): it reads no
environment. The `check` command, the workflow and compose ask this module once and pass the
answer on. Kept tiny and import-light: the `check` command calls it at every start.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_JUDGE = "PROOFLINE_JUDGE"
_OFF = ("", "0", "false", "no", "off")


def judge_wanted(workspace_root: str | Path) -> bool:
    """Off unless switched on by `PROOFLINE_JUDGE=1` or `[judge] enabled = true` in
    `.proofline/settings.toml`; then the built-in judge backed by the configured provider is
    registered (plugins may implement the hook too)."""
    env = os.environ.get(ENV_JUDGE, "").strip().lower()
    if env in _OFF and not (Path(workspace_root) / ".proofline" / "settings.toml").is_file():
        return False
    from proofline.compose.judge import enable_judge

    registered = enable_judge(workspace_root) is not None
    return registered or env not in _OFF

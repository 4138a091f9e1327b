"""Appending a dated section to bench/RESULTS.md, with the exact command that produced it."""

from __future__ import annotations

import os
import shlex
import sys
from datetime import date
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def append_section(title: str, text: str) -> Path:
    """Append `text` under `### <title>, <today>` with the command line of this run."""
    repo = RESULTS.parent.parent
    command = "python " + " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0], repo), *sys.argv[1:]])
    heading = f"{title}, {date.today().isoformat()}" if title else date.today().isoformat()
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(f"\n### {heading}\n\nCommand: `{command}`\n\n{text}")
    print(f"appended to {RESULTS}", file=sys.stderr)
    return RESULTS

"""Applying fixes: safe ones by default, shown as a unified diff before anything is written.

A fix is "safe" when applying it cannot change what the sentence claims or break its grammar in
a way a reader would notice: kit terminology, a repeated word, an exclamation mark. Address
changes (tu → vous) need the verb conjugated too, so they are proposed, never applied blindly.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from proofline.report import Finding


def apply_fixes(text: str, findings: Iterable[Finding]) -> tuple[str, list[Finding]]:
    """Replace each finding's span by its fix, right to left; overlapping fixes keep the first."""
    chosen: list[Finding] = []
    last_start = None
    for f in sorted((f for f in findings if f.fix is not None), key=lambda f: (f.start, f.end)):
        if chosen and f.start < chosen[-1].end:
            continue
        chosen.append(f)
    out = text
    for f in reversed(chosen):
        assert f.fix is not None
        if last_start is not None and f.end > last_start:
            continue
        out = out[: f.start] + f.fix + out[f.end:]
        last_start = f.start
    return out, chosen


def unified_diff(before: str, after: str, name: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=name, tofile=f"{name} (fixed)")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)

"""conditional: if `first` appears, `second` must too (e.g. an acronym must be spelled out once).

Keys: `first`, `second` (regexes, case kept; the first group, if any, is the key that must be
defined), `exceptions` (keys that need no definition).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Self

from proofline.voice.engine import Context, Hit, Rule, RuleSpec, render


@dataclass(frozen=True, kw_only=True)
class Conditional(Rule):
    """If `first` appears, `second` must too (e.g. an acronym must be spelled out once)."""

    type: ClassVar[str] = "conditional"
    keys: ClassVar[frozenset[str]] = frozenset({"first", "second", "exceptions"})
    first: re.Pattern[str]
    second: re.Pattern[str]
    exceptions: frozenset[str] = frozenset()

    @classmethod
    def build(cls, spec: RuleSpec) -> Self:
        return cls(first=spec.regex(str(spec.data.get("first") or ""), ignorecase=False),
                   second=spec.regex(str(spec.data.get("second") or ""), ignorecase=False),
                   exceptions=frozenset(spec.strings("exceptions")), **spec.common)

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for region in ctx.regions(self.scope):
            defined = set()
            for _, _, m in ctx.finditer(self.second, region):
                defined.add(m.group(1) if m.groups() else m.group(0))
            for s, e, m in ctx.finditer(self.first, region):
                key = m.group(1) if m.groups() else m.group(0)
                if key in defined or key in self.exceptions:
                    continue
                yield Hit(s, e, render(self.message, match=key))

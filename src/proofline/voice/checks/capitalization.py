"""capitalization: headings (or any scope) in sentence case, title case, upper or lower case, or a regex.

Keys: `match` (`$sentence`, `$title`, `$lower`, `$upper`, or a regex the whole text must match),
`exceptions` (words written as they are: brand names, acronyms).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Self

from proofline.voice.engine import Context, Hit, Rule, RuleSpec, render

_SMALL_WORDS = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "per", "the",
    "to", "vs", "via", "with", "à", "au", "aux", "de", "des", "du", "en", "et", "la", "le", "les", "ou", "par",
    "pour", "sur", "un", "une",
})


@dataclass(frozen=True, kw_only=True)
class Capitalization(Rule):
    """Headings (or any scope) in sentence case, title case, upper or lower case, or a regex."""

    type: ClassVar[str] = "capitalization"
    keys: ClassVar[frozenset[str]] = frozenset({"match", "exceptions", "style", "indicators", "threshold", "vocab",
                                                "prefix"})
    match: str = "$sentence"
    exceptions: frozenset[str] = frozenset()
    scope: tuple[str, ...] = ("heading",)

    @classmethod
    def build(cls, spec: RuleSpec) -> Self:
        return cls(match=str(spec.data.get("match", "$sentence")), exceptions=frozenset(spec.strings("exceptions")),
                   **spec.common)

    def _expected(self, words: list[str]) -> list[str]:
        out = []
        for i, w in enumerate(words):
            if w in self.exceptions or (len(w) > 1 and w.isupper()) or any(c.isdigit() for c in w):
                out.append(w)
            elif self.match == "$sentence":
                out.append(w[:1].upper() + w[1:] if i == 0 else (w.lower() if w[:1].isupper() and w[1:].islower() else w))
            elif self.match == "$title":
                small = w.lower() in _SMALL_WORDS and 0 < i < len(words) - 1
                out.append(w.lower() if small else w[:1].upper() + w[1:])
            elif self.match == "$lower":
                out.append(w.lower())
            elif self.match == "$upper":
                out.append(w.upper())
            else:
                out.append(w)
        return out

    def hits(self, ctx: Context) -> Iterator[Hit]:
        custom = None if self.match.startswith("$") else re.compile(self.match)
        for a, b in ctx.regions(self.scope):
            spans = ctx.words_between(a, b)
            if not spans:
                continue
            s, e = spans[0][0], spans[-1][1]
            q = ctx.quote(s, e)
            if custom is not None:
                if not custom.fullmatch(q):
                    yield Hit(s, e, render(self.message, match=q))
                continue
            words = [ctx.prose[x:y] for x, y in spans]
            expected = self._expected(words)
            if expected != words:
                fixed = ctx.prose[s:e]
                for (x, y), new in zip(reversed(spans), reversed(expected), strict=True):
                    fixed = fixed[: x - s] + new + fixed[y - s:]
                yield Hit(s, e, render(self.message, match=q, fix=fixed), fixed)

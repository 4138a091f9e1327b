"""repetition: the same word twice in a row ("the the", "de de").

Keys: `tokens` (what counts as a word, Vale tokens; words by default), `alpha` (only letters
count), `exceptions` (words that may repeat).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Self

from proofline.voice.engine import WORD, Context, Hit, Rule, RuleSpec, render


@dataclass(frozen=True, kw_only=True)
class Repetition(Rule):
    """The same word twice in a row ("the the", "de de")."""

    type: ClassVar[str] = "repetition"
    keys: ClassVar[frozenset[str]] = frozenset({"tokens", "alpha", "exceptions"})
    token: re.Pattern[str] = WORD
    exceptions: frozenset[str] = frozenset()
    alpha: bool = True

    @classmethod
    def build(cls, spec: RuleSpec) -> Self:
        toks = spec.strings("tokens")
        pat = spec.regex(spec.tokens(toks)) if toks else WORD
        return cls(token=pat, alpha=bool(spec.data.get("alpha", True)),
                   exceptions=frozenset(x.lower() for x in spec.strings("exceptions")), **spec.common)

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for region in ctx.regions(self.scope):
            prev: tuple[int, int, str] | None = None
            spans = ctx.words_between(*region) if self.token is WORD else \
                [(s, e) for s, e, _ in ctx.finditer(self.token, region)]
            for s, e in spans:
                w = ctx.prose[s:e].lower()
                gap = ctx.prose[prev[1]:s] if prev else ""
                if prev and prev[2] == w and not gap.strip() and "\n" not in gap and w not in self.exceptions \
                        and (not self.alpha or w.isalpha()):
                    yield Hit(prev[0], e, render(self.message, match=ctx.quote(s, e)), ctx.text[prev[0]:prev[1]])
                prev = (s, e, w)

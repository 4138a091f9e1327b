"""variation: sentence rhythm; a run of sentences of nearly the same length reads as machine-made.

Keys: `window` (how many sentences in a row), `spread` (the most their word counts may differ),
`min_words` (shorter sentences break a run).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Self

from proofline.voice.engine import PARAGRAPH_KINDS, Context, Hit, Rule, RuleSpec, render


@dataclass(frozen=True, kw_only=True)
class Variation(Rule):
    """Sentence rhythm: a run of sentences of nearly the same length reads as machine-made."""

    type: ClassVar[str] = "variation"
    keys: ClassVar[frozenset[str]] = frozenset({"window", "spread", "min_words"})
    window: int = 6
    spread: int = 4
    min_words: int = 8

    @classmethod
    def build(cls, spec: RuleSpec) -> Self:
        data = spec.data
        return cls(window=int(data.get("window", 6)), spread=int(data.get("spread", 4)),
                   min_words=int(data.get("min_words", 8)), **spec.common)

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for a, b in ctx.regions(self.scope):
            sents = [(s, e, ctx.count_words(s, e)) for s, e, k in ctx.sentences_between(a, b)
                     if k in PARAGRAPH_KINDS]
            i = 0
            while i < len(sents):
                j = i
                lo = hi = sents[i][2]
                while j + 1 < len(sents):
                    n = sents[j + 1][2]
                    if n < self.min_words or max(hi, n) - min(lo, n) > self.spread:
                        break
                    lo, hi = min(lo, n), max(hi, n)
                    j += 1
                if sents[i][2] >= self.min_words and j - i + 1 >= self.window:
                    yield Hit(sents[i][0], sents[j][1], render(self.message, count=j - i + 1, min=lo, max=hi))
                    i = j + 1
                else:
                    i += 1

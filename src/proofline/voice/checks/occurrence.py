"""occurrence: at most (or at least) N tokens per scope: words per sentence, hashtags per post...

Keys: `token` (a regex, or `$word` for words), `max` and/or `min`, `span` (what a hit covers:
`scope` the whole region, `excess` the tokens past the maximum as one span, `each` one hit per
token past it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Self

from proofline.voice.engine import WORD, Context, Hit, Rule, RuleSpec, render


@dataclass(frozen=True, kw_only=True)
class Occurrence(Rule):
    """At most (or at least) N tokens per scope: words per sentence, hashtags per post..."""

    type: ClassVar[str] = "occurrence"
    keys: ClassVar[frozenset[str]] = frozenset({"token", "max", "min", "span"})
    token: re.Pattern[str]
    max: int | None = None
    min: int | None = None
    span: str = "scope"  # "scope": the whole region; "excess": all tokens past the maximum, as one span; "each": one hit per token past it

    @classmethod
    def build(cls, spec: RuleSpec) -> Self:
        data = spec.data
        token = str(data.get("token") or "")
        if not token:
            raise spec.error("an occurrence rule needs a 'token'")
        if data.get("max") is None and data.get("min") is None:
            raise spec.error("an occurrence rule needs 'max' or 'min'")
        pat = WORD if token in ("$word", WORD.pattern) else spec.regex(token)
        span = str(data.get("span", "scope"))
        if span not in ("scope", "excess", "each"):
            raise spec.error("span must be 'scope', 'excess' or 'each'")
        return cls(token=pat, max=data.get("max"), min=data.get("min"), span=span, **spec.common)

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for region in ctx.regions(self.scope):
            if self.token is WORD:
                found = ctx.words_between(*region)
            else:
                found = [(s, e) for s, e, _ in ctx.finditer(self.token, region)]
            n = len(found)
            too_many = self.max is not None and n > self.max
            too_few = self.min is not None and 0 < n < self.min
            if not (too_many or too_few):
                continue
            msg = render(self.message, count=n, max=self.max if self.max is not None else "",
                         min=self.min if self.min is not None else "")
            if too_many and self.span in ("excess", "each") and self.max is not None:
                extra = found[self.max:]
                if self.span == "excess":  # the overflowing part, once
                    yield Hit(extra[0][0], extra[-1][1], render(msg, match=ctx.quote(extra[0][0], extra[-1][1])))
                else:
                    for s, e in extra:
                        yield Hit(s, e, render(msg, match=ctx.quote(s, e)))
                continue
            a, b = region
            raw = ctx.prose[a:b]
            a += len(raw) - len(raw.lstrip())
            b -= len(raw) - len(raw.rstrip())
            yield Hit(a, b, render(msg, match=ctx.quote(a, b)))

"""existence: a word, phrase or pattern that must not appear (or only when `min_matches` pile up).

Keys: `phrases` (literal, matched word by word), `tokens` (Vale regex tokens; plain-word tokens
are matched as phrases), `raw` (regex pieces joined as written), `inflect` (trivial plural and
feminine forms of the phrases), `exceptions`, `min_matches`, `fix`, `at_start`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Self

from proofline.text.patterns import PhraseMatcher, literal_prefixes
from proofline.voice.engine import Context, Hit, Rule, RuleSpec, exception_spans, inside, match_case, render


@dataclass(frozen=True, kw_only=True)
class Existence(Rule):
    """A word, phrase or pattern that must not appear (or only when `min_matches` pile up)."""

    type: ClassVar[str] = "existence"
    keys: ClassVar[frozenset[str]] = frozenset({"tokens", "phrases", "inflect", "raw", "exceptions", "min_matches",
                                                "fix", "at_start", "vocab", "append"})
    lexical: ClassVar[bool] = True
    pattern: re.Pattern[str] | None = None
    phrases: PhraseMatcher | None = None
    exceptions: re.Pattern[str] | None = None
    min_matches: int = 1
    fix: str | None = None
    at_start: bool = False  # the pattern must match where the region (a sentence...) starts
    prefilter: tuple[str, ...] | None = None  # see text.patterns.literal_prefixes

    @classmethod
    def build(cls, spec: RuleSpec) -> Self:
        data = spec.data
        phrases = spec.strings("phrases")
        tokens = spec.strings("tokens")
        if not data.get("inflect"):
            phrases += [t for t in tokens if spec.plain_words(t)]
            tokens = [t for t in tokens if not spec.plain_words(t)]
        parts = []
        if tokens:
            parts.append(spec.tokens(tokens))
        raw = spec.strings("raw")
        if raw:
            parts.append("".join(raw))
        if not parts and not phrases:
            raise spec.error("an existence rule needs 'phrases', 'tokens' or 'raw'")
        matcher = PhraseMatcher(phrases, inflect=bool(data.get("inflect", False))) if phrases else None
        pattern = spec.regex("|".join(parts)) if parts else None
        return cls(pattern=pattern, phrases=matcher, prefilter=literal_prefixes(pattern) if pattern else None,
                   exceptions=spec.exceptions(), min_matches=int(data.get("min_matches", 1)), fix=data.get("fix"),
                   at_start=bool(data.get("at_start", False)), **spec.common)

    def _found(self, ctx: Context, region: tuple[int, int]) -> list[tuple[int, int]]:
        if self.at_start and self.pattern is not None:
            m = self.pattern.match(ctx.prose, region[0], region[1])
            if not m or m.end() == m.start():
                return []
            return [m.span("m") if "m" in self.pattern.groupindex and m.group("m") is not None else m.span()]
        found = self.phrases.find(ctx, region) if self.phrases else []
        if self.pattern is not None and ctx.may_contain(self.prefilter):
            regex = [(s, e) for s, e, _ in ctx.finditer(self.pattern, region)]
            if found:
                merged: list[tuple[int, int]] = []
                for s, e in sorted(found + regex, key=lambda x: (x[0], -x[1])):
                    if not merged or s >= merged[-1][1]:
                        merged.append((s, e))
                return merged
            return regex
        return found

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for region in ctx.regions(self.scope):
            found = self._found(ctx, region)
            if len(found) < self.min_matches:
                continue
            holes = exception_spans(ctx, self.exceptions, region)
            for s, e in found:
                if holes and inside((s, e), holes):
                    continue
                q = ctx.quote(s, e)
                fix = None if self.fix is None else match_case(q, self.fix)
                yield Hit(s, e, render(self.message, match=q, fix=fix or "", count=len(found)), fix)

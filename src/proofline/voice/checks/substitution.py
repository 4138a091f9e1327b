"""substitution: use X, not Y; each matched alternative carries its fix.

Keys: `swap` (Vale tokens to their replacement; plain-word tokens are matched as phrases),
`swap_phrases` (literal phrases to their replacement), `exceptions`; a replacement "a|b" offers
both and fixes with the first. In French, a fix that would change a noun's gender after its
article is not applied without a human (`gender_safe`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Self

from proofline.text.patterns import PhraseMatcher, literal_prefixes
from proofline.voice.engine import (
    WORD,
    Context,
    Hit,
    Rule,
    RuleSpec,
    exception_spans,
    inside,
    match_case,
    render,
    wrap_token,
)


@dataclass(frozen=True, kw_only=True)
class Substitution(Rule):
    """Use X, not Y: each matched alternative carries its fix."""

    type: ClassVar[str] = "substitution"
    keys: ClassVar[frozenset[str]] = frozenset({"swap", "swap_phrases", "exceptions", "vocab", "capitalize",
                                                "append"})
    lexical: ClassVar[bool] = True
    pattern: re.Pattern[str] | None = None
    entries: tuple[tuple[re.Pattern[str], str], ...] = ()
    phrases: PhraseMatcher | None = None
    phrase_fixes: Mapping[str, str] = field(default_factory=dict)
    exceptions: re.Pattern[str] | None = None
    prefilter: tuple[str, ...] | None = None  # see text.patterns.literal_prefixes

    @classmethod
    def build(cls, spec: RuleSpec) -> Self:
        entries: list[tuple[re.Pattern[str], str]] = []
        alts: list[str] = []
        fixes = {str(k): str(v) for k, v in (spec.data.get("swap_phrases") or {}).items()}
        for key, value in (spec.data.get("swap") or {}).items():
            if spec.plain_words(str(key)):
                fixes[str(key)] = str(value)
                continue
            alts.append(spec.tokens([str(key)]))
            entries.append((spec.regex(wrap_token(str(key))), str(value)))
        if not entries and not fixes:
            raise spec.error("a substitution rule needs 'swap' or 'swap_phrases'")
        pattern = spec.regex("|".join(alts)) if alts else None
        return cls(pattern=pattern, prefilter=literal_prefixes(pattern) if pattern else None,
                   entries=tuple(entries), phrases=PhraseMatcher(fixes) if fixes else None, phrase_fixes=fixes,
                   exceptions=spec.exceptions(), **spec.common)

    def _replacement(self, m: re.Match[str]) -> str:
        """The fix of the alternative that matched: re-match each entry where the hit starts."""
        for pat, repl in self.entries:
            m2 = pat.match(m.string, m.start())
            if m2 and m2.end() == m.end():
                return repl
        for pat, repl in self.entries:
            if pat.search(m.group(0)):
                return repl
        return self.entries[0][1] if self.entries else ""

    def _candidates(self, ctx: Context, region: tuple[int, int]) -> list[tuple[int, int, str]]:
        found = [(s, e, self.phrase_fixes[k]) for s, e, k in self.phrases.find_keyed(ctx, region)] \
            if self.phrases else []
        if self.pattern is not None and ctx.may_contain(self.prefilter):
            regex = [(s, e, self._replacement(m)) for s, e, m in ctx.finditer(self.pattern, region)]
            return _non_overlapping(found + regex) if found else regex
        return found

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for region in ctx.regions(self.scope):
            holes: list[tuple[int, int]] | None = None
            for s, e, repl in self._candidates(ctx, region):
                if self.exceptions is not None:
                    if holes is None:
                        holes = exception_spans(ctx, self.exceptions, region)
                    if inside((s, e), holes):
                        continue
                q = ctx.quote(s, e)
                choices = [c.strip() for c in repl.split("|") if c.strip()]
                fix = match_case(q, choices[0]) if choices else None
                shown = "' or '".join(match_case(q, c) for c in choices)
                breaks_article = fix is not None and ctx.language == "fr" and not gender_safe(ctx.prose, s, q, fix)
                yield Hit(s, e, render(self.message, match=q, fix=shown), fix, False if breaks_article else None)


def _non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for s, e, v in sorted(spans, key=lambda x: (x[0], -x[1])):
        if not out or s >= out[-1][1]:
            out.append((s, e, v))
    return out


_FR_DETERMINER = re.compile(
    r"(?:^|[\s'’])(le|la|l|un|une|ce|cet|cette|du|au|mon|ma|ton|ta|son|sa|notre|votre|leur)[\s'’]+$", re.IGNORECASE)
_FEMININE_ENDINGS = ("e", "ion", "té", "ure", "ance", "ence", "ise", "ie", "eur")


def _feminine(word: str) -> bool:
    w = word.lower()
    if w.endswith(("eur",)):
        return False
    return w.endswith(_FEMININE_ENDINGS) and not w.endswith(("age", "isme", "ème", "iste", "aire"))


def gender_safe(prose: str, start: int, found: str, fix: str) -> bool:
    """French: a swapped noun after "le/la/un/une..." must not change gender, or the article breaks."""
    if not _FR_DETERMINER.search(prose[max(0, start - 12):start]):
        return True
    a, b = WORD.findall(found), WORD.findall(fix)
    if not a or not b or a[0].lower() == b[0].lower():
        return True
    return _feminine(a[0]) == _feminine(b[0])

"""consistency: one of two forms throughout; the less used form is flagged, with the other as fix.

Keys: `either` (a mapping `form: other form`; each form is Vale tokens, plain words are matched
as phrases).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar, Self

from proofline.text.patterns import PhraseMatcher
from proofline.voice.engine import Context, Hit, Rule, RuleSpec, match_case, render

_Form = re.Pattern[str] | PhraseMatcher


@dataclass(frozen=True, kw_only=True)
class Consistency(Rule):
    """One of two forms throughout: the less used form is flagged, with the other as fix."""

    type: ClassVar[str] = "consistency"
    keys: ClassVar[frozenset[str]] = frozenset({"either"})
    lexical: ClassVar[bool] = True
    pairs: tuple[tuple[_Form, _Form, str | None, str | None], ...]

    @classmethod
    def build(cls, spec: RuleSpec) -> Self:
        pairs = []
        either = spec.data.get("either") or {}
        if not isinstance(either, Mapping) or not either:
            raise spec.error("a consistency rule needs 'either: {form: other form}'")
        for a, b in either.items():
            la = None if re.search(r"[\\\[\](){}|?*+^$]", str(a)) else str(a)
            lb = None if re.search(r"[\\\[\](){}|?*+^$]", str(b)) else str(b)

            def form(text: str, literal: str | None) -> _Form:
                if literal is not None and spec.ignorecase and not spec.nonword:  # plain words: no regex
                    return PhraseMatcher([literal])
                return spec.regex(spec.tokens([text]))

            pairs.append((form(str(a), la), form(str(b), lb), la, lb))
        return cls(pairs=tuple(pairs), **spec.common)

    @staticmethod
    def _find(ctx: Context, form: _Form, region: tuple[int, int]) -> list[tuple[int, int]]:
        if isinstance(form, PhraseMatcher):
            return form.find(ctx, region)
        return [(s, e) for s, e, _ in ctx.finditer(form, region)]

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for region in ctx.regions(self.scope):
            for pa, pb, la, lb in self.pairs:
                fa = self._find(ctx, pa, region)
                if not fa:
                    continue
                fb = self._find(ctx, pb, region)
                if not fb:
                    continue
                # the form used less is the odd one out; on a tie, the one that appears second
                if len(fa) < len(fb) or (len(fa) == len(fb) and fa[0][0] > fb[0][0]):
                    odd, keep = fa, (fb, lb)
                else:
                    odd, keep = fb, (fa, la)
                kept_text = ctx.quote(*keep[0][0])
                for s, e in odd:
                    q = ctx.quote(s, e)
                    fix = match_case(q, keep[1]) if keep[1] else None
                    yield Hit(s, e, render(self.message, match=q, fix=kept_text), fix)

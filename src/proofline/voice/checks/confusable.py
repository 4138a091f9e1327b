"""confusable: a word written with look-alike characters (another script's letters, styled letters).

Keys: `message_fr` (the message for French drafts; `{match}` is the word as written, `{fix}` as
the matching view reads it, `{chars}` names the disguising characters). The fix is that reading.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from proofline.text.normalize import foreign_lookalike, styled_letter
from proofline.voice.checks.hidden_character import character_names
from proofline.voice.engine import WORD, BilingualRule, Context, Hit, render


@dataclass(frozen=True, kw_only=True)
class Confusable(BilingualRule):
    """A word written with look-alike characters: letters of another script mixed with Latin ones
    ("zеro" with a Cyrillic е), a word made only of such letters, or styled letters (𝐛𝐨𝐥𝐝, ｗｉｄｅ,
    small capitals, ligatures). The fix is the word as the matching view reads it."""

    type: ClassVar[str] = "confusable"

    def hits(self, ctx: Context) -> Iterator[Hit]:
        view = ctx.readings[0]
        if view is ctx:
            return  # nothing folds: no look-alike anywhere
        template = self.template(ctx)
        regions = ctx.regions(self.scope)
        for m in WORD.finditer(view.prose):
            s, e = view.to_draft(m.start(), m.end())
            word = ctx.prose[s:e]
            if word == m.group() or not any(a <= s and e <= b for a, b in regions):
                continue
            suspects = _disguise(word)
            if suspects:
                yield Hit(s, e, render(template, match=" ".join(word.split()), fix=m.group(),
                                       chars=character_names(suspects)), m.group())


def _disguise(word: str) -> list[str]:
    """The characters that disguise a word, or nothing when it is written plainly."""
    import unicodedata

    styled = [c for c in word if styled_letter(c) or "SMALL CAPITAL" in unicodedata.name(c, "")]
    if styled:
        return styled
    foreign = [c for c in word if foreign_lookalike(c)]
    if not foreign:
        return []
    letters = [c for c in word if c.isalpha()]
    latin = [c for c in letters if unicodedata.name(unicodedata.normalize("NFD", c)[0], "").startswith("LATIN")]
    if latin or (len(foreign) == len(letters) and len(letters) >= 2):
        return foreign
    return []

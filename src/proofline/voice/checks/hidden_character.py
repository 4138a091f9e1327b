"""hidden_character: invisible characters (zero-width, bidi controls, soft hyphens, stray selectors).

Keys: `message_fr` (the message for French drafts; `{chars}` names the characters, `{count}`
says how many). The fix deletes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from proofline.text.normalize import hidden_characters
from proofline.voice.engine import BilingualRule, Context, Hit, render


def character_names(chars: Iterable[str], limit: int = 3) -> str:
    """"U+200B ZERO WIDTH SPACE, U+0435 CYRILLIC SMALL LETTER IE": what a reader cannot tell apart."""
    import unicodedata

    distinct = list(dict.fromkeys(chars))
    named = [f"U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED')}" for c in distinct[:limit]]
    return ", ".join(named) + (", …" if len(distinct) > limit else "")


@dataclass(frozen=True, kw_only=True)
class HiddenCharacter(BilingualRule):
    """Invisible characters (zero-width, bidi controls, soft hyphens, stray selectors) in the prose.

    They have no glyph, yet split words, reorder what is shown or hide text from search; emoji
    joiners and selectors between symbols are left alone (text/normalize.py). The fix deletes them.
    """

    type: ClassVar[str] = "hidden_character"

    def hits(self, ctx: Context) -> Iterator[Hit]:
        template = self.template(ctx)
        regions = ctx.regions(self.scope)
        for s, e in hidden_characters(ctx.prose):
            if any(a <= s and e <= b for a, b in regions):
                run = ctx.prose[s:e]
                yield Hit(s, e, render(template, chars=character_names(run), count=len(run), match=""), "")

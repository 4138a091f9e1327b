"""Forbidden claims: the kit's patterns, searched where disguised text cannot hide them.

The claim finder asks this first: a sentence that makes a forbidden claim is a claim whatever else
it does, and its verdict is `forbidden` whatever the sources say (verdicts.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from proofline.text.normalize import bare, disguised, fold_text, readings
from proofline.workspace.model import ForbiddenClaim, Kit


def forbidden_match(text: str, kit: Kit) -> tuple[ForbiddenClaim, int, int] | None:
    """The first forbidden claim `text` makes, with its span (offsets into `text`).

    Patterns are searched in the matching view (text/normalize.py), so that a zero-width space,
    a soft hyphen, a bidi override or a Cyrillic "е" inside "zéro erreur" cannot hide it.
    """
    if not kit.forbidden_claims:
        return None
    views = readings(text)
    disguise = disguised(text)
    for rule in kit.forbidden_claims:
        for pattern in rule.patterns:
            compiled = _forbidden_pattern(pattern)
            for view in views:
                m = compiled.search(view.text)
                if m:
                    start, end = view.to_original(m.start(), m.end())
                    return rule, start, end
            if not disguise:
                continue
            # "zеro erreur" with a Cyrillic е: a look-alike letter may stand for an accented one.
            loose = _forbidden_pattern(pattern, accents=False)
            for view in views:
                for m in loose.finditer(bare(view.text)):
                    start, end = view.to_original(m.start(), m.end())
                    if disguised(text[start:end]):
                        return rule, start, end
    return None


@lru_cache(maxsize=1024)
def _forbidden_pattern(pattern: str, accents: bool = True) -> re.Pattern[str]:
    """A kit pattern as the matching view reads it (a full-width letter or an NBSP in the pattern
    itself must match the view); the pattern as written if folding it breaks the regex."""
    folded = fold_text(pattern) if accents else bare(fold_text(pattern))
    try:
        return re.compile(folded, re.IGNORECASE)
    except re.error:
        return re.compile(pattern, re.IGNORECASE)

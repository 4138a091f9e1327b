"""A matching view of a text that invisible and look-alike characters cannot evade.

The prose view (document.py) keeps every offset, which is what lets every layer report where
things are. Rules that a draft must not be able to dodge (forbidden claims, banned words,
terminology) match this view instead:

- Unicode NFKC: full-width letters, mathematical alphanumerics, ligatures and the like become
  the letters they show; non-breaking spaces become spaces (they are normal French typography,
  never a finding, and must not make a phrase stop matching);
- default-ignorable characters removed: zero-width spaces and joiners, word joiner, BOM, soft
  hyphen, bidi marks, embeddings, overrides and isolates, variation selectors, tags...; the
  characters a right-to-left override shows in reverse are read in the order they are shown;
- letters of other scripts that look like Latin letters (Unicode TR39 confusables: Cyrillic "е",
  Greek "ο", Latin small capitals "ᴢ"...) folded to the Latin letter they imitate. Accents are
  kept ("zéro" stays "zéro"; a Cyrillic "е" with an acute accent becomes "é").

Each character of the view knows the span of the text it came from, so a match in the view is
reported at the exact span of the draft (`MatchView.to_original`).

The confusables come from the `confusable_homoglyphs` package (MIT), which ships the TR39 data
as JSON; the few thousand entries Proofline needs are derived from it once and kept in the disk
cache, so a check does not parse the package's 900 kB file each time.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

__all__ = [
    "HiddenKind",
    "MatchView",
    "bare",
    "confusable_letters",
    "disguised",
    "fold",
    "fold_text",
    "foreign_lookalike",
    "hidden_characters",
    "hidden_kind",
    "latin_lookalike",
    "readings",
    "styled_letter",
]

# Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt): characters that
# have no glyph of their own. Python's unicodedata does not expose it, hence the list.
_IGNORABLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
_HIDDEN_RUN = re.compile(f"[{_IGNORABLE}]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_RLO, _PDF, _ZWSP = "\u202e", "\u202c", "\u200b"
_PUSH = frozenset("\u202a\u202b\u202d\u202e")  # LRE RLE LRO RLO: closed by PDF


class HiddenKind(StrEnum):
    """What an invisible character does, said in the finding (a reader cannot see it)."""

    BIDI = "bidi"  # marks, embeddings, overrides and isolates: reorder what the reader sees
    SOFT_HYPHEN = "soft_hyphen"
    VARIATION_SELECTOR = "variation_selector"
    TAG = "tag"
    ZERO_WIDTH = "zero_width"  # spaces, joiners, word joiner, BOM, fillers


def hidden_kind(ch: str) -> HiddenKind | None:
    """The kind of an invisible (default-ignorable) character, None for any other character."""
    if not _HIDDEN_RUN.fullmatch(ch):
        return None
    cp = ord(ch)
    if ch in "\u061c\u200e\u200f" or 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069:
        return HiddenKind.BIDI
    if ch == "\u00ad":
        return HiddenKind.SOFT_HYPHEN
    if 0xFE00 <= cp <= 0xFE0F or 0x180B <= cp <= 0x180D or cp == 0x180F or 0xE0100 <= cp <= 0xE01EF:
        return HiddenKind.VARIATION_SELECTOR
    if 0xE0000 <= cp <= 0xE007F:
        return HiddenKind.TAG
    return HiddenKind.ZERO_WIDTH


def _wordlike(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def _legitimate(text: str, i: int) -> bool:
    """Invisible characters that emoji need: joiners and presentation selectors between symbols,
    tags after a black flag (🏴 + tags is the flag of England). Next to a letter, none is."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in "\u200c\u200d":
        return not _wordlike(prev) and not _wordlike(nxt)
    if ch in "\ufe0e\ufe0f":
        return not prev.isalpha() and (not prev.isdigit() or nxt == "\u20e3")  # 1️⃣ is a keycap
    if 0xE0020 <= ord(ch) <= 0xE007F:
        j = i
        while j > 0 and 0xE0020 <= ord(text[j - 1]) <= 0xE007F:
            j -= 1
        return j > 0 and text[j - 1] == "\U0001f3f4"
    return False


def hidden_characters(text: str) -> Iterator[tuple[int, int]]:
    """Runs of invisible characters in `text` as (start, end), emoji joiners left out."""
    for m in _HIDDEN_RUN.finditer(text):
        start = -1
        for i in range(m.start(), m.end()):
            if _legitimate(text, i):
                if start >= 0:
                    yield start, i
                    start = -1
            elif start < 0:
                start = i
        if start >= 0:
            yield start, m.end()


# --------------------------------------------------------------------------- confusables


@dataclass(frozen=True)
class _Confusables:
    latin: dict[str, str]  # a letter (or digit) that imitates a Latin letter (or digit) → that one
    latin_script: frozenset[str]  # those among them that are Latin letters themselves (ı, ɑ, ᴢ...)


_FORMAT = 2  # bump when the derivation below changes


def _derive() -> _Confusables:
    """TR39 confusables whose prototype is one ASCII letter (or digit), from the package's data."""
    import json
    from importlib.resources import files

    from confusable_homoglyphs import categories

    data = json.loads(files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    latin: dict[str, str] = {}
    latin_script: set[str] = set()
    for ch, glyphs in data.items():
        # TR39 keys are canonical (NFD) forms; a key NFKC already turns into ASCII (𝐞, ｚ, ſ) is
        # left to NFKC, which knows what it means (ſ is an s, though it looks like an f).
        if len(ch) != 1 or ch.isascii() or unicodedata.normalize("NFD", ch) != ch:
            continue
        if unicodedata.normalize("NFKC", ch).isascii():
            continue
        kind = unicodedata.category(ch)[0]
        targets = [g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii()]
        if kind == "L":
            targets = [t for t in targets if t.isalpha()]
        elif kind == "N":
            targets = [t for t in targets if t.isdigit()]
        else:
            continue  # symbols and punctuation (’ → ') are typography, not disguised letters
        if not targets:
            continue
        same_case = [t for t in targets if t.isupper() == ch.isupper()]
        target = (same_case or targets)[0]
        # TR39's prototype of I is l; a capital iota or Byelorussian І imitates the capital I.
        if target == "l" and ch.isupper():
            target = "I"
        latin[ch] = target
        if categories.alias(ch) == "LATIN":
            latin_script.add(ch)
    return _Confusables(latin, frozenset(latin_script))


@lru_cache(maxsize=1)
def _confusables() -> _Confusables:
    import confusable_homoglyphs  # its __init__ only names the version (importlib.metadata costs ~30 ms)

    from proofline.cache import cached

    key = f"{_FORMAT}-{confusable_homoglyphs.__version__}-{unicodedata.unidata_version}"
    return cached("confusables", key, _derive)


def confusable_letters() -> dict[str, str]:
    """Every letter of another script (or Latin variant) folded to the Latin letter it imitates."""
    return _confusables().latin


_STYLED_TAGS = frozenset({"<font>", "<wide>", "<narrow>", "<circle>", "<compat>"})


def styled_letter(ch: str) -> bool:
    """A letter drawn in another style (𝐛𝐨𝐥𝐝, ｆｕｌｌ-ｗｉｄｔｈ, ⓒⓘⓡⓒⓛⓔⓓ, the ﬁ ligature): NFKC
    turns it into plain letters. Superscripts (m²), fractions, ™, ℓ and № are ordinary typography."""
    if ch.isascii() or 0x2100 <= ord(ch) <= 0x218F:
        return False  # letterlike symbols and number forms (ℓ, №, Ⅳ) are typography too
    tag = unicodedata.decomposition(ch).split(" ", 1)[0]
    plain = unicodedata.normalize("NFKC", ch)
    return tag in _STYLED_TAGS and plain.isascii() and plain.isalnum()  # µ (micro) is a μ: a unit


def foreign_lookalike(ch: str) -> bool:
    """A letter of another script that imitates a Latin one (Cyrillic "е", Greek "ο")."""
    c = _confusables()
    base = unicodedata.normalize("NFD", ch)[:1]
    return base in c.latin and base not in c.latin_script


def latin_lookalike(ch: str) -> bool:
    """A Latin letter that imitates another one (small capital ᴢ, dotless ı, script ɑ)."""
    c = _confusables()
    return unicodedata.normalize("NFD", ch)[:1] in c.latin_script


# --------------------------------------------------------------------------- the view


@lru_cache(maxsize=8192)
def _fold_cluster(cluster: str, spaced: bool = False) -> str:
    """One base character and its marks, as the view reads them (NFKC, folded, accents kept)."""
    if spaced and cluster == _ZWSP:
        return " "
    kept = _HIDDEN_RUN.sub("", cluster)
    if not kept:
        return ""
    table = _confusables().latin
    out = []
    for c in unicodedata.normalize("NFD", kept):
        target = table.get(c)  # before NFKD: "Ϲ" (lunate sigma) imitates C, NFKD makes it a Σ
        out.append(target if target is not None else
                   "".join(table.get(d, d) for d in unicodedata.normalize("NFKD", c)))
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=8192)
def _changes(ch: str) -> bool:
    """Whether a non-ASCII character (alone) reads differently in the view, or is a mark that
    may compose with the character before it."""
    return _fold_cluster(ch) != ch or unicodedata.category(ch)[0] == "M"


def _is_mark(ch: str) -> bool:
    return not ch.isascii() and unicodedata.category(ch)[0] == "M"


@dataclass(frozen=True)
class MatchView:
    """The folded `text` of `original`, each of its characters tied to the span it came from."""

    original: str
    text: str
    starts: tuple[int, ...] | None = None  # None: the view is the original, character for character
    ends: tuple[int, ...] | None = None

    @property
    def identity(self) -> bool:
        return self.starts is None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of `original` a span of the view was read from (widened to whole characters)."""
        if self.starts is None or self.ends is None:
            return start, end
        n = len(self.text)
        if start >= end or start >= n:
            pos = self.starts[start] if start < n else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[min(end, n) - 1]

    def to_view(self, offset: int) -> int:
        """The view offset of an offset of `original` (the first view character at or after it)."""
        if self.starts is None:
            return offset
        return bisect_left(self.starts, offset)


def _clusters(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    i = start
    while i < end:
        j = i + 1
        while j < end and _is_mark(text[j]):
            j += 1
        yield i, j
        i = j


def _override_end(text: str, start: int) -> int:
    """Where a right-to-left override that opens at `start` stops: its PDF, or the line's end."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in _PUSH:
            depth += 1
        elif ch == _PDF:
            depth -= 1
            if depth == 0:
                return i + 1
        elif ch in "\n\r\u2029":
            return i
    return len(text)


def fold(text: str, *, spaced: bool = False) -> MatchView:
    """The matching view of `text` (see the module docstring); cheap when nothing needs folding.

    A zero-width space is removed ("zé\u200bro" is "zéro"); with `spaced`, it is read as the
    space between two words it may stand for ("zéro\u200berreur" is "zéro erreur"). Rules that
    must not be evaded try both readings (see `readings`).
    """
    if text.isascii():
        return MatchView(text, text)
    changes: list[tuple[int, int, str]] = []
    done = 0
    for m in _NON_ASCII.finditer(text):
        i = m.start()
        if i < done or not _changes(m.group()):
            continue
        if text[i] == _RLO:  # shown in reverse until its PDF: read as shown
            end = _override_end(text, i)
            shown = [_fold_cluster(text[a:b], spaced) for a, b in _clusters(text, i, end)]
            changes.append((i, end, "".join(reversed(shown))))
            done = end
            continue
        start = i
        while start > done and _is_mark(text[start]):
            start -= 1
        end = i + 1
        while end < len(text) and _is_mark(text[end]):
            end += 1
        cluster = text[start:end]
        folded = _fold_cluster(cluster, spaced)
        if folded != cluster:
            changes.append((start, end, folded))
        done = end
    if not changes:
        return MatchView(text, text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for a, b, folded in changes:
        pieces.append(text[pos:a])
        starts += range(pos, a)
        ends += range(pos + 1, a + 1)
        pieces.append(folded)
        starts += [a] * len(folded)
        ends += [b] * len(folded)
        pos = b
    pieces.append(text[pos:])
    starts += range(pos, len(text))
    ends += range(pos + 1, len(text) + 1)
    return MatchView(text, "".join(pieces), tuple(starts), tuple(ends))


def readings(text: str) -> list[MatchView]:
    """The views a rule that must not be evaded searches: one, or two when the text holds a
    zero-width space (removed, and read as a space)."""
    views = [fold(text)]
    if _ZWSP in text:
        views.append(fold(text, spaced=True))
    return views


def disguised(text: str) -> bool:
    """Whether `text` holds a look-alike or styled letter: someone chose a glyph that imitates another."""
    return not text.isascii() and any(foreign_lookalike(c) or styled_letter(c) for c in text if not c.isascii())


@lru_cache(maxsize=4096)
def _bare_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    return ch if unicodedata.category(base)[0] == "M" else base


def bare(text: str) -> str:
    """`text` without its accents, character for character (same length): "zéro" → "zero".

    A look-alike letter has no accent of its own to compare: a Cyrillic "е" in "zеro" may stand
    for the "é" of "zéro". Matching a disguised phrase therefore also tries the bare forms.
    """
    return text if text.isascii() else "".join(_bare_char(c) for c in text)


def fold_text(text: str) -> str:
    """Only the folded text (for a pattern written by the team, say)."""
    return fold(text).text

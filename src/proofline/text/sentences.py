"""Sentence splitting for French and English prose, with offsets into the document.

Hand-written rather than pysbd: it must be fast (thousands of sentences per check), must know
French typography (space before `? ! : ;`, « guillemets », no-break spaces) and the abbreviations
of B2B copy ("p. ex.", "excl. VAT", "n° 5"), and must keep offsets exact.

Two layers:
- `is_line_break_boundary` decides whether a single newline inside a paragraph ends a sentence
  (LinkedIn posts and e-mails break lines between sentences; sources are hard-wrapped).
- `split_sentences` splits a block's range at terminal punctuation.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["SHORT_LINE", "is_line_break_boundary", "line_segments", "split_sentences", "starts_list_item"]

# A line shorter than this (stripped) reads as a line of its own (greeting, sign-off, hook line),
# not as a hard-wrapped line of a long paragraph (sources wrap at ~70-100 characters).
SHORT_LINE = 60


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Abbreviations never followed by a sentence break (lowercase, without the final dot).
_ALWAYS_ABBREV = _words(
    # French
    "m mm mme mmes mlle mlles dr pr cf env ex c.-à-d c-à-d av apr st ste sts stes éd cie j.-c resp "
    # English
    "mr mrs ms messrs prof e.g i.e vs approx inc ltd co corp llc plc jr sr u.s u.k u.s.a viz incl excl "
    "dept ca al"
)
# Abbreviations that do not end a sentence when a number follows ("art. 28", "No. 5", "p. 12").
_NUMBER_ABBREV = _words(
    "no nos n° nº art p pp ch chap vol fig figs réf ref tél tel sect para jan janv feb févr fév mar apr "
    "avr jun jul juil aug sep sept oct nov dec déc ed v op nr"
)

_TERMINAL_RE = re.compile(r"[.!?…]+")
_CLOSERS = frozenset("»\"”’')]")
_OPENERS = frozenset("«“\"‘'([¿¡#@*")
_LINE_END_TERMINAL = frozenset('.!?:…»"”')
_LIST_ITEM_RE = re.compile(r"\s*(?:[-*+•◦▪▸►‣–—→]|\d{1,3}[.)])(?:\s|$)")
_TOKEN_CHARS_RE = re.compile(r"[\w.°º'’-]+$")


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _is_symbol(ch: str) -> bool:
    """Emoji and pictographs, which LinkedIn posts use as bullets and sentence openers."""
    return unicodedata.category(ch) in ("So", "Sk") and ch not in "^`"


def starts_list_item(line: str) -> bool:
    """True when `line` opens a list item: a bullet, a number, or an emoji used as a bullet."""
    if _LIST_ITEM_RE.match(line):
        return True
    stripped = line.lstrip()
    return bool(stripped) and _is_symbol(stripped[0])


def _token_before(prose: str, dot: int, floor: int) -> str:
    """The word ending right before position `dot` (letters, inner dots, hyphens), lowercased."""
    k = dot
    while k > floor and not _is_space(prose[k - 1]) and prose[k - 1] not in '«“("[':
        k -= 1
    m = _TOKEN_CHARS_RE.search(prose, k, dot)
    token = m.group(0).lower() if m else ""
    # Drop an elided article or pronoun: "l'art." is "art.".
    return token.replace("’", "'").rsplit("'", 1)[-1]


def _is_abbreviation(prose: str, dot: int, floor: int, next_char: str) -> bool:
    """Whether the `.` at `dot` closes an abbreviation or an initial rather than a sentence."""
    token = _token_before(prose, dot, floor)
    if not token:
        return False
    if token in _ALWAYS_ABBREV:
        return True
    if token in _NUMBER_ABBREV and next_char.isdigit():
        return True
    # A number opening its line is an enumerator ("## 2. Ce que nous avons fait"), not a sentence.
    if token.isdigit() and len(token) <= 3 and not prose[floor:dot - len(token)].strip(" \t#*>"):
        return True
    # Initials ("J. Dupont"); a lowercase letter is a unit ("à 11 h. Au programme").
    if len(token) == 1 and token.isalpha() and prose[dot - 1].isupper():
        return True
    # Dotted acronyms and hyphenated initials: "U.S", "J.-C", "S.A".
    if "." in token:
        parts = [p for p in re.split(r"[.-]", token) if p]
        if parts and all(len(p) <= 2 and p.isalpha() for p in parts):
            return True
    return False


def is_line_break_boundary(prev_line: str, next_line: str) -> bool:
    """Whether a single newline between two lines of one paragraph ends a sentence.

    A newline is a boundary when the previous line ends with terminal punctuation (and not with
    an abbreviation), when the next line starts a list item, or when the previous line is short
    (a greeting, a sign-off, a hook line) and the next line does not continue it in lowercase.
    Otherwise it is a soft wrap of a hard-wrapped paragraph.
    """
    prev = prev_line.rstrip()
    nxt = next_line.lstrip()
    if not prev or not nxt:
        return True
    if starts_list_item(next_line):
        return True
    last = prev[-1]
    if last in _LINE_END_TERMINAL:
        return not (last == "." and _is_abbreviation(prev, len(prev) - 1, 0, nxt[0]))
    if _is_symbol(last):  # a line ending with an emoji is a line of its own
        return True
    if len(prev.strip()) < SHORT_LINE:
        return not nxt[0].islower()
    return False


def line_segments(prose: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut [start, end) at the newlines that `is_line_break_boundary` says end a sentence."""
    segments: list[tuple[int, int]] = []
    seg_start = start
    line_start = start
    while True:
        nl = prose.find("\n", line_start, end)
        if nl < 0:
            break
        next_start = nl + 1
        next_end = prose.find("\n", next_start, end)
        if next_end < 0:
            next_end = end
        if is_line_break_boundary(prose[line_start:nl], prose[next_start:next_end]):
            segments.append((seg_start, nl))
            seg_start = next_start
        line_start = next_start
    segments.append((seg_start, end))
    return segments


def _trim(prose: str, start: int, end: int) -> tuple[int, int]:
    while start < end and _is_space(prose[start]):
        start += 1
    while end > start and _is_space(prose[end - 1]):
        end -= 1
    return start, end


def _quote_depth(prose: str, start: int, end: int) -> int:
    """Open « » / “ ” quotes in prose[start:end] (closed ones cancel out)."""
    return (prose.count("«", start, end) - prose.count("»", start, end)) + (
        prose.count("“", start, end) - prose.count("”", start, end)
    )


def _split_segment(prose: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    start, end = _trim(prose, start, end)
    if start >= end:
        return
    sent_start = start
    for m in _TERMINAL_RE.finditer(prose, start, end):
        punct_start, k = m.start(), m.end()
        if punct_start < sent_start:
            continue
        # Swallow closing quotes and brackets, including the French " »".
        while k < end:
            ch = prose[k]
            if ch in _CLOSERS:
                k += 1
                continue
            if _is_space(ch):
                j = k
                while j < end and _is_space(prose[j]) and prose[j] != "\n":
                    j += 1
                if j < end and prose[j] == "»":
                    k = j + 1
                    continue
            break
        if k >= end:
            break
        if not _is_space(prose[k]):
            continue  # "1.9", "www.x", "?»,"
        j = k
        while j < end and _is_space(prose[j]):
            j += 1
        if j >= end:
            break
        nxt = prose[j]
        if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or _is_symbol(nxt)):
            continue
        punct = m.group(0)
        if punct == "." and _is_abbreviation(prose, punct_start, sent_start, nxt):
            continue
        # Inside an open quotation that closes later: the quote continues the sentence.
        if _quote_depth(prose, sent_start, k) > 0 and _quote_depth(prose, sent_start, end) <= 0:
            continue
        s, e = _trim(prose, sent_start, k)
        if s < e:
            out.append((s, e))
        sent_start = j
    s, e = _trim(prose, sent_start, end)
    if s < e:
        out.append((s, e))


def split_sentences(
    prose: str, start: int, end: int, lang: str, *, line_breaks: bool = True
) -> list[tuple[int, int]]:
    """Split prose[start:end] (one block) into sentence spans, offsets into `prose`.

    Spans exclude surrounding whitespace and keep their terminal punctuation. With
    `line_breaks`, single newlines are first judged by `is_line_break_boundary` (Markdown and
    plain text); HTML passes False because its newlines are only source formatting. `lang` is
    accepted for future language-specific rules; French and English abbreviations both apply.
    """
    del lang
    out: list[tuple[int, int]] = []
    segments = line_segments(prose, start, end) if line_breaks else [(start, end)]
    for seg_start, seg_end in segments:
        _split_segment(prose, seg_start, seg_end, out)
    return out

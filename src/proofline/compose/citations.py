"""[S1]-style citation markers: checked against the numbered passages, then removed.

A model is asked to put a marker after every fact. A marker that names no passage means the
model is quoting something it was never given: the draft is rejected (`CitationError`), not
repaired, because nobody can tell where that fact came from. Markers never reach the final text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from proofline.compose.passages import SourcePassage
from proofline.compose.providers.base import Citation, CitationError

# [S1] [S1, S2] [S1;S2] [S1-S3] [S1–S3] and (tolerated) [s1] or 【S1】
MARKER = re.compile(r"[ \t\u00a0\u202f]*[\[【]\s*(S\d+(?:\s*(?:[,;]|[-–]|and|et)\s*S?\d+)*)\s*[\]】]", re.IGNORECASE)
_ITEM = re.compile(r"S?(\d+)", re.IGNORECASE)
_BOUNDARY = re.compile(r"(?<=[.!?…])\s+|\n")


@dataclass
class CitedText:
    text: str
    citations: list[Citation]
    markers: int  # how many markers the raw text had
    uncited: list[str]  # sentences with a figure and no marker (a warning, the check decides)


def _numbers(group: str) -> list[int]:
    out: list[int] = []
    parts = re.split(r"\s*(?:[,;]|and|et)\s*", group, flags=re.IGNORECASE)
    for part in parts:
        bounds = [int(m.group(1)) for m in _ITEM.finditer(part)]
        if len(bounds) == 2 and re.search(r"[-–]", part):
            lo, hi = sorted(bounds)
            out.extend(range(lo, min(hi, lo + 50) + 1))
        else:
            out.extend(bounds)
    return out


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _BOUNDARY.finditer(text, 0, max(pos, 0)):
        if m.end() <= pos:
            start = m.end()
    nxt = _BOUNDARY.search(text, pos)
    end = nxt.start() if nxt else len(text)
    while start < end and text[start] in " \t#>-*":
        start += 1
    return start, end


def strip_citations(raw: str, passages: Sequence[SourcePassage], lang: str | None = None) -> CitedText:
    """Check every marker of `raw` against `passages`, remove them, and map sentences to passages.

    Raises `CitationError` naming the markers that cite no passage.
    """
    by_number = {p.number: p for p in passages}
    out: list[str] = []
    pending: list[tuple[int, list[SourcePassage]]] = []  # (offset in output, passages)
    unknown: list[str] = []
    last = 0
    count = 0
    for m in MARKER.finditer(raw):
        count += 1
        out.append(raw[last:m.start()])
        last = m.end()
        cited = []
        for n in _numbers(m.group(1)):
            if n in by_number:
                cited.append(by_number[n])
            else:
                unknown.append(f"S{n}")
        pending.append((sum(len(x) for x in out), cited))
    out.append(raw[last:])
    if unknown:
        names = ", ".join(dict.fromkeys(unknown))
        raise CitationError(
            f"the draft cites {names}, which {'is' if len(set(unknown)) == 1 else 'are'} not among the "
            f"{len(passages)} source passages it was given (S1-S{len(passages)}); its facts cannot be "
            f"traced, so it is rejected", list(dict.fromkeys(unknown)))
    text = "".join(out)
    # A marker left alone before punctuation ("... 41 % [S2].") leaves "41 % ." after removal.
    text = re.sub(r"[ \t]+([.,;:!?])(?=\s|$)", r"\1", text) if count else text
    spans: dict[tuple[int, int], list[SourcePassage]] = {}
    for offset, cited in pending:
        offset = min(offset, len(text))
        bounds = _sentence_bounds(text, max(offset - 1, 0))
        spans.setdefault(bounds, [])
        for p in cited:
            if p not in spans[bounds]:
                spans[bounds].append(p)
    citations = [Citation(s, e, tuple(ps)) for (s, e), ps in sorted(spans.items()) if ps]
    return CitedText(text=text, citations=citations, markers=count, uncited=_uncited(text, citations, lang))


def _uncited(text: str, citations: Sequence[Citation], lang: str | None) -> list[str]:
    from proofline.text.quantities import find_quantities

    covered = [(c.start, c.end) for c in citations]
    out = []
    start = 0
    for m in [*_BOUNDARY.finditer(text), None]:
        end = m.start() if m else len(text)
        sentence = text[start:end].strip()
        if sentence and not sentence.startswith("#") and find_quantities(sentence, lang) \
                and not any(a < end and start < b for a, b in covered):
            out.append(sentence)
        start = m.end() if m else len(text)
    return out

"""Numbered source passages: what a model may state, and what its [S1] markers point to.

A passage is one sentence of a validated source (or one list item), with offsets into the
source's text so that a citation can be shown exactly as the checker shows evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from proofline.workspace.model import Source

_SPACES = re.compile(r"\s+")
_BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)])\s+")


@dataclass(frozen=True)
class SourcePassage:
    """One sentence of a source: `marker` is the label a model cites ("S1")."""

    marker: str
    source_id: str
    start: int
    end: int
    text: str  # whitespace-normalised, bullets removed
    kind: str = "paragraph"  # block kind of the source: heading, list_item, paragraph...
    position: int = 0  # order inside its source

    @property
    def number(self) -> int:
        return int(self.marker[1:])


def clean(text: str) -> str:
    """One line of plain text: markup blanks, line breaks and bullets collapsed."""
    return _BULLET.sub("", _SPACES.sub(" ", text).strip())


def source_sentences(source: Source, languages: tuple[str, ...] = ("fr", "en")) -> list[tuple[int, int, str, str]]:
    """(start, end, cleaned text, block kind) of each sentence of a source body."""
    from proofline.text.markup import parse_document

    doc = parse_document(source.text, None, languages=languages,
                         language=source.lang if source.lang in ("fr", "en") else None)
    out = []
    for sent in doc.sentences:
        text = clean(sent.text)
        if text:
            out.append((sent.start, sent.end, text, sent.kind))
    return out


def number_passages(sources: Sequence[Source], limit: int = 200) -> list[SourcePassage]:
    """S1..Sn over the given sources, in reading order; `limit` keeps prompts bounded."""
    passages: list[SourcePassage] = []
    for source in sources:
        for position, (start, end, text, kind) in enumerate(source_sentences(source)):
            if len(passages) >= limit:
                return passages
            passages.append(SourcePassage(f"S{len(passages) + 1}", source.id, start, end, text, kind, position))
    return passages

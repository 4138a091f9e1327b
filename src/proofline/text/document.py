"""A parsed text: the original characters, a same-length prose view, blocks and sentences.

Offsets are computed once here and carried everywhere: every later layer (claims, voice,
evidence) works with offsets into `Document.text`, the text exactly as read from the file.
`prose` has the same length as `text`: markup characters and excluded regions (front matter,
code, URLs, HTML tags and comments) are replaced by spaces, newlines are kept, so an offset in
`prose` is an offset in `text`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Block:
    """A structural unit: heading, paragraph, list_item, subject, quote, table_row, separator, code."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a heading, a list item, a subject line) with offsets into `Document.text`.

    `start`/`end` exclude surrounding whitespace and markup; `text` is `prose[start:end]`
    (markup inside, such as `**`, already blanked to spaces).
    """

    start: int
    end: int
    text: str
    block: int
    kind: str


@dataclass
class Document:
    text: str
    prose: str
    markup: str
    language: str
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    excluded: list[tuple[int, int]] = field(default_factory=list)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        for i, ch in enumerate(self.text):
            if ch == "\n":
                starts.append(i + 1)
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a code-point offset."""
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

"""The draft as every voice rule reads it: prose, regions per scope, words, tokens, counts.

Every check reads `Context.prose` (markup and excluded regions blanked to spaces, same length as
the original text), so offsets are offsets into the draft as read from the file. A rule marked
`folded` (the kit's banned words and terminology) reads `Context.readings` instead, the matching
view of text/normalize.py, and its hits are mapped back to the draft by `Context.to_draft`.
The context is also the `Tokenized` text a `text.patterns.PhraseMatcher` matches over.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cached_property

from proofline.text.document import Block, Document, Sentence
from proofline.text.normalize import MatchView, readings
from proofline.text.patterns import tokenize

WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"»”)\]]*(?=\s)|\n\s*\n|\n")
_SKIP_SENTENCE_KINDS = frozenset({"code", "separator"})
PARAGRAPH_KINDS = frozenset({"paragraph", "list_item", "quote", "subject"})
_TEXT_SCOPES = frozenset({"text", "document", "raw", "summary", "body"})
_SUBJECT = re.compile(r"\A\s*(?:objet|subject|sujet)[ \t\u00a0\u202f]*:[ \t\u00a0\u202f]*(\S[^\n]*?)[ \t]*$",
                      re.IGNORECASE | re.MULTILINE)
_SCOPE_KINDS = {
    "paragraph": PARAGRAPH_KINDS,
    "heading": frozenset({"heading"}),
    "list": frozenset({"list_item"}),
    "blockquote": frozenset({"quote"}),
    "subject": frozenset({"subject"}),
    "table": frozenset({"table_row"}),
}
SCOPES = frozenset(_TEXT_SCOPES | set(_SCOPE_KINDS) | {"sentence"})


class Context:
    """A document prepared once for every rule: regions per scope, words, counts."""

    def __init__(self, document: Document, *, prose: str | None = None, reading_level: str = "standard",
                 view: MatchView | None = None):
        self.document = document
        self.view = view  # set when this context reads the matching view of a draft (see `readings`)
        self.text = document.text
        self.prose = prose if prose is not None else document.prose
        self.language = document.language
        self.reading_level = reading_level
        sents = [(s.start, s.end, s.kind) for s in document.sentences if s.kind not in _SKIP_SENTENCE_KINDS]
        self.sentences: list[tuple[int, int, str]] = sents or self._fallback_sentences()
        blocks = [(b.start, b.end, b.kind) for b in document.blocks]
        self.blocks: list[tuple[int, int, str]] = blocks or self._fallback_blocks()
        self._regions: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        # the parser marks the subject line of an email; plain text drafts get the same by pattern
        subj = [(a, b) for a, b, k in self.blocks + self.sentences if k == "subject"]
        m = _SUBJECT.match(self.text)
        self.subject: tuple[int, int] | None = subj[0] if subj else (m.span(1) if m else None)

    def _fallback_blocks(self) -> list[tuple[int, int, str]]:
        out = []
        for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", self.prose):
            out.append((m.start(), m.end(), "paragraph"))
        return out

    def _fallback_sentences(self) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        pos = 0
        for m in _SENTENCE_END.finditer(self.prose + "\n"):
            seg_end = min(m.end(), len(self.prose))
            seg = self.prose[pos:seg_end]
            stripped = seg.strip()
            if stripped:
                s = pos + (len(seg) - len(seg.lstrip()))
                out.append((s, s + len(stripped), "paragraph"))
            pos = seg_end
        return out

    def quote(self, start: int, end: int) -> str:
        return " ".join(self.prose[start:end].split())

    def to_draft(self, start: int, end: int) -> tuple[int, int]:
        """The span of the draft a span of this context's prose stands for."""
        return (start, end) if self.view is None else self.view.to_original(start, end)

    @cached_property
    def readings(self) -> list[Context]:
        """The draft as rules that must not be evaded read it (`Rule.folded`, text/normalize.py):
        this context when nothing folds, else one context per reading of the matching view
        (hidden characters removed, and a zero-width space also read as a space)."""
        out: list[Context] = []
        for view in readings(self.prose):
            if view.identity:
                out.append(self)
            else:
                out.append(Context(_view_document(self.document, view), prose=view.text,
                                   reading_level=self.reading_level, view=view))
        return out

    @cached_property
    def word_spans(self) -> list[tuple[int, int]]:
        return [m.span() for m in WORD.finditer(self.prose)]

    @cached_property
    def tokens(self) -> list[tuple[int, int, str]]:
        """Letter/digit runs with their lower-case form, for phrase matching."""
        return tokenize(self.prose)

    @cached_property
    def token_starts(self) -> list[int]:
        return [t[0] for t in self.tokens]

    @cached_property
    def _word_starts(self) -> list[int]:
        return [s for s, _ in self.word_spans]

    def words_between(self, start: int, end: int) -> list[tuple[int, int]]:
        i = bisect_left(self._word_starts, start)
        j = bisect_left(self._word_starts, end)
        return [w for w in self.word_spans[i:j] if w[1] <= end]

    @cached_property
    def prose_lower(self) -> str:
        return self.prose.lower()

    def may_contain(self, prefixes: tuple[str, ...] | None) -> bool:
        """False only when none of a rule's required prefixes is in the draft (see `text.patterns.literal_prefixes`)."""
        if prefixes is None:
            return True
        low = self.prose_lower
        return any(p in low for p in prefixes)

    def count_words(self, start: int, end: int) -> int:
        return bisect_left(self._word_starts, end) - bisect_left(self._word_starts, start)

    @cached_property
    def token_positions(self) -> dict[str, list[int]]:
        """Where each lower-cased token occurs (indexes into `tokens`), for phrase look-ups."""
        out: dict[str, list[int]] = {}
        for i, t in enumerate(self.tokens):
            out.setdefault(t[2], []).append(i)
        return out

    def sentences_between(self, start: int, end: int) -> list[tuple[int, int, str]]:
        return [s for s in self.sentences if s[0] >= start and s[1] <= end]

    def regions(self, scope: tuple[str, ...]) -> list[tuple[int, int]]:
        """Spans of the text a rule looks at; `~kind` entries cut those blocks out of the text."""
        if scope in self._regions:
            return self._regions[scope]
        include = [s for s in scope if not s.startswith("~")]
        exclude = {s[1:] for s in scope if s.startswith("~")}
        out: list[tuple[int, int]] = []
        for s in include or ["text"]:
            base = s.split(".", 1)[0]
            if base == "body":
                stripped = self.prose.strip()
                if stripped:
                    a = self.prose.index(stripped[0])
                    out.append((a, a + len(stripped)))
            elif base == "subject" and self.subject is not None:
                out.append(self.subject)
            elif base in _TEXT_SCOPES:
                out.append((0, len(self.prose)))
            elif base == "sentence":
                out.extend((a, b) for a, b, _ in self.sentences)
            elif base in _SCOPE_KINDS:
                kinds = _SCOPE_KINDS[base]
                spans = [(a, b) for a, b, k in self.blocks if k in kinds]
                if base in ("heading", "subject"):
                    spans += [(a, b) for a, b, k in self.sentences if k in kinds]
                out.extend(sorted(set(spans)))
        if exclude:
            cut: list[tuple[int, int]] = []
            holes = sorted(
                (a, b) for a, b, k in self.blocks + self.sentences
                if k in set().union(*(_SCOPE_KINDS.get(e, {e}) for e in exclude))
            )
            for a, b in out:
                pos = a
                for ha, hb in holes:
                    if hb <= pos or ha >= b:
                        continue
                    if ha > pos:
                        cut.append((pos, ha))
                    pos = max(pos, hb)
                if pos < b:
                    cut.append((pos, b))
            out = cut
        self._regions[scope] = out
        return out

    def finditer(self, pattern: re.Pattern[str], region: tuple[int, int]) -> Iterator[tuple[int, int, re.Match[str]]]:
        """Matches inside a region, as absolute spans; a group named `m` narrows the span."""
        a, b = region
        whole = a == 0 and b == len(self.prose)
        hay = self.prose if whole else self.prose[a:b]
        off = 0 if whole else a
        for m in pattern.finditer(hay):
            if m.end() == m.start():
                continue
            if "m" in pattern.groupindex and m.group("m") is not None:
                s, e = m.span("m")
            else:
                s, e = m.span()
            yield s + off, e + off, m


def _view_document(doc: Document, view: MatchView) -> Document:
    """`doc` with the matching view as its text and prose, blocks and sentences moved onto it."""
    at = view.to_view
    text = view.text
    return Document(
        text=text, prose=text, markup=doc.markup, language=doc.language,
        blocks=[Block(b.kind, at(b.start), at(b.end)) for b in doc.blocks],
        sentences=[Sentence(at(x.start), at(x.end), text[at(x.start):at(x.end)], x.block, x.kind)
                   for x in doc.sentences],
        excluded=[(at(a), at(b)) for a, b in doc.excluded],
    )


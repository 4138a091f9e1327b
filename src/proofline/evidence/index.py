"""The evidence index: every passage of every source and attestation, with its features.

Passages are clauses, sentences and short windows of consecutive sentences, so that a claim
stating two facts of one paragraph ("setup included, annual contract") finds both, while a claim
about one clause is not drowned by its neighbours. The index is built once per set of source
contents and cached on disk (keyed by the sources' content hashes), so a second check does not
re-read or re-parse unchanged sources.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from proofline.evidence.features import Features, extract, subject_tokens, temperature_token
from proofline.model import Category, SourceType
from proofline.text.lexicon import Lexicon
from proofline.text.markup import parse_document
from proofline.workspace.model import Workspace

INDEX_VERSION = "6"
_WINDOW = 3  # longest run of consecutive sentences indexed as one passage
_CLAUSE_SPLIT = re.compile(r"\s;\s|;\s")


@dataclass
class Passage:
    """A span of a source body or of an attestation's claim, with what the matcher needs."""

    id: int
    origin: str  # source id or attestation id
    kind: str  # "source" | "attestation"
    start: int
    end: int
    text: str
    lang: str
    source_type: SourceType | None
    category: Category | None  # attestations carry one
    valid_until: date | None
    features: Features
    sentence_span: tuple[int, int] = (0, 0)  # first and last sentence index it covers
    # What governs the passage in its document: the headings above it, the line that introduces
    # its list ("Prix mensuels, hors taxes :"), its table's header row. Their concepts are the
    # passage's own: "30 € par utilisateur" under that line is a monthly price before tax.
    scope_keys: frozenset[str] = frozenset()
    # The passage's subject when its document names one per item: the label of "Premium : 9 €",
    # a table row's first cell, the heading of its section ("Astreinte incidents").
    subject_keys: frozenset[str] = frozenset()
    section: int = 0  # passages of one section share it; context never crosses a section
    # Places its headings and list introduction name ("## Formules France"): (key, level) pairs.
    scope_places: tuple[tuple[str, str], ...] = ()
    # A table row's cells, each with what its column header names: (start, end) relative to
    # the passage, and the header's concepts and temperatures ("Frais +2/+8 °C", "Surgelé -25 °C").
    columns: tuple[tuple[int, int, frozenset[str]], ...] = ()
    # Identifiers its headings name ("**1. ISO/IEC 27001:2022**" above its list).
    scope_identifiers: frozenset[str] = frozenset()

    def valid_on(self, as_of: date) -> bool:
        return self.valid_until is None or self.valid_until >= as_of


@dataclass
class Origin:
    """Document-level facts of one source or attestation: figures anywhere in it."""

    id: str
    kind: str
    source_type: SourceType | None
    valid_until: date | None
    title: str
    passages: list[int] = field(default_factory=list)
    title_keys: frozenset[str] = frozenset()
    # Every subject the document names (labels, table first cells, section headings): a passage
    # about one of them is not about another.
    subject_keys: frozenset[str] = frozenset()


@dataclass
class EvidenceIndex:
    passages: list[Passage]
    origins: dict[str, Origin]
    postings: dict[str, list[int]]
    idf: dict[str, float]
    max_idf: float

    def memo(self, name: str) -> dict[Any, Any]:
        """A per-process memo table (context keys of a passage...), never written to the cache."""
        tables: dict[str, dict[Any, Any]] = self.__dict__.setdefault("_memo", {})
        return tables.setdefault(name, {})

    def sentences_of(self, origin_id: str) -> list[Passage]:
        """The single-sentence passages of a source or attestation, in order."""
        memo = self.memo("sentences")
        found = memo.get(origin_id)
        if found is None:
            found = memo[origin_id] = [
                p for p in (self.passages[i] for i in self.origins[origin_id].passages)
                if p.sentence_span[0] == p.sentence_span[1]
            ]
        return found  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_memo", None)
        return state

    def weight(self, key: str) -> float:
        """Rare concepts weigh more; a known concept no passage has weighs the most.

        A plain word (not in the lexicon) that no passage has is more often a connector or a
        verb of the draft's own phrasing than a fact, so it weighs half as much.
        """
        found = self.idf.get(key)
        if found is not None:
            return found
        return self.max_idf * (0.5 if key.startswith("w:") else 1.0)

    def candidates(self, feats: Features, limit: int = 12) -> list[tuple[float, Passage]]:
        """Passages sharing the most weighted concepts or names with the claim, best first."""
        scores: dict[int, float] = defaultdict(float)
        # A concept found in a fifth of all passages cannot tell them apart: it adds nothing to
        # the ranking and would cost a pass over a fifth of the index.
        too_common = max(50, len(self.passages) // 5)
        for key in feats.keys | feats.name_keys:
            postings = self.postings.get(key, ())
            if len(postings) > too_common:
                continue
            w = self.weight(key)
            for pid in postings:
                scores[pid] += w
        for q in feats.quantities:
            for pid in self.postings.get(_quantity_key(q.kind, q.value), ()):
                scores[pid] += 0.5 * self.max_idf
        ranked = heapq.nsmallest(max(limit, 1), scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(s, self.passages[pid]) for pid, s in ranked]


def _quantity_key(kind: str, value: float | None) -> str:
    return f"q:{kind}:{value:g}" if value is not None else f"q:{kind}"


@dataclass
class _Block:
    """A block of a source with what governs it."""

    sentences: list[tuple[int, int]]
    scope: str  # the headings above it, its list's introduction, its table's header
    subject: str  # its label, first cell or section heading ("" when none)
    section: int
    cells: tuple[tuple[int, int, str], ...] = ()  # a table row's cells: offsets in the body, header text


_LABEL = re.compile(r"^\s*([^:|\n]{2,60}?)\s*(?::|\s[–—-]\s)\s*\S")
_HEADING_MARK = re.compile(r"^\s{0,3}(#{1,6})\s")


def _blocks(body: str, lang: str) -> list[_Block]:
    """Sentence spans of a source body, grouped by block, with each block's document context."""
    doc = parse_document(body, "markdown", language=lang)
    sentences: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for sent in doc.sentences:
        if sent.kind in ("separator", "code"):
            continue
        sentences[sent.block].append((sent.start, sent.end))
    out: list[_Block] = []
    headings: list[tuple[int, str]] = []  # (level, text) of the headings above, outermost first
    intro = ""  # the paragraph ending with ":" that introduces the list or table below it
    header = ""  # the header row of the current table
    header_cells: list[str] = []
    section = 0
    previous = ""
    for i, block in enumerate(doc.blocks):
        text = doc.prose[block.start:block.end].strip()
        if block.kind == "heading":
            line = body[body.rfind("\n", 0, block.start) + 1:block.end]
            mark = _HEADING_MARK.match(line)
            level = len(mark.group(1)) if mark else 2
            headings = [h for h in headings if h[0] < level] + [(level, text)]
            intro, header, section = "", "", section + 1
        cells: tuple[tuple[int, int, str], ...] = ()
        if block.kind == "table_row":
            raw = _cells(body, block.start, block.end)
            if previous != "table_row":
                header, header_cells = text, [body[a:b].strip() for a, b in raw]
            else:
                cells = tuple((a, b, header_cells[i] if i < len(header_cells) else "") for i, (a, b) in enumerate(raw))
        governed = block.kind in ("list_item", "table_row")
        scope = " ".join([*(h[1] for h in headings), intro if governed else "", header if block.kind == "table_row" else ""])
        subject = ""
        if block.kind == "table_row":
            subject = body[cells[0][0]:cells[0][1]].strip() if cells else ""
        elif block.kind in ("list_item", "paragraph"):
            m = _LABEL.match(text)
            subject = m.group(1) if m else ""
        if not subject and headings and block.kind != "heading":
            subject = headings[-1][1]
        if i in sentences:
            out.append(_Block(sentences[i], scope.strip(), subject, section, cells))
        if block.kind == "paragraph":
            intro = text if text.endswith(":") else ""
        elif block.kind not in ("list_item", "table_row"):
            intro = ""
        previous = block.kind
    return out


def _cells(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of a table row, as offsets into the body (the row's pipes excluded)."""
    out: list[tuple[int, int]] = []
    pos = start
    for piece in body[start:end].split("|"):
        a, b = pos, pos + len(piece)
        while a < b and body[a].isspace():
            a += 1
        while b > a and body[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
        pos += len(piece) + 1
    return out


def _column_tokens(header: str, lang: str, lexicon: Lexicon) -> frozenset[str]:
    """What a column header names: its concepts and its temperatures."""
    f = extract(header, lang, lexicon)
    return frozenset(f.keys) | {temperature_token(q) for q in f.quantities if q.kind == "temperature"}


def _passage_spans(body: str, lang: str, blocks: list[_Block] | None = None,
                   ) -> list[tuple[int, int, tuple[int, int], int]]:
    """(start, end, sentence span, block number) of every passage of a body."""
    spans: list[tuple[int, int, tuple[int, int], int]] = []
    seen: set[tuple[int, int]] = set()
    sentence_no = 0
    for block_no, whole in enumerate(blocks if blocks is not None else _blocks(body, lang)):
        block = whole.sentences
        first = sentence_no
        for i, (s, e) in enumerate(block):
            idx = first + i
            for w in range(1, _WINDOW + 1):
                if i + w > len(block):
                    break
                span = (s, block[i + w - 1][1])
                if span not in seen:
                    seen.add(span)
                    spans.append((span[0], span[1], (idx, idx + w - 1), block_no))
            # Independent clauses of one sentence ("...obligatoire pour les admins ; elle est
            # proposée aux autres") are passages of their own.
            text = body[s:e]
            pos = 0
            parts = []
            for m in _CLAUSE_SPLIT.finditer(text):
                parts.append((pos, m.start()))
                pos = m.end()
            if parts:
                parts.append((pos, len(text)))
                for a, b in parts:
                    piece = text[a:b]
                    lead = len(piece) - len(piece.lstrip())
                    trail = len(piece.rstrip())
                    span = (s + a + lead, s + a + trail)
                    if span[1] > span[0] and span not in seen:
                        seen.add(span)
                        spans.append((span[0], span[1], (idx, idx), block_no))
        sentence_no += len(block)
    return spans


def build_index(workspace: Workspace, lexicon: Lexicon) -> EvidenceIndex:
    passages: list[Passage] = []
    origins: dict[str, Origin] = {}
    default_lang = workspace.kit.default_language
    for source in workspace.sources:
        lang = source.lang or default_lang
        origin = Origin(source.id, "source", source.type, source.valid_until, source.title,
                        title_keys=frozenset(extract(source.title, lang, lexicon).keys))
        origins[source.id] = origin
        blocks = _blocks(source.text, lang)
        scoped = [extract(b.scope, lang, lexicon) if b.scope else None for b in blocks]
        scopes = [frozenset(f.keys) if f else frozenset() for f in scoped]
        places = [tuple((n.key, n.level) for n in f.names if n.kind == "place") if f else () for f in scoped]
        identifiers = [frozenset(n.key for n in f.names if n.kind == "identifier") if f else frozenset()
                       for f in scoped]
        subjects = [subject_tokens(extract(b.subject, lang, lexicon)) if b.subject else frozenset() for b in blocks]
        origin.subject_keys = frozenset().union(*subjects)
        headers: dict[str, frozenset[str]] = {}  # a table's column headers, read once per source
        for start, end, sent, block_no in _passage_spans(source.text, lang, blocks):
            text = source.text[start:end]
            pid = len(passages)
            cells = blocks[block_no].cells
            columns = tuple((a - start, b - start, headers[h] if h in headers
                             else headers.setdefault(h, _column_tokens(h, lang, lexicon)))
                            for a, b, h in cells if start <= a and b <= end)
            passages.append(Passage(pid, source.id, "source", start, end, text, lang, source.type, None,
                                    source.valid_until, extract(text, lang, lexicon, offset=start), sent,
                                    scopes[block_no], subjects[block_no], blocks[block_no].section,
                                    places[block_no], columns, identifiers[block_no]))
            origin.passages.append(pid)
    for att in workspace.attestations:
        lang = _guess_lang(att.claim, workspace)
        origin = Origin(att.id, "attestation", None, att.valid_until, att.claim)
        origins[att.id] = origin
        for start, end, sent, _block in _passage_spans(att.claim, lang):
            text = att.claim[start:end]
            pid = len(passages)
            passages.append(Passage(pid, att.id, "attestation", start, end, text, lang, None, att.category,
                                    att.valid_until, extract(text, lang, lexicon, offset=start), sent))
            origin.passages.append(pid)

    postings: dict[str, list[int]] = defaultdict(list)
    for p in passages:
        keys = p.features.keys | p.features.name_keys
        keys |= {_quantity_key(q.kind, q.value) for q in p.features.quantities}
        for key in keys:
            postings[key].append(p.id)
    # Document frequency is counted over single sentences (window 1), so that windows and
    # clauses do not inflate it.
    unit = [p for p in passages if p.sentence_span[0] == p.sentence_span[1]]
    n = max(len(unit), 1)
    df: dict[str, int] = defaultdict(int)
    for p in unit:
        for key in p.features.keys | p.features.name_keys:
            df[key] += 1
    idf = {k: math.log(1 + (n - d + 0.5) / (d + 0.5)) for k, d in df.items()}
    max_idf = math.log(1 + (n + 0.5) / 0.5)
    return EvidenceIndex(passages, origins, dict(postings), idf, max_idf)


def _guess_lang(text: str, workspace: Workspace) -> str:
    from proofline.text.language import detect_language

    langs = tuple(workspace.kit.languages) or ("fr", "en")
    return detect_language(text, langs, default=workspace.kit.default_language)


def _code_version() -> str:
    """The index depends on how features are extracted: any change to that code rebuilds it."""
    from pathlib import Path

    from proofline.cache import content_hash
    from proofline.evidence import features
    from proofline.text import lang, markup, patterns, quantities

    here = Path(__file__)
    # quantities is a package reading the language data and building its regexes with
    # text/patterns.py: every file of them counts.
    figures = sorted(Path(quantities.__file__).parent.glob("*.py")) + lang.data_files()
    files = [here, Path(features.__file__), *figures, Path(patterns.__file__), Path(markup.__file__)]
    return content_hash(b"".join(f.read_bytes() for f in files))


def load_index(workspace: Workspace, lexicon: Lexicon, lexicon_key: str) -> EvidenceIndex:
    """The index for this workspace, from the disk cache when the sources have not changed."""
    from proofline.cache import cached, content_hash

    parts = [INDEX_VERSION, _code_version(), lexicon_key, workspace.kit.default_language]
    parts += [f"{s.id}:{s.type}:{s.lang}:{s.valid_until}:{s.content_hash or content_hash(s.text)}"
              for s in workspace.sources]
    parts += [f"{a.id}:{a.category}:{a.valid_until}:{a.claim}" for a in workspace.attestations]
    key = content_hash("\n".join(parts))
    return cached("evidence-index", key, lambda: build_index(workspace, lexicon))

"""The check types of the voice checker, in the spirit of Vale: rules are data, checks are code.

Eleven check types cover every rule Proofline ships: existence, substitution, occurrence,
repetition, consistency, capitalization, metric, conditional, variation (sentence rhythm),
hidden_character and confusable (text that hides from readers and checks).
Kit rules, built-in packs and imported Vale styles are all instances of these classes, built by
`rule_from_dict`, so a team can write its own pack in YAML without touching Python.

Every check reads `Context.prose` (markup and excluded regions blanked to spaces, same length as
the original text), so offsets are offsets into the draft as read from the file. A rule marked
`folded` (the kit's banned words and terminology) reads `Context.readings` instead, the matching
view of text/normalize.py, and its hits are mapped back to the draft by `Context.to_draft`.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from proofline.model import Severity
from proofline.text.document import Block, Document, Sentence
from proofline.text.normalize import (
    MatchView,
    foreign_lookalike,
    hidden_characters,
    readings,
    styled_letter,
)
from proofline.text.patterns import PhraseMatcher, literal_prefixes, phrase_regex, tokenize
from proofline.voice import readability

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


class RuleError(ValueError):
    """A rule definition cannot be used; the message names the rule and the key."""


_LITERAL = re.compile(r"[^\W_]+(?:['’ \-][^\W_]+)*")
"""A Vale token that is plain words: matched with a PhraseMatcher rather than a regex (much faster).
A hyphen and a space are then interchangeable ("e-mail" also finds "e mail")."""


def _non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for s, e, v in sorted(spans, key=lambda x: (x[0], -x[1])):
        if not out or s >= out[-1][1]:
            out.append((s, e, v))
    return out


def _wrap_token(token: str) -> str:
    """Vale tokens may start with a global inline flag; Python wants it scoped when combined."""
    m = re.match(r"^\(\?([aiLmsux]+)\)", token)
    if m:
        return f"(?{m.group(1)}:{token[m.end():]})"
    return f"(?:{token})"


def token_regex(tokens: Iterable[str], *, nonword: bool = False) -> str:
    """Vale's existence semantics: tokens are regexes, wrapped in word boundaries unless nonword."""
    body = "|".join(_wrap_token(t) for t in tokens if t)
    if not body:
        return r"(?!x)x"
    return f"(?:{body})" if nonword else rf"\b(?:{body})\b"


def compile_regex(pattern: str, *, ignorecase: bool, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE if ignorecase else 0)
    except re.error as exc:
        raise RuleError(f"{where}: bad regular expression {pattern!r}: {exc}") from exc


def match_case(found: str, replacement: str) -> str:
    """Give a replacement the capitalisation of the text it replaces."""
    if not replacement or not found:
        return replacement
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if found[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


_FIELD = re.compile(r"\{(\w+)\}")


def render(template: str, **values: object) -> str:
    """Fill `{name}` fields that we know; leave any other brace text as written."""
    return _FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    message: str
    fix: str | None = None
    safe: bool | None = None  # None: the rule's `safe_fix` decides


_FR_DETERMINER = re.compile(
    r"(?:^|[\s'’])(le|la|l|un|une|ce|cet|cette|du|au|mon|ma|ton|ta|son|sa|notre|votre|leur)[\s'’]+$", re.IGNORECASE)
_FEMININE_ENDINGS = ("e", "ion", "té", "ure", "ance", "ence", "ise", "ie", "eur")


def _feminine(word: str) -> bool:
    w = word.lower()
    if w.endswith(("eur",)):
        return False
    return w.endswith(_FEMININE_ENDINGS) and not w.endswith(("age", "isme", "ème", "iste", "aire"))


def gender_safe(prose: str, start: int, found: str, fix: str) -> bool:
    """French: a swapped noun after "le/la/un/une..." must not change gender, or the article breaks."""
    if not _FR_DETERMINER.search(prose[max(0, start - 12):start]):
        return True
    a, b = WORD.findall(found), WORD.findall(fix)
    if not a or not b or a[0].lower() == b[0].lower():
        return True
    return _feminine(a[0]) == _feminine(b[0])


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


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True, kw_only=True)
class Rule:
    """What every check type shares: identity, severity, message template, scope, language."""

    type: ClassVar[str] = "rule"
    id: str
    severity: Severity = Severity.WARNING
    message: str = ""
    family: str | None = None
    scope: tuple[str, ...] = ("text",)
    lang: str | None = None
    safe_fix: bool = False
    priority: int = 2  # 0 kit, 1 extra styles, 2 built-in packs: decides which of two overlapping lexical hits stays
    link: str | None = None
    folded: bool = False  # matched on the matching view: hidden and look-alike characters cannot evade it

    lexical: ClassVar[bool] = False

    def applies_to(self, language: str) -> bool:
        return self.lang is None or self.lang == language

    def hits(self, ctx: Context) -> Iterator[Hit]:  # pragma: no cover - abstract
        raise NotImplementedError


def _exception_spans(ctx: Context, pattern: re.Pattern[str] | None, region: tuple[int, int]) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    return [(s, e) for s, e, _ in ctx.finditer(pattern, region)]


def _inside(span: tuple[int, int], holes: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in holes)


@dataclass(frozen=True, kw_only=True)
class Existence(Rule):
    """A word, phrase or pattern that must not appear (or only when `min_matches` pile up)."""

    type: ClassVar[str] = "existence"
    lexical: ClassVar[bool] = True
    pattern: re.Pattern[str] | None = None
    phrases: PhraseMatcher | None = None
    exceptions: re.Pattern[str] | None = None
    min_matches: int = 1
    fix: str | None = None
    at_start: bool = False  # the pattern must match where the region (a sentence...) starts
    prefilter: tuple[str, ...] | None = None  # see text.patterns.literal_prefixes

    def _found(self, ctx: Context, region: tuple[int, int]) -> list[tuple[int, int]]:
        if self.at_start and self.pattern is not None:
            m = self.pattern.match(ctx.prose, region[0], region[1])
            if not m or m.end() == m.start():
                return []
            return [m.span("m") if "m" in self.pattern.groupindex and m.group("m") is not None else m.span()]
        found = self.phrases.find(ctx, region) if self.phrases else []
        if self.pattern is not None and ctx.may_contain(self.prefilter):
            regex = [(s, e) for s, e, _ in ctx.finditer(self.pattern, region)]
            if found:
                merged: list[tuple[int, int]] = []
                for s, e in sorted(found + regex, key=lambda x: (x[0], -x[1])):
                    if not merged or s >= merged[-1][1]:
                        merged.append((s, e))
                return merged
            return regex
        return found

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for region in ctx.regions(self.scope):
            found = self._found(ctx, region)
            if len(found) < self.min_matches:
                continue
            holes = _exception_spans(ctx, self.exceptions, region)
            for s, e in found:
                if holes and _inside((s, e), holes):
                    continue
                q = ctx.quote(s, e)
                fix = None if self.fix is None else match_case(q, self.fix)
                yield Hit(s, e, render(self.message, match=q, fix=fix or "", count=len(found)), fix)


@dataclass(frozen=True, kw_only=True)
class Substitution(Rule):
    """Use X, not Y: each matched alternative carries its fix."""

    type: ClassVar[str] = "substitution"
    lexical: ClassVar[bool] = True
    pattern: re.Pattern[str] | None = None
    entries: tuple[tuple[re.Pattern[str], str], ...] = ()
    phrases: PhraseMatcher | None = None
    phrase_fixes: Mapping[str, str] = field(default_factory=dict)
    exceptions: re.Pattern[str] | None = None
    prefilter: tuple[str, ...] | None = None  # see text.patterns.literal_prefixes

    def _replacement(self, m: re.Match[str]) -> str:
        """The fix of the alternative that matched: re-match each entry where the hit starts."""
        for pat, repl in self.entries:
            m2 = pat.match(m.string, m.start())
            if m2 and m2.end() == m.end():
                return repl
        for pat, repl in self.entries:
            if pat.search(m.group(0)):
                return repl
        return self.entries[0][1] if self.entries else ""

    def _candidates(self, ctx: Context, region: tuple[int, int]) -> list[tuple[int, int, str]]:
        found = [(s, e, self.phrase_fixes[k]) for s, e, k in self.phrases.find_keyed(ctx, region)] \
            if self.phrases else []
        if self.pattern is not None and ctx.may_contain(self.prefilter):
            regex = [(s, e, self._replacement(m)) for s, e, m in ctx.finditer(self.pattern, region)]
            return _non_overlapping(found + regex) if found else regex
        return found

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for region in ctx.regions(self.scope):
            holes: list[tuple[int, int]] | None = None
            for s, e, repl in self._candidates(ctx, region):
                if self.exceptions is not None:
                    if holes is None:
                        holes = _exception_spans(ctx, self.exceptions, region)
                    if _inside((s, e), holes):
                        continue
                q = ctx.quote(s, e)
                choices = [c.strip() for c in repl.split("|") if c.strip()]
                fix = match_case(q, choices[0]) if choices else None
                shown = "' or '".join(match_case(q, c) for c in choices)
                breaks_article = fix is not None and ctx.language == "fr" and not gender_safe(ctx.prose, s, q, fix)
                yield Hit(s, e, render(self.message, match=q, fix=shown), fix, False if breaks_article else None)


@dataclass(frozen=True, kw_only=True)
class Occurrence(Rule):
    """At most (or at least) N tokens per scope: words per sentence, hashtags per post..."""

    type: ClassVar[str] = "occurrence"
    token: re.Pattern[str]
    max: int | None = None
    min: int | None = None
    span: str = "scope"  # "scope": the whole region; "excess": all tokens past the maximum, as one span; "each": one hit per token past it

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for region in ctx.regions(self.scope):
            if self.token is WORD:
                found = ctx.words_between(*region)
            else:
                found = [(s, e) for s, e, _ in ctx.finditer(self.token, region)]
            n = len(found)
            too_many = self.max is not None and n > self.max
            too_few = self.min is not None and 0 < n < self.min
            if not (too_many or too_few):
                continue
            msg = render(self.message, count=n, max=self.max if self.max is not None else "",
                         min=self.min if self.min is not None else "")
            if too_many and self.span in ("excess", "each") and self.max is not None:
                extra = found[self.max:]
                if self.span == "excess":  # the overflowing part, once
                    yield Hit(extra[0][0], extra[-1][1], render(msg, match=ctx.quote(extra[0][0], extra[-1][1])))
                else:
                    for s, e in extra:
                        yield Hit(s, e, render(msg, match=ctx.quote(s, e)))
                continue
            a, b = region
            raw = ctx.prose[a:b]
            a += len(raw) - len(raw.lstrip())
            b -= len(raw) - len(raw.rstrip())
            yield Hit(a, b, render(msg, match=ctx.quote(a, b)))


@dataclass(frozen=True, kw_only=True)
class Repetition(Rule):
    """The same word twice in a row ("the the", "de de")."""

    type: ClassVar[str] = "repetition"
    token: re.Pattern[str] = WORD
    exceptions: frozenset[str] = frozenset()
    alpha: bool = True

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for region in ctx.regions(self.scope):
            prev: tuple[int, int, str] | None = None
            spans = ctx.words_between(*region) if self.token is WORD else \
                [(s, e) for s, e, _ in ctx.finditer(self.token, region)]
            for s, e in spans:
                w = ctx.prose[s:e].lower()
                gap = ctx.prose[prev[1]:s] if prev else ""
                if prev and prev[2] == w and not gap.strip() and "\n" not in gap and w not in self.exceptions \
                        and (not self.alpha or w.isalpha()):
                    yield Hit(prev[0], e, render(self.message, match=ctx.quote(s, e)), ctx.text[prev[0]:prev[1]])
                prev = (s, e, w)


@dataclass(frozen=True, kw_only=True)
class Consistency(Rule):
    """One of two forms throughout: the less used form is flagged, with the other as fix."""

    type: ClassVar[str] = "consistency"
    lexical: ClassVar[bool] = True
    pairs: tuple[tuple[re.Pattern[str] | PhraseMatcher, re.Pattern[str] | PhraseMatcher, str | None, str | None], ...]

    @staticmethod
    def _find(ctx: Context, form: re.Pattern[str] | PhraseMatcher, region: tuple[int, int]) -> list[tuple[int, int]]:
        if isinstance(form, PhraseMatcher):
            return form.find(ctx, region)
        return [(s, e) for s, e, _ in ctx.finditer(form, region)]

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for region in ctx.regions(self.scope):
            for pa, pb, la, lb in self.pairs:
                fa = self._find(ctx, pa, region)
                if not fa:
                    continue
                fb = self._find(ctx, pb, region)
                if not fb:
                    continue
                # the form used less is the odd one out; on a tie, the one that appears second
                if len(fa) < len(fb) or (len(fa) == len(fb) and fa[0][0] > fb[0][0]):
                    odd, keep = fa, (fb, lb)
                else:
                    odd, keep = fb, (fa, la)
                kept_text = ctx.quote(*keep[0][0])
                for s, e in odd:
                    q = ctx.quote(s, e)
                    fix = match_case(q, keep[1]) if keep[1] else None
                    yield Hit(s, e, render(self.message, match=q, fix=kept_text), fix)


_SMALL_WORDS = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "per", "the",
    "to", "vs", "via", "with", "à", "au", "aux", "de", "des", "du", "en", "et", "la", "le", "les", "ou", "par",
    "pour", "sur", "un", "une",
})


@dataclass(frozen=True, kw_only=True)
class Capitalization(Rule):
    """Headings (or any scope) in sentence case, title case, upper or lower case, or a regex."""

    type: ClassVar[str] = "capitalization"
    match: str = "$sentence"
    exceptions: frozenset[str] = frozenset()
    scope: tuple[str, ...] = ("heading",)

    def _expected(self, words: list[str]) -> list[str]:
        out = []
        for i, w in enumerate(words):
            if w in self.exceptions or (len(w) > 1 and w.isupper()) or any(c.isdigit() for c in w):
                out.append(w)
            elif self.match == "$sentence":
                out.append(w[:1].upper() + w[1:] if i == 0 else (w.lower() if w[:1].isupper() and w[1:].islower() else w))
            elif self.match == "$title":
                small = w.lower() in _SMALL_WORDS and 0 < i < len(words) - 1
                out.append(w.lower() if small else w[:1].upper() + w[1:])
            elif self.match == "$lower":
                out.append(w.lower())
            elif self.match == "$upper":
                out.append(w.upper())
            else:
                out.append(w)
        return out

    def hits(self, ctx: Context) -> Iterator[Hit]:
        custom = None if self.match.startswith("$") else re.compile(self.match)
        for a, b in ctx.regions(self.scope):
            spans = ctx.words_between(a, b)
            if not spans:
                continue
            s, e = spans[0][0], spans[-1][1]
            q = ctx.quote(s, e)
            if custom is not None:
                if not custom.fullmatch(q):
                    yield Hit(s, e, render(self.message, match=q))
                continue
            words = [ctx.prose[x:y] for x, y in spans]
            expected = self._expected(words)
            if expected != words:
                fixed = ctx.prose[s:e]
                for (x, y), new in zip(reversed(spans), reversed(expected), strict=True):
                    fixed = fixed[: x - s] + new + fixed[y - s:]
                yield Hit(s, e, render(self.message, match=q, fix=fixed), fixed)


_OPS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne,
}
_BIN: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.Pow: operator.pow, ast.Mod: operator.mod,
}
_FUNCS: dict[str, Callable[..., float]] = {"min": min, "max": max, "abs": abs, "sqrt": math.sqrt, "log": math.log}


def compile_formula(formula: str, where: str) -> ast.Expression:
    """Parse a metric formula once; only arithmetic over named counts is allowed."""
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except SyntaxError as exc:
        raise RuleError(f"{where}: formula {formula!r} is not an arithmetic expression") from exc
    for node in ast.walk(tree):
        ok = isinstance(node, ast.Expression | ast.BinOp | ast.UnaryOp | ast.Constant | ast.Name | ast.Load
                        | ast.Call | ast.USub | ast.UAdd) or type(node) in _BIN
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in _FUNCS):
            ok = False
        if not ok:
            raise RuleError(f"{where}: formula {formula!r} uses {type(node).__name__}, which is not allowed")
    return tree


def eval_formula(tree: ast.Expression, variables: Mapping[str, float]) -> float | None:
    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in variables:
                raise KeyError(node.id)
            return float(variables[node.id])
        if isinstance(node, ast.UnaryOp):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp):
            return _BIN[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return float(_FUNCS[node.func.id](*(ev(a) for a in node.args)))
        raise ValueError(type(node).__name__)

    try:
        return ev(tree)
    except (ZeroDivisionError, ValueError, OverflowError):
        return None


@dataclass(frozen=True, kw_only=True)
class Metric(Rule):
    """A formula over counts compared to a threshold (which may depend on the kit's reading level)."""

    type: ClassVar[str] = "metric"
    formula: ast.Expression
    op: str = ">"
    threshold: float | None = None
    thresholds: tuple[tuple[str, float], ...] = ()
    min_words: int = 0
    min_sentences: int = 0
    scope: tuple[str, ...] = ("text",)

    def hits(self, ctx: Context) -> Iterator[Hit]:
        limit = dict(self.thresholds).get(ctx.reading_level, self.threshold)
        if limit is None:
            return
        block_counts: dict[str, float] = {}
        for _a, _b, k in ctx.blocks:
            block_counts[k] = block_counts.get(k, 0.0) + 1
        for a, b in ctx.regions(self.scope):
            if ctx.count_words(a, b) < self.min_words:
                continue
            n_sent = max(1, len(ctx.sentences_between(a, b)))
            if n_sent < self.min_sentences:
                continue
            body = ctx.prose[a:b]
            variables = readability.counts(body, n_sent, ctx.language)
            variables |= {
                "length": float(len(body.strip())),
                "pre": block_counts.get("code", 0.0), "list": block_counts.get("list_item", 0.0),
                "blockquote": block_counts.get("quote", 0.0), "heading": block_counts.get("heading", 0.0),
            }
            value = eval_formula(self.formula, variables)
            if value is None or not _OPS[self.op](value, limit):
                continue
            raw = ctx.prose[a:b]
            s = a + len(raw) - len(raw.lstrip())
            e = b - (len(raw) - len(raw.rstrip()))
            shown = f"{value:.1f}".removesuffix(".0")
            yield Hit(s, e, render(self.message, value=shown, threshold=f"{limit:g}",
                                   level=ctx.reading_level, match=ctx.quote(s, e)))


@dataclass(frozen=True, kw_only=True)
class Conditional(Rule):
    """If `first` appears, `second` must too (e.g. an acronym must be spelled out once)."""

    type: ClassVar[str] = "conditional"
    first: re.Pattern[str]
    second: re.Pattern[str]
    exceptions: frozenset[str] = frozenset()

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for region in ctx.regions(self.scope):
            defined = set()
            for _, _, m in ctx.finditer(self.second, region):
                defined.add(m.group(1) if m.groups() else m.group(0))
            for s, e, m in ctx.finditer(self.first, region):
                key = m.group(1) if m.groups() else m.group(0)
                if key in defined or key in self.exceptions:
                    continue
                yield Hit(s, e, render(self.message, match=key))


@dataclass(frozen=True, kw_only=True)
class Variation(Rule):
    """Sentence rhythm: a run of sentences of nearly the same length reads as machine-made."""

    type: ClassVar[str] = "variation"
    window: int = 6
    spread: int = 4
    min_words: int = 8

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for a, b in ctx.regions(self.scope):
            sents = [(s, e, ctx.count_words(s, e)) for s, e, k in ctx.sentences_between(a, b)
                     if k in PARAGRAPH_KINDS]
            i = 0
            while i < len(sents):
                j = i
                lo = hi = sents[i][2]
                while j + 1 < len(sents):
                    n = sents[j + 1][2]
                    if n < self.min_words or max(hi, n) - min(lo, n) > self.spread:
                        break
                    lo, hi = min(lo, n), max(hi, n)
                    j += 1
                if sents[i][2] >= self.min_words and j - i + 1 >= self.window:
                    yield Hit(sents[i][0], sents[j][1], render(self.message, count=j - i + 1, min=lo, max=hi))
                    i = j + 1
                else:
                    i += 1


def _characters(chars: Iterable[str], limit: int = 3) -> str:
    """"U+200B ZERO WIDTH SPACE, U+0435 CYRILLIC SMALL LETTER IE": what a reader cannot tell apart."""
    import unicodedata

    distinct = list(dict.fromkeys(chars))
    named = [f"U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED')}" for c in distinct[:limit]]
    return ", ".join(named) + (", …" if len(distinct) > limit else "")


@dataclass(frozen=True, kw_only=True)
class HiddenCharacter(Rule):
    """Invisible characters (zero-width, bidi controls, soft hyphens, stray selectors) in the prose.

    They have no glyph, yet split words, reorder what is shown or hide text from search; emoji
    joiners and selectors between symbols are left alone (text/normalize.py). The fix deletes them.
    """

    type: ClassVar[str] = "hidden_character"
    message_fr: str = ""

    def hits(self, ctx: Context) -> Iterator[Hit]:
        template = self.message_fr if ctx.language == "fr" and self.message_fr else self.message
        regions = ctx.regions(self.scope)
        for s, e in hidden_characters(ctx.prose):
            if any(a <= s and e <= b for a, b in regions):
                run = ctx.prose[s:e]
                yield Hit(s, e, render(template, chars=_characters(run), count=len(run), match=""), "")


@dataclass(frozen=True, kw_only=True)
class Confusable(Rule):
    """A word written with look-alike characters: letters of another script mixed with Latin ones
    ("zеro" with a Cyrillic е), a word made only of such letters, or styled letters (𝐛𝐨𝐥𝐝, ｗｉｄｅ,
    small capitals, ligatures). The fix is the word as the matching view reads it."""

    type: ClassVar[str] = "confusable"
    message_fr: str = ""

    def hits(self, ctx: Context) -> Iterator[Hit]:
        view = ctx.readings[0]
        if view is ctx:
            return  # nothing folds: no look-alike anywhere
        template = self.message_fr if ctx.language == "fr" and self.message_fr else self.message
        regions = ctx.regions(self.scope)
        for m in WORD.finditer(view.prose):
            s, e = view.to_draft(m.start(), m.end())
            word = ctx.prose[s:e]
            if word == m.group() or not any(a <= s and e <= b for a, b in regions):
                continue
            suspects = _disguise(word)
            if suspects:
                yield Hit(s, e, render(template, match=" ".join(word.split()), fix=m.group(),
                                       chars=_characters(suspects)), m.group())


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


CHECK_TYPES: dict[str, type[Rule]] = {
    cls.type: cls for cls in (Existence, Substitution, Occurrence, Repetition, Consistency, Capitalization,
                              Metric, Conditional, Variation, HiddenCharacter, Confusable)
}


# --------------------------------------------------------------------------- rules from data

_COMMON = {"id", "type", "extends", "severity", "level", "message", "family", "scope", "lang", "link",
           "description", "safe_fix", "ignorecase", "nonword", "folded"}
_KEYS: dict[str, set[str]] = {
    "existence": {"tokens", "phrases", "inflect", "raw", "exceptions", "min_matches", "fix", "at_start", "vocab",
                  "append"},
    "substitution": {"swap", "swap_phrases", "exceptions", "vocab", "capitalize", "append"},
    "occurrence": {"token", "max", "min", "span"},
    "repetition": {"tokens", "alpha", "exceptions"},
    "consistency": {"either"},
    "capitalization": {"match", "exceptions", "style", "indicators", "threshold", "vocab", "prefix"},
    "metric": {"formula", "condition", "thresholds", "min_words", "min_sentences"},
    "conditional": {"first", "second", "exceptions"},
    "variation": {"window", "spread", "min_words"},
    "hidden_character": {"message_fr"},
    "confusable": {"message_fr"},
}


def _scope(value: Any, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else list(value or ["text"])
    for s in items:
        if not isinstance(s, str) or s.lstrip("~").split(".", 1)[0] not in SCOPES:
            raise RuleError(f"{where}: unknown scope {s!r} (known: {', '.join(sorted(SCOPES))})")
    return tuple(items)


def _str_list(data: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise RuleError(f"{where}: '{key}' must be a list of strings")
    return [str(v) for v in value]


def _phrase_or_regex(item: str) -> tuple[str, bool]:
    """Literal phrases are written plainly; a regex is written between slashes: /colou?r/."""
    if len(item) > 2 and item.startswith("/") and item.endswith("/"):
        return item[1:-1], True
    return item, False


def _exceptions_regex(items: list[str], ignorecase: bool, where: str) -> re.Pattern[str] | None:
    if not items:
        return None
    lit = [i for i in items if not _phrase_or_regex(i)[1]]
    rx = [_phrase_or_regex(i)[0] for i in items if _phrase_or_regex(i)[1]]
    parts = ([phrase_regex(lit)] if lit else []) + ([token_regex(rx)] if rx else [])
    return compile_regex("|".join(parts), ignorecase=ignorecase, where=where)


def rule_from_dict(data: Mapping[str, Any], *, default_id: str = "", priority: int = 2,
                   family: str | None = None) -> Rule:
    """Build one rule from its YAML form; unknown keys and bad values raise RuleError naming them."""
    rid = str(data.get("id") or default_id)
    where = f"rule {rid or '?'}"
    if not rid:
        raise RuleError("a rule needs an 'id'")
    kind = str(data.get("type") or data.get("extends") or "")
    if kind not in CHECK_TYPES:
        raise RuleError(f"{where}: unknown check type {kind!r} (known: {', '.join(CHECK_TYPES)})")
    unknown = set(data) - _COMMON - _KEYS[kind]
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} for a {kind} rule")
    sev_raw = str(data.get("severity") or data.get("level") or "warning").lower()
    try:
        severity = Severity(sev_raw)
    except ValueError as exc:
        raise RuleError(f"{where}: severity must be error, warning or suggestion, not {sev_raw!r}") from exc
    lang = data.get("lang")
    common: dict[str, Any] = dict(
        id=rid, severity=severity, message=str(data.get("message") or f"{rid}: '{{match}}'"),
        family=data.get("family") or family, lang=str(lang) if lang else None,
        safe_fix=bool(data.get("safe_fix", False)), priority=priority, link=data.get("link"),
        folded=bool(data.get("folded", False)),
    )
    ic = bool(data.get("ignorecase", True))
    nonword = bool(data.get("nonword", False))
    if "scope" in data:
        common["scope"] = _scope(data["scope"], where)

    if kind == "existence":
        phrases = _str_list(data, "phrases", where)
        tokens = _str_list(data, "tokens", where)
        if ic and not nonword and not data.get("inflect"):
            phrases += [t for t in tokens if _LITERAL.fullmatch(t)]
            tokens = [t for t in tokens if not _LITERAL.fullmatch(t)]
        parts = []
        if tokens:
            parts.append(token_regex(tokens, nonword=nonword))
        raw = _str_list(data, "raw", where)
        if raw:
            parts.append("".join(raw))
        if not parts and not phrases:
            raise RuleError(f"{where}: an existence rule needs 'phrases', 'tokens' or 'raw'")
        matcher = PhraseMatcher(phrases, inflect=bool(data.get("inflect", False))) if phrases else None
        pattern = compile_regex("|".join(parts), ignorecase=ic, where=where) if parts else None
        return Existence(pattern=pattern, phrases=matcher, prefilter=literal_prefixes(pattern) if pattern else None,
                         exceptions=_exceptions_regex(_str_list(data, "exceptions", where), ic, where),
                         min_matches=int(data.get("min_matches", 1)), fix=data.get("fix"),
                         at_start=bool(data.get("at_start", False)), **common)
    if kind == "substitution":
        entries: list[tuple[re.Pattern[str], str]] = []
        alts: list[str] = []
        fixes = {str(k): str(v) for k, v in (data.get("swap_phrases") or {}).items()}
        for key, value in (data.get("swap") or {}).items():
            if ic and not nonword and _LITERAL.fullmatch(str(key)):
                fixes[str(key)] = str(value)
                continue
            alts.append(token_regex([str(key)], nonword=nonword))
            entries.append((compile_regex(_wrap_token(str(key)), ignorecase=ic, where=where), str(value)))
        if not entries and not fixes:
            raise RuleError(f"{where}: a substitution rule needs 'swap' or 'swap_phrases'")
        sub_pattern = compile_regex("|".join(alts), ignorecase=ic, where=where) if alts else None
        return Substitution(pattern=sub_pattern, prefilter=literal_prefixes(sub_pattern) if sub_pattern else None,
                            entries=tuple(entries), phrases=PhraseMatcher(fixes) if fixes else None,
                            phrase_fixes=fixes,
                            exceptions=_exceptions_regex(_str_list(data, "exceptions", where), ic, where), **common)
    if kind == "occurrence":
        token = str(data.get("token") or "")
        if not token:
            raise RuleError(f"{where}: an occurrence rule needs a 'token'")
        if data.get("max") is None and data.get("min") is None:
            raise RuleError(f"{where}: an occurrence rule needs 'max' or 'min'")
        pat = WORD if token in ("$word", WORD.pattern) else compile_regex(token, ignorecase=ic, where=where)
        span = str(data.get("span", "scope"))
        if span not in ("scope", "excess", "each"):
            raise RuleError(f"{where}: span must be 'scope', 'excess' or 'each'")
        return Occurrence(token=pat, max=data.get("max"), min=data.get("min"), span=span, **common)
    if kind == "repetition":
        toks = _str_list(data, "tokens", where)
        pat = compile_regex(token_regex(toks, nonword=nonword), ignorecase=ic, where=where) if toks else WORD
        return Repetition(token=pat, alpha=bool(data.get("alpha", True)),
                          exceptions=frozenset(x.lower() for x in _str_list(data, "exceptions", where)), **common)
    if kind == "consistency":
        pairs = []
        either = data.get("either") or {}
        if not isinstance(either, Mapping) or not either:
            raise RuleError(f"{where}: a consistency rule needs 'either: {{form: other form}}'")
        for a, b in either.items():
            la = None if re.search(r"[\\\[\](){}|?*+^$]", str(a)) else str(a)
            lb = None if re.search(r"[\\\[\](){}|?*+^$]", str(b)) else str(b)
            def form(text: str, literal: str | None) -> re.Pattern[str] | PhraseMatcher:
                if literal is not None and ic and not nonword:  # plain words: matched without a regex
                    return PhraseMatcher([literal])
                return compile_regex(token_regex([text], nonword=nonword), ignorecase=ic, where=where)

            pairs.append((form(str(a), la), form(str(b), lb), la, lb))
        return Consistency(pairs=tuple(pairs), **common)
    if kind == "capitalization":
        return Capitalization(match=str(data.get("match", "$sentence")),
                              exceptions=frozenset(_str_list(data, "exceptions", where)), **common)
    if kind == "metric":
        formula = compile_formula(str(data.get("formula") or ""), where)
        cond = str(data.get("condition") or "").strip()
        m = re.fullmatch(r"(>=|<=|==|!=|>|<)\s*(-?[\d.]+)?", cond)
        if not m:
            raise RuleError(f"{where}: condition must look like '> 12', not {cond!r}")
        thresholds = data.get("thresholds") or {}
        if not m.group(2) and not thresholds:
            raise RuleError(f"{where}: a metric rule needs a number in 'condition' or 'thresholds'")
        return Metric(formula=formula, op=m.group(1), threshold=float(m.group(2)) if m.group(2) else None,
                      thresholds=tuple((str(k), float(v)) for k, v in thresholds.items()),
                      min_words=int(data.get("min_words", 0)), min_sentences=int(data.get("min_sentences", 0)),
                      **common)
    if kind in ("hidden_character", "confusable"):
        check = HiddenCharacter if kind == "hidden_character" else Confusable
        return check(message_fr=str(data.get("message_fr") or ""), **common)
    if kind == "conditional":
        return Conditional(first=compile_regex(str(data.get("first") or ""), ignorecase=False, where=where),
                           second=compile_regex(str(data.get("second") or ""), ignorecase=False, where=where),
                           exceptions=frozenset(_str_list(data, "exceptions", where)), **common)
    # variation
    return Variation(window=int(data.get("window", 6)), spread=int(data.get("spread", 4)),
                     min_words=int(data.get("min_words", 8)), **common)


@dataclass
class RuleSet:
    """Rules in the order they run, plus what could not be loaded (said, never silently dropped)."""

    rules: list[Rule] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

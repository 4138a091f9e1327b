"""The pattern toolkit every recogniser shares: trie alternations, a phrase matcher, literal prefilters.

Claims, quantities and the voice rules all match long lists of literal words and run many regexes
over each text; the three tools for that live here, once:

- `trie_regex` / `alternation`: many literal words as one regex shaped like a trie
  ("m(?:o(?:is)?)?"), so the engine checks one character per level instead of trying every word at
  every position; greedy optional tails try longer words first.
- `PhraseMatcher`: many literal phrases matched word by word over a tokenised text, with no regex.
- literal prefilters: the literals a regex cannot match without (`required_literals`, behind
  `Gated` for the claim cues) or must start with (`literal_prefixes`, for the voice rules), read
  from the parsed pattern like ripgrep's or RE2's prefilters, so that a regex is run only where it
  can match. A gate is conservative: when the pattern's shape gives no sure literal there is none,
  so results never change, only the time.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Protocol

# --------------------------------------------------------------------------- phrases


def normalise_phrase(phrase: str) -> str:
    """Lower-case, one kind of apostrophe, and one space for any run of spaces or hyphens."""
    p = phrase.strip().lower().replace("’", "'").replace("\u2011", "-").replace("\u2010", "-")
    return re.sub(r"[\s\-]+", " ", p)


_INFLECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("if", ("if", "ifs", "ive", "ives")),
    ("eux", ("eux", "euse", "euses")),
    ("al", ("al", "aux", "ale", "ales", "als")),
    ("el", ("el", "els", "elle", "elles")),
    ("en", ("en", "ens", "enne", "ennes")),
    ("é", ("é", "és", "ée", "ées")),
    ("er", ("er", "ers", "ère", "ères")),
    ("e", ("e", "es")),
    ("y", ("y", "ies")),
)


def inflections(word: str) -> set[str]:
    """Trivial plural and feminine forms of one word (FR and EN); short words are left alone."""
    if len(word) < 5 or not word.isalpha():
        return {word}
    for ending, forms in _INFLECTIONS:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            return {stem + f for f in forms}
    return {word, word + "s", word + "e", word + "es"}


def expand_phrase(phrase: str, inflect: bool) -> set[str]:
    """The normalised phrase, and with `inflect` every combination of its words' trivial forms."""
    norm = normalise_phrase(phrase)
    if not inflect:
        return {norm}
    variants = [""]
    for i, w in enumerate(norm.split(" ")):
        forms = inflections(w)
        variants = [(v + " " if i else "") + f for v in variants for f in forms]
    return set(variants)


# --------------------------------------------------------------------------- trie alternations

PHRASE_SPACE = r"[\s\-\u2010\u2011]+"
"""Between two words of a phrase: any run of spaces or hyphens ("game changer" = "game-changer")."""


def trie_regex(words: Iterable[str], *, space: str | None = None, apostrophes: bool = False) -> str:
    """One regex for many literal words, shaped as a trie so matching stays linear-ish.

    `space` is the regex a space of a word stands for (a literal space when None); with
    `apostrophes`, an apostrophe also matches a typographic one. No words give an empty string.
    """
    trie: dict[str, Any] = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def atom(ch: str) -> str:
        if ch == " " and space is not None:
            return space
        if ch == "'" and apostrophes:
            return "['’]"
        return re.escape(ch)

    def emit(node: dict[str, Any]) -> str:
        alts = [atom(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        ends_here = "" in node
        body = "(?:" + "|".join(alts) + ")" if len(alts) > 1 or ends_here else alts[0]
        return body + "?" if ends_here else body

    return emit(trie)


def alternation(words: Iterable[str], loose: bool = False) -> str:
    """`trie_regex` as one group; `loose`: a space stands for any white space, either apostrophe."""
    return "(?:" + trie_regex(words, space=r"\s+" if loose else None, apostrophes=loose) + ")"


def phrase_regex(phrases: Iterable[str], *, inflect: bool = False) -> str:
    """Whole-word, case-insensitive-ready regex for literal phrases (use with re.IGNORECASE)."""
    expanded: set[str] = set()
    for p in phrases:
        expanded |= expand_phrase(p, inflect)
    if not expanded:
        return r"(?!x)x"
    return r"(?<![^\W_])(?:" + trie_regex(expanded, space=PHRASE_SPACE, apostrophes=True) + r")(?![^\W_])"


# --------------------------------------------------------------------------- phrase matcher

TOKEN = re.compile(r"[^\W_]+")
_SPACE_GAP = re.compile(PHRASE_SPACE)


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Letter/digit runs with their lower-case form: the words a `PhraseMatcher` compares."""
    return [(m.start(), m.end(), m.group(0).lower()) for m in TOKEN.finditer(text)]


class Tokenized(Protocol):
    """A text with its tokens indexed, prepared once for every matcher that reads it."""

    @property
    def prose(self) -> str: ...

    @property
    def tokens(self) -> list[tuple[int, int, str]]: ...  # `tokenize(prose)`

    @property
    def token_starts(self) -> list[int]: ...  # the start of each token

    @property
    def token_positions(self) -> dict[str, list[int]]: ...  # indexes into `tokens` by lower-case form


class PhraseMatcher:
    """Many literal phrases matched word by word: no regex to compile, linear in the text.

    Phrases are compared on lower-cased words; between two words the text may hold any run of
    spaces or hyphens ("game changer" = "game-changer"), or an apostrophe where the phrase has one.
    """

    def __init__(self, phrases: Iterable[str], *, inflect: bool = False):
        singles: dict[str, str] = {}
        pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], tuple[bool, ...], str]]] = {}
        for p in phrases:
            for variant in expand_phrase(p, inflect):
                words = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(variant)]
                if not words:
                    continue
                toks = tuple(w for w, _, _ in words)
                apos = tuple("'" in variant[a[2]:b[1]] for a, b in pairwise(words))
                if len(toks) == 1:
                    singles.setdefault(toks[0], p)
                else:
                    pairs.setdefault((toks[0], toks[1]), []).append((toks, apos, p))
        for cands in pairs.values():
            cands.sort(key=lambda c: -len(c[0]))
        self.singles = singles
        self.pairs = pairs
        self.first = frozenset(singles) | {t0 for t0, _ in pairs}

    def __bool__(self) -> bool:
        return bool(self.first)

    def _match_at(self, text: Tokenized, i: int, hi: int) -> tuple[int, str]:
        """Index of the last token of the longest phrase starting at token i (or -1), and that phrase."""
        toks = text.tokens
        prose = text.prose
        if i + 1 < hi:
            for ptoks, apos, key in self.pairs.get((toks[i][2], toks[i + 1][2]), ()):
                n = len(ptoks)
                if i + n > hi:
                    continue
                for k in range(1, n):
                    prev, cur = toks[i + k - 1], toks[i + k]
                    if cur[2] != ptoks[k]:
                        break
                    gap = prose[prev[1]:cur[0]]
                    if not (gap in ("'", "’") if apos[k - 1] else _SPACE_GAP.fullmatch(gap)):
                        break
                else:
                    return i + n - 1, key
        single = self.singles.get(toks[i][2])
        return (i, single) if single is not None else (-1, "")

    def find(self, text: Tokenized, region: tuple[int, int]) -> list[tuple[int, int]]:
        return [(s, e) for s, e, _ in self.find_keyed(text, region)]

    def find_keyed(self, text: Tokenized, region: tuple[int, int]) -> list[tuple[int, int, str]]:
        """Leftmost-longest, non-overlapping matches inside a region, with the phrase each one matched."""
        lo = bisect_left(text.token_starts, region[0])
        hi = bisect_left(text.token_starts, region[1])
        toks = text.tokens
        while hi > lo and toks[hi - 1][1] > region[1]:
            hi -= 1
        positions = text.token_positions
        first = self.first
        if len(first) < len(positions):
            keys = [k for k in first if k in positions]
        else:
            keys = [k for k in positions if k in first]
        if not keys:
            return []
        starts = sorted(i for key in keys for i in positions[key] if lo <= i < hi)
        out: list[tuple[int, int, str]] = []
        next_free = lo
        for i in starts:
            if i < next_free:
                continue
            last, key = self._match_at(text, i, hi)
            if last >= 0:
                out.append((toks[i][0], toks[last][1], key))
                next_free = last + 1
        return out


# --------------------------------------------------------------------------- literal prefilters


def _parse(pattern: re.Pattern[str]) -> Any:
    """The pattern as `re` itself parses it, or None: the parser is private, so any surprise
    there (another Python, a pattern it reads differently) just means "no prefilter"."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        return _parser.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None


_ZERO_WIDTH = {"AT"}  # \b, ^, $: they consume nothing, so a literal run goes on across them


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective set: longest shortest literal, then fewest literals."""
    usable = [o for o in options if o and min(len(s) for s in o) > 0]
    if not usable:
        return None
    return max(usable, key=lambda o: (min(len(s) for s in o), -len(o)))


def _required(items: Any) -> frozenset[str] | None:
    """Literals one of which every match of this parsed sequence contains (None: no such set)."""
    options: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            options.append(frozenset(["".join(run)]))
            run.clear()

    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(arg))
        elif name in _ZERO_WIDTH:
            continue
        elif name == "SUBPATTERN":
            flush()
            inner = _required(arg[-1])
            if inner is not None:
                options.append(inner)
        elif name == "BRANCH":
            flush()
            alternatives = [_required(alt) for alt in arg[1]]
            if alternatives and all(a is not None for a in alternatives):
                options.append(frozenset().union(*[a for a in alternatives if a is not None]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            flush()
            low, _high, sub = arg
            if low >= 1:
                inner = _required(sub)
                if inner is not None:
                    options.append(inner)
        else:  # classes, any char, lookarounds, back-references: no literal, and the run ends
            flush()
    flush()
    return _best(options)


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Literals one of which every match contains, case-folded when the pattern ignores case;
    None when no literal is sure to occur."""
    if pattern.flags & re.VERBOSE:
        return None
    tree = _parse(pattern)
    if tree is None:
        return None
    try:
        found = _required(tree)
    except Exception:
        return None
    if found is None:
        return None
    if pattern.flags & re.IGNORECASE:
        found = frozenset(s.casefold() for s in found)
    return found


_MAX_PREFIXES = 256


def literal_prefixes(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case texts one of which every match must start with, or None when that cannot be told.

    A voice rule whose prefixes are all absent from the draft cannot match, so its regex is not
    run: Python's `re` scans a draft once per rule, and imported styles bring a hundred rules.
    """
    tree = _parse(pattern)
    if tree is None:
        return None

    def seq(items: Any) -> tuple[set[str], bool] | None:
        out = {""}
        for op, av in items:
            name = str(op)
            if name in ("AT", "ASSERT", "ASSERT_NOT"):
                continue
            if name == "LITERAL":
                out = {p + chr(av) for p in out}
                continue
            if name == "IN" and all(str(o) == "LITERAL" for o, _ in av) and len(av) <= 8:
                out = {p + chr(v) for p in out for _, v in av}
            elif name in ("SUBPATTERN", "BRANCH"):
                subs = [av[3]] if name == "SUBPATTERN" else av[1]
                parts = [seq(sub) for sub in subs]
                if any(part is None for part in parts):
                    return out, False
                texts = {t for part in parts if part for t in part[0]}
                out = {p + t for p in out for t in texts}
                if not all(part and part[1] for part in parts):
                    return out, False
            elif name in ("MAX_REPEAT", "MIN_REPEAT"):
                lo, _hi, sub = av
                if lo >= 1:
                    part = seq(sub)
                    if part:
                        out = {p + t for p in out for t in part[0]}
                return out, False
            else:
                return out, False
            if len(out) > _MAX_PREFIXES:
                return None
        return out, True

    try:
        found = seq(list(tree))
    except (TypeError, ValueError, IndexError):
        return None
    if not found or len(found[0]) > _MAX_PREFIXES or any(len(p) < 2 for p in found[0]):
        return None
    return tuple(sorted({p.lower() for p in found[0]}))


@dataclass(frozen=True, slots=True)
class Gated:
    """A compiled regex with its literal gate; `search(text, folded)` takes the case-folded text too."""

    pattern: re.Pattern[str]
    literals: tuple[str, ...] | None
    folds: bool

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Gated:
        lits = required_literals(pattern)
        return cls(pattern, tuple(sorted(lits, key=len, reverse=True)) if lits else None,
                   bool(pattern.flags & re.IGNORECASE))

    def may_match(self, text: str, folded: str) -> bool:
        if self.literals is None:
            return True
        hay = folded if self.folds else text
        return any(map(hay.__contains__, self.literals))  # map: no Python frame per literal

    def search(self, text: str, folded: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.may_match(text, folded) else None


def gate_all(patterns: Iterable[re.Pattern[str]]) -> tuple[Gated, ...]:
    return tuple(Gated.of(p) for p in patterns)


def narrow(gated: Sequence[Gated], text: str, folded: str) -> tuple[Gated, ...]:
    """The patterns that may match `text`, hence any part of it: gate a sentence once, then its pieces."""
    return tuple(g for g in gated if g.may_match(text, folded))


def count(gated: Sequence[Gated], text: str, folded: str) -> int:
    """How many of the patterns match the text."""
    return sum(1 for g in gated if g.search(text, folded) is not None)


def any_match(gated: Sequence[Gated], text: str, folded: str) -> bool:
    return any(g.search(text, folded) is not None for g in gated)


class LiteralScan:
    """Which of many gated patterns may match a text, from one pass of an Aho-Corasick automaton.

    `narrow` tests each pattern's literals one by one; a sentence meets ~150 cue patterns and
    ~1,100 distinct literals, so one automaton over all of them (pyahocorasick, in C) reports every
    literal present, overlapping ones included, in a single walk of the text. Patterns without a
    literal gate, or matched case-sensitively, are always kept: the answer is the same as `narrow`.
    """

    def __init__(self, gated: Sequence[Gated]) -> None:
        import ahocorasick  # type: ignore[import-not-found]

        ids: dict[str, list[int]] = {}
        self.always: frozenset[int] = frozenset(i for i, g in enumerate(gated) if not g.literals or not g.folds)
        for i, g in enumerate(gated):
            if i not in self.always:
                for lit in g.literals or ():
                    ids.setdefault(lit, []).append(i)
        self._automaton: Any = ahocorasick.Automaton()
        for lit, pattern_ids in ids.items():
            self._automaton.add_word(lit, tuple(pattern_ids))
        self._automaton.make_automaton()
        self._empty = not ids

    def present(self, folded: str) -> set[int]:
        """Indices of the patterns that may match a text, given its case-folded form."""
        keep = set(self.always)
        if self._empty:
            return keep
        for _end, pattern_ids in self._automaton.iter(folded):
            keep.update(pattern_ids)
        return keep

"""Literal prefilters for rule regexes: skip a regex when the text lacks every word it needs.

Cue and rule patterns mostly start with `\\b` and an alternation, which Python's `re` cannot
speed up with a literal prefix scan: each `search` walks the whole sentence. Yet nearly every
pattern needs one of a few literal strings ("garanti", "hosted", "€"...). Like ripgrep or RE2's
prefilters, `required_literals` works those out from the parsed pattern, and `Gated.search`
runs the regex only when one of them occurs in the (case-folded) text: a substring test costs a
fraction of a regex search. The gate is conservative: when the pattern's shape gives no sure
literal, there is no gate and the regex always runs, so results never change, only the time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

try:  # the parser `re` itself uses; private, so any surprise just means "no gate"
    from re import _parser as _sre_p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Pythons
    _sre_p = None

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
    """Case-folded when the pattern ignores case; None when no literal is sure to occur."""
    if _sre_p is None or pattern.flags & re.VERBOSE:
        return None
    try:
        found = _required(_sre_p.parse(pattern.pattern, pattern.flags))
    except Exception:
        return None
    if found is None:
        return None
    if pattern.flags & re.IGNORECASE:
        found = frozenset(s.casefold() for s in found)
    return found


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

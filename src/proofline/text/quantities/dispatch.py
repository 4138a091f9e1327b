"""The trigger pass: one cheap regex finds where a figure could start, and which recognisers to try there.

Running each recogniser only at those places keeps a 1,500-word draft at a few milliseconds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from proofline.text.quantities.regexes import Patterns, alt
from proofline.text.quantities.vocab import (
    ALL_NUMBERS,
    DAY_NAMES,
    DAY_WORDS,
    FACTOR_OPENERS,
    LABELS,
    MONTHS_EN,
    MONTHS_FR,
    WEEKDAYS_EN,
    WEEKDAYS_FR,
)

# Recognisers, by index into Patterns.by_id.
(R_CORE, R_MONEY, R_IDENT, R_ALNUM, R_SCHED, R_DATE, R_TIME, R_FREQ, R_FACTOR, R_YEAR,
 R_ORD, R_AUNIT) = range(12)
_N_REC = 12
_NUMWORD_RECS = (R_CORE, R_DATE, R_FREQ, R_FACTOR)


def _keyword_table() -> dict[str, tuple[int, ...]]:
    """Words that may start a quantity, and the recognisers worth trying where they occur."""
    table: dict[str, set[int]] = {}

    def add(words: object, *recs: int) -> None:
        for w in words:  # type: ignore[attr-defined]
            table.setdefault(str(w).lower(), set()).update(recs)

    add(ALL_NUMBERS, *_NUMWORD_RECS)
    add(("premier", "first", "second", "seconde", "deuxième", "troisième", "quatrième", "third", "fourth",
         "fin", "début", "debut", "mi", "end", "start", "beginning", "mid", "early", "late", "year"), R_DATE)
    add(("la", "cette", "des", "plusieurs", "quelques", "a", "dozens", "hundreds", "thousands", "millions",
         "billions"), R_CORE)
    add(("a", "an"), R_AUNIT)
    add((m.rstrip(".") for m in MONTHS_FR + MONTHS_EN), R_DATE)
    add((*WEEKDAYS_FR, *WEEKDAYS_EN), R_DATE, R_SCHED)
    add(DAY_NAMES, R_SCHED)
    add(("du", "from", "around", "round", "jour", "nuit", "day", "night", "en", "les", "on", "weekdays", "seven", "sept",
         "week", "jours", "business", "working", "le", "weekend", "weekends"), R_SCHED)
    add(("midi", "minuit", "noon", "midnight"), R_TIME)
    add(("toutes", "tous", "chaque", "every", "each", "once", "twice", "thrice", "hourly", "nightly", "daily",
         "weekly", "fortnightly", "monthly", "quarterly", "half", "semi", "annual", "annually", "yearly",
         "hebdomadaire", "hebdomadaires"), R_FREQ)
    for stem in ("quotidien", "bimensuel", "mensuel", "trimestriel", "semestriel", "annuel"):
        add((stem, stem + "s", stem + "le", stem + "les", stem + "ne", stem + "nes"), R_FREQ)
    add(("journalier", "journaliers", "journalière", "journalières"), R_FREQ)
    add(FACTOR_OPENERS, R_FACTOR)
    add((*LABELS, "follow", "art", "p", "no", "fig", "vol", "n", "secnumcloud", "rgpd", "gdpr", "hds",
         "hipaa", "eidas", "cspn", "soc", "nis", "pci", "iso", "iec", "nf", "bs", "rfc", "ieee", "ansi",
         "din", "zip"), R_IDENT)
    return {k: tuple(sorted(v)) for k, v in table.items()}


_KEYWORDS = _keyword_table()


@lru_cache(maxsize=1)
def _trigger_regex() -> re.Pattern[str]:
    """One cheap pass that finds every place where a quantity could start."""
    return re.compile(
        r"(?<![\w])(?:(?P<dig>\d)|(?P<kw>(?i:" + alt(_KEYWORDS) + r"))(?![\w])"
        r"|(?P<caps>[A-Z]{2}|[a-z]{1,4}[A-Z]|[HSQT][1-4]|[JDM][+-]\d)|(?P<aln>[^\W\d_]\w*\d))"
        r"|(?P<cur>[€$£])|(?P<sym>[#\[+(§])|(?P<times>×)"
    )


_GROUP_RECS: dict[str, tuple[int, ...]] = {
    "caps": (R_IDENT, R_MONEY, R_DATE, R_ALNUM),
    "aln": (R_ALNUM, R_IDENT, R_FACTOR, R_DATE),
    "cur": (R_MONEY,),
    "sym": (R_IDENT,),
    "times": (R_FACTOR,),
}


def _digit_recs(text: str, pos: int) -> tuple[int, ...]:
    """The recognisers worth trying at a digit, from the shape of its digit run (a cheap peek)."""
    end = pos
    n = len(text)
    while end < n and text[end].isdigit():
        end += 1
    size = end - pos
    nxt = text[end:end + 1]
    recs = [R_CORE]
    if size <= 2:
        recs += (R_DATE, R_TIME, R_IDENT)
        if text.startswith("24", pos) or (size == 1 and text[pos] == "7"):
            recs.append(R_SCHED)
    elif size == 4:
        recs.append(R_YEAR)
        if nxt == "-":
            recs.append(R_DATE)
    if (size in (3, 5) or nxt == ".") and R_IDENT not in recs:
        recs.append(R_IDENT)
    if nxt.isalpha():
        recs += (R_ORD, R_ALNUM)
    window = text[end:end + 30].lower()
    if "fois" in window or "time" in window or "x" in window[:2] or "×" in window[:2]:
        recs += (R_FACTOR, R_FREQ)
    return tuple(recs)


_FACTOR_NEEDS = {"de": ("moiti",), "by": ("half", "factor"), "in": ("half",), "d": ("facteur",)}


def _filter_word_recs(word: str, recs: tuple[int, ...], text: str, end: int) -> tuple[int, ...]:
    """Drop recognisers a number word or a short function word cannot start here (a cheap peek)."""
    if word in ALL_NUMBERS:
        window = text[end:end + 30].lower()
        keep = [R_CORE]
        if "fois" in window or "time" in window:
            keep += (R_FACTOR, R_FREQ)
        if word in DAY_WORDS:
            keep.append(R_DATE)
        if R_SCHED in recs:  # "seven days a week", "sept jours sur sept"
            keep.append(R_SCHED)
        return tuple(keep)
    need = _FACTOR_NEEDS.get(word)
    if need is not None:
        window = text[end:end + 20].lower()
        if not any(n in window for n in need):
            return tuple(r for r in recs if r != R_FACTOR)
    return recs


def dispatch(text: str, pats: Patterns) -> list[list[re.Match[str]]]:
    """Run each recogniser only where the trigger pass says a quantity could start."""
    found: list[list[re.Match[str]]] = [[] for _ in range(_N_REC)]
    by_id = pats.by_id
    kw = _KEYWORDS
    for t in _trigger_regex().finditer(text):
        group = t.lastgroup or ""
        pos = t.start()
        if group == "kw":
            surface = t.group("kw")
            word = surface.lower()
            recs = kw.get(word, ())
            if R_FACTOR in recs or R_FREQ in recs or R_DATE in recs:
                recs = _filter_word_recs(word, recs, text, t.end())
            if surface == "EN" and R_IDENT not in recs:
                recs = (*recs, R_IDENT)  # "EN 9100" is a standard, "en 2025" a date
        elif group == "dig":
            recs = _digit_recs(text, pos)
        else:
            recs = _GROUP_RECS[group]
        for rid in recs:
            m = by_id[rid].match(text, pos)
            if m is not None:
                found[rid].append(m)
    return found

"""The parser's vocabulary: the French, English and neutral data of `proofline.text.lang`, merged once.

The figure parser reads every language's words whatever the text's language (a French draft
quotes "up to 50 users"); `lang` only picks the number words and the separator rules. Tables
here are built at import, from data modules: no parsing, no file read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import TypeVar

from proofline.text.lang import en_figures, en_phrases, fr_figures, fr_phrases, neutral

V = TypeVar("V")
_FIGURES = (fr_figures, en_figures)
_PHRASES = (fr_phrases, en_phrases)


def _merged(tables: Iterable[Mapping[str, V]]) -> dict[str, V]:
    out: dict[str, V] = {}
    for table in tables:
        out.update(table)
    return out


def _by_unit(tables: Iterable[Mapping[str, tuple[str, ...]]], units: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """unit -> its words in every language (French first), each once."""
    tables = list(tables)
    return {u: tuple(dict.fromkeys(w for t in tables for w in t.get(u, ()))) for u in units}


FR_NUMBERS: dict[str, float] = dict(fr_figures.NUMBERS)
EN_NUMBERS: dict[str, float] = dict(en_figures.NUMBERS)
ALL_NUMBERS: dict[str, float] = {**FR_NUMBERS, **EN_NUMBERS}
DETERMINERS = frozenset(w for m in _FIGURES for w in m.DETERMINERS)
NO_LEAD_SCALES = frozenset(w for m in _FIGURES for w in m.SCALES_NEED_LEAD)
DAY_WORDS = frozenset(w for m in _FIGURES for w in m.DAY_NUMBERS)
APPROX_NOUNS: dict[str, float] = _merged(m.APPROX_NOUNS for m in _FIGURES)

MONTH_PREFIXES: dict[str, int] = _merged(m.MONTH_PREFIXES for m in _FIGURES)
MONTHS_FR = fr_figures.MONTHS
MONTHS_EN = en_figures.MONTHS
WEEKDAYS_FR = fr_figures.WEEKDAYS
WEEKDAYS_EN = en_figures.WEEKDAYS
# "lun", "mon", "Mon." -> "mon": a weekday's three first letters, to its canonical (English) name.
DAY_NAMES: dict[str, str] = {
    day[:3].lower(): en[:3].lower() for days in (WEEKDAYS_FR, WEEKDAYS_EN) for day, en in zip(days, WEEKDAYS_EN,
                                                                                              strict=True)}
ORDINAL_WORDS: dict[str, str] = _merged(m.ORDINALS for m in _FIGURES)

CURRENCIES: dict[str, str] = _merged((neutral.CURRENCIES, fr_figures.CURRENCIES, en_figures.CURRENCIES))

# unit word -> (canonical name, normalised unit, factor to the normalised unit)
_UNIT_SCALE: dict[str, tuple[str, float]] = {
    "day": ("day", 1.0), "week": ("day", 7.0), "month": ("day", 30.0), "year": ("day", 365.0),
    "quarter": ("day", 90.0), "half": ("day", 180.0), "hour": ("hour", 1.0), "minute": ("hour", 1 / 60),
    "second": ("hour", 1 / 3600),
}
DURATION_UNITS: dict[str, tuple[str, str, float]] = {
    word: (unit, *_UNIT_SCALE[unit])
    for unit, words in _by_unit((fr_figures.DURATION_UNITS, neutral.DURATION_UNITS, en_figures.DURATION_UNITS),
                                _UNIT_SCALE).items()
    for word in words
}

# period word -> hours, for frequencies
_PERIOD_SCALE: dict[str, float] = {"minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0, "month": 720.0,
                                   "quarter": 2160.0, "half": 4380.0, "year": 8760.0}
PERIOD_HOURS: dict[str, float] = {
    word: _PERIOD_SCALE[unit]
    for unit, words in _by_unit((fr_figures.PERIODS, en_figures.PERIODS, neutral.PERIODS), _PERIOD_SCALE).items()
    for word in words
}
FREQ_ADJECTIVES: dict[str, float] = _merged(m.FREQUENCY_ADJECTIVES for m in _FIGURES)
PER_WORDS: dict[str, str] = _merged((fr_figures.PER_WORDS, en_figures.PER_WORDS, neutral.PER_WORDS))
HALF_UNITS: dict[str, str] = _merged(m.HALF_UNITS for m in _FIGURES)
LABELS: tuple[str, ...] = tuple(dict.fromkeys((*fr_figures.LABELS, *en_figures.LABELS, *neutral.LABELS)))

# phrase -> qualifier ("gt", "gte", "lt", "lte", "approx"), read just before a figure
QUALIFIER_PHRASES: dict[str, str] = {
    phrase: bound
    for m in _PHRASES for bound, groups in m.BOUNDS_BEFORE.items() for phrases in groups.values()
    for phrase in phrases
} | dict.fromkeys(neutral.APPROX_SIGNS, "approx")
DURATION_ONLY_BOUNDS = frozenset(p for m in _PHRASES for p in m.DURATION_ONLY_BOUNDS)
# qualifier -> phrases read just after a figure, in the order they are tried
POST_QUALIFIERS: dict[str, tuple[str, ...]] = {
    bound: tuple(dict.fromkeys(p for m in _PHRASES for p in m.BOUNDS_AFTER[bound])) for bound in fr_phrases.BOUNDS_AFTER
}
CHANGE_VERBS = frozenset(v for m in _PHRASES for forms in m.CHANGE_VERBS.values() for v in forms)
CHANGE_AMOUNT_AFTER = tuple(dict.fromkeys(p for m in _PHRASES for p in m.CHANGE_AMOUNT_AFTER))
CHANGE_AMOUNT_VERBS = tuple(dict.fromkeys(p for m in _PHRASES for p in m.CHANGE_AMOUNT_VERBS))
CHANGE_AMOUNT_PREPOSITIONS = tuple(dict.fromkeys(p for m in _PHRASES for p in m.CHANGE_AMOUNT_PREPOSITIONS))
CHANGE_AMOUNT_BEFORE = tuple(dict.fromkeys(p for m in _PHRASES for p in m.CHANGE_AMOUNT_BEFORE))
FACTOR_OPENERS = frozenset((*fr_phrases.FACTOR_OPENERS, *en_phrases.FACTOR_OPENERS, *neutral.FACTOR_OPENERS))


def deaccent(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def month_number(word: str) -> int:
    """1-12 for a month name or abbreviation ("févr.", "Sept", "juillet"), 0 for anything else."""
    s = deaccent(word).lower().rstrip(".")
    return MONTH_PREFIXES.get(s[:4]) or MONTH_PREFIXES.get(s[:3], 0)


def number_words(lang: str) -> dict[str, float]:
    """The number words understood for `lang` ("fr", "en", anything else: both), word -> value."""
    if lang == "fr":
        return dict(FR_NUMBERS)
    if lang == "en":
        return dict(EN_NUMBERS)
    return dict(ALL_NUMBERS)

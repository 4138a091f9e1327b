"""Counts and readability formulas, offline and dependency-free.

textstat's English path downloads a dictionary at run time, so syllables are estimated here with
vowel-group rules per language. The estimates are good enough for formulas whose purpose is to
say "this paragraph is hard to read", not to grade a text to the decimal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
"""A word: letters/digits, with inner apostrophes and hyphens ("d'astreinte", "best-in-class")."""

_VOWELS_FR = re.compile(r"[aeiouyàâäéèêëîïôöùûüÿœæ]+", re.IGNORECASE)
_VOWELS_EN = re.compile(r"[aeiouy]+", re.IGNORECASE)
_FR_SILENT_END = re.compile(r"(?<=[^aeiouyàâäéèêëîïôöùûü])(?:es?|ent)$")
_EN_SUBTRACT = re.compile(r"(?:[^aeiouy]e|[^aeiouy]es|[^aeiouylst]ed)$")
_EN_ADD = re.compile(r"(?:[^aeiouy]le|[^aeiouy]les|ia|io[nu]?s?|ua|eo|uo|iet|ier|iest)")


@lru_cache(maxsize=65536)
def syllables(word: str, language: str) -> int:
    """Estimated syllable count of one word (at least 1)."""
    w = word.lower().replace("’", "'")
    if "'" in w:  # elided article: "l'eau" -> "eau"
        w = w.rsplit("'", 1)[-1] or w
    if not any(ch.isalpha() for ch in w):
        return max(1, len(w) // 3)  # a number is read as a few syllables
    if language == "fr":
        if len(w) > 3:
            w = _FR_SILENT_END.sub("", w) or w
        return max(1, len(_VOWELS_FR.findall(w)))
    count = len(_VOWELS_EN.findall(w))
    if len(w) > 3 and _EN_SUBTRACT.search(w):
        count -= 1
    count += len(_EN_ADD.findall(w))
    return max(1, count)


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def counts(text: str, sentences: int, language: str) -> dict[str, float]:
    """The variables a metric formula may use (Vale's names, plus a few of ours)."""
    ws = words(text)
    syl = [syllables(w, language) for w in ws]
    n_words = len(ws)
    n_sent = max(1, sentences)
    return {
        "words": float(n_words),
        "sentences": float(n_sent),
        "characters": float(sum(len(w) for w in ws)),
        "syllables": float(sum(syl)),
        "polysyllabic_words": float(sum(1 for s in syl if s >= 3)),
        "complex_words": float(sum(1 for s in syl if s >= 3)),
        "long_words": float(sum(1 for w in ws if len(w) >= 7)),
    }


def flesch_kincaid_grade(c: dict[str, float]) -> float:
    """US school grade; above 12 is hard for a general business audience."""
    if not c["words"]:
        return 0.0
    return 0.39 * c["words"] / c["sentences"] + 11.8 * c["syllables"] / c["words"] - 15.59


def kandel_moles(c: dict[str, float]) -> float:
    """Flesch reading ease adapted to French (Kandel & Moles 1958); higher is easier, 0-100."""
    if not c["words"]:
        return 100.0
    return 207 - 1.015 * c["words"] / c["sentences"] - 73.6 * c["syllables"] / c["words"]


def mean_stdev(values: Sequence[float]) -> tuple[float, float]:
    if not values:
        return 0.0, 0.0
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))

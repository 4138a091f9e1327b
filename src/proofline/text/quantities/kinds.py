"""The kinds of figure the parser emits, and one table of what each kind is worth to later stages.

A `StrEnum`: a kind compares equal to its old string ("money"), hashes like it and prints as it,
so JSON reports and string comparisons elsewhere are unchanged; the enum lets the type checker
and the reader see the complete list. Properties that stages used to keep in their own tables
(the matcher's weights and weak kinds, the claim finder's figure kinds, the composer's weights)
are columns of `TRAITS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class QuantityKind(StrEnum):
    PERCENT = "percent"
    MONEY = "money"
    COUNT = "count"  # also a measure: "12 km", "50 utilisateurs" (the unit says which)
    DURATION = "duration"
    FREQUENCY = "frequency"
    FACTOR = "factor"  # "x3", "divisé par deux"
    YEAR = "year"
    DATE = "date"  # a day, a month, a quarter, a half or the start/middle/end of a year
    TIME_OF_DAY = "time_of_day"
    SCHEDULE = "schedule"  # "24/7", "du lundi au vendredi"
    TEMPERATURE = "temperature"
    IDENTIFIER = "identifier"  # "ISO 27001", "v2.3", a phone number: a name, not a number
    ORDINAL = "ordinal"


@dataclass(frozen=True)
class KindTraits:
    """What a kind of figure is worth to the stages after the parser."""

    match_weight: float  # weight of a claim figure in the matcher's score (times the index's max idf)
    weak: bool  # dates anchor many facts: a different one is weak evidence of a conflict
    claim: bool  # the claim finder counts it as a figure (identifiers and ordinals are names)
    strong: bool  # states a checkable fact on its own (the claim finder and the sentence roles)
    compose_weight: float  # how much a figure weighs in the offline composer's choice of passages
    mergeable: bool  # "de X à Y" may make one range of it
    qualifiable: bool  # "plus de", "environ" may bound it


K = QuantityKind
TRAITS: dict[QuantityKind, KindTraits] = {
    K.PERCENT: KindTraits(1.0, False, True, True, 2.0, True, True),
    K.MONEY: KindTraits(1.0, False, True, True, 2.0, True, True),
    K.COUNT: KindTraits(0.8, False, True, True, 1.5, True, True),
    K.DURATION: KindTraits(0.8, False, True, True, 1.0, True, True),
    K.FREQUENCY: KindTraits(0.8, False, True, True, 1.0, True, False),
    K.FACTOR: KindTraits(0.8, False, True, True, 1.0, False, True),
    K.YEAR: KindTraits(0.5, True, True, False, 0.2, True, True),
    K.DATE: KindTraits(0.7, True, True, False, 0.2, True, True),
    K.TIME_OF_DAY: KindTraits(0.7, False, True, False, 1.0, True, True),
    K.SCHEDULE: KindTraits(0.8, False, True, True, 1.0, False, False),
    K.TEMPERATURE: KindTraits(0.6, False, True, True, 1.0, False, False),
    K.IDENTIFIER: KindTraits(0.6, False, False, False, 1.0, False, False),
    K.ORDINAL: KindTraits(0.6, False, False, False, 1.0, False, False),
}

MATCH_WEIGHT: dict[str, float] = {k: t.match_weight for k, t in TRAITS.items()}
COMPOSE_WEIGHT: dict[str, float] = {k: t.compose_weight for k, t in TRAITS.items()}
WEAK_KINDS = frozenset(k for k, t in TRAITS.items() if t.weak)
CLAIM_KINDS = frozenset(k for k, t in TRAITS.items() if t.claim)
STRONG_KINDS = frozenset(k for k, t in TRAITS.items() if t.strong)
MERGEABLE = frozenset(k for k, t in TRAITS.items() if t.mergeable)
QUALIFIABLE = frozenset(k for k, t in TRAITS.items() if t.qualifiable)

# The members as module constants: `QuantityKind.MONEY` is a class attribute lookup through the
# enum's metaclass (~0.1 µs); the parser and the matcher compare kinds in their inner loops.
PERCENT, MONEY, COUNT, DURATION, FREQUENCY, FACTOR = K.PERCENT, K.MONEY, K.COUNT, K.DURATION, K.FREQUENCY, K.FACTOR
YEAR, DATE, TIME_OF_DAY, SCHEDULE, TEMPERATURE = K.YEAR, K.DATE, K.TIME_OF_DAY, K.SCHEDULE, K.TEMPERATURE
IDENTIFIER, ORDINAL = K.IDENTIFIER, K.ORDINAL

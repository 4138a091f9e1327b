"""The figure record the parser returns, and the mutable candidate it works on while reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from proofline.text.quantities.kinds import DATE, QuantityKind


@dataclass(frozen=True)
class Quantity:
    """One figure found in a text, with its normalised value and its exact span."""

    kind: QuantityKind
    value: float | None
    unit: str | None
    start: int
    end: int
    text: str
    qualifier: str | None = None
    high: float | None = None
    approximate: bool = False
    extra: tuple[tuple[str, str], ...] = ()


@dataclass
class Candidate:
    """A candidate quantity while the text is being read (mutable, internal)."""

    start: int
    end: int
    prio: int
    kind: QuantityKind
    value: float | None
    unit: str | None = None
    extra: list[tuple[str, str]] = field(default_factory=list)
    qualifier: str | None = None
    high: float | None = None
    approximate: bool = False
    bare: bool = False  # a plain number that may take the unit of its range sibling
    raw: float | None = None  # the number before unit conversion
    habbr: bool = False  # hours written "h": may be a clock time
    det: bool = False  # "un"/"une"/"one" alone


def date_candidate(start: int, end: int, y: int | None, mo: int, d: int) -> Candidate | None:
    """A calendar day (value: its ordinal; a day without a year is read in 2000), None if no such day."""
    try:
        day = date(y if y is not None else 2000, mo, d)
    except ValueError:
        return None
    extra = [("year", str(y) if y is not None else "?"), ("month", str(mo)), ("day", str(d))]
    return Candidate(start, end, 2, DATE, float(day.toordinal()), unit="day", extra=extra)

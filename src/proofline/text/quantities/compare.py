"""Comparing a claim's figure with a source's: the same value, a bound it keeps, the same date.

`same_value` compares two figures of one kind; `compare` adds what the matcher needs on top of
it (a plain count within a source's bound, a ceiling, months as twelfths of a year, schedules,
a year against a date), and `spans` says whether a range of dates lasts a duration.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from datetime import date

from proofline.text.quantities.kinds import (
    COUNT,
    DATE,
    DURATION,
    FACTOR,
    IDENTIFIER,
    PERCENT,
    SCHEDULE,
    WEAK_KINDS,
    YEAR,
)
from proofline.text.quantities.model import Quantity

_STRICT_FACETS = ("tax", "business", "stat", "direction")


def _close(x: float, y: float) -> bool:
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


def _precision(v: float) -> float:
    """The rounding step a written figure implies: 20 -> 10, 1.9e6 -> 1e5, 99.5 -> 0.1."""
    if v == 0:
        return 1.0
    p = 10.0 ** math.floor(math.log10(abs(v)))
    while p > 1e-9:
        if _close(round(v / p) * p, v):
            return p
        p /= 10
    return p


_FACET_SYNONYMS = {"ht": "excl_vat", "ttc": "incl_vat"}


def _facet_conflict(a: Quantity, b: Quantity) -> bool:
    ea, eb = a.extra, b.extra
    if not ea and not eb:
        return False  # no facet stated on either side: nothing can disagree
    for key in _STRICT_FACETS:
        va = sorted(_FACET_SYNONYMS.get(v, v) for k, v in ea if k == key)
        vb = sorted(_FACET_SYNONYMS.get(v, v) for k, v in eb if k == key)
        if key == "business":
            if va != vb:
                return True
        elif va and vb and va != vb:
            return True
    pa = {v for k, v in ea if k == "per"}
    pb = {v for k, v in eb if k == "per"}
    # "450 € par an" and "450 € par an et par site" do not disagree (one says less); "par mois"
    # and "par an" do, and so do "par utilisateur" and "par site".
    return any(a_side and b_side and a_side != b_side
               for a_side, b_side in ((pa & _PERIODS, pb & _PERIODS), (pa - _PERIODS, pb - _PERIODS)))


_PERIODS = frozenset({"hour", "day", "week", "month", "quarter", "year"})


def _interval(q: Quantity, v: float) -> tuple[float, bool, float, bool]:
    """(low, low_closed, high, high_closed) for a figure and its qualifier."""
    inf = math.inf
    if q.high is not None:
        return v, True, q.high, True
    return {
        "gt": (v, False, inf, False), "gte": (v, True, inf, False),
        "lt": (-inf, False, v, False), "lte": (-inf, False, v, True),
    }.get(q.qualifier or "", (v, True, v, True))


def _subset(inner: tuple[float, bool, float, bool], outer: tuple[float, bool, float, bool]) -> bool:
    """Is interval `inner` (what the source says) inside `outer` (what the claim allows)?"""
    il, ilc, ih, ihc = inner
    ol, olc, oh, ohc = outer
    low_ok = il > ol or (il == ol == -math.inf) or (_close(il, ol) and (olc or not ilc))
    high_ok = ih < oh or (ih == oh == math.inf) or (_close(ih, oh) and (ohc or not ihc))
    return low_ok and high_ok


def _compare_numbers(a: Quantity, av: float, ahigh: float | None, b: Quantity, bv: float,
                     bhigh: float | None) -> bool:
    qa = a.qualifier or None
    qb = b.qualifier or None
    if ahigh is not None or bhigh is not None:
        if ahigh is not None and bhigh is not None:
            return _close(av, bv) and _close(ahigh, bhigh)
        if ahigh is not None or qa in (None, "approx"):
            return False
        inner = (bv, True, bhigh if bhigh is not None else bv, True)
        return _subset(inner, _interval(a, av))
    if qa == "approx":
        if qb not in (None, "approx"):
            return False
        if _close(av, bv):
            return True
        if qb == "approx":
            return False
        p = _precision(av)
        return av < bv and _close(math.floor(bv / p + 0.5) * p, av)
    if qa is None:
        # Dropping the source's qualifier ("99.5%" for "at least 99.5%") keeps the figure.
        return _close(av, bv) and qb in (None, "approx", "gte", "lte")
    if qb in (None, "approx"):
        return _subset((bv, True, bv, True), _interval(a, av))
    # Two bounds ("jusqu'à 80 000" vs "jusqu'à 60 000") are figures in their own right: the same
    # figure on the same side, or nothing.
    side = {"gt": "low", "gte": "low", "lt": "high", "lte": "high"}
    return side.get(qa) == side.get(qb) and _close(av, bv)


def _coarsen(q: Quantity, to: str) -> int | None:
    ex = dict(q.extra)
    if q.kind == YEAR or q.value is None:
        return int(q.value) if q.value is not None and to == "year" else None
    unit = q.unit or "day"
    if ex.get("year", "?") == "?":
        return None
    y = int(ex["year"])
    if to == "year":
        return y
    if to == "month":
        if unit == "day":
            return y * 12 + int(ex["month"]) - 1
        if unit == "month":
            return int(q.value)
        return None
    if to in ("half", "quarter"):
        if unit == "day" or unit == "month":
            mo = int(ex["month"])
            return y * 2 + (mo - 1) // 6 if to == "half" else y * 4 + (mo - 1) // 3
        if unit == "quarter" and to == "half":
            return y * 2 + (int(q.value) % 4) // 2
        if unit == to:
            return int(q.value)
    return None


_DATE_RANK = {"year": 0, "year_end": 0, "year_start": 0, "year_mid": 0, "half": 1, "quarter": 2,
              "month": 3, "day": 4}


def _same_date(a: Quantity, b: Quantity) -> bool | None:
    ua = "year" if a.kind == YEAR else (a.unit or "day")
    ub = "year" if b.kind == YEAR else (b.unit or "day")
    if a.value is None or b.value is None:
        return None
    if ua == ub:
        if ua == "day" and ("year", "?") in a.extra + b.extra:
            ea, eb = dict(a.extra), dict(b.extra)
            return ea.get("month") == eb.get("month") and ea.get("day") == eb.get("day")
        return _compare_numbers(a, a.value, a.high, b, b.value, b.high)
    if ua.startswith("year_") or ub.startswith("year_"):
        return None
    if _DATE_RANK[ua] > _DATE_RANK[ub]:
        return None  # the claim is more precise than the source: cannot tell
    bv = _coarsen(b, ua)
    if bv is None or a.high is not None or b.high is not None:
        return None
    return _compare_numbers(a, a.value, None, b, float(bv), None)


def same_value(a: Quantity, b: Quantity) -> bool | None:
    """Does claim figure `a` say the same as source figure `b`?

    None when the two are not comparable (other kinds, other units or currencies). Qualifiers of
    `a` are honoured against `b`: "plus de 40" is True for 47 and False for 40; an "approx"
    claim is True only when it equals the source or rounds it DOWN at its own precision
    ("environ 40" for 42: True; "près de 20" for 18: False). Ranges match only ranges with the
    same bounds; a qualified claim matches a source range inside it. A claim without qualifier
    matches a source "at least"/"up to"/"about" of the same value. Stated facets must agree:
    tax basis ("HT" is "excl. VAT"), "per" period, business hours/days, mean vs median, factor
    direction. Two bounds compare as figures: "jusqu'à 80 000" is not "jusqu'à 60 000".
    """
    if {a.kind, b.kind} <= {DATE, YEAR}:
        return _same_date(a, b)
    if a.kind != b.kind:
        return None
    if a.kind == IDENTIFIER:
        return dict(a.extra).get("id") == dict(b.extra).get("id")
    if a.kind == SCHEDULE:
        ea, eb = dict(a.extra), dict(b.extra)
        common = set(ea) & set(eb)
        if not common:
            return None
        return all(ea[k] == eb[k] for k in common)
    if a.value is None or b.value is None:
        return None
    av, ah, bv, bh = a.value, a.high, b.value, b.high
    if a.kind == DURATION and a.unit != b.unit:
        if {a.unit, b.unit} != {"day", "hour"}:
            return None
        if b.unit == "day":
            bv, bh = bv * 24, (bh * 24 if bh is not None else None)
        else:
            av, ah = av * 24, (ah * 24 if ah is not None else None)
    elif a.unit != b.unit:
        return None
    if _facet_conflict(a, b):
        return False
    if a.kind == PERCENT and ah is None and bh is None:
        # A share written as a fraction ("un client sur trois", 33.3 %) states a percentage
        # rounded at the other's precision ("33 %"), not a different figure.
        if _is_share(a) and _rounds_to(av, bv):
            av = bv
        elif _is_share(b) and _rounds_to(bv, av):
            bv = av
    return _compare_numbers(a, av, ah, b, bv, bh)


def _is_share(q: Quantity) -> bool:
    return any(k == "share" for k, _ in q.extra)


def _rounds_to(exact: float, written: float) -> bool:
    step = min(_precision(written), 1.0)
    return _close(math.floor(exact / step + 0.5) * step, written)


_MULTIPLIED = ("multipl", "doubl", "tripl", "quadrupl", "x", "×")


def _factor_as_change(f: Quantity) -> float | None:
    """The change in percent a factor states: "divisé par deux" is -50 %, "multiplié par 3" is
    +200 %. "Trois fois plus rapide" is left alone (a speed, whose time changes the other way)."""
    if f.value is None or f.value <= 1:
        return None
    direction = dict(f.extra).get("direction")
    if direction == "down":
        return -100 * (1 - 1 / f.value)
    if direction == "up" and f.text.strip().casefold().startswith(_MULTIPLIED):
        return 100 * (f.value - 1)
    return None


def _factor_against_change(a: Quantity, b: Quantity) -> bool | None:
    """A factor against a percentage that measures a change ("a baissé de 35 %"), either way."""
    factor, percent = (a, b) if a.kind == FACTOR else (b, a)
    if percent.value is None or not is_change_amount(percent) or percent.high is not None:
        return None
    change = _factor_as_change(factor)
    if change is None:
        return None
    return _rounds_to(abs(change), percent.value)


# --------------------------------------------------------------------------- the matcher's rules
# A plain count within a source's bound, a ceiling, months as twelfths of a year, schedules, a
# year against a date: what `compare` adds to `same_value` when a claim meets a passage.


def comparable_kinds(a: str, b: str) -> bool:
    """Cheap pre-test: only figures of one kind (or a year and a date) can be compared."""
    return a == b or (a in WEAK_KINDS and b in WEAK_KINDS) or {a, b} == {FACTOR, PERCENT}


def compare(claim_q: Quantity, source_q: Quantity) -> bool | None:
    """`same_value`, plus years against dates (a year is the same as any date in that year)."""
    kinds = {claim_q.kind, source_q.kind}
    if (not claim_q.qualifier and source_q.qualifier in ("lt", "lte", "gt", "gte") and claim_q.kind == source_q.kind
            and claim_q.kind in (COUNT, DURATION) and claim_q.value is not None and source_q.value is not None
            and claim_q.unit == source_q.unit):
        # "votre parc de 600 postes" is within "un parc de moins de 1 000 postes".
        v, bound = claim_q.value, source_q.value
        return {"lt": v < bound, "lte": v <= bound, "gt": v > bound, "gte": v >= bound}[source_q.qualifier]
    if (claim_q.qualifier == "lte" and source_q.qualifier != "lte" and claim_q.kind == source_q.kind
            and claim_q.kind != DURATION):  # a deadline ("sous 24 h") is a bound: 72 h breaks it
        # "jusqu'à 80 000 abonnés" is a ceiling, not "some number below 80 000": a plain figure
        # states it only when it is the same number ("50 postes au maximum").
        return True if claim_q.value == source_q.value and claim_q.unit == source_q.unit else None
    if kinds == {DURATION}:
        claim_q, source_q = calendar(claim_q), calendar(source_q)
    if kinds == {SCHEDULE}:
        a, b = dict(claim_q.extra), dict(source_q.extra)
        common = [k for k in ("hours", "days") if k in a and k in b]
        if not common:
            return None
        if not all(_norm_facet(k, a[k]) == _norm_facet(k, b[k]) for k in common):
            return False
        # "24 h/24" does not state "24/7": a facet the claim has and the source lacks is unknown.
        return True if all(k in b for k in ("hours", "days") if k in a) else None
    if kinds == {FACTOR, PERCENT}:
        return _factor_against_change(claim_q, source_q)
    if kinds <= {YEAR, DATE} and claim_q.kind != source_q.kind:
        cy, sy = _year_of(claim_q), _year_of(source_q)
        if cy is None or sy is None:
            return None
        return cy == sy
    return same_value(claim_q, source_q)


def spans(period: Quantity, duration: Quantity) -> bool:
    """Whether a range of dates lasts the duration: "de septembre 2024 à août 2025" is a year."""
    if period.kind != DATE or period.high is None or period.value is None or duration.value is None:
        return False
    if duration.unit != "day" or duration.qualifier or duration.high is not None:
        return False
    if period.unit == "month":
        days = (period.high - period.value + 1) * 365 / 12
    elif (period.unit or "day") == "day":
        days = period.high - period.value + 1
    else:
        return False
    want = calendar(duration).value or 0.0
    return 0 < days < 3660 and abs(days - want) <= max(3.0, 0.04 * want)


def calendar(q: Quantity) -> Quantity:
    """Months as twelfths of a year, so that "douze mois" is "a year" (not 360 days)."""
    unit = dict(q.extra).get("unit")
    if q.unit != "day" or unit not in ("month", "year") or q.value is None:
        return q
    factor = (365 / 12) / 30 if unit == "month" else 1.0
    high = q.high * factor if q.high is not None else None
    return replace(q, value=round(q.value * factor, 6), high=round(high, 6) if high is not None else None)


def _norm_facet(key: str, value: str) -> str:
    if key == "days":
        return {"5": "mon-fri", "mon-fri": "mon-fri", "7": "7", "mon-sun": "7"}.get(value, value)
    return value


def _year_of(q: Quantity) -> int | None:
    if q.value is None:
        return None
    if q.kind == YEAR:
        return int(q.value)
    unit = q.unit or "day"
    if dict(q.extra).get("year") == "?":
        return None
    if unit == "day":
        return date.fromordinal(int(q.value)).year
    if unit == "month":
        return int(q.value) // 12
    if unit == "quarter":
        return int(q.value) // 4
    if unit == "half":
        return int(q.value) // 2
    if unit == "year_end":
        return int(q.value)
    return None




_TRANSITION_GAP = 4  # characters between the two ends: " à ", " to " ("10 régies sur 12" is no transition)


def is_change_amount(q: Quantity) -> bool:
    """"22 minutes de moins", "cut by 40%": the figure measures a change, not a level."""
    return ("change", "amount") in q.extra


def change_matches(claim_q: Quantity, figures: list[Quantity]) -> bool | None:
    """Whether a change amount equals the difference of a transition among `figures`.

    "22 minutes de moins" is stated by "passé de 54 à 32 minutes"; "réduit de 40 %" by "from 50 to
    30 hours" (the change relative to where it started, to the claim's written precision). None
    when `figures` hold no transition of a comparable kind.
    """
    if claim_q.value is None:
        return None
    ordered = sorted(figures, key=lambda q: q.start)
    found: bool | None = None
    for a, b in itertools.pairwise(ordered):
        if (a.kind != b.kind or a.value is None or b.value is None or a.high is not None or b.high is not None
                or b.start - a.end > _TRANSITION_GAP or _close(a.value, b.value) or a.unit != b.unit):
            continue
        difference = abs(a.value - b.value)
        if claim_q.kind == a.kind and claim_q.unit == a.unit:
            found = found or _close(difference, claim_q.value)
        elif claim_q.kind == "percent" and a.kind != "percent" and a.value:
            relative = 100 * difference / abs(a.value)
            step = min(_precision(claim_q.value), 1.0)
            found = found or _close(round(relative / step) * step, claim_q.value)
    return found

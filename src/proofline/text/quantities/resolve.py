"""Reading what surrounds a figure: units and facets, overlaps, clock times, ranges and transitions,
qualifiers ("plus de", "ou plus") and statistics ("en moyenne").

The recognisers of `scan` find candidates; these rules decide which ones stand and what they
mean in their sentence (see the package docstring for the rules a caller can rely on).
"""

from __future__ import annotations

import re

from proofline.text.quantities.kinds import (
    COUNT,
    DATE,
    DURATION,
    MERGEABLE,
    MONEY,
    PERCENT,
    QUALIFIABLE,
    TIME_OF_DAY,
)
from proofline.text.quantities.model import Candidate, date_candidate
from proofline.text.quantities.regexes import HS, alt
from proofline.text.quantities.vocab import (
    CHANGE_AMOUNT_AFTER,
    CHANGE_AMOUNT_BEFORE,
    CHANGE_AMOUNT_PREPOSITIONS,
    CHANGE_AMOUNT_VERBS,
    CHANGE_VERBS,
    CURRENCIES,
    DURATION_ONLY_BOUNDS,
    DURATION_UNITS,
    PER_WORDS,
    POST_QUALIFIERS,
    QUALIFIER_PHRASES,
    deaccent,
)

# --------------------------------------------------------------------------- units and facets


def norm_meas(u: str) -> str:
    """The normalised unit of a measure ("kilomètres carrés" -> "km2")."""
    s = deaccent(u).lower()
    s = re.sub(r"\s+", " ", s)
    if s in ("km²", "km2") or "kilometres carres" in s or "square kilomet" in s:
        return "km2"
    if s in ("m³", "m3") or "cube" in s or "cubic" in s:
        return "m3"
    if s in ("m²", "m2") or "carre" in s or "square" in s:
        return "m2"
    if s.startswith("kilom"):
        return "km"
    if s.startswith(("metre", "meter")) or s == "m":
        return "m"
    if s.startswith("hectare") or s == "ha":
        return "ha"
    if s.startswith(("litre", "liter")) or s == "l":
        return "l"
    if s.startswith(("tonne", "ton")) or s == "t":
        return "t"
    if s.startswith("kilo") and "watt" not in s:
        return "kg"
    if s.startswith("kilowatt"):
        return "kwh"
    if s.startswith(("megawatt", "mégawatt")):
        return "mwh"
    if s.startswith("giga") or s in ("go", "gb"):
        return "gb"
    if s.startswith("tera") or s in ("to", "tb"):
        return "tb"
    if s in ("mo", "mb"):
        return "mb"
    if s.startswith(("utilisateur", "user")):
        return "users"
    return s


def scale_value(s: str | None) -> float:
    """The multiplier of a scale word or letter ("M", "milliards", "k")."""
    if not s:
        return 1.0
    low = s.lower()
    if low.startswith(("milliard", "billion", "md", "mrd", "bn")):
        return 1e9
    if low.startswith("million") or s in ("M", "m"):
        return 1e6
    if low in ("k", "thousand", "mille"):
        return 1e3
    return 1.0


def suffix_facets(s: str | None) -> list[tuple[str, str]]:
    """Tax and "per" facets of a money suffix ("HT par mois", "excl. VAT per user")."""
    out: list[tuple[str, str]] = []
    if not s:
        return out
    low = s.lower()
    if re.search(r"\b(?:ht|h\.t\.|htva)\b|hors\s+tax|excl|excluding|exclusive|ex\.?\s*vat|before\s*vat"
                 r"|plus\s*vat|\+\s*vat", low):
        out.append(("tax", "excl_vat" if "vat" in low else "ht"))
    elif re.search(r"\b(?:ttc|t\.t\.c\.|tvac)\b|toutes\s+taxes|incl|including|inclusive|inc\.?\s*vat", low):
        out.append(("tax", "incl_vat" if "vat" in low else "ttc"))
    for m in re.finditer(r"(?:/|\bpar\b|\bper\b|\ba\b|\ban\b|\beach\b|\bchaque\b)\s*([^\W\d_]+)"
                         r"|\b(mensuel\w*|monthly|annuel\w*|annual\w*|yearly)\b|(p\.a\.)", low):
        w = m.group(1) or m.group(2) or "annum"
        w = w.rstrip("s") if w not in ("mois",) else w
        if w.startswith("mensuel"):
            w = "mensuel"
        elif w.startswith("annuel"):
            w = "annuel"
        per = PER_WORDS.get(w) or PER_WORDS.get(w + "s")
        if per and ("per", per) not in out:
            out.append(("per", per))
    return out


def currency(s: str) -> str:
    """The ISO code of a currency sign or word (EUR for a word it does not know)."""
    low = s.lower().split()[0] if s.strip() else s
    return CURRENCIES.get(low, CURRENCIES.get(s.strip(), "EUR"))


def dur_unit(u: str) -> tuple[str, str, float, bool, bool]:
    """(canonical, normalised unit, factor, business, written "h") for a duration unit text."""
    low = u.lower().strip()
    if low in DURATION_UNITS:
        canon, norm, factor = DURATION_UNITS[low]
        return canon, norm, factor, False, low == "h"
    # "jours ouvrés", "business days": a calendar of working days. "Trois jours de travail" is an
    # effort (days of work), not a calendar: the same duration as "three days".
    business = bool(re.search(r"business|working|ouvr", low))
    low = re.sub(r"^(?:business|working)[\s-]+", "", low)
    low = re.sub(r"\s+(?:ouvrée?s?|ouvrables?|de\s+travail)$", "", low)
    canon, norm, factor = DURATION_UNITS.get(low, ("day", "day", 1.0))
    return canon, norm, factor, business, low == "h"


# --------------------------------------------------------------------------- context rules

_PREQ = re.compile(r"(?<![\w])(?i:" + alt(QUALIFIER_PHRASES, loose=True) + r")" + HS + r"*$")


def _qualifier_before(window: str) -> tuple[str, str] | None:
    """(qualifier, phrase) when `window` ends with a qualifier phrase ("plus de ", "at least ")."""
    m = _PREQ.search(window)
    if m is None:
        return None
    phrase = " ".join(m.group(0).lower().replace("’", "'").split())
    q = QUALIFIER_PHRASES.get(phrase)
    return (q, phrase) if q else None


def _after(bound: str) -> str:
    """The phrases of `bound` read after a figure, as one alternation in their order ("ou plus|...")."""
    return "|".join(r"\s+".join(re.escape(w) for w in p.split(" ")) for p in POST_QUALIFIERS[bound])


_POSTQ = re.compile(
    r"^" + HS + r"*(?i:(?P<gte>" + _after("gte") + r")(?![\w])(?!" + HS + r"*\d)"
    r"|(?P<lte>" + _after("lte") + r")(?![\w])(?!" + HS + r"*\d)"
    r"|(?P<approx>" + _after("approx") + r")(?![\w])(?!" + HS + r"*\d))"
)
_PRESTAT = re.compile(
    r"(?i:(?P<mean>en\s+moyenne|on\s+average|in\s+average|moyen(?:ne)?" + HS + r"*(?::|de|d['’]|à|est\s+de)"
    r"|average(?:" + HS + r"+(?:of|is|was))?|mean(?:" + HS + r"+(?:of|is))?)|(?P<median>(?:médiane|median)"
    + HS + r"*(?::|de|d['’]|à|of|is|was)?))" + HS + r"*(?:(?:environ|près\s+de|about|around|plus\s+de"
    r"|moins\s+de|more\s+than|less\s+than)" + HS + r"*)?$"
)
_POSTSTAT = re.compile(
    r"^[^\S\n]*(?i:(?P<mean>en\s+moyenne|on\s+average|in\s+average|\((?:en\s+)?moyenne\)|\(average\)|\(mean\))"
    r"|(?P<median>\(médiane\)|\(median\)|en\s+médiane))"
)
_TIME_PREP = re.compile(r"(?<![\w])(?i:(?P<strong>à|vers|dès|at)|(?P<weak>avant|après|jusqu['’]à|until|till"
                        r"|before|after|from|by))" + HS + r"*$")
_TIME_POST = re.compile(r"^" + HS + r"*(?i:(?P<am>du\s+matin)|(?P<pm>du\s+soir|de\s+l['’]après-midi))\b")
_CONNECT = re.compile(r"\s*(?:(?P<dash>[-–—])|(?P<to>(?i:à|au|to|through|thru|until|till|jusqu['’]à))"
                      r"|(?P<and>(?i:et|and)))\s*")
_LEAD = re.compile(r"(?<![\w])(?:(?P<from>(?i:de|d['’]|from|du))|(?P<between>(?i:entre|between)))" + HS + r"*$")
_CHANGE_VERB = re.compile(r"(?<![\w])(?i:" + alt(CHANGE_VERBS) + r")(?![\w])")
# ... directly after the figure, or after what it counts: "20 % de carburant en moins", "41 %
# d'arrêts non planifiés en moins"
_AMOUNT_AFTER = re.compile(r"(?:" + HS + r"+(?i:de|des|d['’]|of)(?:" + HS + r"*[^\W\d_][\w'’-]*){1,3}?)?"
                           + HS + r"+(?i:" + alt(CHANGE_AMOUNT_AFTER) + r")(?![\w])"
                           r"(?!" + HS + r"+(?i:de|du|des|d['’]|que|than)\b)")  # "en plus de": in addition to
_WORD = r"[^\W\d_][\w'’-]*"
# "réduit de près de 20 %", "baissé de 18 % en moyenne": a bound may stand between phrase and figure
_AMOUNT_BEFORE = re.compile(
    r"(?<![\w])(?i:(?:" + alt(CHANGE_AMOUNT_BEFORE) + r")|(?:" + alt(CHANGE_AMOUNT_VERBS) + r")(?:\s+" + _WORD
    + r"){0,5}\s+(?:" + alt(CHANGE_AMOUNT_PREPOSITIONS) + r"))(?:\s+" + _WORD + r"){0,2}\s*$")
_TRANSITION_TO = re.compile(HS + r"*(?i:à|a|to|->|→)" + HS + r"*")
# "neuf ETA sur dix", "nine out of ten", "1 in 4": a share. "in" only right after the number
# ("2 offices in 12 countries" is two counts).
_SHARE_OF = re.compile(r"(?:" + HS + r"+[^\W\d_][\w'’-]*){0,3}" + HS + r"+(?i:sur|out" + HS + r"+of)" + HS + r"+"
                       r"|" + HS + r"+(?i:in)" + HS + r"+")
_ONE_OF = re.compile(r"(?<![\w])(?i:un|une|one)(?:" + HS + r"+[^\W\d_][\w'’-]*){0,3}" + HS
                     + r"+(?i:sur|out" + HS + r"+of|in)" + HS + r"+$")
# The idiom of a proportion counts out of ten at most ("neuf sur dix", "un sur trois"); "10 régies
# sur 12" counts a set of its own, and "4,6 sur 5" or "noté 4 sur 5" is a rating, not a share.
_SHARE_MAX_DENOMINATOR = 10
_RATING = re.compile(r"(?i:not(?:e|é|ée|es|ent)|rat(?:ed|ing|e)|scor\w*|évalu\w*|étoiles?|stars?|avis|reviews?)\b")
_CLAUSE_BREAK = re.compile(r"[,;:.!?()«»\"\n]")


def drop_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Leftmost-longest, then recogniser priority; drops everything that overlaps a winner."""
    cands.sort(key=lambda c: (c.start, -(c.end - c.start), c.prio))
    out: list[Candidate] = []
    last_end = -1
    for c in cands:
        if c.start >= last_end and c.end > c.start:
            out.append(c)
            last_end = c.end
    return out


def _to_time(c: Candidate) -> None:
    c.kind, c.unit, c.extra = TIME_OF_DAY, "h", [e for e in c.extra if e[0] not in ("unit", "business")]
    c.value = c.raw if c.raw is not None else c.value


def _is_hour_dur(c: Candidate) -> bool:
    return c.kind == DURATION and c.unit == "hour" and c.value is not None and c.value <= 24


def apply_time_context(text: str, cands: list[Candidate]) -> None:
    """Hours that a clock preposition or "du matin/soir" makes a time of day ("à 11 h")."""
    prev_end = 0
    for c in cands:
        if _is_hour_dur(c) and ("unit", "hour") in c.extra and not any(k == "business" for k, _ in c.extra):
            before = text[max(prev_end, c.start - 15):c.start]
            pm = _TIME_PREP.search(before)
            post = _TIME_POST.match(text[c.end:c.end + 25])
            if post or (pm and (pm.group("strong") or c.habbr)):
                raw = c.raw if c.raw is not None else c.value
                _to_time(c)
                if post and post.group("pm") and raw is not None and raw < 12:
                    c.value = raw + 12
                if post:
                    c.end += post.end()
        prev_end = c.end


def _adopt(bare: Candidate, other: Candidate) -> None:
    """A bare number in a range or a transition takes the unit of its sibling ("de 23 à 6 jours")."""
    raw = bare.raw if bare.raw is not None else bare.value
    if raw is None:
        return
    if other.kind == DATE:
        if other.unit != "day" or not (1 <= raw <= 31) or raw != int(raw):
            return
        ex = dict(other.extra)
        y = None if ex.get("year", "?") == "?" else int(ex["year"])
        c = date_candidate(bare.start, bare.end, y, int(ex["month"]), int(raw))
        if c is None:
            return
        bare.kind, bare.value, bare.unit, bare.extra = c.kind, c.value, c.unit, c.extra
        bare.bare = False
        return
    factor = 1.0
    if other.raw and other.value is not None:
        factor = other.value / other.raw
    bare.kind, bare.unit = other.kind, other.unit
    bare.value = raw * factor
    bare.habbr = other.habbr
    bare.extra = [e for e in other.extra if e[0] != "stat"]
    bare.bare = False


def _compatible(a: Candidate, b: Candidate) -> bool:
    if a.kind != b.kind or a.kind not in MERGEABLE:
        return False
    if a.kind == DURATION:
        return True
    return a.unit == b.unit


def _share(part: float, whole: float, start: int, end: int, prio: int) -> Candidate:
    return Candidate(start=start, end=end, prio=prio, kind=PERCENT, value=100 * part / whole, unit="%",
                     extra=[("share", f"{part:g}/{whole:g}")])


def merge_shares(text: str, cands: list[Candidate]) -> list[Candidate]:
    """"Neuf ETA sur dix", "one in four companies", "2 clients sur 3": one share, a percentage
    (90 %, 25 %, 66.7 % approximately), so that it compares with "92 %" or "un quart"."""
    out: list[Candidate] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if (b is not None and a.kind == b.kind == COUNT and a.unit is None and b.unit is None
                and a.value is not None and b.value is not None and 0 < a.value < b.value <= _SHARE_MAX_DENOMINATOR
                and a.value == int(a.value) and _SHARE_OF.fullmatch(text, a.end, b.start)
                and not _RATING.search(text, max(0, a.start - 30), a.start)):
            out.append(_share(a.value, b.value, a.start, b.end, a.prio))
            i += 2
            continue
        if a.kind == COUNT and a.unit is None and a.value is not None and 1 < a.value <= _SHARE_MAX_DENOMINATOR:
            m = _ONE_OF.search(text, max(0, a.start - 60), a.start)
            if (m is not None and (not out or out[-1].end <= m.start())
                    and not _RATING.search(text, max(0, m.start() - 30), m.start())):
                out.append(_share(1, a.value, m.start(), a.end, a.prio))
                i += 1
                continue
        out.append(a)
        i += 1
    return out


def merge_ranges(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Ranges ("de 4 à 6 semaines") become one figure; transitions ("passé de 12 à 8") stay two."""
    out: list[Candidate] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if b is None or a.kind not in MERGEABLE or b.kind not in MERGEABLE:
            out.append(a)
            i += 1
            continue
        conn = _CONNECT.fullmatch(text, a.end, b.start)
        if conn is None:
            out.append(a)
            i += 1
            continue
        lead = _LEAD.search(text[max(0, a.start - 12):a.start])
        both_times = a.kind == b.kind == TIME_OF_DAY
        ok = (conn.group("dash") is not None
              or (conn.group("to") is not None and (bool(lead and lead.group("from")) or both_times))
              or (conn.group("and") is not None and bool(lead and lead.group("between"))))
        if conn.group("dash") and (a.bare and b.bare) and lead is None:
            ok = ok and a.value is not None and b.value is not None and a.value < b.value
        if (not ok and conn.group("to") is not None and a.bare and not b.bare and b.kind != TIME_OF_DAY
                and a.value is not None and b.value is not None and a.value < b.value):
            ok = True  # "4 à 6 semaines", "5 to 10%": a bare number, "to", then the unit
        if not ok:
            out.append(a)
            i += 1
            continue
        if a.bare and not b.bare:
            _adopt(a, b)
        elif b.bare and not a.bare:
            _adopt(b, a)
        # hours: a range of "h" hours, or one clock time, makes both ends clock times
        if (a.kind in (DURATION, TIME_OF_DAY) and b.kind in (DURATION, TIME_OF_DAY)
                and (a.kind == TIME_OF_DAY or _is_hour_dur(a))
                and (b.kind == TIME_OF_DAY or _is_hour_dur(b))
                and (a.kind == TIME_OF_DAY or b.kind == TIME_OF_DAY or (a.habbr and b.habbr))):
            for c in (a, b):
                if c.kind == DURATION:
                    _to_time(c)
        if not _compatible(a, b):
            out.append(a)
            i += 1
            continue
        transition = False
        if lead is not None and lead.group("from"):
            window = text[max(0, a.start - 80):a.start - (len(lead.group(0)))]
            breaks = [br.end() for br in _CLAUSE_BREAK.finditer(window)]
            if breaks:
                window = window[breaks[-1]:]
            tokens = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", window)[-6:]
            transition = any(_CHANGE_VERB.fullmatch(t) for t in tokens)
        if (a.value is not None and b.value is not None and b.value < a.value
                and a.kind not in (TIME_OF_DAY, DATE)):
            transition = True
        if transition:
            out.append(a)
            i += 1
            continue
        a.end = b.end
        a.high = b.value
        if a.kind == DURATION and a.unit != b.unit and b.value is not None:
            a.high = b.value * 24 if b.unit == "day" else b.value / 24
        keys = {k for k, _ in a.extra}
        for e in b.extra:
            if e[0] not in keys or (e[0] == "per" and e not in a.extra):
                a.extra.append(e)
        out.append(a)
        i += 2
    return out


def apply_qualifiers(text: str, cands: list[Candidate]) -> None:
    """Bounds before or after a figure ("plus de", "ou plus") and mean/median facets."""
    prev_end = 0
    for idx, c in enumerate(cands):
        nxt = cands[idx + 1].start if idx + 1 < len(cands) else len(text)
        if c.kind in QUALIFIABLE:
            before = text[max(prev_end, c.start - 40):c.start]
            found = _qualifier_before(before)
            if found is not None:
                q, phrase = found
                if c.kind == DURATION and phrase == "over":
                    pass  # "over 12 months" is a period, not "more than"
                elif c.kind not in (DURATION, TIME_OF_DAY) and phrase in DURATION_ONLY_BOUNDS:
                    pass  # "dans les 12 régies" is not "within 12"
                else:
                    c.qualifier = q
            after = text[c.end:min(nxt, c.end + 25)]
            pm = _POSTQ.match(after)
            if pm is not None and c.qualifier is None:
                c.qualifier = next(k for k in ("gte", "lte", "approx") if pm.group(k))
            if c.kind in (COUNT, PERCENT, MONEY, DURATION):
                window = text[max(prev_end, c.start - 30):c.start]
                low = window.lower()
                sm = (_PRESTAT.search(window) if ("moy" in low or "average" in low or "median" in low
                                                  or "médian" in low or "mean" in low) else None)
                sm = sm or _POSTSTAT.match(after)
                if sm is not None:
                    c.extra.append(("stat", "mean" if sm.group("mean") else "median"))
        prev_end = c.end



def mark_change_amounts(text: str, cands: list[Candidate]) -> None:
    """A figure that measures a change ("22 minutes de moins", "cut by 40%") gets the facet
    ("change", "amount"): `compare.change_matches` reads it against a transition's difference."""
    for i, c in enumerate(cands):
        if c.kind not in (DURATION, PERCENT, MONEY, COUNT) or c.high is not None:
            continue
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if nxt is not None and _TRANSITION_TO.fullmatch(text, c.end, nxt.start):
            continue  # "baissé de 10 jours à 3 jours": where a transition starts, a level
        if _AMOUNT_AFTER.match(text, c.end) or _AMOUNT_BEFORE.search(text, max(0, c.start - 70), c.start):
            c.extra.append(("change", "amount"))


_AND_A_HALF_AFTER_UNIT = re.compile(HS + r"+(?i:et)" + HS + r"+(?i:demie?)(?![\w])")  # "sept ans et demi"
_AND_A_HALF_BEFORE_UNIT = re.compile(  # "seven and a half years"
    HS + r"+(?i:and)" + HS + r"+(?i:a)" + HS + r"+(?i:half)" + HS
    + r"+(?P<unit>(?i:years?|months?|weeks?|days?|hours?|minutes?))(?![\w])")


def add_halves(text: str, cands: list[Candidate]) -> list[Candidate]:
    """"Sept ans et demi", "two and a half hours": the half belongs to the figure (7.5 years)."""
    out: list[Candidate] = []
    for c in cands:
        if c.kind == DURATION and c.raw and c.value is not None and c.high is None:
            m = _AND_A_HALF_AFTER_UNIT.match(text, c.end)
            if m:
                c.value = c.value * (c.raw + 0.5) / c.raw
                c.raw, c.end = c.raw + 0.5, m.end()
        elif c.kind == COUNT and c.unit is None and c.value is not None and c.high is None:
            m = _AND_A_HALF_BEFORE_UNIT.match(text, c.end)
            if m:
                canon, norm, factor, _business, _h = dur_unit(m.group("unit"))
                raw = c.value + 0.5
                c = Candidate(c.start, m.end(), c.prio, DURATION, raw * factor, unit=norm, raw=raw,
                              extra=[("unit", canon)])
        out.append(c)
    return out

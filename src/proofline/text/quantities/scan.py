"""The recognisers: each reads the matches of its pattern into candidate figures.

`dispatch` runs a pattern only where the trigger pass saw something it could start with; what
a candidate means in its sentence (ranges, qualifiers, clock times) is `resolve`'s business.
"""

from __future__ import annotations

import re
from functools import lru_cache

from proofline.text.lang import en_figures, fr_figures
from proofline.text.quantities.dispatch import (
    R_ALNUM,
    R_AUNIT,
    R_CORE,
    R_DATE,
    R_FACTOR,
    R_FREQ,
    R_IDENT,
    R_MONEY,
    R_ORD,
    R_SCHED,
    R_TIME,
    R_YEAR,
    dispatch,
)
from proofline.text.quantities.kinds import (
    COUNT,
    DATE,
    DURATION,
    FACTOR,
    FREQUENCY,
    IDENTIFIER,
    MONEY,
    ORDINAL,
    PERCENT,
    SCHEDULE,
    TEMPERATURE,
    TIME_OF_DAY,
    YEAR,
)
from proofline.text.quantities.model import Candidate, Quantity, date_candidate
from proofline.text.quantities.numbers import (
    WORD_TOKEN,
    day_of,
    num_value,
    parse_digits,
    parse_words,
    year_of,
)
from proofline.text.quantities.regexes import HS, Patterns, patterns
from proofline.text.quantities.resolve import (
    add_halves,
    apply_qualifiers,
    apply_time_context,
    currency,
    drop_overlaps,
    dur_unit,
    mark_change_amounts,
    merge_ranges,
    merge_shares,
    norm_meas,
    scale_value,
    suffix_facets,
)
from proofline.text.quantities.vocab import (
    APPROX_NOUNS,
    DAY_NAMES,
    DETERMINERS,
    DURATION_UNITS,
    FREQ_ADJECTIVES,
    HALF_UNITS,
    ORDINAL_WORDS,
    PERIOD_HOURS,
    deaccent,
    month_number,
    number_words,
)

_OWN_NOUN = re.compile(r"\s+(?!(?:à|a|et|and|to|ou|or|au|jusqu|de|d|of|per|par|pour|for)\b)[^\W\d_]{3,}")


def scan_core(text: str, lang: str | None, ms: list[re.Match[str]], words: dict[str, float]) -> list[Candidate]:
    """Number + unit ("18 %", "1 150 € HT", "trois semaines", "une quarantaine"), or a plain count."""
    out: list[Candidate] = []
    for m in ms:
        start, end = m.start(), m.end()
        approx_q: str | None = None
        approximate = False
        det = False
        if m.group("digits") is not None:
            try:
                base = parse_digits(m.group("digits"), lang)
            except ValueError:
                continue
        elif m.group("words") is not None:
            parsed = parse_words(m.group("words"), words)
            if parsed is None:
                continue
            base, used = parsed
            wtxt = m.group("words")
            if used < len(wtxt.rstrip()):
                # Only a prefix reads as one number: keep it, without the unit after the run.
                end = m.start("words") + used
                toks = wtxt[:used].lower().split()
                if len(toks) == 1 and toks[0] in DETERMINERS:
                    continue
                out.append(Candidate(start, end, 7, COUNT, base, raw=base, bare=True))
                continue
            det = wtxt.strip().lower() in DETERMINERS
        else:
            an = m.group("anoun")
            noun = WORD_TOKEN.findall(an)[-1].lower()
            if noun == "of":
                noun = WORD_TOKEN.findall(an)[-2].lower()
            base = APPROX_NOUNS.get(noun, 0.0)
            approximate = True
            approx_q = "gte" if noun.endswith("s") else "approx"
        mult = scale_value(m.group("scale"))
        value = base * mult
        c = Candidate(start, end, 7, COUNT, value, raw=value, qualifier=approx_q, approximate=approximate,
               det=det)
        if m.group("pct") is not None:
            c.kind, c.unit = PERCENT, "%"
        elif m.group("cur") is not None:
            c.kind, c.unit = MONEY, currency(m.group("cur"))
        elif m.group("dur") is not None:
            canon, norm, factor, business, habbr = dur_unit(m.group("dur"))
            c.kind, c.unit, c.value, c.habbr = DURATION, norm, value * factor, habbr
            c.extra.append(("unit", canon))
            if business:
                c.extra.append(("business", "1"))
            if det and canon == "day":
                before = text[max(0, start - 12):start].lower()
                if not re.search(r"(?:\ben|\bdans|\bsous|\bpendant|\bin|\bwithin|\bfor|\bunder|\bafter"
                                 r"|\bthan|\bde|\bd['’])\s*$", before):
                    continue
        elif m.group("meas") is not None:
            c.unit = norm_meas(m.group("meas"))
        else:
            if det:
                continue
            # "60 agents" says what it counts: it never takes the unit of a neighbouring price.
            c.bare = (m.group("scale") is None and m.group("anoun") is None
                      and not _OWN_NOUN.match(text, end))
            if m.group("scale") is not None:
                c.raw = base
        if m.group("suf"):
            c.extra.extend(suffix_facets(m.group("suf")))
        if det and c.kind == COUNT and c.unit is None:
            continue
        out.append(c)
    return out


def scan_money_prefix(ms: list[re.Match[str]]) -> list[Candidate]:
    """Money with its currency first ("€1,150", "CHF 200"): the comma groups thousands there."""
    out: list[Candidate] = []
    for m in ms:
        try:
            base = parse_digits(m.group("pdigits"), None, money_prefix=True)
        except ValueError:
            continue
        value = base * scale_value(m.group("pscale"))
        c = Candidate(m.start(), m.end(), 6, MONEY, value, unit=currency(m.group("pcur")), raw=value)
        c.extra.extend(suffix_facets(m.group("psuf")))
        out.append(c)
    return out


def _ident(start: int, end: int, text: str, prio: int = 0) -> Candidate:
    raw = text[start:end]
    ident = "".join(raw.split()).upper()
    return Candidate(start, end, prio, IDENTIFIER, None, extra=[("id", ident)])


def scan_identifiers(text: str, pats: Patterns, ms: list[re.Match[str]], alnum: list[re.Match[str]]) -> list[Candidate]:
    """Names that contain digits ("ISO 27001", "v2.3", phone numbers, list markers): not figures."""
    out: list[Candidate] = []
    for m in ms:
        if m.group("list") is not None:
            out.append(_ident(m.start("listn"), m.end("listn"), text))
            continue
        if m.group("ver") is not None:
            parts = m.group(0).lstrip("v").split(".")
            if not m.group(0).startswith("v") and all(len(p) == 3 for p in parts[1:]):
                continue  # 1.150.000 is a number, not a version
        out.append(_ident(m.start(), m.end(), text))
    if "@" in text or "://" in text or "www." in text:  # the e-mail pattern is slow: run it only when useful
        for m in pats.url.finditer(text):
            out.append(_ident(m.start(), m.start() + len(m.group(0).rstrip(".,;:!?)'\"»")), text))
    for m in alnum:
        tok = m.group(0)
        if any(ch.isdigit() for ch in tok) and any(ch.isalpha() for ch in tok):
            out.append(_ident(m.start(), m.end(), text, prio=10))
    return out


def scan_schedules(ms: list[re.Match[str]]) -> list[Candidate]:
    """Hours and days of service ("24/7", "du lundi au vendredi", "weekdays") as facets."""
    out: list[Candidate] = []
    for m in ms:
        extra: list[tuple[str, str]]
        if m.group("sdr") is not None:
            d1 = m.group("d1") or m.group("d3") or m.group("d5") or ""
            d2 = m.group("d2") or m.group("d4") or m.group("d6") or ""
            a = DAY_NAMES.get(deaccent(d1).lower()[:3], "?")
            b = DAY_NAMES.get(deaccent(d2).lower()[:3], "?")
            extra = [("days", f"{a}-{b}")]
        elif m.group("swk") is not None:
            extra = [("days", "mon-fri")]
        elif m.group("swe") is not None:
            extra = [("days", "sat-sun")]
        else:
            extra = [("hours", "0-24"), ("days", "7")]
        out.append(Candidate(m.start(), m.end(), 1, SCHEDULE, None, extra=extra))
    return out


def scan_dates(lang: str | None, ms: list[re.Match[str]], words: dict[str, float]) -> list[Candidate]:
    """Days, months, quarters, halves and the start, middle or end of a year."""
    out: list[Candidate] = []
    for m in ms:
        c: Candidate | None = None
        if m.group("d1") is not None:
            d = day_of(m.group("dd"), words)
            mo = month_number(m.group("dm"))
            if d is None or not mo:
                continue
            y = year_of(m.group("dy"), words)
            end = m.end() if y is not None else m.end("dm")
            c = date_candidate(m.start(), end, y, mo, d)
        elif m.group("d2") is not None:
            mo = month_number(m.group("mm"))
            y = year_of(m.group("my"), words)
            c = date_candidate(m.start(), m.end(), y, mo, int(m.group("md")))
        elif m.group("d3") is not None:
            y = year_of(m.group("oy"), words)
            mo = month_number(m.group("om"))
            if y is None or not mo:
                continue
            c = Candidate(m.start(), m.end(), 2, DATE, float(y * 12 + mo - 1), unit="month",
                   extra=[("year", str(y)), ("month", str(mo))])
        elif m.group("d4") is not None:
            a, b, y = int(m.group("n1")), int(m.group("n2")), int(m.group("n3"))
            d, mo = (b, a) if lang == "en" and b > 12 else (a, b)
            c = date_candidate(m.start(), m.end(), y, mo, d)
        elif m.group("d5") is not None:
            c = date_candidate(m.start(), m.end(), int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        elif m.group("d6") is not None or m.group("d7") is not None:
            y = int(m.group("hy") or m.group("hy2"))
            if m.group("d6") is not None:
                n = int(re.sub(r"\D", "", ORDINAL_WORDS.get(m.group("hw").lower(), m.group("hw"))) or 0)
                half = m.group("hq").lower() in ("semestre", "half")
            else:
                n = int(m.group("hn"))
                half = m.group("hc") in "HS"
            if half and n in (1, 2):
                c = Candidate(m.start(), m.end(), 2, DATE, float(y * 2 + n - 1), unit="half",
                       extra=[("year", str(y))])
            elif not half and 1 <= n <= 4:
                c = Candidate(m.start(), m.end(), 2, DATE, float(y * 4 + n - 1), unit="quarter",
                       extra=[("year", str(y))])
        elif m.group("d8") is not None:
            w = deaccent(m.group("fw")).lower()
            unit = ("year_end" if w in ("fin", "end", "late", "year-end") else
                    "year_mid" if w in ("mi", "mid") else "year_start")
            y = int(m.group("fy"))
            c = Candidate(m.start(), m.end(), 2, DATE, float(y), unit=unit, extra=[("year", str(y))])
        if c is not None:
            out.append(c)
    return out


def scan_times(ms: list[re.Match[str]]) -> list[Candidate]:
    """Clock times ("8h30", "6 pm", "14:00", "midi"); "1h30" stays a duration."""
    out: list[Candidate] = []
    for m in ms:
        if m.group("t1") is not None:
            h = int(m.group("th")) + int(m.group("tm")) / 60
            c = Candidate(m.start(), m.end(), 3, TIME_OF_DAY, h, unit="h", raw=h, habbr=True)
            if int(m.group("th")) < 5:
                # "1h30" reads as a duration unless a clock preposition says otherwise.
                c.kind, c.unit = DURATION, "hour"
                c.extra = [("unit", "hour")]
            out.append(c)
        elif m.group("t2") is not None:
            h = int(m.group("ah")) % 12 + (int(m.group("amm") or 0) / 60)
            if m.group("ap").lower().startswith("p"):
                h += 12
            out.append(Candidate(m.start(), m.end("t2"), 3, TIME_OF_DAY, h, unit="h", raw=h))
        elif m.group("t3") is not None:
            h = int(m.group("ch")) + int(m.group("cm")) / 60
            out.append(Candidate(m.start(), m.end(), 3, TIME_OF_DAY, h, unit="h", raw=h))
        else:
            w = m.group("t4").lower()
            h = 12.0 if w in ("midi", "noon") else 0.0
            out.append(Candidate(m.start(), m.end(), 3, TIME_OF_DAY, h, unit="h", raw=h))
    return out


def scan_frequencies(lang: str | None, ms: list[re.Match[str]], words: dict[str, float]) -> list[Candidate]:
    """How often, as hours between two occurrences ("toutes les deux semaines", "twice a year")."""
    out: list[Candidate] = []
    for m in ms:
        hours: float | None = None
        if m.group("f5") is not None:
            w = m.group("f5").lower()
            for stem, h in FREQ_ADJECTIVES.items():
                if w.startswith(stem[:7]) and (w.startswith(stem) or stem.startswith(w[:7])):
                    hours = float(h)
                    break
            if w.startswith("journali"):
                hours = 24.0
            if w.startswith("quotidien"):
                hours = 24.0
        else:
            u = (m.group("u1") or m.group("u2") or m.group("u3") or m.group("u4") or "").lower()
            period = PERIOD_HOURS.get(u)
            if period is None:
                continue
            if m.group("f4") is not None:
                once = (m.group("once") or "").lower()
                n = {"once": 1.0, "twice": 2.0, "thrice": 3.0}.get(once) if once else num_value(
                    m.group("n4"), lang, words)
                if not n:
                    continue
                hours = period / n
            else:
                n_txt = m.group("n1") or m.group("n3")
                n = num_value(n_txt, lang, words) if n_txt else 1.0
                if n is None:
                    continue
                if m.group("other"):
                    n = 2.0
                hours = period * n
        if hours is not None:
            out.append(Candidate(m.start(), m.end(), 4, FREQUENCY, hours, unit="period"))
    return out


def scan_factors(lang: str | None, ms: list[re.Match[str]], words: dict[str, float]) -> list[Candidate]:
    """Relative figures ("x3", "deux fois plus", "divisé par trois", "halved"), with their direction."""
    out: list[Candidate] = []
    for m in ms:
        direction: str | None = None
        txt: str | None = None
        value: float | None = None
        if m.group("x1") or m.group("x2"):
            txt = m.group("x1") or m.group("x2")
        elif m.group("x3"):
            txt = m.group("x3")
            if txt.strip().lower() in ("un", "une", "one"):
                continue
            d = (m.group("x3d") or "").lower()
            direction = "up" if d == "plus" else "down" if d == "moins" else None
        elif m.group("x4"):
            value = 2.0 if m.group("x4").lower() == "twice" else 3.0
        elif m.group("x5"):
            txt = m.group("x5")
            d = (m.group("x5d") or "").lower()
            if d:
                direction = "down" if d in ("less", "fewer", "slower", "lower", "smaller") else "up"
        elif m.group("x6"):
            txt = m.group("x6")
            direction = "down" if m.group("x6v").lower().startswith("divi") else "up"
        elif m.group("x7"):
            w = m.group("x7").lower()
            if w.startswith(("doubl", "tripl", "quadrupl")):
                value = {"d": 2.0, "t": 3.0, "q": 4.0}[w[0]]
                direction = "up"
            else:
                value, direction = 2.0, "down"
        elif m.group("x8"):
            txt = m.group("x8")
        if txt is not None:
            value = num_value(txt, lang, words)
        if value is None:
            continue
        extra = [("direction", direction)] if direction else []
        out.append(Candidate(m.start(), m.end(), 5, FACTOR, value, extra=extra))
    return out


_COUNT_LEAD = re.compile(
    r"(?<![\w])(?i:plus\s+de|moins\s+de|more\s+than|less\s+than|fewer\s+than|environ|près\s+de"
    r"|about|around|au\s+moins|at\s+least|nearly|almost|over|some|soit|les|des|ses|nos|vos|leurs)"
    + HS + r"*$"
)


def scan_years(text: str, ms: list[re.Match[str]]) -> list[Candidate]:
    """Four-digit numbers 1900-2100 read as years, unless a count word comes right before them."""
    out: list[Candidate] = []
    for m in ms:
        if _COUNT_LEAD.search(text[max(0, m.start() - 15):m.start()]):
            continue
        out.append(Candidate(m.start(), m.end(), 6, YEAR, float(m.group(0)), raw=float(m.group(0))))
    return out


def scan_ordinals(ms: list[re.Match[str]]) -> list[Candidate]:
    """Ordinals ("2e", "3rd"): read so that they are not counts."""
    return [Candidate(m.start(), m.end(), 9, ORDINAL, float(m.group("on"))) for m in ms]


def scan_a_units(ms: list[re.Match[str]]) -> list[Candidate]:
    """"a year", "an hour" after a preposition ("in a year"): one unit of time."""
    out: list[Candidate] = []
    for m in ms:
        canon, norm, factor = DURATION_UNITS[m.group("au").lower()]
        out.append(Candidate(m.start("an"), m.end("an"), 7, DURATION, factor, unit=norm, raw=1.0,
                      extra=[("unit", canon)]))
    return out

_TEMP_NUMBER = r"[+\-−–]?\s?\d+(?:[.,]\d+)?"
_TEMP_UNIT = r"\s?(?:°\s?C\b|°|degrés?\s+Celsius\b|degrees?\s+Celsius\b)"
_TEMPERATURE = re.compile(
    r"(?<![\w.,])(?:(?:entre|between|de|from)\s+)?(?P<a>" + _TEMP_NUMBER + r")(?:" + _TEMP_UNIT + r")?"
    r"(?:\s*(?:/|à|a|to|and|et|–|—|-)\s*(?P<b>" + _TEMP_NUMBER + r"))?" + _TEMP_UNIT,
    re.IGNORECASE)


def _temperature_value(s: str) -> float:
    s = s.replace(" ", "").replace("−", "-").replace("–", "-").replace(",", ".")
    return float(s)


def scan_temperatures(text: str) -> list[Candidate]:
    """"-25 °C", "+2/+8 °C", "entre +15 et +25 °C": a signed temperature or a range of them.

    Read before counts, so that the sign and the unit stay with the number ("à -25 °C" is not
    a count of 25, and "+2/+8 °C" is one range, not two figures)."""
    out: list[Candidate] = []
    for m in _TEMPERATURE.finditer(text):
        low = _temperature_value(m.group("a"))
        high = _temperature_value(m.group("b")) if m.group("b") else None
        if high is not None and high < low:
            low, high = high, low
        out.append(Candidate(m.start(), m.end(), 0, TEMPERATURE, low, unit="C", high=high))
    return out


_HALF = re.compile(
    r"(?i:\b(?:une?\s+)?demi[- ](?P<fr>" + "|".join(fr_figures.HALF_UNITS) + r")\b"
    r"|\bhalf(?:\s+an?|-an?)?[\s-](?P<en>" + "|".join(en_figures.HALF_UNITS) + r")\b)"
)
_QUARTER_HOUR = re.compile(
    r"(?i:\b(?:(?P<three>trois|three)\s+)?(?:un\s+|a\s+)?quarts?\s+d['’]heure\b"
    r"|\b(?:(?P<three_en>three)\s+|a\s+)?quarters?\s+of\s+an\s+hour\b)"
)


def scan_halves(text: str) -> list[Candidate]:
    """"une demi-journée", "half a day", "half-hour", "un quart d'heure": fractions of a unit."""
    out: list[Candidate] = []
    for m in _QUARTER_HOUR.finditer(text):
        canon, norm, factor = DURATION_UNITS["hour"]
        part = 0.75 if (m.group("three") or m.group("three_en")) else 0.25
        out.append(Candidate(m.start(), m.end(), 7, DURATION, factor * part, unit=norm, raw=part,
                      extra=[("unit", canon)]))
    for m in _HALF.finditer(text):
        unit = HALF_UNITS[(m.group("fr") or m.group("en")).lower()]
        canon, norm, factor = DURATION_UNITS[unit]
        out.append(Candidate(m.start(), m.end(), 7, DURATION, factor * 0.5, unit=norm, raw=0.5,
                      extra=[("unit", canon)]))
    return out


@lru_cache(maxsize=8192)
def figures_of(text: str, lang: str) -> tuple[Quantity, ...]:
    """`find_quantities`, memoised: a sentence is read by the claim finder and then by the matcher."""
    return tuple(find_quantities(text, lang))


def find_quantities(text: str, lang: str | None = None) -> list[Quantity]:
    """Every figure of `text` (offsets are code points into `text`), sorted and non-overlapping.

    `lang` is "fr", "en" or None (both vocabularies; comma rule of English). See the package
    docstring for the reading rules.
    """
    if lang not in ("fr", "en"):
        lang = None
    pats = patterns()
    words = number_words(lang or "")
    found = dispatch(text, pats)
    cands: list[Candidate] = []
    cands += scan_identifiers(text, pats, found[R_IDENT], found[R_ALNUM])
    cands += scan_schedules(found[R_SCHED])
    cands += scan_dates(lang, found[R_DATE], words)
    cands += scan_times(found[R_TIME])
    cands += scan_frequencies(lang, found[R_FREQ], words)
    cands += scan_factors(lang, found[R_FACTOR], words)
    cands += scan_money_prefix(found[R_MONEY])
    cands += scan_core(text, lang, found[R_CORE], words)
    cands += scan_years(text, found[R_YEAR])
    cands += scan_ordinals(found[R_ORD])
    cands += scan_a_units(found[R_AUNIT])
    lowered = text.lower()
    if "°" in text or "degr" in lowered:
        cands += scan_temperatures(text)
    if "demi" in lowered or "half" in lowered or "quart" in lowered:
        cands += scan_halves(text)
    chosen = add_halves(text, drop_overlaps(cands))
    apply_time_context(text, chosen)
    chosen = merge_ranges(text, chosen)
    chosen = merge_shares(text, chosen)
    apply_qualifiers(text, chosen)
    mark_change_amounts(text, chosen)
    return [
        Quantity(kind=c.kind, value=c.value, unit=c.unit, start=c.start, end=c.end,
                 text=text[c.start:c.end], qualifier=c.qualifier, high=c.high,
                 approximate=c.approximate, extra=tuple(c.extra))
        for c in chosen
    ]



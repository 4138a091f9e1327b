"""Figures in French and English prose, normalised so a draft and a source can be compared.

The claim checker must see that "18 %", "dix-huit pour cent" and "eighteen percent" are the
same figure, that "three weeks" is 21 days (and so not "23 jours"), and that "ISO 27001" is a
name, not the number 27001. `find_quantities` returns every figure with offsets into the text
it was given; `same_value` says whether a claimed figure matches a source figure.

How the text is read (rules a caller can rely on):

* Recognisers (one compiled regex each: identifiers, schedules, dates, times, frequencies,
  factors, money with a leading symbol, "number + unit", years, ordinals) are tried only where
  one cheap trigger pass saw a digit, a keyword or a symbol (that keeps a 1,500-word draft at a
  few milliseconds); overlapping candidates are resolved leftmost-longest, then by priority.
  Patterns compile once, on first use (~30 ms), not at import.
* Decimal separators: "1,9" is 1.9 and "1 150" / "1,150,000" are thousands. A single comma
  followed by exactly three digits ("1,150") is a thousands separator when `lang` is "en" or
  None and a decimal comma when `lang` is "fr"; after a currency symbol ("€1,150") it is always
  thousands (that is the English convention). A single dot followed by three digits is a
  thousands separator only when `lang` is "fr" ("2.500 €"); otherwise a decimal point.
  Spaces of any kind (U+0020, U+00A0, U+202F, U+2009) group thousands.
* Ranges vs transitions: "de X à Y", "from X to Y", "entre X et Y", "between X and Y", "X-Y"
  make ONE quantity (value=X, high=Y) when both ends are of the same kind (a bare number takes
  the unit of its sibling: "6-31 %", "de 23 à 6 jours"). They stay TWO quantities (still sharing
  the unit) when a verb of change (passer, progresser, augmenter, baisser, diminuer, réduire,
  go/went, rise/rose, fall/fell, drop, grow, increase, decrease, cut, reduce, improve...)
  appears among the six words before "de"/"from" in the same clause, or when the second value
  is smaller than the first (a decrease is not a range), except for clock times and dates.
* Qualifiers ("plus de", "at least", "environ", "jusqu'à"...) are read just before the figure
  (or just after: "ou plus", "or more", "minimum", "environ") and are NOT part of the span: the
  span covers the figure and its unit only. "dans les", "sous", "within" bound durations
  only ("dans les 12 régies" is not "within 12"); "over" never bounds a duration. Word forms such as "une quarantaine" are part of
  the span and carry qualifier "approx" (plural forms like "des centaines" carry "gte").
* Hours written "8 h" are a duration unless a clock preposition precedes them ("à 11 h",
  "vers 8 h", "dès 8 h", "at 8h"), they have minutes and read as a clock time ("8h30" with an
  hour of 5 or more), they are followed by "du matin/soir", or they end a range of hours
  ("de 8 h à 19 h", "between 8 and 19 h").
* "un", "une", "one", "a", "an" are never counts on their own; they count as 1 before a unit
  of time or money ("en un an", "in a year", "un euro"); "un jour" / "one day" needs a
  preposition before it ("en un jour").
* A four-digit number between 1900 and 2100 with no unit after it is a year.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from proofline.text.patterns import alternation as _alt

__all__ = ["Quantity", "find_quantities", "number_words", "same_value"]


@dataclass(frozen=True)
class Quantity:
    """One figure found in a text, with its normalised value and its exact span."""

    kind: str
    value: float | None
    unit: str | None
    start: int
    end: int
    text: str
    qualifier: str | None = None
    high: float | None = None
    approximate: bool = False
    extra: tuple[tuple[str, str], ...] = ()


# --------------------------------------------------------------------------- vocabulary

_FR_NUMBERS: dict[str, float] = {
    "zéro": 0, "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100, "mille": 1000,
    "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9,
}
_EN_NUMBERS: dict[str, float] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1e6, "millions": 1e6,
    "billion": 1e9, "billions": 1e9,
}
_ALL_NUMBERS: dict[str, float] = {**_FR_NUMBERS, **_EN_NUMBERS}
_DETERMINERS = frozenset({"un", "une", "one"})
_NO_LEAD_SCALES = frozenset({"hundred", "thousand", "million", "millions", "billion", "billions",
                             "milliard", "milliards"})


def number_words(lang: str) -> dict[str, float]:
    """The number words understood for `lang` ("fr", "en", anything else: both), word -> value."""
    if lang == "fr":
        return dict(_FR_NUMBERS)
    if lang == "en":
        return dict(_EN_NUMBERS)
    return dict(_ALL_NUMBERS)


_APPROX_NOUNS: dict[str, float] = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
    "dizaines": 10, "douzaines": 12, "centaines": 100, "milliers": 1000, "millions": 1e6,
    "milliards": 1e9, "dozen": 12, "couple": 2, "dozens": 12, "hundreds": 100,
    "thousands": 1000, "billions": 1e9,
}

_MONTHS = {"jan": 1, "fev": 2, "feb": 2, "mar": 3, "avr": 4, "apr": 4, "mai": 5, "may": 5,
           "aou": 8, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_DAY_NAMES = {"lun": "mon", "mar": "tue", "mer": "wed", "jeu": "thu", "ven": "fri", "sam": "sat",
              "dim": "sun", "mon": "mon", "tue": "tue", "wed": "wed", "thu": "thu", "fri": "fri",
              "sat": "sat", "sun": "sun"}

_CURRENCIES = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD", "us$": "USD",
               "usd": "USD", "dollar": "USD", "dollars": "USD", "£": "GBP", "gbp": "GBP",
               "livre": "GBP", "livres": "GBP", "pound": "GBP", "pounds": "GBP", "chf": "CHF",
               "franc": "CHF", "francs": "CHF", "swiss": "CHF"}

# unit word -> (canonical name, normalised unit, factor to the normalised unit)
_DURATION_UNITS: dict[str, tuple[str, str, float]] = {}
for _names, _canon, _norm, _factor in (
    (("jour", "jours", "journée", "journées", "j", "day", "days"), "day", "day", 1.0),
    (("semaine", "semaines", "sem", "sem.", "week", "weeks", "wk", "wks"), "week", "day", 7.0),
    (("mois", "month", "months", "mo", "mos"), "month", "day", 30.0),
    (("an", "ans", "année", "années", "year", "years", "yr", "yrs"), "year", "day", 365.0),
    (("trimestre", "trimestres", "quarter", "quarters"), "quarter", "day", 90.0),
    (("semestre", "semestres"), "half", "day", 180.0),
    (("heure", "heures", "h", "hour", "hours", "hr", "hrs"), "hour", "hour", 1.0),
    (("minute", "minutes", "min", "mins", "mn"), "minute", "hour", 1 / 60),
    (("seconde", "secondes", "second", "seconds", "sec", "secs"), "second", "hour", 1 / 3600),
):
    for _n in _names:
        _DURATION_UNITS[_n] = (_canon, _norm, _factor)

# period words -> hours, for frequencies
_PERIOD_HOURS: dict[str, float] = {}
_pnames: tuple[str, ...]
for _pnames, _hours in (
    (("minute", "minutes", "min"), 1 / 60),
    (("heure", "heures", "hour", "hours"), 1.0),
    (("jour", "jours", "journée", "day", "days", "nuit", "nuits", "night", "nights"), 24.0),
    (("semaine", "semaines", "week", "weeks"), 168.0),
    (("mois", "month", "months"), 720.0),
    (("trimestre", "trimestres", "quarter", "quarters"), 2160.0),
    (("semestre", "semestres"), 4380.0),
    (("an", "ans", "année", "années", "year", "years"), 8760.0),
):
    for _n in _pnames:
        _PERIOD_HOURS[_n] = _hours

_FREQ_ADJECTIVES: dict[str, float] = {
    "quotidien": 24, "journalier": 24, "daily": 24, "hebdomadaire": 168, "weekly": 168,
    "fortnightly": 336, "bimensuel": 360, "mensuel": 720, "monthly": 720, "trimestriel": 2160,
    "quarterly": 2160, "semestriel": 4380, "half-yearly": 4380, "semi-annual": 4380,
    "annuel": 8760, "annual": 8760, "yearly": 8760, "hourly": 1, "nightly": 24,
}

_PER_WORDS = {"mois": "month", "month": "month", "mo": "month", "an": "year", "année": "year",
              "year": "year", "yr": "year", "annum": "year", "trimestre": "quarter",
              "quarter": "quarter", "semaine": "week", "week": "week", "jour": "day", "day": "day",
              "utilisateur": "user", "user": "user", "seat": "user", "siège": "user",
              "licence": "user", "license": "user", "poste": "user", "abonné": "subscriber",
              "subscriber": "subscriber", "compteur": "meter", "meter": "meter", "site": "site",
              "heure": "hour", "hour": "hour", "h": "hour", "mensuel": "month", "monthly": "month",
              "annuel": "year", "annual": "year", "annually": "year", "yearly": "year"}


def _deaccent(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _month_number(word: str) -> int:
    s = _deaccent(word).lower().rstrip(".")
    if s.startswith(("juil", "jul")):
        return 7
    if s.startswith(("juin", "jun")):
        return 6
    return _MONTHS.get(s[:3], 0)


# --------------------------------------------------------------------------- regex pieces

_HS = r"[^\S\n]"  # horizontal space, any Unicode kind (U+00A0, U+202F included)
_GAP = rf"(?:{_HS}*(?:\n{_HS}*)?|-)"  # between a number and its unit
_APOS = "['’]"
_DIGITS = (r"(?:\d{1,3}(?:(?:" + _HS + r"|,|\.|')\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)?)")
_NUM_START = r"(?<![\w])(?<!\d[.,])(?=\w)"
_WORD_START = r"(?<![\w])(?=\w)"  # every recogniser starts at a word start: cheap rejection

_SCALE = (r"(?:(?i:millions?|milliards?|billions?|thousand|mille)\b|Mds?(?![a-zA-Z])"
          r"|Mrds?(?![a-zA-Z])|bn\b|[kK](?![a-zA-Z])|M(?![a-zA-Z.]))")
_PCT = r"(?:%|(?i:pour[\s-]cents?|per[\s-]?cent|pct)\b)"
_CUR_POST = (r"(?:€|US\$|\$|£|(?i:euros?|dollars?|livres?\s+sterling|pounds?(?:\s+sterling)?"
             r"|francs?\s+suisses|swiss\s+francs?)\b|(?:EUR|USD|GBP|CHF)\b)")
_DUR_WORDS = [k for k in _DURATION_UNITS if len(k) > 1 and k not in ("sem.", "mn", "min")]
_DUR = (r"(?:(?i:(?:(?:business|working)[\s-]+)?(?:days?|hours?)|" + "|".join(
    re.escape(w) for w in sorted(_DUR_WORDS, key=len, reverse=True)) + r")\b"
    r"|h(?![a-zA-Z0-9/])|j(?![a-zA-Z0-9/'’])|min\b|mn\b|sem\.)"
    r"(?:" + _HS + r"+(?i:ouvrée?s?|ouvrables?|de\s+travail)\b)?")
_MEAS = (r"(?:km²|km2|m³|m3|m²|m2|kWh|MWh|GWh|TWh|kW|MW|GW|km|cm|mm|ha|hl|kg|Go|GB|To|TB|Mo|MB"
         r"|t(?![\w'’])|m(?![\w'’²³])|l(?![\w'’])"
         r"|(?i:kilomètres?\s+carrés|square\s+kilomet(?:re|er)s?|kilomètres?|kilometres?|kilometers?"
         r"|mètres?\s+cubes?|cubic\s+met(?:re|er)s?|mètres?\s+carrés?|square\s+met(?:re|er)s?"
         r"|mètres?|metres?|meters?|hectares?|litres?|liters?|tonnes?|tons?|kilogrammes?|kilograms?"
         r"|kilos?|kilowattheures?|kilowatt[\s-]hours?|mégawattheures?|megawatt[\s-]hours?"
         r"|gigaoctets?|gigabytes?|téraoctets?|terabytes?|utilisateurs?|users?)\b)")
_TAX = (r"(?:HT\b|H\.T\.|HTVA\b|TTC\b|T\.T\.C\.|TVAC\b|(?i:hors\s+taxes?|toutes\s+taxes\s+comprises"
        r"|(?:excl\.?|excluding|exclusive\s+of|ex\.?|before|plus|\+)\s*VAT|(?:incl\.?|including"
        r"|inclusive\s+of|inc\.?)\s*VAT)(?![\w]))")
_PER = (r"(?:(?i:(?:/|(?:par|per|a|an|each|chaque)" + _HS + r"+)" + _HS + r"*"
        r"(?:mois|months?|mo|an|année|years?|yr|annum|trimestre|quarter|semaine|weeks?|jours?|days?"
        r"|utilisateurs?|users?|seats?|sièges?|licences?|licenses?|postes?|abonnés?|subscribers?"
        r"|compteurs?|meters?|sites?|heures?|hours?|h)\b|mensuel(?:le)?s?\b|monthly\b|annuel(?:le)?s?\b"
        r"|annual(?:ly)?\b|yearly\b|p\.a\.))")
_MSUF = r"(?:" + _HS + r"*(?:(?i:et|and)" + _HS + r"+)?\(?(?:" + _TAX + "|" + _PER + r")\)?)+"

_APPROX = (r"(?:(?i:\b(?:une|la|cette)" + _HS + r"+(?:dizaine|douzaine|quinzaine|vingtaine|trentaine"
           r"|quarantaine|cinquantaine|soixantaine|centaine)\b|\bun" + _HS + r"+millier\b"
           r"|\b(?:des|plusieurs|quelques)" + _HS + r"+(?:dizaines|douzaines|centaines|milliers"
           r"|millions|milliards)\b|\ba" + _HS + r"+(?:dozen|couple)\b"
           r"|\b(?:dozens|hundreds|thousands|millions|billions)" + _HS + r"+of\b))")


def _wordnum(lang: str | None) -> str:
    words = number_words(lang or "")
    w = r"\b" + _alt(set(words)) + r"\b"
    join = r"(?:-et-|-|" + _HS + r"+(?:(?:et|and)" + _HS + r"+)?)"
    lead = r"(?:\ba" + _HS + r"+(?=(?:hundred|thousand|million|billion)\b))?" if lang != "fr" else ""
    return r"(?i:" + lead + w + r"(?:" + join + w + r")*)"


_DAY_WORDS = frozenset({
    "premier", "first", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
    "douze", "treize", "quatorze", "quinze", "seize", "vingt", "trente", "one", "two", "three", "four", "five",
    "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen", "twenty", "thirty",
})
_LABELS = (
    "article", "articles", "annexe", "annex", "appendix", "section", "chapitre", "chapter", "clause",
    "paragraphe", "§", "étape", "step", "phase", "relance", "rappel", "followup", "reminder", "version",
    "windows", "ipados", "ios", "macos", "android", "ubuntu", "debian", "linux", "python", "java", "php",
    "lot", "niveau", "level", "tier", "page", "pages", "n°", "nº", "numéro", "number", "ticket", "day",
    "jour", "week", "sprint", "épisode", "episode", "saison", "season", "génération", "generation", "gen",
    "vague", "wave", "slide", "diapositive", "figure", "tableau", "module", "leçon", "lesson", "partie",
    "part", "tome", "volume", "édition", "edition", "release", "build", "patch", "itération",
    "iteration", "milestone", "jalon",
)
_DAY_FR = _alt(("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"))
_DAY_EN = _alt(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))
_DAY_ABBR = r"(?:lun\.?|mar\.?|mer\.?|jeu\.?|ven\.?|sam\.?|dim\.?|Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTHS_FR = ("janvier", "janv.", "février", "fevrier", "févr.", "fév.", "mars", "avril", "avr.", "mai",
              "juin", "juillet", "juil.", "août", "aout", "septembre", "sept.", "octobre", "oct.",
              "novembre", "nov.", "décembre", "decembre", "déc.")
_MONTHS_EN_FULL = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")
_MONTHS_EN = (*_MONTHS_EN_FULL, "Jan", "Jan.", "Feb", "Feb.", "Mar", "Mar.", "Apr", "Apr.", "Jun",
              "Jun.", "Jul", "Jul.", "Aug", "Aug.", "Sep", "Sep.", "Sept", "Sept.", "Oct", "Oct.",
              "Nov", "Nov.", "Dec", "Dec.")
_MONTH = "(?:(?i:" + _alt(_MONTHS_FR) + ")|" + _alt(_MONTHS_EN) + r")(?![\w])"
_YEAR_DIGITS = r"(?:1[89]\d\d|20\d\d|2100)(?!\d)"


@dataclass
class _C:
    """A candidate quantity while the text is being read (mutable, internal)."""

    start: int
    end: int
    prio: int
    kind: str
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


# --------------------------------------------------------------------------- compiled patterns


@dataclass(frozen=True)
class _Patterns:
    core: re.Pattern[str]
    money_pre: re.Pattern[str]
    ident: re.Pattern[str]
    url: re.Pattern[str]
    alnum: re.Pattern[str]
    sched: re.Pattern[str]
    date: re.Pattern[str]
    time: re.Pattern[str]
    freq: re.Pattern[str]
    factor: re.Pattern[str]
    year: re.Pattern[str]
    ordinal: re.Pattern[str]
    a_unit: re.Pattern[str]
    trigger: re.Pattern[str]

    @property
    def by_id(self) -> tuple[re.Pattern[str], ...]:
        return (self.core, self.money_pre, self.ident, self.alnum, self.sched, self.date, self.time,
                self.freq, self.factor, self.year, self.ordinal, self.a_unit)


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """Compile the recognisers once, on first use (~20 ms), so importing the module stays cheap.

    The patterns know the number words of both languages; `lang` only changes how a match is
    read (`_parse_words` with that language's words, `_parse_digits` comma rule).
    """
    wn = _wordnum(None)
    # Secondary recognisers (frequency, factor) run only where the trigger pass saw a digit or a
    # number word, so they take any hyphenated word there and check in code that it is a number:
    # embedding the number-word alternation in each of them would triple the compile time.
    num = r"(?:\d+(?:[.,]\d+)?|[^\W\d_]+(?:-[^\W\d_]+)*)"
    core = re.compile(
        _NUM_START + r"(?:(?P<digits>" + _DIGITS + r")|(?P<anoun>" + _APPROX + r")|(?P<words>" + wn + r"))"
        r"(?:" + _GAP + r"(?P<scale>" + _SCALE + r"))?"
        r"(?:" + _GAP + r"(?:(?i:de|d['’]|of)" + _HS + r"*)?"
        r"(?:(?P<pct>" + _PCT + r")|(?P<cur>" + _CUR_POST + r")|(?P<dur>" + _DUR + r")|(?P<meas>" + _MEAS + r"))"
        r"(?P<suf>" + _MSUF + r")?)?"
        r"(?![^\W_])"
    )
    money_pre = re.compile(
        r"(?=[€$£UEGC])(?<![\w$€£])(?P<pcur>US\$|€|\$|£|(?:EUR|USD|GBP|CHF)(?=" + _HS + r"?\d))" + _HS + r"?"
        r"(?P<pdigits>" + _DIGITS + r")(?:" + _HS + r"?(?P<pscale>(?i:millions?|billions?|thousand|bn|m|k)\b"
        r"|M(?![a-zA-Z])|K(?![a-zA-Z])))?(?P<psuf>" + _MSUF + r")?(?![^\W_])"
    )
    caps_stop = (r"(?:DE|DU|DES|EN|LE|LA|LES|ET|OU|PAR|POUR|SUR|AVEC|DANS|PLUS|MOINS|THE|OF|IN|AND"
                 r"|FOR|TO|BY|ON|AT|FROM|OVER|UNDER|UP|SINCE|DEPUIS|EUR|USD|GBP|CHF|HT|TTC|TVA|VAT"
                 r"|KM|KG|CA|AM|PM|AU|AUX|UN|UNE|JUSQU)\b")
    no_unit_after = r"(?!" + _HS + r"*(?:%|€|\$|£|(?i:pour\s+cent|percent)))"
    ident = re.compile(
        r"(?:(?<![\w])(?=[\w§#\[+(]))(?:"
        r"(?P<std>(?<![\w])(?:ISO(?:" + _HS + r"*/" + _HS + r"*IEC)?|IEC|NF" + _HS + r"+EN|EN" + _HS
        + r"+ISO|NF|BS|RFC|IEEE|ANSI|DIN|IATF|CEI|AS(?=" + _HS + r"*\d{4})|EN(?=" + _HS + r"*(?!19\d\d|20\d\d)\d{3,5}))"
        + _HS + r"*-?" + _HS + r"*\d+(?:[-.]\d+)*(?::\d{4})?(?![\w]))"
        r"|(?P<cert>(?<![\w])(?:SOC" + _HS + r"*[123](?:" + _HS + r"+Type" + _HS + r"+(?:II|I|1|2)\b)?"
        r"|HDS|SecNumCloud|RGPD|GDPR|HIPAA|PCI[\s-]?DSS|eIDAS|CSPN|NIS" + _HS + r"*2)(?![\w]))"
        r"|(?P<acr>(?<![\w])(?!" + caps_stop + r")[A-Z][A-Z0-9]*[A-Z]v?(?:" + _HS + r"|-|/)?v?\d+(?:\.\d+)*"
        r"(?![\w])(?![.,]\d)" + no_unit_after + r")"
        r"|(?P<lab>(?<![\w])(?i:" + _alt(_LABELS) + r"|follow[\s-]up|art\.|p\.|no\.|fig\.|vol\.)"
        + _HS + r"*(?:n°" + _HS + r"*)?\d+(?:\.\d+)*[a-z]?(?![\w])(?![.,]\d)" + no_unit_after + r")"
        r"|(?P<mixed>(?<![\w])[a-z]{1,4}[A-Z][A-Za-z]*" + _HS + r"?\d+(?:\.\d+)*(?![\w]))"
        r"|(?P<ver>(?<![\w.])v\d+(?:\.\d+)*(?![\w])|(?<![\w.])\d+(?:\.\d+){2,}(?![\w]))"
        r"|(?P<phone>(?<![\w+])\+\d{1,3}(?:" + _HS + r"?\(0\))?(?:[^\S\n]?[.-]?\d{1,4}){3,6}(?!\d)"
        r"|(?<![\w])0\d(?:[^\S\n.]?\d\d){4}(?!\d)|\(\d{3}\)" + _HS + r"?\d{3}[-.]\d{4}"
        r"|(?<![\w])\d{3}-\d{3}-\d{4}(?!\d))"
        r"|(?P<postal>(?<![\w])\d{5}(?=" + _HS + r"+(?:[A-Z][a-zà-ÿ]+|CEDEX)))"
        r"|(?P<hash>(?<![\w])#\d+|(?<![\w])(?:n[°º]|N[°º]|No\.)" + _HS + r"?\d+)"
        r"|(?P<list>(?:^|(?<=\n )|(?<=\n  )|(?<=\n   )|(?<=\n\t))(?P<listn>\d{1,2}[.)])(?=" + _HS + r"))"
        r"|(?P<ref>\[[A-Za-z]{0,3}\d+[a-z]?\])"
        r"|(?P<jday>(?<![\w])[JDM][+-]\d+(?![\w])))",
        re.M,
    )
    # A token mixing letters and digits ("4G", "B2B", "COVID-19"); hyphenated only after a letter,
    # so "8h30-18h" stays a range of times.
    url = re.compile(r"https?://[^\s<>()]+|www\.[^\s<>()]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
    alnum = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?:[^\W\d_]\w*(?:-\w+)*|\d\w*)(?![\w-])")
    h24 = r"24" + _HS + r"*(?:h|heures)?" + _HS + r"*(?:/|sur)" + _HS + r"*24(?!\d)"
    d7 = r"7" + _HS + r"*(?:j|jours|d|days)?" + _HS + r"*(?:/|sur)" + _HS + r"*7(?!\d)"
    ssep = _HS + r"*(?:,|et|and|&|/)?" + _HS + r"*"
    sched = re.compile(
        r"(?<![\w/])(?=\w)(?:(?P<s247>24" + _HS + r"*/" + _HS + r"*7(?:" + _HS + r"*/" + _HS + r"*365)?(?!\d))"
        r"|(?P<sh>" + h24 + r"(?:" + ssep + d7 + r")?)|(?P<sd>" + d7 + r"(?:" + ssep + h24 + r")?)"
        r"|(?P<sclock>(?i:(?:a)?round[\s-]the[\s-]clock|jour\s+et\s+nuit|nuit\s+et\s+jour"
        r"|day\s+and\s+night|night\s+and\s+day|24\s+hours\s+a\s+day(?:,?\s+7\s+days\s+a\s+week)?"
        r"|24\s+heures\s+par\s+jour(?:,?\s+7\s+jours\s+par\s+semaine)?|(?:7|seven)\s+days\s+a\s+week"
        r"|(?:7|sept)\s+jours\s+(?:par\s+semaine|sur\s+(?:7|sept)))\b)"
        r"|(?P<sdr>(?i:du)" + _HS + r"+(?P<d1>(?i:" + _DAY_FR + r"))" + _HS + r"+(?i:au)" + _HS
        + r"+(?P<d2>(?i:" + _DAY_FR + r"))\b"
        r"|(?:(?i:from)" + _HS + r"+)?(?P<d3>" + _DAY_EN + r")" + _HS + r"*(?:(?i:to|through|thru|until)"
        r"|[-–])" + _HS + r"*(?P<d4>" + _DAY_EN + r")\b"
        r"|(?P<d5>" + _DAY_ABBR + r")" + _HS + r"*[-–]" + _HS + r"*(?P<d6>" + _DAY_ABBR + r")(?![\w]))"
        r"|(?P<swk>(?i:en\s+semaine|les\s+jours\s+de\s+semaine|on\s+weekdays|weekdays|week-days"
        r"|jours\s+ouvrés|jours\s+ouvrables|business\s+days|working\s+days)\b)"
        r"|(?P<swe>(?i:le\s+week-end|les\s+week-ends|weekends?|le\s+weekend)\b))"
    )
    dw = _alt(_DAY_WORDS)
    dayword = r"(?i:\b" + dw + r"(?:(?:-et-|-|" + _HS + r"+et" + _HS + r"+)" + dw + r")*\b)"
    daynum = r"(?:(?<![\w.,])(?:[12]\d|3[01]|0?[1-9])(?:er|ère|st|nd|rd|th)?(?![\d\w])|" + dayword + ")"
    year_any = r"(?:" + _YEAR_DIGITS + "|" + wn + ")"
    weekday = r"(?:(?P<wd>(?i:" + _DAY_FR + r")|" + _DAY_EN + r")(?:" + _HS + r"*,)?" + _HS + r"+)?"
    dte = re.compile(
        _WORD_START + r"(?:(?P<d1>" + weekday + r"(?P<dd>" + daynum + r")(?:" + _HS + r"+of)?" + _HS + r"+(?P<dm>"
        + _MONTH + r")(?:,?" + _HS + r"+(?P<dy>" + year_any + r"))?)"
        r"|(?P<d2>(?P<mm>" + _alt(_MONTHS_EN) + r")" + _HS + r"+(?P<md>(?:[12]\d|3[01]|0?[1-9]))(?:st|nd|rd|th)?(?![\d\w])(?:,?" + _HS
        + r"+(?P<my>" + _YEAR_DIGITS + r"))?)"
        r"|(?P<d3>(?P<om>" + _MONTH + r")(?:" + _HS + r"+(?i:de|d['’]|of))?" + _HS + r"*(?P<oy>" + year_any + r"))"
        r"|(?P<d4>(?<![\w./])(?P<n1>\d{1,2})[/.](?P<n2>\d{1,2})[/.](?P<n3>\d{4})(?![\w/]))"
        r"|(?P<d5>(?<![\w])(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d)(?![\w]))"
        r"|(?P<d6>(?P<hw>(?i:premier|1er|second|seconde|deuxième|2e|2nd|2ème|troisième|3e|3ème"
        r"|quatrième|4e|4ème|first|third|fourth|1st|3rd|4th))" + _HS + r"+(?P<hq>(?i:semestre|trimestre"
        r"|half|quarter))(?:" + _HS + r"+(?i:de|d['’]|of))?" + _HS + r"*(?P<hy>" + _YEAR_DIGITS + r"))"
        r"|(?P<d7>(?<![\w])(?P<hc>[HSQT])(?P<hn>[1-4])" + _HS + r"*(?P<hy2>" + _YEAR_DIGITS + r"))"
        r"|(?P<d8>(?<![\w])(?P<fw>(?i:fin|début|debut|mi|end|start|beginning|mid|early|late|year-end))"
        r"(?:" + _HS + r"*-" + _HS + r"*|" + _HS + r"+(?i:(?:d['’]année|de\s+l['’]année|of\s+the\s+year)"
        + _HS + r"+)?(?i:(?:of|de)" + _HS + r"+)?)(?P<fy>" + _YEAR_DIGITS + r")))"
    )
    time = re.compile(
        r"(?<![\w:.,])(?:(?P<t1>(?P<th>[01]?\d|2[0-4])" + _HS + r"?[hH]" + _HS + r"?(?P<tm>[0-5]\d)(?![\d\w]))"
        r"|(?P<t2>(?P<ah>1[0-2]|0?[1-9])(?::(?P<amm>[0-5]\d))?" + _HS + r"?(?P<ap>(?i:a\.m\.|p\.m\.|am|pm)))(?![\w])"
        r"|(?P<t3>(?P<ch>[01]?\d|2[0-4]):(?P<cm>[0-5]\d))(?![\d:])"
        r"|(?P<t4>(?i:midi|minuit|noon|midnight))\b)"
    )
    fr_pl = r"(?:minutes|heures|jours|nuits|semaines|mois|ans|années|trimestres|semestres)"
    fr_sg = r"(?:minute|heure|jour|journée|nuit|semaine|mois|an|année|trimestre|semestre)"
    en_u = r"(?:minutes?|hours?|days?|nights?|weeks?|months?|quarters?|years?)"
    freq = re.compile(
        _WORD_START + r"(?:(?P<f1>(?i:toutes|tous)" + _HS + r"+(?i:les)" + _HS + r"+(?:(?P<n1>" + num + r")" + _HS
        + r"+)?(?P<u1>(?i:" + fr_pl + r")))\b"
        r"|(?P<f2>(?i:chaque)" + _HS + r"+(?P<u2>(?i:" + fr_sg + r")))\b"
        r"|(?P<f3>(?i:every|each)" + _HS + r"+(?:(?P<other>(?i:other))" + _HS + r"+|(?P<n3>" + num + r")" + _HS
        + r"+)?(?P<u3>(?i:" + en_u + r")))\b"
        r"|(?P<f4>(?:(?P<once>(?i:once|twice|thrice))|(?P<n4>" + num + r")" + _HS + r"+(?i:times|fois))" + _HS
        + r"+(?i:a|an|per|par|every|each|chaque)" + _HS + r"+(?P<u4>(?i:" + fr_sg + "|" + en_u + r")))\b"
        r"|(?P<f5>(?i:quotidien(?:ne)?s?|journali(?:er|ère)s?|hebdomadaires?|bimensuel(?:le)?s?|mensuel(?:le)?s?"
        r"|trimestriel(?:le)?s?|semestriel(?:le)?s?|annuel(?:le)?s?|hourly|nightly|daily|weekly|fortnightly"
        r"|monthly|quarterly|half-yearly|semi-annual(?:ly)?|annual(?:ly)?|yearly))\b)"
    )
    factor = re.compile(
        r"(?:(?<![\w])(?=\w)|(?=×))(?:(?P<x1>" + _NUM_START + r"\d+(?:[.,]\d+)?)" + _HS + r"?[x×](?![\w])"
        r"|(?<![\w])[x×]" + _HS + r"?(?P<x2>\d+(?:[.,]\d+)?)(?![\w])"
        r"|" + _NUM_START + r"(?P<x3>" + num + r")" + _HS + r"+(?i:fois)\b(?:" + _HS + r"+(?P<x3d>(?i:plus|moins))\b)?"
        r"|(?<![\w])(?P<x4>(?i:twice|thrice))\b"
        r"|" + _NUM_START + r"(?P<x5>" + num + r")" + _HS + r"+(?i:times)\b(?:" + _HS
        + r"+(?P<x5d>(?i:more|less|fewer|faster|slower|higher|lower|greater|smaller|bigger))\b)?"
        r"|(?<![\w])(?P<x6v>(?i:divis\w*|divided|divide|divides|dividing|multipli\w*|multiply))" + _HS
        + r"+(?i:par|by)" + _HS + r"+(?:(?i:un\s+facteur|a\s+factor\s+of)" + _HS + r"+)?(?P<x6>" + num + r")"
        r"|(?<![\w])(?P<x7>(?i:doublée?s?|doubler|doublent|doubled|doubling|triplée?s?|tripler|tripled"
        r"|quadruplée?s?|quadrupled|halved|halve|halves|halving|de\s+moitié|by\s+half|in\s+half))\b"
        r"|(?<![\w])(?i:by\s+a\s+factor\s+of|d['’]un\s+facteur)" + _HS + r"+(?P<x8>" + num + r"))"
    )
    year = re.compile(r"(?<![\w.,:/])" + _YEAR_DIGITS + r"(?![\w])(?![.,]\d)")
    ordinal = re.compile(r"(?<![\w])(?P<on>\d+)(?:er|ère|re|ème|eme|e|è|nde?|st|rd|th)(?![\w])")
    preps = ("in", "within", "under", "for", "after", "than", "over", "per")
    a_unit = re.compile(
        r"(?:" + "|".join(rf"(?<=\b{p} )" for p in preps) + r")(?P<an>(?i:an?)" + _HS
        + r"+(?P<au>(?i:year|month|week|day|hour|minute|quarter)))\b"
    )
    return _Patterns(core, money_pre, ident, url, alnum, sched, dte, time, freq, factor, year, ordinal, a_unit,
                     _trigger_regex())


# --------------------------------------------------------------------------- number parsing


def _parse_digits(s: str, lang: str | None, money_prefix: bool = False) -> float:
    """Read a digit string under the separator rules of the module docstring."""
    s = "".join(s.split()).replace("'", "")
    if "," in s and "." in s:
        last_comma = s.rfind(",") > s.rfind(".")
        return float(s.replace(".", "").replace(",", ".") if last_comma else s.replace(",", ""))
    if "," in s:
        parts = s.split(",")
        if len(parts) > 2:
            return float(s.replace(",", ""))
        if len(parts[1]) == 3 and parts[0] != "0" and (lang != "fr" or money_prefix):
            return float(s.replace(",", ""))
        return float(s.replace(",", "."))
    if "." in s:
        parts = s.split(".")
        if len(parts) > 2:
            return float(s.replace(".", ""))
        if len(parts[1]) == 3 and parts[0] != "0" and lang == "fr" and not money_prefix:
            return float(s.replace(".", ""))
        return float(s)
    return float(s)


_WORD_TOKEN = re.compile(r"[^\W\d_]+")
_TENS = frozenset({20, 30, 40, 50, 60, 70, 80, 90})


def _parse_words(s: str, words: dict[str, float]) -> tuple[float, int] | None:
    """Value of a number-word phrase and how many characters of `s` it really covers.

    The regex joins any run of number words; this keeps only the prefix that reads as one
    number ("vingt-sept", "quatre-vingt-dix-neuf", "two hundred and five"), so "deux trois"
    is 2.
    """
    total = 0.0
    current = 0.0
    last: float | None = None  # value of the current group below 100, None at a group start
    end = 0
    used = 0
    toks = list(_WORD_TOKEN.finditer(s))
    for i, m in enumerate(toks):
        t = m.group(0).lower()
        if t in ("et", "and"):
            continue
        if t == "a":
            if i + 1 < len(toks) and toks[i + 1].group(0).lower() in _NO_LEAD_SCALES:
                current = 1
                last = 1
                end = m.end()
                continue
            break
        if t not in words:
            break
        v = words[t]
        if used == 0 and t in _NO_LEAD_SCALES and current == 0:
            return None
        if v == 0:
            if used:
                break
        elif v < 100:
            if last is not None:
                if t in ("vingt", "vingts") and last == 4 and current % 100 == 4:
                    current += 76
                    last = 80
                    used += 1
                    end = m.end()
                    continue
                # "vingt-sept", "dix-huit", "soixante-douze", "quatre-vingt-onze"; anything else ends it
                if not ((last in _TENS and 1 <= v <= 9) or (last == 10 and 7 <= v <= 9)
                        or (last in (60, 80) and 10 <= v <= 19)):
                    break
            current += v
            last = current % 100
        elif v == 100:
            if current >= 100:
                break
            current = (current or 1) * 100
            last = None
        else:
            total += (current or 1) * v
            current = 0
            last = None
        used += 1
        end = m.end()
    if used == 0:
        return None
    return total + current, end


# --------------------------------------------------------------------------- recognisers


def _norm_meas(u: str) -> str:
    s = _deaccent(u).lower()
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


def _scale_value(s: str | None) -> float:
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


def _suffix_facets(s: str | None) -> list[tuple[str, str]]:
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
        per = _PER_WORDS.get(w) or _PER_WORDS.get(w + "s")
        if per and ("per", per) not in out:
            out.append(("per", per))
    return out


def _currency(s: str) -> str:
    low = s.lower().split()[0] if s.strip() else s
    return _CURRENCIES.get(low, _CURRENCIES.get(s.strip(), "EUR"))


def _dur_unit(u: str) -> tuple[str, str, float, bool, bool]:
    """(canonical, normalised unit, factor, business, written "h") for a duration unit text."""
    low = u.lower().strip()
    if low in _DURATION_UNITS:
        canon, norm, factor = _DURATION_UNITS[low]
        return canon, norm, factor, False, low == "h"
    business = bool(re.search(r"business|working|ouvr|de\s+travail", low))
    low = re.sub(r"^(?:business|working)[\s-]+", "", low)
    low = re.sub(r"\s+(?:ouvrée?s?|ouvrables?|de\s+travail)$", "", low)
    canon, norm, factor = _DURATION_UNITS.get(low, ("day", "day", 1.0))
    return canon, norm, factor, business, low == "h"


_OWN_NOUN = re.compile(r"\s+(?!(?:à|a|et|and|to|ou|or|au|jusqu|de|d|of|per|par|pour|for)\b)[^\W\d_]{3,}")


def _scan_core(text: str, lang: str | None, ms: list[re.Match[str]], words: dict[str, float]) -> list[_C]:
    out: list[_C] = []
    for m in ms:
        start, end = m.start(), m.end()
        approx_q: str | None = None
        approximate = False
        det = False
        if m.group("digits") is not None:
            try:
                base = _parse_digits(m.group("digits"), lang)
            except ValueError:
                continue
        elif m.group("words") is not None:
            parsed = _parse_words(m.group("words"), words)
            if parsed is None:
                continue
            base, used = parsed
            wtxt = m.group("words")
            if used < len(wtxt.rstrip()):
                # Only a prefix reads as one number: keep it, without the unit after the run.
                end = m.start("words") + used
                toks = wtxt[:used].lower().split()
                if len(toks) == 1 and toks[0] in _DETERMINERS:
                    continue
                out.append(_C(start, end, 7, "count", base, raw=base, bare=True))
                continue
            det = wtxt.strip().lower() in _DETERMINERS
        else:
            an = m.group("anoun")
            noun = _WORD_TOKEN.findall(an)[-1].lower()
            if noun == "of":
                noun = _WORD_TOKEN.findall(an)[-2].lower()
            base = _APPROX_NOUNS.get(noun, 0.0)
            approximate = True
            approx_q = "gte" if noun.endswith("s") else "approx"
        mult = _scale_value(m.group("scale"))
        value = base * mult
        c = _C(start, end, 7, "count", value, raw=value, qualifier=approx_q, approximate=approximate,
               det=det)
        if m.group("pct") is not None:
            c.kind, c.unit = "percent", "%"
        elif m.group("cur") is not None:
            c.kind, c.unit = "money", _currency(m.group("cur"))
        elif m.group("dur") is not None:
            canon, norm, factor, business, habbr = _dur_unit(m.group("dur"))
            c.kind, c.unit, c.value, c.habbr = "duration", norm, value * factor, habbr
            c.extra.append(("unit", canon))
            if business:
                c.extra.append(("business", "1"))
            if det and canon == "day":
                before = text[max(0, start - 12):start].lower()
                if not re.search(r"(?:\ben|\bdans|\bsous|\bpendant|\bin|\bwithin|\bfor|\bunder|\bafter"
                                 r"|\bthan|\bde|\bd['’])\s*$", before):
                    continue
        elif m.group("meas") is not None:
            c.unit = _norm_meas(m.group("meas"))
        else:
            if det:
                continue
            # "60 agents" says what it counts: it never takes the unit of a neighbouring price.
            c.bare = (m.group("scale") is None and m.group("anoun") is None
                      and not _OWN_NOUN.match(text, end))
            if m.group("scale") is not None:
                c.raw = base
        if m.group("suf"):
            c.extra.extend(_suffix_facets(m.group("suf")))
        if det and c.kind == "count" and c.unit is None:
            continue
        out.append(c)
    return out


def _scan_money_prefix(ms: list[re.Match[str]]) -> list[_C]:
    out: list[_C] = []
    for m in ms:
        try:
            base = _parse_digits(m.group("pdigits"), None, money_prefix=True)
        except ValueError:
            continue
        value = base * _scale_value(m.group("pscale"))
        c = _C(m.start(), m.end(), 6, "money", value, unit=_currency(m.group("pcur")), raw=value)
        c.extra.extend(_suffix_facets(m.group("psuf")))
        out.append(c)
    return out


def _ident(start: int, end: int, text: str, prio: int = 0) -> _C:
    raw = text[start:end]
    ident = "".join(raw.split()).upper()
    return _C(start, end, prio, "identifier", None, extra=[("id", ident)])


def _scan_identifiers(text: str, pats: _Patterns, ms: list[re.Match[str]], alnum: list[re.Match[str]]) -> list[_C]:
    out: list[_C] = []
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


def _scan_schedules(ms: list[re.Match[str]]) -> list[_C]:
    out: list[_C] = []
    for m in ms:
        extra: list[tuple[str, str]]
        if m.group("sdr") is not None:
            d1 = m.group("d1") or m.group("d3") or m.group("d5") or ""
            d2 = m.group("d2") or m.group("d4") or m.group("d6") or ""
            a = _DAY_NAMES.get(_deaccent(d1).lower()[:3], "?")
            b = _DAY_NAMES.get(_deaccent(d2).lower()[:3], "?")
            extra = [("days", f"{a}-{b}")]
        elif m.group("swk") is not None:
            extra = [("days", "mon-fri")]
        elif m.group("swe") is not None:
            extra = [("days", "sat-sun")]
        else:
            extra = [("hours", "0-24"), ("days", "7")]
        out.append(_C(m.start(), m.end(), 1, "schedule", None, extra=extra))
    return out


def _year_of(s: str | None, words: dict[str, float]) -> int | None:
    if not s:
        return None
    s = s.strip()
    if s.isdigit():
        y = int(s)
    else:
        p = _parse_words(s, words)
        if p is None or p[1] < len(s.rstrip()):
            return None
        y = int(p[0])
    return y if 1900 <= y <= 2100 else None


def _day_of(s: str, words: dict[str, float]) -> int | None:
    s = s.strip().lower()
    if s == "premier":
        return 1
    digits = re.match(r"\d+", s)
    if digits:
        d = int(digits.group(0))
    else:
        p = _parse_words(s, words)
        if p is None or p[1] < len(s):
            return None
        d = int(p[0])
    return d if 1 <= d <= 31 else None


def _date_cand(start: int, end: int, y: int | None, mo: int, d: int) -> _C | None:
    try:
        day = date(y if y is not None else 2000, mo, d)
    except ValueError:
        return None
    extra = [("year", str(y) if y is not None else "?"), ("month", str(mo)), ("day", str(d))]
    return _C(start, end, 2, "date", float(day.toordinal()), unit="day", extra=extra)


def _scan_dates(lang: str | None, ms: list[re.Match[str]], words: dict[str, float]) -> list[_C]:
    out: list[_C] = []
    for m in ms:
        c: _C | None = None
        if m.group("d1") is not None:
            d = _day_of(m.group("dd"), words)
            mo = _month_number(m.group("dm"))
            if d is None or not mo:
                continue
            y = _year_of(m.group("dy"), words)
            end = m.end() if y is not None else m.end("dm")
            c = _date_cand(m.start(), end, y, mo, d)
        elif m.group("d2") is not None:
            mo = _month_number(m.group("mm"))
            y = _year_of(m.group("my"), words)
            c = _date_cand(m.start(), m.end(), y, mo, int(m.group("md")))
        elif m.group("d3") is not None:
            y = _year_of(m.group("oy"), words)
            mo = _month_number(m.group("om"))
            if y is None or not mo:
                continue
            c = _C(m.start(), m.end(), 2, "date", float(y * 12 + mo - 1), unit="month",
                   extra=[("year", str(y)), ("month", str(mo))])
        elif m.group("d4") is not None:
            a, b, y = int(m.group("n1")), int(m.group("n2")), int(m.group("n3"))
            d, mo = (b, a) if lang == "en" and b > 12 else (a, b)
            c = _date_cand(m.start(), m.end(), y, mo, d)
        elif m.group("d5") is not None:
            c = _date_cand(m.start(), m.end(), int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        elif m.group("d6") is not None or m.group("d7") is not None:
            y = int(m.group("hy") or m.group("hy2"))
            if m.group("d6") is not None:
                n = int(re.sub(r"\D", "", _ORDINAL_WORDS.get(m.group("hw").lower(), m.group("hw"))) or 0)
                half = m.group("hq").lower() in ("semestre", "half")
            else:
                n = int(m.group("hn"))
                half = m.group("hc") in "HS"
            if half and n in (1, 2):
                c = _C(m.start(), m.end(), 2, "date", float(y * 2 + n - 1), unit="half",
                       extra=[("year", str(y))])
            elif not half and 1 <= n <= 4:
                c = _C(m.start(), m.end(), 2, "date", float(y * 4 + n - 1), unit="quarter",
                       extra=[("year", str(y))])
        elif m.group("d8") is not None:
            w = _deaccent(m.group("fw")).lower()
            unit = ("year_end" if w in ("fin", "end", "late", "year-end") else
                    "year_mid" if w in ("mi", "mid") else "year_start")
            y = int(m.group("fy"))
            c = _C(m.start(), m.end(), 2, "date", float(y), unit=unit, extra=[("year", str(y))])
        if c is not None:
            out.append(c)
    return out


_ORDINAL_WORDS = {"premier": "1", "1er": "1", "first": "1", "1st": "1", "second": "2", "seconde": "2",
                  "deuxième": "2", "2e": "2", "2nd": "2", "2ème": "2", "troisième": "3", "3e": "3",
                  "3ème": "3", "third": "3", "3rd": "3", "quatrième": "4", "4e": "4", "4ème": "4",
                  "fourth": "4", "4th": "4"}


def _scan_times(ms: list[re.Match[str]]) -> list[_C]:
    out: list[_C] = []
    for m in ms:
        if m.group("t1") is not None:
            h = int(m.group("th")) + int(m.group("tm")) / 60
            c = _C(m.start(), m.end(), 3, "time_of_day", h, unit="h", raw=h, habbr=True)
            if int(m.group("th")) < 5:
                # "1h30" reads as a duration unless a clock preposition says otherwise.
                c.kind, c.unit = "duration", "hour"
                c.extra = [("unit", "hour")]
            out.append(c)
        elif m.group("t2") is not None:
            h = int(m.group("ah")) % 12 + (int(m.group("amm") or 0) / 60)
            if m.group("ap").lower().startswith("p"):
                h += 12
            out.append(_C(m.start(), m.end("t2"), 3, "time_of_day", h, unit="h", raw=h))
        elif m.group("t3") is not None:
            h = int(m.group("ch")) + int(m.group("cm")) / 60
            out.append(_C(m.start(), m.end(), 3, "time_of_day", h, unit="h", raw=h))
        else:
            w = m.group("t4").lower()
            h = 12.0 if w in ("midi", "noon") else 0.0
            out.append(_C(m.start(), m.end(), 3, "time_of_day", h, unit="h", raw=h))
    return out


def _num_value(s: str | None, lang: str | None, words: dict[str, float]) -> float | None:
    if s is None:
        return None
    if s[0].isdigit():
        try:
            return _parse_digits(s, lang)
        except ValueError:
            return None
    p = _parse_words(s, words)
    if p is None or p[1] < len(s.rstrip()):
        return None
    return p[0]


def _scan_frequencies(lang: str | None, ms: list[re.Match[str]], words: dict[str, float]) -> list[_C]:
    out: list[_C] = []
    for m in ms:
        hours: float | None = None
        if m.group("f5") is not None:
            w = m.group("f5").lower()
            for stem, h in _FREQ_ADJECTIVES.items():
                if w.startswith(stem[:7]) and (w.startswith(stem) or stem.startswith(w[:7])):
                    hours = float(h)
                    break
            if w.startswith("journali"):
                hours = 24.0
            if w.startswith("quotidien"):
                hours = 24.0
        else:
            u = (m.group("u1") or m.group("u2") or m.group("u3") or m.group("u4") or "").lower()
            period = _PERIOD_HOURS.get(u)
            if period is None:
                continue
            if m.group("f4") is not None:
                once = (m.group("once") or "").lower()
                n = {"once": 1.0, "twice": 2.0, "thrice": 3.0}.get(once) if once else _num_value(
                    m.group("n4"), lang, words)
                if not n:
                    continue
                hours = period / n
            else:
                n_txt = m.group("n1") or m.group("n3")
                n = _num_value(n_txt, lang, words) if n_txt else 1.0
                if n is None:
                    continue
                if m.group("other"):
                    n = 2.0
                hours = period * n
        if hours is not None:
            out.append(_C(m.start(), m.end(), 4, "frequency", hours, unit="period"))
    return out


def _scan_factors(lang: str | None, ms: list[re.Match[str]], words: dict[str, float]) -> list[_C]:
    out: list[_C] = []
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
            value = _num_value(txt, lang, words)
        if value is None:
            continue
        extra = [("direction", direction)] if direction else []
        out.append(_C(m.start(), m.end(), 5, "factor", value, extra=extra))
    return out


_COUNT_LEAD = re.compile(
    r"(?<![\w])(?i:plus\s+de|moins\s+de|more\s+than|less\s+than|fewer\s+than|environ|près\s+de"
    r"|about|around|au\s+moins|at\s+least|nearly|almost|over|some|soit|les|des|ses|nos|vos|leurs)"
    + _HS + r"*$"
)


def _scan_years(text: str, ms: list[re.Match[str]]) -> list[_C]:
    """Four-digit numbers 1900-2100 read as years, unless a count word comes right before them."""
    out: list[_C] = []
    for m in ms:
        if _COUNT_LEAD.search(text[max(0, m.start() - 15):m.start()]):
            continue
        out.append(_C(m.start(), m.end(), 6, "year", float(m.group(0)), raw=float(m.group(0))))
    return out


def _scan_ordinals(ms: list[re.Match[str]]) -> list[_C]:
    return [_C(m.start(), m.end(), 9, "ordinal", float(m.group("on"))) for m in ms]


def _scan_a_units(ms: list[re.Match[str]]) -> list[_C]:
    out: list[_C] = []
    for m in ms:
        canon, norm, factor = _DURATION_UNITS[m.group("au").lower()]
        out.append(_C(m.start("an"), m.end("an"), 7, "duration", factor, unit=norm, raw=1.0,
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


def _scan_temperatures(text: str) -> list[_C]:
    """"-25 °C", "+2/+8 °C", "entre +15 et +25 °C": a signed temperature or a range of them.

    Read before counts, so that the sign and the unit stay with the number ("à -25 °C" is not
    a count of 25, and "+2/+8 °C" is one range, not two figures)."""
    out: list[_C] = []
    for m in _TEMPERATURE.finditer(text):
        low = _temperature_value(m.group("a"))
        high = _temperature_value(m.group("b")) if m.group("b") else None
        if high is not None and high < low:
            low, high = high, low
        out.append(_C(m.start(), m.end(), 0, "temperature", low, unit="C", high=high))
    return out


_HALF = re.compile(
    r"(?i:\b(?:une?\s+)?demi[- ](?P<fr>journée|journee|jour|heure|semaine|année|annee|mois)\b"
    r"|\bhalf(?:\s+an?|-an?)?[\s-](?P<en>day|hour|week|year|month)\b)"
)
_HALF_UNITS = {"journée": "day", "journee": "day", "jour": "day", "heure": "hour", "semaine": "week",
               "année": "year", "annee": "year", "mois": "month", "day": "day", "hour": "hour",
               "week": "week", "year": "year", "month": "month"}


_QUARTER_HOUR = re.compile(
    r"(?i:\b(?:(?P<three>trois|three)\s+)?(?:un\s+|a\s+)?quarts?\s+d['’]heure\b"
    r"|\b(?:(?P<three_en>three)\s+|a\s+)?quarters?\s+of\s+an\s+hour\b)"
)


def _scan_halves(text: str) -> list[_C]:
    """"une demi-journée", "half a day", "half-hour", "un quart d'heure": fractions of a unit."""
    out: list[_C] = []
    for m in _QUARTER_HOUR.finditer(text):
        canon, norm, factor = _DURATION_UNITS["hour"]
        part = 0.75 if (m.group("three") or m.group("three_en")) else 0.25
        out.append(_C(m.start(), m.end(), 7, "duration", factor * part, unit=norm, raw=part,
                      extra=[("unit", canon)]))
    for m in _HALF.finditer(text):
        unit = _HALF_UNITS[(m.group("fr") or m.group("en")).lower()]
        canon, norm, factor = _DURATION_UNITS[unit]
        out.append(_C(m.start(), m.end(), 7, "duration", factor * 0.5, unit=norm, raw=0.5,
                      extra=[("unit", canon)]))
    return out

# --------------------------------------------------------------------------- dispatch

# Recognisers, by index into _Patterns.by_id.
(_R_CORE, _R_MONEY, _R_IDENT, _R_ALNUM, _R_SCHED, _R_DATE, _R_TIME, _R_FREQ, _R_FACTOR, _R_YEAR,
 _R_ORD, _R_AUNIT) = range(12)
_N_REC = 12
_NUMWORD_RECS = (_R_CORE, _R_DATE, _R_FREQ, _R_FACTOR)


def _keyword_table() -> dict[str, tuple[int, ...]]:
    """Words that may start a quantity, and the recognisers worth trying where they occur."""
    table: dict[str, set[int]] = {}

    def add(words: object, *recs: int) -> None:
        for w in words:  # type: ignore[attr-defined]
            table.setdefault(str(w).lower(), set()).update(recs)

    add(_ALL_NUMBERS, *_NUMWORD_RECS)
    add(("premier", "first", "second", "seconde", "deuxième", "troisième", "quatrième", "third", "fourth",
         "fin", "début", "debut", "mi", "end", "start", "beginning", "mid", "early", "late", "year"), _R_DATE)
    add(("la", "cette", "des", "plusieurs", "quelques", "a", "dozens", "hundreds", "thousands", "millions",
         "billions"), _R_CORE)
    add(("a", "an"), _R_AUNIT)
    add((m.rstrip(".") for m in _MONTHS_FR + _MONTHS_EN), _R_DATE)
    add(("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "monday", "tuesday",
         "wednesday", "thursday", "friday", "saturday", "sunday"), _R_DATE, _R_SCHED)
    add(("lun", "mar", "mer", "jeu", "ven", "sam", "dim", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
         "du", "from", "around", "round", "jour", "nuit", "day", "night", "en", "les", "on", "weekdays", "seven", "sept",
         "week", "jours", "business", "working", "le", "weekend", "weekends"), _R_SCHED)
    add(("midi", "minuit", "noon", "midnight"), _R_TIME)
    add(("toutes", "tous", "chaque", "every", "each", "once", "twice", "thrice", "hourly", "nightly", "daily",
         "weekly", "fortnightly", "monthly", "quarterly", "half", "semi", "annual", "annually", "yearly",
         "hebdomadaire", "hebdomadaires"), _R_FREQ)
    for stem in ("quotidien", "bimensuel", "mensuel", "trimestriel", "semestriel", "annuel"):
        add((stem, stem + "s", stem + "le", stem + "les", stem + "ne", stem + "nes"), _R_FREQ)
    add(("journalier", "journaliers", "journalière", "journalières"), _R_FREQ)
    add(("twice", "thrice", "x", "de", "by", "in", "d", "divisé", "divisée", "divisés", "divisées", "diviser",
         "divise", "divisent", "divided", "divide", "divides", "dividing", "multiplié", "multipliée",
         "multipliés", "multipliées", "multiplier", "multiplie", "multiplient", "multiplied", "multiply",
         "multiplies", "doublé", "doublée", "doublés", "doublées", "doubler", "doublent", "doubled",
         "doubling", "triplé", "triplée", "triplés", "triplées", "tripler", "tripled", "quadruplé",
         "quadruplée", "quadruplés", "quadruplées", "quadrupled", "halved", "halve", "halves", "halving"),
        _R_FACTOR)
    add((*_LABELS, "follow", "art", "p", "no", "fig", "vol", "n", "secnumcloud", "rgpd", "gdpr", "hds",
         "hipaa", "eidas", "cspn", "soc", "nis", "pci", "iso", "iec", "nf", "bs", "rfc", "ieee", "ansi",
         "din", "zip"), _R_IDENT)
    return {k: tuple(sorted(v)) for k, v in table.items()}


_KEYWORDS = _keyword_table()


def _trigger_regex() -> re.Pattern[str]:
    """One cheap pass that finds every place where a quantity could start."""
    return re.compile(
        r"(?<![\w])(?:(?P<dig>\d)|(?P<kw>(?i:" + _alt(_KEYWORDS) + r"))(?![\w])"
        r"|(?P<caps>[A-Z]{2}|[a-z]{1,4}[A-Z]|[HSQT][1-4]|[JDM][+-]\d)|(?P<aln>[^\W\d_]\w*\d))"
        r"|(?P<cur>[€$£])|(?P<sym>[#\[+(§])|(?P<times>×)"
    )


_GROUP_RECS: dict[str, tuple[int, ...]] = {
    "caps": (_R_IDENT, _R_MONEY, _R_DATE, _R_ALNUM),
    "aln": (_R_ALNUM, _R_IDENT, _R_FACTOR, _R_DATE),
    "cur": (_R_MONEY,),
    "sym": (_R_IDENT,),
    "times": (_R_FACTOR,),
}


def _digit_recs(text: str, pos: int) -> tuple[int, ...]:
    """The recognisers worth trying at a digit, from the shape of its digit run (a cheap peek)."""
    end = pos
    n = len(text)
    while end < n and text[end].isdigit():
        end += 1
    size = end - pos
    nxt = text[end:end + 1]
    recs = [_R_CORE]
    if size <= 2:
        recs += (_R_DATE, _R_TIME, _R_IDENT)
        if text.startswith("24", pos) or (size == 1 and text[pos] == "7"):
            recs.append(_R_SCHED)
    elif size == 4:
        recs.append(_R_YEAR)
        if nxt == "-":
            recs.append(_R_DATE)
    if (size in (3, 5) or nxt == ".") and _R_IDENT not in recs:
        recs.append(_R_IDENT)
    if nxt.isalpha():
        recs += (_R_ORD, _R_ALNUM)
    window = text[end:end + 30].lower()
    if "fois" in window or "time" in window or "x" in window[:2] or "×" in window[:2]:
        recs += (_R_FACTOR, _R_FREQ)
    return tuple(recs)


_FACTOR_NEEDS = {"de": ("moiti",), "by": ("half", "factor"), "in": ("half",), "d": ("facteur",)}


def _filter_word_recs(word: str, recs: tuple[int, ...], text: str, end: int) -> tuple[int, ...]:
    """Drop recognisers a number word or a short function word cannot start here (a cheap peek)."""
    if word in _ALL_NUMBERS:
        window = text[end:end + 30].lower()
        keep = [_R_CORE]
        if "fois" in window or "time" in window:
            keep += (_R_FACTOR, _R_FREQ)
        if word in _DAY_WORDS:
            keep.append(_R_DATE)
        if _R_SCHED in recs:  # "seven days a week", "sept jours sur sept"
            keep.append(_R_SCHED)
        return tuple(keep)
    need = _FACTOR_NEEDS.get(word)
    if need is not None:
        window = text[end:end + 20].lower()
        if not any(n in window for n in need):
            return tuple(r for r in recs if r != _R_FACTOR)
    return recs


def _dispatch(text: str, pats: _Patterns) -> list[list[re.Match[str]]]:
    """Run each recogniser only where the trigger pass says a quantity could start."""
    found: list[list[re.Match[str]]] = [[] for _ in range(_N_REC)]
    by_id = pats.by_id
    kw = _KEYWORDS
    for t in pats.trigger.finditer(text):
        group = t.lastgroup or ""
        pos = t.start()
        if group == "kw":
            surface = t.group("kw")
            word = surface.lower()
            recs = kw.get(word, ())
            if _R_FACTOR in recs or _R_FREQ in recs or _R_DATE in recs:
                recs = _filter_word_recs(word, recs, text, t.end())
            if surface == "EN" and _R_IDENT not in recs:
                recs = (*recs, _R_IDENT)  # "EN 9100" is a standard, "en 2025" a date
        elif group == "dig":
            recs = _digit_recs(text, pos)
        else:
            recs = _GROUP_RECS[group]
        for rid in recs:
            m = by_id[rid].match(text, pos)
            if m is not None:
                found[rid].append(m)
    return found


# --------------------------------------------------------------------------- context rules

_QUALIFIER_PHRASES: dict[str, str] = {}
for _q, _phrases in (
    ("approx", ("environ", "à peu près", "aux alentours de", "autour de", "de l'ordre de", "près d'",
                "près de", "presque", "quasiment", "pratiquement", "pas loin de", "proche de", "estimé à",
                "estimée à", "estimés à", "estimées à", "quelque", "nearly", "about", "around", "roughly",
                "almost", "approximately", "approx.", "approx", "close to", "in the region of", "circa",
                "an estimated", "estimated at", "some", "virtually", "~", "≈", "±", "+/-")),
    ("gt", ("un peu plus d'", "un peu plus de", "plus d'", "plus de", "more than", "just over", "upwards of",
            "in excess of", "supérieur à", "supérieure à", "supérieurs à", "supérieures à", "au-delà de",
            "beyond", "exceeding", "greater than", "higher than", "above", "over")),
    ("gte", ("au moins", "at least", "dès", "à partir de", "a partir de", "à partir d'", "starting at",
             "starting from", "starts at", "start at", "from just", "from only", "démarrent à", "démarre à",
             "commencent à", "commence à", "au minimum", "minimum de", "minimum", "no less than",
             "pas moins de", "not less than", "a minimum of", "un minimum de")),
    ("lt", ("un peu moins d'", "un peu moins de", "moins d'", "moins de", "less than", "fewer than",
            "just under", "in under", "under", "below", "inférieur à", "inférieure à",
            "inférieurs à", "inférieures à")),
    # A deadline includes its bound: "sous 72 heures" is met by a reply in exactly 72 hours.
    ("lte", ("within", "sous", "dans les", "jusqu'à", "jusqu'", "up to", "at most", "au maximum", "au plus", "maximum de", "maximum",
             "no more than", "not more than", "pas plus de", "a maximum of", "un maximum de", "max.", "max")),
):
    for _ph in _phrases:
        _QUALIFIER_PHRASES[_ph] = _q
_DURATION_ONLY_BOUNDS = frozenset({"dans les", "sous", "within"})
_PREQ = re.compile(r"(?<![\w])(?i:" + _alt(_QUALIFIER_PHRASES, loose=True) + r")" + _HS + r"*$")


def _qualifier_before(window: str) -> tuple[str, str] | None:
    """(qualifier, phrase) when `window` ends with a qualifier phrase ("plus de ", "at least ")."""
    m = _PREQ.search(window)
    if m is None:
        return None
    phrase = " ".join(m.group(0).lower().replace("’", "'").split())
    q = _QUALIFIER_PHRASES.get(phrase)
    return (q, phrase) if q else None


_POSTQ = re.compile(
    r"^" + _HS + r"*(?i:(?P<gte>ou\s+plus|or\s+more|et\s+plus|and\s+more|and\s+above|and\s+up|or\s+above"
    r"|au\s+minimum|minimum|au\s+moins|at\s+least|min\.)(?![\w])(?!" + _HS + r"*\d)"
    r"|(?P<lte>ou\s+moins|or\s+less|or\s+fewer|and\s+under|and\s+below|au\s+maximum|maximum|max\.?"
    r"|at\s+most|au\s+plus)(?![\w])(?!" + _HS + r"*\d)"
    r"|(?P<approx>environ|approximately|or\s+so|à\s+peu\s+près|approx\.?)(?![\w])(?!" + _HS + r"*\d))"
)
_PRESTAT = re.compile(
    r"(?i:(?P<mean>en\s+moyenne|on\s+average|in\s+average|moyen(?:ne)?" + _HS + r"*(?::|de|d['’]|à|est\s+de)"
    r"|average(?:" + _HS + r"+(?:of|is|was))?|mean(?:" + _HS + r"+(?:of|is))?)|(?P<median>(?:médiane|median)"
    + _HS + r"*(?::|de|d['’]|à|of|is|was)?))" + _HS + r"*(?:(?:environ|près\s+de|about|around|plus\s+de"
    r"|moins\s+de|more\s+than|less\s+than)" + _HS + r"*)?$"
)
_POSTSTAT = re.compile(
    r"^[^\S\n]*(?i:(?P<mean>en\s+moyenne|on\s+average|in\s+average|\((?:en\s+)?moyenne\)|\(average\)|\(mean\))"
    r"|(?P<median>\(médiane\)|\(median\)|en\s+médiane))"
)
_TIME_PREP = re.compile(r"(?<![\w])(?i:(?P<strong>à|vers|dès|at)|(?P<weak>avant|après|jusqu['’]à|until|till"
                        r"|before|after|from|by))" + _HS + r"*$")
_TIME_POST = re.compile(r"^" + _HS + r"*(?i:(?P<am>du\s+matin)|(?P<pm>du\s+soir|de\s+l['’]après-midi))\b")
_CONNECT = re.compile(r"\s*(?:(?P<dash>[-–—])|(?P<to>(?i:à|au|to|through|thru|until|till|jusqu['’]à))"
                      r"|(?P<and>(?i:et|and)))\s*")
_LEAD = re.compile(r"(?<![\w])(?:(?P<from>(?i:de|d['’]|from|du))|(?P<between>(?i:entre|between)))" + _HS + r"*$")
_CHANGE_VERB = re.compile(
    r"(?<![\w])(?i:pass(?:e|é|ée|és|ées|ent|ait|aient|era|eront|ant|er)|progress(?:e|é|ent|ait|era|ant|er)"
    r"|augment(?:e|é|ée|és|ées|ent|ait|era|ant|er)|baiss(?:é|ée|és|ées|ent|ait|era|ant|er)"
    r"|diminu(?:e|é|ée|és|ées|ent|ait|era|ant|er)|recul(?:e|é|ée|és|ées|ent|ait|era|ant|er)"
    r"|chut(?:é|ée|és|ent|ait|era|ant|er)|grimp(?:e|é|ée|ent|ait|era|ant|er)"
    r"|tomb(?:é|ée|és|ent|ait|era|ant|er)|r[ée]dui(?:t|te|ts|tes|sent|sait|ra|sant|re)"
    r"|ramen(?:é|ée|és|ées|er|ant)|amélior(?:e|é|ée|és|ées|ent|er|ant)|évolu(?:e|é|ent|ait|ant|er)"
    r"|descend(?:u|ue|us|ent|ait|ant|re)|mont(?:é|ée|és|ées)|bondi|went|go|goes|gone|going|rose|rise|rises"
    r"|risen|rising|fell|fall|falls|fallen|falling|dropped|drops|drop|dropping|grew|grow|grows|grown|growing"
    r"|increased|increases|increase|increasing|decreased|decreases|decrease|decreasing|declined|declines"
    r"|decline|climbed|climbs|climb|jumped|jumps|improved|improves|improve|improving|cut|cuts|cutting"
    r"|reduced|reduces|reduce|reducing|lowered|lowers|raised|raises|raise|raising|moved|moves|shrank"
    r"|shrunk|slashed|brought|boosted|boosts|changed)(?![\w])"
)
_CLAUSE_BREAK = re.compile(r"[,;:.!?()«»\"\n]")
_MERGEABLE = frozenset({"count", "percent", "money", "duration", "time_of_day", "year", "date", "frequency"})
_QUALIFIABLE = frozenset({"count", "percent", "money", "duration", "time_of_day", "factor", "year", "date"})


def _resolve(cands: list[_C]) -> list[_C]:
    """Leftmost-longest, then recogniser priority; drops everything that overlaps a winner."""
    cands.sort(key=lambda c: (c.start, -(c.end - c.start), c.prio))
    out: list[_C] = []
    last_end = -1
    for c in cands:
        if c.start >= last_end and c.end > c.start:
            out.append(c)
            last_end = c.end
    return out


def _to_time(c: _C) -> None:
    c.kind, c.unit, c.extra = "time_of_day", "h", [e for e in c.extra if e[0] not in ("unit", "business")]
    c.value = c.raw if c.raw is not None else c.value


def _is_hour_dur(c: _C) -> bool:
    return c.kind == "duration" and c.unit == "hour" and c.value is not None and c.value <= 24


def _apply_time_context(text: str, cands: list[_C]) -> None:
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


def _adopt(bare: _C, other: _C) -> None:
    """A bare number in a range or a transition takes the unit of its sibling ("de 23 à 6 jours")."""
    raw = bare.raw if bare.raw is not None else bare.value
    if raw is None:
        return
    if other.kind == "date":
        if other.unit != "day" or not (1 <= raw <= 31) or raw != int(raw):
            return
        ex = dict(other.extra)
        y = None if ex.get("year", "?") == "?" else int(ex["year"])
        c = _date_cand(bare.start, bare.end, y, int(ex["month"]), int(raw))
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


def _compatible(a: _C, b: _C) -> bool:
    if a.kind != b.kind or a.kind not in _MERGEABLE:
        return False
    if a.kind == "duration":
        return True
    return a.unit == b.unit


def _merge_ranges(text: str, cands: list[_C]) -> list[_C]:
    out: list[_C] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if b is None or a.kind not in _MERGEABLE or b.kind not in _MERGEABLE:
            out.append(a)
            i += 1
            continue
        conn = _CONNECT.fullmatch(text, a.end, b.start)
        if conn is None:
            out.append(a)
            i += 1
            continue
        lead = _LEAD.search(text[max(0, a.start - 12):a.start])
        both_times = a.kind == b.kind == "time_of_day"
        ok = (conn.group("dash") is not None
              or (conn.group("to") is not None and (bool(lead and lead.group("from")) or both_times))
              or (conn.group("and") is not None and bool(lead and lead.group("between"))))
        if conn.group("dash") and (a.bare and b.bare) and lead is None:
            ok = ok and a.value is not None and b.value is not None and a.value < b.value
        if (not ok and conn.group("to") is not None and a.bare and not b.bare and b.kind != "time_of_day"
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
        if (a.kind in ("duration", "time_of_day") and b.kind in ("duration", "time_of_day")
                and (a.kind == "time_of_day" or _is_hour_dur(a))
                and (b.kind == "time_of_day" or _is_hour_dur(b))
                and (a.kind == "time_of_day" or b.kind == "time_of_day" or (a.habbr and b.habbr))):
            for c in (a, b):
                if c.kind == "duration":
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
                and a.kind not in ("time_of_day", "date")):
            transition = True
        if transition:
            out.append(a)
            i += 1
            continue
        a.end = b.end
        a.high = b.value
        if a.kind == "duration" and a.unit != b.unit and b.value is not None:
            a.high = b.value * 24 if b.unit == "day" else b.value / 24
        keys = {k for k, _ in a.extra}
        for e in b.extra:
            if e[0] not in keys or (e[0] == "per" and e not in a.extra):
                a.extra.append(e)
        out.append(a)
        i += 2
    return out


def _apply_qualifiers(text: str, cands: list[_C]) -> None:
    prev_end = 0
    for idx, c in enumerate(cands):
        nxt = cands[idx + 1].start if idx + 1 < len(cands) else len(text)
        if c.kind in _QUALIFIABLE:
            before = text[max(prev_end, c.start - 40):c.start]
            found = _qualifier_before(before)
            if found is not None:
                q, phrase = found
                if c.kind == "duration" and phrase == "over":
                    pass  # "over 12 months" is a period, not "more than"
                elif c.kind not in ("duration", "time_of_day") and phrase in _DURATION_ONLY_BOUNDS:
                    pass  # "dans les 12 régies" is not "within 12"
                else:
                    c.qualifier = q
            after = text[c.end:min(nxt, c.end + 25)]
            pm = _POSTQ.match(after)
            if pm is not None and c.qualifier is None:
                c.qualifier = next(k for k in ("gte", "lte", "approx") if pm.group(k))
            if c.kind in ("count", "percent", "money", "duration"):
                window = text[max(prev_end, c.start - 30):c.start]
                low = window.lower()
                sm = (_PRESTAT.search(window) if ("moy" in low or "average" in low or "median" in low
                                                  or "médian" in low or "mean" in low) else None)
                sm = sm or _POSTSTAT.match(after)
                if sm is not None:
                    c.extra.append(("stat", "mean" if sm.group("mean") else "median"))
        prev_end = c.end


@lru_cache(maxsize=8192)
def figures_of(text: str, lang: str) -> tuple[Quantity, ...]:
    """`find_quantities`, memoised: a sentence is read by the claim finder and then by the matcher."""
    return tuple(find_quantities(text, lang))


def find_quantities(text: str, lang: str | None = None) -> list[Quantity]:
    """Every figure of `text` (offsets are code points into `text`), sorted and non-overlapping.

    `lang` is "fr", "en" or None (both vocabularies; comma rule of English). See the module
    docstring for the reading rules.
    """
    if lang not in ("fr", "en"):
        lang = None
    pats = _patterns()
    words = number_words(lang or "")
    found = _dispatch(text, pats)
    cands: list[_C] = []
    cands += _scan_identifiers(text, pats, found[_R_IDENT], found[_R_ALNUM])
    cands += _scan_schedules(found[_R_SCHED])
    cands += _scan_dates(lang, found[_R_DATE], words)
    cands += _scan_times(found[_R_TIME])
    cands += _scan_frequencies(lang, found[_R_FREQ], words)
    cands += _scan_factors(lang, found[_R_FACTOR], words)
    cands += _scan_money_prefix(found[_R_MONEY])
    cands += _scan_core(text, lang, found[_R_CORE], words)
    cands += _scan_years(text, found[_R_YEAR])
    cands += _scan_ordinals(found[_R_ORD])
    cands += _scan_a_units(found[_R_AUNIT])
    lowered = text.lower()
    if "°" in text or "degr" in lowered:
        cands += _scan_temperatures(text)
    if "demi" in lowered or "half" in lowered or "quart" in lowered:
        cands += _scan_halves(text)
    chosen = _resolve(cands)
    _apply_time_context(text, chosen)
    chosen = _merge_ranges(text, chosen)
    _apply_qualifiers(text, chosen)
    return [
        Quantity(kind=c.kind, value=c.value, unit=c.unit, start=c.start, end=c.end,
                 text=text[c.start:c.end], qualifier=c.qualifier, high=c.high,
                 approximate=c.approximate, extra=tuple(c.extra))
        for c in chosen
    ]


# --------------------------------------------------------------------------- comparison

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
    return bool(pa and pb and pa != pb)


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


def _date_key(q: Quantity) -> tuple[str, int] | None:
    """(precision, value) of a date or a year, coarsest first: year < half/quarter < month < day."""
    if q.kind == "year" and q.value is not None:
        return "year", int(q.value)
    if q.value is None:
        return None
    return (q.unit or "day"), int(q.value)


def _coarsen(q: Quantity, to: str) -> int | None:
    ex = dict(q.extra)
    if q.kind == "year" or q.value is None:
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
    ua = "year" if a.kind == "year" else (a.unit or "day")
    ub = "year" if b.kind == "year" else (b.unit or "day")
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
    if {a.kind, b.kind} <= {"date", "year"}:
        return _same_date(a, b)
    if a.kind != b.kind:
        return None
    if a.kind == "identifier":
        return dict(a.extra).get("id") == dict(b.extra).get("id")
    if a.kind == "schedule":
        ea, eb = dict(a.extra), dict(b.extra)
        common = set(ea) & set(eb)
        if not common:
            return None
        return all(ea[k] == eb[k] for k in common)
    if a.value is None or b.value is None:
        return None
    av, ah, bv, bh = a.value, a.high, b.value, b.high
    if a.kind == "duration" and a.unit != b.unit:
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
    return _compare_numbers(a, av, ah, b, bv, bh)

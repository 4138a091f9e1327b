"""The recognisers' regular expressions: built from `vocab` words, compiled once on first use.

Compiling takes ~20-30 ms, so it happens on the first text read, not at import. The patterns know
the words of every language; `lang` only changes how a match is read (see `numbers`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from proofline.text.patterns import alternation
from proofline.text.quantities.vocab import (
    DAY_WORDS,
    DURATION_UNITS,
    LABELS,
    MONTHS_EN,
    MONTHS_FR,
    WEEKDAYS_EN,
    WEEKDAYS_FR,
    number_words,
)


def alt(words: Iterable[str], loose: bool = False) -> str:
    """A trie-shaped alternation of literal words (text/patterns.py builds it for every stage)."""
    return alternation(words, loose)


# --------------------------------------------------------------------------- regex pieces

HS = r"[^\S\n]"  # horizontal space, any Unicode kind (U+00A0, U+202F included)
_GAP = rf"(?:{HS}*(?:\n{HS}*)?|-)"  # between a number and its unit
_APOS = "['’]"
_DIGITS = (r"(?:\d{1,3}(?:(?:" + HS + r"|,|\.|')\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)?)")
_NUM_START = r"(?<![\w])(?<!\d[.,])(?=\w)"
_WORD_START = r"(?<![\w])(?=\w)"  # every recogniser starts at a word start: cheap rejection

_SCALE = (r"(?:(?i:millions?|milliards?|billions?|thousand|mille)\b|Mds?(?![a-zA-Z])"
          r"|Mrds?(?![a-zA-Z])|bn\b|[kK](?![a-zA-Z])|M(?![a-zA-Z.]))")
_PCT = r"(?:%|(?i:pour[\s-]cents?|per[\s-]?cent|pct)\b)"
_CUR_POST = (r"(?:€|US\$|\$|£|(?i:euros?|dollars?|livres?\s+sterling|pounds?(?:\s+sterling)?"
             r"|francs?\s+suisses|swiss\s+francs?)\b|(?:EUR|USD|GBP|CHF)\b)")
_DUR_WORDS = [k for k in DURATION_UNITS if len(k) > 1 and k not in ("sem.", "mn", "min")]
_DUR = (r"(?:(?i:(?:(?:business|working)[\s-]+)?(?:days?|hours?)|" + "|".join(
    re.escape(w) for w in sorted(_DUR_WORDS, key=len, reverse=True)) + r")\b"
    r"|h(?![a-zA-Z0-9/])|j(?![a-zA-Z0-9/'’])|min\b|mn\b|sem\.)"
    r"(?:" + HS + r"+(?i:ouvrée?s?|ouvrables?|de\s+travail)\b)?")
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
_PER = (r"(?:(?i:(?:/|(?:par|per|a|an|each|chaque)" + HS + r"+)" + HS + r"*"
        r"(?:mois|months?|mo|an|année|years?|yr|annum|trimestre|quarter|semaine|weeks?|jours?|days?"
        r"|utilisateurs?|users?|seats?|sièges?|licences?|licenses?|postes?|abonnés?|subscribers?"
        r"|compteurs?|meters?|sites?|heures?|hours?|h)\b|mensuel(?:le)?s?\b|monthly\b|annuel(?:le)?s?\b"
        r"|annual(?:ly)?\b|yearly\b|p\.a\.))")
_MSUF = r"(?:" + HS + r"*(?:(?i:et|and)" + HS + r"+)?\(?(?:" + _TAX + "|" + _PER + r")\)?)+"

_APPROX = (r"(?:(?i:\b(?:une|la|cette)" + HS + r"+(?:dizaine|douzaine|quinzaine|vingtaine|trentaine"
           r"|quarantaine|cinquantaine|soixantaine|centaine)\b|\bun" + HS + r"+millier\b"
           r"|\b(?:des|plusieurs|quelques)" + HS + r"+(?:dizaines|douzaines|centaines|milliers"
           r"|millions|milliards)\b|\ba" + HS + r"+(?:dozen|couple)\b"
           r"|\b(?:dozens|hundreds|thousands|millions|billions)" + HS + r"+of\b))")


def _wordnum(lang: str | None) -> str:
    words = number_words(lang or "")
    w = r"\b" + alt(set(words)) + r"\b"
    join = r"(?:-et-|-|" + HS + r"+(?:(?:et|and)" + HS + r"+)?)"
    lead = r"(?:\ba" + HS + r"+(?=(?:hundred|thousand|million|billion)\b))?" if lang != "fr" else ""
    return r"(?i:" + lead + w + r"(?:" + join + w + r")*)"



_DAY_FR = alt(WEEKDAYS_FR)
_DAY_EN = alt(WEEKDAYS_EN)
_DAY_ABBR = ("(?:" + "|".join(d[:3].lower() + r"\.?" for d in WEEKDAYS_FR) + "|"
             + "|".join(d[:3] for d in WEEKDAYS_EN) + ")")
_MONTH = "(?:(?i:" + alt(MONTHS_FR) + ")|" + alt(MONTHS_EN) + r")(?![\w])"
_YEAR_DIGITS = r"(?:1[89]\d\d|20\d\d|2100)(?!\d)"


# --------------------------------------------------------------------------- compiled patterns


@dataclass(frozen=True)
class Patterns:
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

    @property
    def by_id(self) -> tuple[re.Pattern[str], ...]:
        return (self.core, self.money_pre, self.ident, self.alnum, self.sched, self.date, self.time,
                self.freq, self.factor, self.year, self.ordinal, self.a_unit)


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """Compile the recognisers once, on first use (~20 ms), so importing the module stays cheap.

    The patterns know the number words of both languages; `lang` only changes how a match is
    read (`numbers.parse_words` with that language's words, the comma rule of `numbers.parse_digits`).
    """
    wn = _wordnum(None)
    # Secondary recognisers (frequency, factor) run only where the trigger pass saw a digit or a
    # number word, so they take any hyphenated word there and check in code that it is a number:
    # embedding the number-word alternation in each of them would triple the compile time.
    num = r"(?:\d+(?:[.,]\d+)?|[^\W\d_]+(?:-[^\W\d_]+)*)"
    core = re.compile(
        _NUM_START + r"(?:(?P<digits>" + _DIGITS + r")|(?P<anoun>" + _APPROX + r")|(?P<words>" + wn + r"))"
        r"(?:" + _GAP + r"(?P<scale>" + _SCALE + r"))?"
        r"(?:" + _GAP + r"(?:(?i:de|d['’]|of)" + HS + r"*)?"
        r"(?:(?P<pct>" + _PCT + r")|(?P<cur>" + _CUR_POST + r")|(?P<dur>" + _DUR + r")|(?P<meas>" + _MEAS + r"))"
        r"(?P<suf>" + _MSUF + r")?)?"
        r"(?![^\W_])"
    )
    money_pre = re.compile(
        r"(?=[€$£UEGC])(?<![\w$€£])(?P<pcur>US\$|€|\$|£|(?:EUR|USD|GBP|CHF)(?=" + HS + r"?\d))" + HS + r"?"
        r"(?P<pdigits>" + _DIGITS + r")(?:" + HS + r"?(?P<pscale>(?i:millions?|billions?|thousand|bn|m|k)\b"
        r"|M(?![a-zA-Z])|K(?![a-zA-Z])))?(?P<psuf>" + _MSUF + r")?(?![^\W_])"
    )
    caps_stop = (r"(?:DE|DU|DES|EN|LE|LA|LES|ET|OU|PAR|POUR|SUR|AVEC|DANS|PLUS|MOINS|THE|OF|IN|AND"
                 r"|FOR|TO|BY|ON|AT|FROM|OVER|UNDER|UP|SINCE|DEPUIS|EUR|USD|GBP|CHF|HT|TTC|TVA|VAT"
                 r"|KM|KG|CA|AM|PM|AU|AUX|UN|UNE|JUSQU)\b")
    no_unit_after = r"(?!" + HS + r"*(?:%|€|\$|£|(?i:pour\s+cent|percent)))"
    ident = re.compile(
        r"(?:(?<![\w])(?=[\w§#\[+(]))(?:"
        r"(?P<std>(?<![\w])(?:ISO(?:" + HS + r"*/" + HS + r"*IEC)?|IEC|NF" + HS + r"+EN|EN" + HS
        + r"+ISO|NF|BS|RFC|IEEE|ANSI|DIN|IATF|CEI|AS(?=" + HS + r"*\d{4})|EN(?=" + HS + r"*(?!19\d\d|20\d\d)\d{3,5}))"
        + HS + r"*-?" + HS + r"*\d+(?:[-.]\d+)*(?::\d{4})?(?![\w]))"
        r"|(?P<cert>(?<![\w])(?:SOC" + HS + r"*[123](?:" + HS + r"+Type" + HS + r"+(?:II|I|1|2)\b)?"
        r"|HDS|SecNumCloud|RGPD|GDPR|HIPAA|PCI[\s-]?DSS|eIDAS|CSPN|NIS" + HS + r"*2)(?![\w]))"
        r"|(?P<acr>(?<![\w])(?!" + caps_stop + r")[A-Z][A-Z0-9]*[A-Z]v?(?:" + HS + r"|-|/)?v?\d+(?:\.\d+)*"
        r"(?![\w])(?![.,]\d)" + no_unit_after + r")"
        r"|(?P<lab>(?<![\w])(?i:" + alt(LABELS) + r"|follow[\s-]up|art\.|p\.|no\.|fig\.|vol\.)"
        + HS + r"*(?:n°" + HS + r"*)?\d+(?:\.\d+)*[a-z]?(?![\w])(?![.,]\d)" + no_unit_after + r")"
        r"|(?P<mixed>(?<![\w])[a-z]{1,4}[A-Z][A-Za-z]*" + HS + r"?\d+(?:\.\d+)*(?![\w]))"
        r"|(?P<ver>(?<![\w.])v\d+(?:\.\d+)*(?![\w])|(?<![\w.])\d+(?:\.\d+){2,}(?![\w]))"
        r"|(?P<phone>(?<![\w+])\+\d{1,3}(?:" + HS + r"?\(0\))?(?:[^\S\n]?[.-]?\d{1,4}){3,6}(?!\d)"
        r"|(?<![\w])0\d(?:[^\S\n.]?\d\d){4}(?!\d)|\(\d{3}\)" + HS + r"?\d{3}[-.]\d{4}"
        r"|(?<![\w])\d{3}-\d{3}-\d{4}(?!\d))"
        r"|(?P<postal>(?<![\w])\d{5}(?=" + HS + r"+(?:[A-Z][a-zà-ÿ]+|CEDEX)))"
        r"|(?P<hash>(?<![\w])#\d+|(?<![\w])(?:n[°º]|N[°º]|No\.)" + HS + r"?\d+)"
        r"|(?P<list>(?:^|(?<=\n )|(?<=\n  )|(?<=\n   )|(?<=\n\t))(?P<listn>\d{1,2}[.)])(?=" + HS + r"))"
        r"|(?P<ref>\[[A-Za-z]{0,3}\d+[a-z]?\])"
        r"|(?P<jday>(?<![\w])[JDM][+-]\d+(?![\w])))",
        re.M,
    )
    # A token mixing letters and digits ("4G", "B2B", "COVID-19"); hyphenated only after a letter,
    # so "8h30-18h" stays a range of times.
    url = re.compile(r"https?://[^\s<>()]+|www\.[^\s<>()]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
    alnum = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?:[^\W\d_]\w*(?:-\w+)*|\d\w*)(?![\w-])")
    h24 = r"24" + HS + r"*(?:h|heures)?" + HS + r"*(?:/|sur)" + HS + r"*24(?!\d)"
    d7 = r"7" + HS + r"*(?:j|jours|d|days)?" + HS + r"*(?:/|sur)" + HS + r"*7(?!\d)"
    ssep = HS + r"*(?:,|et|and|&|/)?" + HS + r"*"
    sched = re.compile(
        r"(?<![\w/])(?=\w)(?:(?P<s247>24" + HS + r"*/" + HS + r"*7(?:" + HS + r"*/" + HS + r"*365)?(?!\d))"
        r"|(?P<sh>" + h24 + r"(?:" + ssep + d7 + r")?)|(?P<sd>" + d7 + r"(?:" + ssep + h24 + r")?)"
        r"|(?P<sclock>(?i:(?:a)?round[\s-]the[\s-]clock|jour\s+et\s+nuit|nuit\s+et\s+jour"
        r"|day\s+and\s+night|night\s+and\s+day|24\s+hours\s+a\s+day(?:,?\s+7\s+days\s+a\s+week)?"
        r"|24\s+heures\s+par\s+jour(?:,?\s+7\s+jours\s+par\s+semaine)?|(?:7|seven)\s+days\s+a\s+week"
        r"|(?:7|sept)\s+jours\s+(?:par\s+semaine|sur\s+(?:7|sept)))\b)"
        r"|(?P<sdr>(?i:du)" + HS + r"+(?P<d1>(?i:" + _DAY_FR + r"))" + HS + r"+(?i:au)" + HS
        + r"+(?P<d2>(?i:" + _DAY_FR + r"))\b"
        r"|(?:(?i:from)" + HS + r"+)?(?P<d3>" + _DAY_EN + r")" + HS + r"*(?:(?i:to|through|thru|until)"
        r"|[-–])" + HS + r"*(?P<d4>" + _DAY_EN + r")\b"
        r"|(?P<d5>" + _DAY_ABBR + r")" + HS + r"*[-–]" + HS + r"*(?P<d6>" + _DAY_ABBR + r")(?![\w]))"
        r"|(?P<swk>(?i:en\s+semaine|les\s+jours\s+de\s+semaine|on\s+weekdays|weekdays|week-days"
        r"|jours\s+ouvrés|jours\s+ouvrables|business\s+days|working\s+days)\b)"
        r"|(?P<swe>(?i:le\s+week-end|les\s+week-ends|weekends?|le\s+weekend)\b))"
    )
    dw = alt(DAY_WORDS)
    dayword = r"(?i:\b" + dw + r"(?:(?:-et-|-|" + HS + r"+et" + HS + r"+)" + dw + r")*\b)"
    daynum = r"(?:(?<![\w.,])(?:[12]\d|3[01]|0?[1-9])(?:er|ère|st|nd|rd|th)?(?![\d\w])|" + dayword + ")"
    year_any = r"(?:" + _YEAR_DIGITS + "|" + wn + ")"
    weekday = r"(?:(?P<wd>(?i:" + _DAY_FR + r")|" + _DAY_EN + r")(?:" + HS + r"*,)?" + HS + r"+)?"
    dte = re.compile(
        _WORD_START + r"(?:(?P<d1>" + weekday + r"(?P<dd>" + daynum + r")(?:" + HS + r"+of)?" + HS + r"+(?P<dm>"
        + _MONTH + r")(?:,?" + HS + r"+(?P<dy>" + year_any + r"))?)"
        r"|(?P<d2>(?P<mm>" + alt(MONTHS_EN) + r")" + HS + r"+(?P<md>(?:[12]\d|3[01]|0?[1-9]))(?:st|nd|rd|th)?(?![\d\w])(?:,?" + HS
        + r"+(?P<my>" + _YEAR_DIGITS + r"))?)"
        r"|(?P<d3>(?P<om>" + _MONTH + r")(?:" + HS + r"+(?i:de|d['’]|of))?" + HS + r"*(?P<oy>" + year_any + r"))"
        r"|(?P<d4>(?<![\w./])(?P<n1>\d{1,2})[/.](?P<n2>\d{1,2})[/.](?P<n3>\d{4})(?![\w/]))"
        r"|(?P<d5>(?<![\w])(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d)(?![\w]))"
        r"|(?P<d6>(?P<hw>(?i:premier|1er|second|seconde|deuxième|2e|2nd|2ème|troisième|3e|3ème"
        r"|quatrième|4e|4ème|first|third|fourth|1st|3rd|4th))" + HS + r"+(?P<hq>(?i:semestre|trimestre"
        r"|half|quarter))(?:" + HS + r"+(?i:de|d['’]|of))?" + HS + r"*(?P<hy>" + _YEAR_DIGITS + r"))"
        r"|(?P<d7>(?<![\w])(?P<hc>[HSQT])(?P<hn>[1-4])" + HS + r"*(?P<hy2>" + _YEAR_DIGITS + r"))"
        r"|(?P<d8>(?<![\w])(?P<fw>(?i:fin|début|debut|mi|end|start|beginning|mid|early|late|year-end))"
        r"(?:" + HS + r"*-" + HS + r"*|" + HS + r"+(?i:(?:d['’]année|de\s+l['’]année|of\s+the\s+year)"
        + HS + r"+)?(?i:(?:of|de)" + HS + r"+)?)(?P<fy>" + _YEAR_DIGITS + r")))"
    )
    time = re.compile(
        r"(?<![\w:.,])(?:(?P<t1>(?P<th>[01]?\d|2[0-4])" + HS + r"?[hH]" + HS + r"?(?P<tm>[0-5]\d)(?![\d\w]))"
        r"|(?P<t2>(?P<ah>1[0-2]|0?[1-9])(?::(?P<amm>[0-5]\d))?" + HS + r"?(?P<ap>(?i:a\.m\.|p\.m\.|am|pm)))(?![\w])"
        r"|(?P<t3>(?P<ch>[01]?\d|2[0-4]):(?P<cm>[0-5]\d))(?![\d:])"
        r"|(?P<t4>(?i:midi|minuit|noon|midnight))\b)"
    )
    fr_pl = r"(?:minutes|heures|jours|nuits|semaines|mois|ans|années|trimestres|semestres)"
    fr_sg = r"(?:minute|heure|jour|journée|nuit|semaine|mois|an|année|trimestre|semestre)"
    en_u = r"(?:minutes?|hours?|days?|nights?|weeks?|months?|quarters?|years?)"
    freq = re.compile(
        _WORD_START + r"(?:(?P<f1>(?i:toutes|tous)" + HS + r"+(?i:les)" + HS + r"+(?:(?P<n1>" + num + r")" + HS
        + r"+)?(?P<u1>(?i:" + fr_pl + r")))\b"
        r"|(?P<f2>(?i:chaque)" + HS + r"+(?P<u2>(?i:" + fr_sg + r")))\b"
        r"|(?P<f3>(?i:every|each)" + HS + r"+(?:(?P<other>(?i:other))" + HS + r"+|(?P<n3>" + num + r")" + HS
        + r"+)?(?P<u3>(?i:" + en_u + r")))\b"
        r"|(?P<f4>(?:(?P<once>(?i:once|twice|thrice))|(?P<n4>" + num + r")" + HS + r"+(?i:times|fois))" + HS
        + r"+(?i:a|an|per|par|every|each|chaque)" + HS + r"+(?P<u4>(?i:" + fr_sg + "|" + en_u + r")))\b"
        r"|(?P<f5>(?i:quotidien(?:ne)?s?|journali(?:er|ère)s?|hebdomadaires?|bimensuel(?:le)?s?|mensuel(?:le)?s?"
        r"|trimestriel(?:le)?s?|semestriel(?:le)?s?|annuel(?:le)?s?|hourly|nightly|daily|weekly|fortnightly"
        r"|monthly|quarterly|half-yearly|semi-annual(?:ly)?|annual(?:ly)?|yearly))\b)"
    )
    factor = re.compile(
        r"(?:(?<![\w])(?=\w)|(?=×))(?:(?P<x1>" + _NUM_START + r"\d+(?:[.,]\d+)?)" + HS + r"?[x×](?![\w])"
        r"|(?<![\w])[x×]" + HS + r"?(?P<x2>\d+(?:[.,]\d+)?)(?![\w])"
        r"|" + _NUM_START + r"(?P<x3>" + num + r")" + HS + r"+(?i:fois)\b(?:" + HS + r"+(?P<x3d>(?i:plus|moins))\b)?"
        r"|(?<![\w])(?P<x4>(?i:twice|thrice))\b"
        r"|" + _NUM_START + r"(?P<x5>" + num + r")" + HS + r"+(?i:times)\b(?:" + HS
        + r"+(?P<x5d>(?i:more|less|fewer|faster|slower|higher|lower|greater|smaller|bigger))\b)?"
        r"|(?<![\w])(?P<x6v>(?i:divis\w*|divided|divide|divides|dividing|multipli\w*|multiply))" + HS
        + r"+(?i:par|by)" + HS + r"+(?:(?i:un\s+facteur|a\s+factor\s+of)" + HS + r"+)?(?P<x6>" + num + r")"
        r"|(?<![\w])(?P<x7>(?i:doublée?s?|doubler|doublent|doubled|doubling|triplée?s?|tripler|tripled"
        r"|quadruplée?s?|quadrupled|halved|halve|halves|halving|de\s+moitié|by\s+half|in\s+half))\b"
        r"|(?<![\w])(?i:by\s+a\s+factor\s+of|d['’]un\s+facteur)" + HS + r"+(?P<x8>" + num + r"))"
    )
    year = re.compile(r"(?<![\w.,:/])" + _YEAR_DIGITS + r"(?![\w])(?![.,]\d)")
    ordinal = re.compile(r"(?<![\w])(?P<on>\d+)(?:er|ère|re|ème|eme|e|è|nde?|st|rd|th)(?![\w])")
    preps = ("in", "within", "under", "for", "after", "than", "over", "per")
    a_unit = re.compile(
        r"(?:" + "|".join(rf"(?<=\b{p} )" for p in preps) + r")(?P<an>(?i:an?)" + HS
        + r"+(?P<au>(?i:year|month|week|day|hour|minute|quarter)))\b"
        r"(?!-\w)"  # "a year-end round-up", "a day-long event": a compound word, not a length of time
    )
    return Patterns(core, money_pre, ident, url, alnum, sched, dte, time, freq, factor, year, ordinal, a_unit)

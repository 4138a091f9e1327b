"""French words of the figure parser: numbers, units, periods, calendar words, labels.

Data only; `proofline.text.quantities.vocab` merges them with the English and neutral ones.
"""

from __future__ import annotations

NUMBERS: dict[str, float] = {
    "zéro": 0, "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100, "mille": 1000,
    "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9,
}
# Alone, these are articles, not counts ("un client"); they count before a unit ("en un an").
DETERMINERS = ("un", "une")
# Scales that never start a number on their own.
SCALES_NEED_LEAD = ("milliard", "milliards")
# Number words that may name a day of the month ("le premier mars", "le vingt juin").
DAY_NUMBERS = ("premier", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
               "douze", "treize", "quatorze", "quinze", "seize", "vingt", "trente")

# "une quarantaine", "des centaines": about that many (plural forms: at least that many).
APPROX_NOUNS: dict[str, float] = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
    "dizaines": 10, "douzaines": 12, "centaines": 100, "milliers": 1000, "millions": 1e6,
    "milliards": 1e9,
}

# Month names as written (case-insensitive), and the month of each unaccented prefix.
MONTHS = ("janvier", "janv.", "février", "fevrier", "févr.", "fév.", "mars", "avril", "avr.", "mai",
          "juin", "juillet", "juil.", "août", "aout", "septembre", "sept.", "octobre", "oct.",
          "novembre", "nov.", "décembre", "decembre", "déc.")
MONTH_PREFIXES: dict[str, int] = {"jan": 1, "fev": 2, "mar": 3, "avr": 4, "mai": 5, "juin": 6, "juil": 7,
                                  "aou": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
# Monday first; the first three letters are the abbreviation ("lun.").
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
# "premier semestre", "3e trimestre": the ordinal of a half or a quarter.
ORDINALS: dict[str, str] = {"premier": "1", "1er": "1", "second": "2", "seconde": "2", "deuxième": "2", "2e": "2",
                            "2ème": "2", "troisième": "3", "3e": "3", "3ème": "3", "quatrième": "4", "4e": "4",
                            "4ème": "4"}

CURRENCIES: dict[str, str] = {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "livre": "GBP",
                              "livres": "GBP", "franc": "CHF", "francs": "CHF"}

# Units of time, by the canonical unit they name.
DURATION_UNITS: dict[str, tuple[str, ...]] = {
    "day": ("jour", "jours", "journée", "journées", "j"),
    "week": ("semaine", "semaines", "sem", "sem."),
    "month": ("mois",),
    "year": ("an", "ans", "année", "années"),
    "quarter": ("trimestre", "trimestres"),
    "half": ("semestre", "semestres"),
    "hour": ("heure", "heures"),
    "minute": ("minute", "minutes", "mn"),
    "second": ("seconde", "secondes"),
}
# Periods of a frequency ("toutes les deux semaines", "une fois par nuit"), by canonical unit.
PERIODS: dict[str, tuple[str, ...]] = {
    "minute": ("minute", "minutes"),
    "hour": ("heure", "heures"),
    "day": ("jour", "jours", "journée", "nuit", "nuits"),
    "week": ("semaine", "semaines"),
    "month": ("mois",),
    "quarter": ("trimestre", "trimestres"),
    "half": ("semestre", "semestres"),
    "year": ("an", "ans", "année", "années"),
}
# Adjectives of frequency (their stems: "mensuelle" is "mensuel"), in hours between two occurrences.
FREQUENCY_ADJECTIVES: dict[str, float] = {
    "quotidien": 24, "journalier": 24, "hebdomadaire": 168, "bimensuel": 360, "mensuel": 720,
    "trimestriel": 2160, "semestriel": 4380, "annuel": 8760,
}
# What a price is "per" ("par mois", "/utilisateur"), by canonical facet.
PER_WORDS: dict[str, str] = {"mois": "month", "an": "year", "année": "year", "trimestre": "quarter",
                             "semaine": "week", "jour": "day", "utilisateur": "user", "siège": "user",
                             "licence": "user", "poste": "user", "abonné": "subscriber", "compteur": "meter",
                             "site": "site", "heure": "hour", "mensuel": "month", "annuel": "year"}
# "une demi-journée": the unit a half is of.
HALF_UNITS: dict[str, str] = {"journée": "day", "journee": "day", "jour": "day", "heure": "hour",
                              "semaine": "week", "année": "year", "annee": "year", "mois": "month"}

# Words before a number that make it a label, not a figure ("étape 3", "niveau 2").
LABELS = ("article", "articles", "annexe", "section", "chapitre", "clause", "paragraphe", "étape", "phase",
          "relance", "rappel", "version", "lot", "niveau", "page", "pages", "numéro", "jour", "sprint", "épisode",
          "saison", "génération", "vague", "diapositive", "figure", "tableau", "module", "leçon", "partie",
          "tome", "volume", "édition", "patch", "build", "itération", "jalon", "scope")

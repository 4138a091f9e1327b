"""English words of the figure parser: numbers, units, periods, calendar words, labels.

Data only; `proofline.text.quantities.vocab` merges them with the French and neutral ones.
"""

from __future__ import annotations

NUMBERS: dict[str, float] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1e6, "millions": 1e6,
    "billion": 1e9, "billions": 1e9,
}
# Alone, "one" is a pronoun, not a count; it counts before a unit ("in one year").
DETERMINERS = ("one",)
# Scales that never start a number on their own ("a hundred" and "two hundred" do).
SCALES_NEED_LEAD = ("hundred", "thousand", "million", "millions", "billion", "billions")
# Number words that may name a day of the month ("the first of March").
DAY_NUMBERS = ("first", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
               "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
               "twenty", "thirty")

# "a dozen", "hundreds of": about that many (plural forms: at least that many).
APPROX_NOUNS: dict[str, float] = {"dozen": 12, "couple": 2, "dozens": 12, "hundreds": 100, "thousands": 1000,
                                  "millions": 1e6, "billions": 1e9}

# Month names as written (capitalised: "may" is a verb), and the month of each prefix.
MONTHS_FULL = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
MONTHS = (*MONTHS_FULL, "Jan", "Jan.", "Feb", "Feb.", "Mar", "Mar.", "Apr", "Apr.", "Jun", "Jun.", "Jul", "Jul.",
          "Aug", "Aug.", "Sep", "Sep.", "Sept", "Sept.", "Oct", "Oct.", "Nov", "Nov.", "Dec", "Dec.")
MONTH_PREFIXES: dict[str, int] = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
                                  "sep": 9, "oct": 10, "nov": 11, "dec": 12}
# Monday first; the first three letters are the abbreviation ("Mon") and the canonical day.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# "first half", "3rd quarter": the ordinal of a half or a quarter.
ORDINALS: dict[str, str] = {"first": "1", "1st": "1", "second": "2", "2nd": "2", "third": "3", "3rd": "3",
                            "fourth": "4", "4th": "4"}

CURRENCIES: dict[str, str] = {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP",
                              "pounds": "GBP", "franc": "CHF", "francs": "CHF", "swiss": "CHF"}

# Units of time, by the canonical unit they name.
DURATION_UNITS: dict[str, tuple[str, ...]] = {
    "day": ("day", "days"),
    "week": ("week", "weeks", "wk", "wks"),
    "month": ("month", "months", "mo", "mos"),
    "year": ("year", "years", "yr", "yrs"),
    "quarter": ("quarter", "quarters"),
    "hour": ("hour", "hours", "hr", "hrs"),
    "minute": ("minute", "minutes", "mins"),
    "second": ("second", "seconds", "sec", "secs"),
}
# Periods of a frequency ("every two weeks", "twice a night"), by canonical unit.
PERIODS: dict[str, tuple[str, ...]] = {
    "minute": ("minute", "minutes"),
    "hour": ("hour", "hours"),
    "day": ("day", "days", "night", "nights"),
    "week": ("week", "weeks"),
    "month": ("month", "months"),
    "quarter": ("quarter", "quarters"),
    "year": ("year", "years"),
}
# Adjectives of frequency, in hours between two occurrences.
FREQUENCY_ADJECTIVES: dict[str, float] = {
    "daily": 24, "weekly": 168, "fortnightly": 336, "monthly": 720, "quarterly": 2160, "half-yearly": 4380,
    "semi-annual": 4380, "annual": 8760, "yearly": 8760, "hourly": 1, "nightly": 24,
}
# What a price is "per" ("per month", "/seat"), by canonical facet.
PER_WORDS: dict[str, str] = {"month": "month", "mo": "month", "year": "year", "yr": "year", "annum": "year",
                             "quarter": "quarter", "week": "week", "day": "day", "user": "user", "seat": "user",
                             "license": "user", "subscriber": "subscriber", "meter": "meter", "site": "site",
                             "hour": "hour", "monthly": "month", "annual": "year", "annually": "year",
                             "yearly": "year"}
# "half a day": the unit a half is of.
HALF_UNITS: dict[str, str] = {"day": "day", "hour": "hour", "week": "week", "year": "year", "month": "month"}

# Words before a number that make it a label, not a figure ("step 3", "level 2").
LABELS = ("article", "articles", "annex", "appendix", "section", "chapter", "clause", "step", "phase", "followup",
          "reminder", "version", "level", "tier", "page", "pages", "number", "ticket", "day", "week", "sprint",
          "episode", "season", "generation", "gen", "wave", "slide", "figure", "module", "lesson", "part",
          "volume", "edition", "release", "build", "patch", "iteration", "milestone", "scope", "table", "exhibit")

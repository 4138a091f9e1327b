"""English phrases that the figure parser and the lexicon share: bounds of a figure, verbs of change.

Each phrase is written once. Groups are keyed by the lexicon concept the phrases also state (the
lexicon adds them to that concept's English forms); the group keyed "" is the parser's alone.
Abbreviations of Latin or English words ("approx.", "max.") are listed here; the parser reads
them in French texts too.
"""

from __future__ import annotations

# Read just before a figure ("more than 40", "starts at €9"): bound -> lexicon concept -> phrases.
BOUNDS_BEFORE: dict[str, dict[str, tuple[str, ...]]] = {
    "approx": {
        "approximately": ("nearly", "about", "around", "roughly", "almost", "approximately", "approx",
                          "close to", "circa", "virtually"),
        "some": ("some",),
        "": ("approx.", "in the region of", "an estimated", "estimated at"),
    },
    "gt": {
        "above": ("more than", "upwards of", "in excess of", "beyond", "greater than", "higher than", "above",
                  "over"),
        "": ("just over", "exceeding"),
    },
    "gte": {
        "at_least": ("at least", "starting at", "starts at", "minimum", "no less than"),
        "since": ("starting from",),
        "": ("start at", "from just", "from only", "not less than", "a minimum of"),
    },
    "lt": {
        "below": ("less than", "fewer than", "under", "below"),
        "": ("just under", "in under"),
    },
    # A deadline includes its bound: "within 72 hours" is met by a reply in exactly 72 hours.
    "lte": {
        "below": ("within",),
        "at_most": ("up to", "at most", "maximum", "no more than", "max"),
        "": ("not more than", "a maximum of", "max."),
    },
}

# Bounds that apply to durations only: "within 12" bounds a delay, not a count.
DURATION_ONLY_BOUNDS = ("within",)

# Read just after a figure ("50 seats or more"), in the order they are tried: bound -> phrases.
# "max." comes before "max" (and "approx." before "approx"): the dot is part of the phrase when it can be.
BOUNDS_AFTER: dict[str, tuple[str, ...]] = {
    "gte": ("or more", "and more", "and above", "and up", "or above", "minimum", "at least", "min."),
    "lte": ("or less", "or fewer", "and under", "and below", "maximum", "max.", "max", "at most"),
    "approx": ("approximately", "or so", "approx.", "approx"),
}

# A figure that is the amount of a change, not a level: "22 minutes less", "cut by 40%".
# Compared with a transition of the source ("fell from 54 to 32 minutes") by its difference.
CHANGE_AMOUNT_AFTER = ("less", "fewer", "more", "shorter", "longer", "faster", "sooner", "earlier")
CHANGE_AMOUNT_BEFORE = ("a reduction of", "an increase of", "a decrease of", "a drop of", "a rise of", "a cut of",
                        "a gain of", "reduced by", "reduces by", "reduce by", "cut by", "cuts by", "lowered by", "lowers by",
                        "down by", "up by", "increased by", "increases by", "decreased by", "decreases by",
                        "fell by", "falls by", "dropped by", "drops by", "rose by", "rises by", "grew by",
                        "grows by", "shortened by", "shortens by")

# ... or a verb of change, what it changes, then the preposition: "cut call-outs by 30%".
CHANGE_AMOUNT_VERBS = ("cut", "cuts", "reduced", "reduces", "reduce", "lowered", "lowers", "decreased", "increased",
                        "boosted", "boosts", "improved", "improves", "raised", "raises", "shortened")
CHANGE_AMOUNT_PREPOSITIONS = ("by",)

# Verbs of change: among the words before "from X to Y", they make two figures (a transition), not
# a range ("churn fell from 12% to 8%"). Lexicon concept -> forms.
CHANGE_VERBS: dict[str, tuple[str, ...]] = {
    "decrease": ("fell", "fall", "falls", "fallen", "dropped", "drop", "decreased", "decrease", "declined",
                 "decline", "cut", "cuts", "cutting", "reduced", "reduce", "lowered", "shrank", "shrunk", "slashed"),
    "increase": ("rose", "rise", "risen", "rising", "grew", "grow", "grown", "increased", "increases", "increase",
                 "climbed", "climb", "jumped", "raised", "raise", "boosted"),
    "improve": ("improved", "improves", "improve"),
    "change": ("changed",),
    "": ("went", "go", "goes", "gone", "going", "rises", "falling", "drops", "dropping", "grows", "growing",
         "increasing", "decreases", "decreasing", "declines", "climbs", "jumps", "improving", "reduces",
         "reducing", "lowers", "raises", "raising", "moved", "moves", "brought", "boosts"),
}

# Words that may open a relative figure ("divided by 3", "by half", "in half", "twice").
FACTOR_OPENERS = ("twice", "thrice", "by", "in", "divided", "divide", "divides", "dividing", "multiplied",
                  "multiply", "multiplies", "doubled", "doubling", "tripled", "quadrupled", "halved", "halve",
                  "halves", "halving")

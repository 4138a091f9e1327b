"""French phrases that the figure parser and the lexicon share: bounds of a figure, verbs of change.

Each phrase is written once. Groups are keyed by the lexicon concept the phrases also state (the
lexicon adds them to that concept's French forms); the group keyed "" is the parser's alone.
"""

from __future__ import annotations

# Read just before a figure ("plus de 40", "à partir de 9 €"): bound -> lexicon concept -> phrases.
# The figure parser reads the phrases of every language whatever the text's language.
BOUNDS_BEFORE: dict[str, dict[str, tuple[str, ...]]] = {
    "approx": {
        "approximately": ("environ", "à peu près", "autour de", "de l'ordre de", "près de", "presque",
                          "quasiment", "pratiquement"),
        "some": ("quelque",),
        "": ("aux alentours de", "près d'", "pas loin de", "proche de", "estimé à", "estimée à", "estimés à",
             "estimées à"),
    },
    "gt": {
        "above": ("plus de",),
        "better": ("supérieur à",),
        "": ("un peu plus d'", "un peu plus de", "plus d'", "supérieure à", "supérieurs à", "supérieures à",
             "au-delà de"),
    },
    "gte": {
        "at_least": ("au moins", "dès", "à partir de", "au minimum", "minimum", "pas moins de"),
        "": ("a partir de", "à partir d'", "démarrent à", "démarre à", "commencent à", "commence à",
             "minimum de", "un minimum de"),
    },
    "lt": {
        "below": ("moins de",),
        "worse": ("inférieur à",),
        "": ("un peu moins d'", "un peu moins de", "moins d'", "inférieure à", "inférieurs à", "inférieures à"),
    },
    # A deadline includes its bound: "sous 72 heures" is met by a reply in exactly 72 hours.
    "lte": {
        "at_most": ("jusqu'à", "au maximum", "au plus", "maximum"),
        "until": ("jusqu'",),
        "": ("sous", "dans les", "maximum de", "pas plus de", "un maximum de"),
    },
}

# Bounds that apply to durations only: "dans les 12 régies" is not "within 12".
DURATION_ONLY_BOUNDS = ("dans les", "sous")

# Read just after a figure ("50 postes ou plus"), in the order they are tried: bound -> phrases.
BOUNDS_AFTER: dict[str, tuple[str, ...]] = {
    "gte": ("ou plus", "et plus", "au minimum", "minimum", "au moins"),
    "lte": ("ou moins", "au maximum", "maximum", "au plus"),
    "approx": ("environ", "à peu près"),
}

# A figure that is the amount of a change, not a level: "22 minutes de moins", "réduit de 40 %".
# Compared with a transition of the source ("passé de 54 à 32 minutes") by its difference.
CHANGE_AMOUNT_AFTER = ("de moins", "de plus", "en moins", "en plus")
CHANGE_AMOUNT_BEFORE = ("réduction de", "baisse de", "hausse de", "augmentation de", "diminution de", "gain de", "recul de",
                        "progression de", "réduit de", "réduite de", "réduisent de", "réduire de", "baissé de", "baisse de",
                        "baissent de", "diminué de", "diminue de", "diminuent de", "reculé de", "recule de",
                        "augmenté de", "augmente de", "augmentent de", "progressé de", "progresse de",
                        "raccourci de", "allongé de")

# ... or a verb of change, what it changes, then the preposition: "réduit le délai de 40 %".
CHANGE_AMOUNT_VERBS = ("réduit", "réduisent", "réduire", "diminue", "diminuent", "diminué", "baisse", "baissent", "baissé",
                        "augmente", "augmentent", "augmenté", "améliore", "améliorent", "amélioré", "divise", "recule",
                        "reculent", "reculé")
CHANGE_AMOUNT_PREPOSITIONS = ("de", "d'", "d’")

# Verbs of change: among the words before "de X à Y", they make two figures (a transition), not a
# range ("le taux est passé de 12 % à 8 %"). Lexicon concept -> forms.
CHANGE_VERBS: dict[str, tuple[str, ...]] = {
    "decrease": ("baissé", "baisser", "diminué", "diminuer", "reculé", "reculer", "chuté", "chuter", "réduit",
                 "réduite", "réduisent", "réduire"),
    "increase": ("progressé", "progresser", "augmenté", "augmenter", "grimper", "montée"),
    "improve": ("amélioré", "améliorée", "améliorer"),
    "change": ("évoluer",),
    # "passé" and "passée" are also the lexicon's "past" (yesterday_past): another meaning.
    "": ("passe", "passé", "passée", "passés", "passées", "passent", "passait", "passaient", "passera",
         "passeront", "passant", "passer",
         "progresse", "progressent", "progressait", "progressera", "progressant",
         "augmente", "augmentée", "augmentés", "augmentées", "augmentent", "augmentait", "augmentera",
         "augmentant",
         "baissée", "baissés", "baissées", "baissent", "baissait", "baissera", "baissant",
         "diminue", "diminuée", "diminués", "diminuées", "diminuent", "diminuait", "diminuera", "diminuant",
         "recule", "reculée", "reculés", "reculées", "reculent", "reculait", "reculera", "reculant",
         "chutée", "chutés", "chutent", "chutait", "chutera", "chutant",
         "grimpe", "grimpé", "grimpée", "grimpent", "grimpait", "grimpera", "grimpant",
         "tombé", "tombée", "tombés", "tombent", "tombait", "tombera", "tombant", "tomber",
         "réduits", "réduites", "réduisait", "réduira", "réduisant", "reduit", "reduite", "reduits", "reduites",
         "reduisent", "reduisait", "reduira", "reduisant", "reduire",
         "ramené", "ramenée", "ramenés", "ramenées", "ramener", "ramenant",
         "améliore", "améliorés", "améliorées", "améliorent", "améliorant",
         "évolue", "évolué", "évoluent", "évoluait", "évoluant",
         "descendu", "descendue", "descendus", "descendent", "descendait", "descendant", "descendre",
         "monté", "montés", "montées", "bondi"),
}

# Words that may open a relative figure ("divisé par 3", "de moitié", "d'un facteur 2").
FACTOR_OPENERS = ("de", "d", "divisé", "divisée", "divisés", "divisées", "diviser", "divise", "divisent",
                  "multiplié", "multipliée", "multipliés", "multipliées", "multiplier", "multiplie", "multiplient",
                  "doublé", "doublée", "doublés", "doublées", "doubler", "doublent", "triplé", "triplée",
                  "triplés", "triplées", "tripler", "quadruplé", "quadruplée", "quadruplés", "quadruplées")

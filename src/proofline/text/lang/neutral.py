"""What belongs to no one language: signs, currency codes, abbreviations both use, product names.

Data only, read with the French and English data by `proofline.text.quantities.vocab`.
"""

from __future__ import annotations

# Signs read before a figure as "about" ("~40", "± 5 %").
APPROX_SIGNS = ("~", "≈", "±", "+/-")

CURRENCIES: dict[str, str] = {"€": "EUR", "eur": "EUR", "$": "USD", "us$": "USD", "usd": "USD", "£": "GBP",
                              "gbp": "GBP", "chf": "CHF"}

# Abbreviations of units of time written the same in both languages ("8 h", "15 min").
DURATION_UNITS: dict[str, tuple[str, ...]] = {"hour": ("h",), "minute": ("min",)}
PERIODS: dict[str, tuple[str, ...]] = {"minute": ("min",)}
PER_WORDS: dict[str, str] = {"h": "hour"}

# Labels that are the same in every language: signs and the names of products and platforms.
LABELS = ("§", "n°", "nº", "windows", "ipados", "ios", "macos", "android", "ubuntu", "debian", "linux", "python",
          "java", "php")

# A figure written "3x" or "x3" is a factor.
FACTOR_OPENERS = ("x",)

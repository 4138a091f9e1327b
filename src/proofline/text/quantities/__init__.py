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

Layout: `kinds` (the kinds of figure and their properties), `vocab` (the words of
`proofline.text.lang`, merged), `regexes` and `dispatch` (the patterns and the trigger pass),
`numbers`, `scan` (the recognisers and `find_quantities`), `resolve` (units, overlaps, ranges,
qualifiers), `compare` (`same_value` and the matcher's `compare`).
"""

from __future__ import annotations

# `compare` (the function) is not re-exported: the name is its module's, `quantities.compare`.
from proofline.text.quantities.compare import same_value
from proofline.text.quantities.kinds import TRAITS, KindTraits, QuantityKind
from proofline.text.quantities.model import Quantity
from proofline.text.quantities.scan import figures_of, find_quantities
from proofline.text.quantities.vocab import number_words

__all__ = ["TRAITS", "KindTraits", "Quantity", "QuantityKind", "figures_of", "find_quantities", "number_words",
           "same_value"]

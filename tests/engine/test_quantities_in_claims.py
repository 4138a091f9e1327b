"""The same quantity written many ways is the same claim; a different quantity is not."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from proofline.report import ClaimResult, Report

ClaimOf = Callable[[str, str], ClaimResult]
CheckEdited = Callable[[str, str, str], Callable[[str], Report]]

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, the French typographic space before %


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        ("Les transporteurs équipés de Logivia consomment 18 % de carburant en moins.", "18 %"),
        ("Les transporteurs équipés de Logivia consomment 18% de carburant en moins.", "18%"),
        ("Les transporteurs équipés de Logivia consomment 18 pour cent de carburant en moins.", "18 pour cent"),
        (f"Les transporteurs équipés de Logivia consomment 18{NBSP}% de carburant en moins.", f"18{NBSP}%"),
        (f"Les transporteurs équipés de Logivia consomment 18{NNBSP}% de carburant en moins.", f"18{NNBSP}%"),
        ("Hauliers equipped with Logivia burn eighteen percent less fuel.", "eighteen percent"),
        ("Hauliers equipped with Logivia burn 18 per cent less fuel.", "18 per cent"),
    ],
    ids=["space", "no-space", "pour-cent", "nbsp", "thin-space", "in-words-en", "per-cent"],
)
def test_every_way_of_writing_the_percentage_is_supported(claim_of: ClaimOf, draft: str, fragment: str) -> None:
    claim = claim_of(draft, fragment)
    assert claim.verdict == "supported"
    assert claim.evidence[0].source == "etude-carburant-2025"


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        ("Logivia Pro coûte 1 150 € HT par mois.", "1 150 €"),
        ("Logivia Pro coûte 1150 € HT par mois.", "1150 €"),
        (f"Logivia Pro coûte 1{NBSP}150{NBSP}€ HT par mois.", f"1{NBSP}150{NBSP}€"),
        (f"Logivia Pro coûte 1{NNBSP}150 € HT par mois.", f"1{NNBSP}150 €"),
        ("Logivia Pro costs €1,150 per month excl. VAT.", "€1,150"),
        ("Logivia Pro costs 1,150 euros a month before VAT.", "1,150 euros"),
        ("Logivia Pro coûte mille cent cinquante euros HT par mois.", "mille cent cinquante euros"),
    ],
    ids=["fr-space", "fr-compact", "fr-nbsp", "fr-thin-space", "en-symbol", "en-word", "fr-in-words"],
)
def test_every_way_of_writing_the_price_is_supported(claim_of: ClaimOf, draft: str, fragment: str) -> None:
    claim = claim_of(draft, fragment)
    assert claim.verdict == "supported"
    assert claim.evidence[0].source == "grille-tarifaire-2026"


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        ("Logivia Pro coûte 1 050 € HT par mois.", "1 050 €"),
        ("Logivia Pro costs €1,500 per month excl. VAT.", "€1,500"),
        ("Logivia Pro coûte 115 € HT par mois.", "115 €"),
    ],
)
def test_another_price_is_contradicted(claim_of: ClaimOf, draft: str, fragment: str) -> None:
    claim = claim_of(draft, fragment)
    assert claim.verdict == "contradicted"
    assert claim.evidence[0].source == "grille-tarifaire-2026"


THREE_WEEKS = "Logivia is up and running three weeks after the purchase order is signed."


def test_three_weeks_is_supported_by_twenty_one_days(claim_of: ClaimOf) -> None:
    claim = claim_of(THREE_WEEKS, "three weeks")
    assert claim.verdict == "supported"
    assert claim.evidence[0].source == "fiche-service-2026"


def test_three_weeks_is_contradicted_by_twenty_three_days(check_edited: CheckEdited) -> None:
    report = check_edited("fiche-service-2026.md", "21 jours", "23 jours")(THREE_WEEKS)
    verdicts = [(c.verdict.value, c.evidence[0].source if c.evidence else None) for c in report.claims]
    assert verdicts == [("contradicted", "fiche-service-2026")]


@pytest.mark.parametrize(
    ("draft", "verdict"),
    [
        ("Over a year, 23 regional hauliers cut their fuel consumption by 18% with Logivia.", "supported"),
        ("Over two years, 23 regional hauliers cut their fuel consumption by 18% with Logivia.", "contradicted"),
    ],
)
def test_a_year_equals_twelve_months(claim_of: ClaimOf, draft: str, verdict: str) -> None:
    claim = claim_of(draft, "18%")
    assert claim.verdict == verdict
    assert claim.evidence[0].source == "etude-carburant-2025"


@pytest.mark.parametrize(
    ("draft", "fragment", "verdict"),
    [
        ("Our paid pilot lasts six weeks and costs €2,400 excl. VAT.", "six weeks", "supported"),
        ("Our paid pilot lasts 6 weeks and costs €2,400 excl. VAT.", "6 weeks", "supported"),
        ("Our paid pilot lasts eight weeks and costs €2,400 excl. VAT.", "eight weeks", "contradicted"),
    ],
)
def test_six_weeks_equals_six_semaines(claim_of: ClaimOf, draft: str, fragment: str, verdict: str) -> None:
    claim = claim_of(draft, fragment)
    assert claim.verdict == verdict
    assert claim.evidence[0].source == "grille-tarifaire-2026"

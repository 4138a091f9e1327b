"""Language detection on short marketing texts."""

from __future__ import annotations

import pytest

from proofline.text.language import detect_language

LINKEDIN_FR = """Les fuites ne préviennent pas. Elles se découvrent, souvent trop tard.

En moyenne, leurs pertes en réseau ont baissé de 18 %.

#eau #réseaux #fuites"""

LINKEDIN_EN = """What happens to leakage when a utility spots a leak in days rather than weeks?

Network losses fell by 18% on average, with a median of 15%.

#leakage #water #utilities"""

EMAIL_FR = """Bonjour Monsieur Garnier,

Nos alertes sont fiables : 87 % d'entre elles conduisent à une fuite réelle.
Je vous propose un point de 30 minutes la semaine prochaine.

Bien à vous,
Camille Perrin"""

EMAIL_EN = """Hi James,

The Ondine platform is already used by more than 50 water utilities across Europe.
Could we find 20 minutes next week?

Best regards,
Camille Perrin"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LINKEDIN_FR, "fr"),
        (LINKEDIN_EN, "en"),
        (EMAIL_FR, "fr"),
        (EMAIL_EN, "en"),
        ("Could we find 20 minutes next week?", "en"),
        ("Vous voulez savoir ce que ces chiffres donneraient sur votre réseau ?", "fr"),
        ("Don't miss the results: it's the best time to act.", "en"),
        ("L'équipe d'Ondine s'engage.", "fr"),
    ],
)
def test_detects_french_and_english(text: str, expected: str) -> None:
    assert detect_language(text, default="xx") == expected


@pytest.mark.parametrize("text", ["", "Ondine Analytics", "ISO 27001", "Hello", "#eau #water"])
def test_returns_default_when_unsure(text: str) -> None:
    assert detect_language(text, default="xx") == "xx"
    assert detect_language(text) == "fr"


def test_english_brand_names_in_french_text() -> None:
    text = "Notre plateforme s'intègre avec ArcGIS, QGIS et les systèmes Modbus TCP ou OPC UA."
    assert detect_language(text, default="xx") == "fr"


def test_only_listed_languages_are_candidates() -> None:
    assert detect_language(EMAIL_EN, ("fr",)) == "fr"
    assert detect_language(EMAIL_EN, ("en", "de")) == "en"
    assert detect_language("Wir sind für Sie da und die Daten sind sicher.", ("en", "de")) == "de"
    assert detect_language(EMAIL_FR, (), default="fr") == "fr"


def test_a_long_text_is_detected_too() -> None:
    """Detection reads a sample of a long text (its speed is in bench/bench_text.py)."""
    text = (EMAIL_FR + "\n\n" + LINKEDIN_FR + "\n\n") * 60
    assert detect_language(text) == "fr"

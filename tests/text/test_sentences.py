"""Sentence splitting: French and English punctuation, abbreviations, numbers, line breaks."""

from __future__ import annotations

import pytest

from proofline.text.sentences import is_line_break_boundary, line_segments, split_sentences


def split(text: str, lang: str = "fr") -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, 0, len(text), lang)]


def test_basic_french_and_english() -> None:
    assert split("Les fuites ne préviennent pas. Elles se découvrent, souvent trop tard.") == [
        "Les fuites ne préviennent pas.",
        "Elles se découvrent, souvent trop tard.",
    ]
    assert split("Pricing is simple. Want to try? Every customer gets a trial!", "en") == [
        "Pricing is simple.",
        "Want to try?",
        "Every customer gets a trial!",
    ]


def test_french_space_before_question_and_exclamation_marks() -> None:
    assert split("Vous préférez ? Réservez un créneau ! Merci.") == [
        "Vous préférez ?",
        "Réservez un créneau !",
        "Merci.",
    ]


def test_no_break_and_narrow_no_break_spaces_count_as_spaces() -> None:
    text = "Vous préférez\u202f?\u00a0Réservez un créneau\u202f! Merci."
    assert split(text) == ["Vous préférez\u202f?", "Réservez un créneau\u202f!", "Merci."]


@pytest.mark.parametrize(
    "text",
    [
        "M. Dupont et Mme Martin arrivent.",
        "Nous couvrons les capteurs, p. ex. Modbus, cf. Annexe 2.",
        "Le délai est de 3 jours env. Pour chaque régie.",
        "Voir l'art. 28 du RGPD.",
        "Le dossier n° 5 et le No. 7 sont prêts.",
        "Il est né en 50 av. J.-C. à Rome.",
        "Les capteurs, c.-à-d. Les sondes, suffisent.",
        "Signé par J. Dupont et A. B. Martin.",
        "We met Mr. Smith and Dr. Jones.",
        "Use sensors, e.g. Acoustic loggers, i.e. Very cheap ones.",
        "Acme Inc. Ltd. Co. Signed it.",
        "Prices in the U.S. And the U.K. Differ.",
        "The plan costs €1,150 per month excl. VAT for small utilities.",
        "It is 30% cheaper vs. Last year, approx. Ten points.",
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(text: str) -> None:
    assert split(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Le volume évité est estimé à 1.9 million de m³.",
        "Chiffrement en TLS 1.2 au minimum.",
        "Availability of at least 99.5% per month.",
        "Version 2.10.3 is out.",
        "La disponibilité est de 99,5 %.",
    ],
)
def test_decimals_and_versions_do_not_end_a_sentence(text: str) -> None:
    assert split(text) == [text]


def test_etc_before_a_capital_ends_the_sentence() -> None:
    """An "etc." mid-sentence is followed by lowercase; before a capital it closes the sentence."""
    assert split("Capteurs, compteurs, etc. Nous couvrons tout, etc. et plus.") == [
        "Capteurs, compteurs, etc.",
        "Nous couvrons tout, etc. et plus.",
    ]


def test_guillemets_keep_a_quote_with_its_sentence() -> None:
    assert split("« Vous préférez ? », dit-il. Puis il part.") == [
        "« Vous préférez ? », dit-il.",
        "Puis il part.",
    ]
    assert split("Elle a dit : « Nos équipes partent. Elles trouvent. » Ensuite, rien.") == [
        "Elle a dit : « Nos équipes partent. Elles trouvent. »",
        "Ensuite, rien.",
    ]
    assert split("« Les fuites… » explique-t-il.") == ["« Les fuites… » explique-t-il."]


def test_unit_letter_before_a_capital_ends_the_sentence() -> None:
    assert split("Webinaire jeudi à 11 h. Au programme : 3 questions.") == [
        "Webinaire jeudi à 11 h.",
        "Au programme : 3 questions.",
    ]


def test_ellipsis_before_a_capital_ends_the_sentence() -> None:
    assert split("Les fuites… Elles arrivent.") == ["Les fuites…", "Elles arrivent."]


def test_dashes_never_split() -> None:
    text = "How 12 utilities cut leakage by 18% – and what it means — for you."
    assert split(text, "en") == [text]


def test_sentence_may_start_with_digit_quote_or_emoji() -> None:
    assert split("Bilan 2023. 2 140 fuites confirmées. « Bravo. » Great! 🚀 Merci.") == [
        "Bilan 2023.",
        "2 140 fuites confirmées.",
        "« Bravo. »",
        "Great!",
        "🚀 Merci.",
    ]


def test_lowercase_after_period_does_not_split() -> None:
    assert split("Le site www.exemple.fr est ouvert. le reste suit.") == [
        "Le site www.exemple.fr est ouvert. le reste suit."
    ]


def test_spans_are_offsets_into_the_document_and_trimmed() -> None:
    prose = "XXXX\n  Un. Deux !  \nYYYY"
    spans = split_sentences(prose, 5, 19, "fr")
    assert [prose[s:e] for s, e in spans] == ["Un.", "Deux !"]
    assert spans[0] == (7, 10)


# --- line breaks --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prev", "nxt", "expected"),
    [
        ("Les fuites ne préviennent pas.", "Elles se découvrent.", True),  # terminal punctuation
        ("Résultats principaux :", "Les pertes ont baissé.", True),
        ("Vous préférez ?", "réservez un créneau.", True),
        ("« Nos équipes partent. »", "Fin.", True),
        ("Bien cordialement,", "Camille Perrin", True),  # short line: a sign-off
        ("Hi James,", "Thanks for your time.", True),
        ("Voici les points clés", "- 18 % de pertes en moins", True),  # next line is a list item
        ("Voici les points clés", "✅ 18 % de pertes en moins", True),
        ("Et si on arrêtait de chercher", "les fuites au hasard ?", False),  # short but continued
        (
            "Entre janvier 2024 et juin 2025, nous avons mesuré l'effet de la plateforme dans 12 régies",
            "des eaux françaises, de 8 000 à 140 000 abonnés.",
            False,
        ),
        (
            "L'entreprise compte 85 salariés au 1er janvier 2026, dont 31 ingénieurs et data scientists,",
            "Nantes compris.",
            False,
        ),
        ("Le rapport a été signé par M.", "Dupont la semaine dernière.", False),  # abbreviation
    ],
)
def test_is_line_break_boundary(prev: str, nxt: str, expected: bool) -> None:
    assert is_line_break_boundary(prev, nxt) is expected


def test_hard_wrapped_paragraph_stays_whole() -> None:
    text = (
        "Entre janvier 2024 et juin 2025, nous avons mesuré l'effet de la plateforme Ondine dans 12 régies\n"
        "des eaux françaises, de 8 000 à 140 000 abonnés. La méthode compare, pour chaque régie, les douze\n"
        "mois précédant le déploiement aux douze mois suivants, à périmètre constant."
    )
    sentences = split(text)
    assert len(sentences) == 2
    assert sentences[0].endswith("140 000 abonnés.")
    assert sentences[1].startswith("La méthode") and sentences[1].endswith("constant.")


def test_linkedin_line_breaks_end_sentences() -> None:
    text = "Bien cordialement,\nCamille Perrin\nOndine Analytics"
    assert split(text) == ["Bien cordialement,", "Camille Perrin", "Ondine Analytics"]
    assert line_segments(text, 0, len(text)) == [(0, 18), (19, 33), (34, 50)]


def test_line_breaks_can_be_ignored_for_html() -> None:
    text = "Bien cordialement\nCamille Perrin"
    assert [text[s:e] for s, e in split_sentences(text, 0, len(text), "fr", line_breaks=False)] == [text]


def test_a_long_draft_splits_as_its_paragraph_does() -> None:
    paragraph = (
        "Entre janvier 2024 et juin 2025, nous avons suivi 12 régies équipées de la plateforme Ondine. "
        "En moyenne, leurs pertes en réseau ont baissé de 18 %, p. ex. à Saint-Aurèle (cf. M. Dupont). "
        "Vous voulez savoir ce que ces chiffres donneraient sur votre réseau ? Réservez un échange.\n"
        "Nos alertes sont fiables : 87 % d'entre elles conduisent à une fuite réelle, soit 1.9 million.\n"
    )
    text = paragraph * 25  # about 1,500 words
    assert len(text.split()) >= 1400
    spans = split_sentences(text, 0, len(text), "fr")  # its speed is in bench/bench_text.py
    assert len(spans) == 25 * 5


def test_a_number_opening_a_line_is_an_enumerator_not_a_sentence() -> None:
    assert split("2. Ce que nous avons fait") == ["2. Ce que nous avons fait"]
    assert split("Nous avons 12. Puis 13.") == ["Nous avons 12.", "Puis 13."]

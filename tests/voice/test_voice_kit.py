"""The kit compiled into rules: banned, terminology, address, length, exclamation, channels, reading level."""

from __future__ import annotations

from typing import Any

import pytest

from proofline.model import Severity
from proofline.report import Finding
from proofline.text.markup import parse_document
from proofline.voice import infer_channel, lint
from proofline.workspace.model import Kit

KIT: dict[str, Any] = {
    "kit": 1,
    "brand": "Kerlog",
    "languages": ["fr", "en"],
    "voice": {"address": "vous", "max_sentence_words": 20, "exclamation": "avoid"},
    "terminology": [
        {"use": "plateforme Kerlog", "not": ["logiciel Kerlog", "outil Kerlog", "solution Kerlog"], "lang": "fr"},
        {"use": "Kerlog platform", "not": ["Kerlog tool"], "lang": "en"},
        {"use": "tournée", "not": ["trajet de livraison"]},
    ],
    "banned": [{"phrases": ["révolutionnaire", "disruptif", "leader incontesté", "best-in-class"],
                "reason": "Restraint wins."}],
    "channels": {"email": {"subject_max_chars": 40, "max_words": 60},
                 "linkedin": {"max_chars": 200, "max_hashtags": 2}},
}


def make_kit(**voice: Any) -> Kit:
    data = {**KIT, "voice": {**KIT["voice"], **voice}} if voice else KIT
    return Kit.model_validate(data)


def run(text: str, lang: str | None = None, kit: Kit | None = None, **kw: Any) -> list[Finding]:
    doc = parse_document(text, None, path="draft.md", language=lang)
    return lint(doc, kit or make_kit(), **kw)


def quotes(text: str, rule: str, lang: str | None = None, kit: Kit | None = None, **kw: Any) -> list[str]:
    return [text[f.start:f.end] for f in run(text, lang, kit, **kw) if f.rule == rule]


# banned ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Une approche révolutionnaire du transport.", ["révolutionnaire"]),
    ("Des outils Révolutionnaires.", ["Révolutionnaires"]),
    ("Une offre disruptive, des modèles disruptifs.", ["disruptive", "disruptifs"]),
    ("Le leader incontesté du secteur.", ["leader incontesté"]),
    ("Best-in-class routing for carriers.", ["Best-in-class"]),
])
def test_banned_phrases_fire_whole_word_in_any_case_and_form(text: str, expected: list[str]) -> None:
    assert quotes(text, "banned") == expected


@pytest.mark.parametrize("text", ["Une révolution dans le transport.", "Le leader du secteur.", "Disruption ahead."])
def test_banned_phrases_do_not_fire_on_neighbours(text: str) -> None:
    assert quotes(text, "banned") == []


def test_banned_finding_explains_and_is_an_error() -> None:
    (f,) = [f for f in run("Une approche révolutionnaire.") if f.rule == "banned"]
    assert f.severity is Severity.ERROR and f.family == "banned"
    assert "révolutionnaire" in f.message and "Restraint wins." in f.message
    assert (f.line, f.column) == (1, 14)


# terminology -------------------------------------------------------------------------------------

def test_terminology_proposes_the_kit_term() -> None:
    text = "Le logiciel Kerlog planifie vos tournées. L'outil Kerlog les envoie."
    found = [f for f in run(text, "fr") if f.rule == "terminology"]
    assert [(text[f.start:f.end], f.fix) for f in found] == [("logiciel Kerlog", "plateforme Kerlog"),
                                                               ("outil Kerlog", "plateforme Kerlog")]
    assert found[0].message == "The kit says 'plateforme Kerlog', not 'logiciel Kerlog'."


def test_terminology_respects_the_rule_language() -> None:
    assert quotes("The Kerlog tool plans rounds.", "terminology", "en") == ["Kerlog tool"]
    assert quotes("La Kerlog tool planifie.", "terminology", "fr") == []
    assert quotes("Le logiciel Kerlog plans rounds.", "terminology", "en") == []
    assert quotes("A trajet de livraison.", "terminology", "en") == ["trajet de livraison"]


def test_terminology_catches_the_product_named_with_a_rejected_word() -> None:
    text = "Kerlog est la solution la plus simple pour vos tournées."
    found = [f for f in run(text, "fr") if f.rule == "terminology"]
    assert [(text[f.start:f.end], f.fix) for f in found] == [("solution", "plateforme")]
    assert quotes("Kerlog cherche une solution à ce problème.", "terminology", "fr") == []


# address -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Tu le sais mieux que personne.", ["Tu"]),
    ("Je t’invite à notre webinaire.", ["t’"]),
    ("Ton équipe gagne du temps, et ta flotte aussi.", ["Ton", "ta"]),
    ("On te rappelle demain, avec tes chiffres.", ["te", "tes"]),
    ("Découvre notre offre.", ["Découvre"]),
    ("N'hésite pas à nous écrire.", ["N'hésite pas"]),
    ("Rejoins-nous au salon.", ["Rejoins"]),
    ("Et maintenant, réserve ta place.", ["réserve", "ta"]),
])
def test_address_tu_in_a_vous_kit_fires(text: str, expected: list[str]) -> None:
    assert quotes(text, "voice.address", "fr") == expected


@pytest.mark.parametrize("text", [
    "Vous le savez mieux que personne.",
    "Les tutoriels sont en ligne, le statut aussi.",
    "Le ton de la marque reste sobre.",
    "Demande de démonstration",
    "Entre 2022 et 2024, nos clients ont réduit leurs kilomètres à vide.",
    "Il n'hésite pas à appeler le support.",
    "Contactez-nous, dites-nous tout.",
    "Réserve d'eau potable : 3 jours.",
])
def test_address_does_not_fire_on_vous_or_lookalikes(text: str) -> None:
    assert quotes(text, "voice.address", "fr") == []


def test_address_ignores_english_text() -> None:
    assert quotes("Tu Delft and Ta Prohm are places. Te amo is Spanish.", "voice.address", "en") == []


def test_address_vous_in_a_tu_kit_fires() -> None:
    kit = make_kit(address="tu")
    text = "Découvrez votre tableau de bord. Tu peux aussi nous écrire."
    assert quotes(text, "voice.address", "fr", kit) == ["Découvrez", "votre"]
    assert quotes("Tu peux nous écrire chez nous.", "voice.address", "fr", kit) == []


# length, exclamation, channels -------------------------------------------------------------------

def test_max_sentence_words_spans_the_whole_sentence() -> None:
    long = ("Nous pouvons commencer par une analyse de vos tournées, menée avec vos équipes, puis vous présenter "
            "nos conclusions lors d'une réunion sur place.")
    text = f"Bonjour. {long} Merci."
    found = [f for f in run(text, "fr") if f.rule == "voice.max_sentence_words"]
    assert [text[f.start:f.end] for f in found] == [long]
    assert "23 words" in found[0].message and "20" in found[0].message


@pytest.mark.parametrize(("text", "expected"), [
    ("Appelez-nous !", [" !"]),
    ("Call us today!", ["!"]),
    ("Call us today!!", ["!!"]),
])
def test_exclamation_fires_with_a_full_stop_fix(text: str, expected: list[str]) -> None:
    found = [f for f in run(text) if f.rule == "voice.exclamation"]
    assert [text[f.start:f.end] for f in found] == expected
    assert all(f.fix == "." for f in found)


def test_exclamation_allowed_by_the_kit_and_never_in_code() -> None:
    assert quotes("Call us today!", "voice.exclamation", kit=make_kit(exclamation="allow")) == []
    assert quotes("Run `if a != b` or ![logo](x.png).", "voice.exclamation") == []


def test_email_subject_length_is_inferred_from_the_first_line() -> None:
    subject = "Vos tournées, planifiées en quelques minutes chaque matin"
    text = f"Objet : {subject}\n\nBonjour Madame Roche,\n\nVoici notre proposition.\n"
    doc = parse_document(text, None, path="email.md")
    assert infer_channel(doc) == "email"
    found = [f for f in lint(doc, make_kit()) if f.rule == "channel.subject_max_chars"]
    assert [text[f.start:f.end] for f in found] == [subject]
    assert f"{len(subject)} characters" in found[0].message
    assert quotes("Subject: Short one\n\nHello,\n", "channel.subject_max_chars") == []


def test_channel_limits_on_hashtags_characters_and_words() -> None:
    post = "Nos tournées, planifiées chaque matin.\n\n#transport #logistique #tournées\n"
    assert quotes(post, "channel.max_hashtags", "fr", channel="linkedin") == ["#tournées"]
    assert quotes(post, "channel.max_hashtags", "fr") == []  # no channel, no channel limits
    long = "Une phrase de test. " * 15
    found = [f for f in run(long, "fr", channel="linkedin") if f.rule == "channel.max_chars"]
    assert len(found) == 1 and found[0].start == 200 and found[0].severity is Severity.ERROR
    words = "Objet : Test\n\n" + "mot " * 70
    (f,) = [f for f in run(words, "fr") if f.rule == "channel.max_words"]
    assert "71 words" in f.message


def test_reading_level_compiles_to_voice_reading_level() -> None:
    hard = ("Consequently, the organizational implementation of comprehensive infrastructural modernization "
            "necessitates considerable interdepartmental coordination and substantial administrative "
            "investment. Furthermore, institutional stakeholders characteristically underestimate "
            "the operational complexity associated with multidimensional transformation initiatives "
            "affecting interconnected organizational capabilities. Consequently, comprehensive modernization "
            "necessitates considerable organizational investment. Institutional modernization initiatives "
            "characteristically necessitate interdepartmental coordination.")
    assert quotes(hard, "voice.reading_level", "en", make_kit(reading_level="simple")) == [hard]
    assert quotes(hard, "voice.reading_level", "en", make_kit()) == []  # no level: the pack's ids
    assert quotes(hard, "readability.flesch_kincaid", "en", make_kit()) == [hard]


def test_min_severity_filters_for_ci() -> None:
    text = "Une approche révolutionnaire ! Tu le sais."
    rules = {f.rule for f in run(text, "fr", min_severity=Severity.ERROR)}
    assert rules == {"banned"}


def test_findings_are_sorted_and_positions_map_to_the_original_file() -> None:
    text = "# Titre\n\nUn **outil révolutionnaire** pour toi !\n"
    found = run(text, "fr")
    assert [f.start for f in found] == sorted(f.start for f in found)
    f = next(f for f in found if f.rule == "banned")
    assert text[f.start:f.end] == "révolutionnaire"
    assert (f.line, f.column) == (3, 12)

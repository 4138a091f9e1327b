"""Built-in style packs, in French and English: sentences that must fire and sentences that must not."""

from __future__ import annotations

from typing import Any

import pytest

from proofline.text.markup import parse_document
from proofline.voice import BUILTIN_PACKS, lint
from proofline.voice.styles import BUILTIN_PACKS as STYLE_PACKS
from proofline.voice.styles import builtin_pack
from proofline.workspace.model import Kit


def kit(**voice: Any) -> Kit:
    return Kit.model_validate({"kit": 1, "brand": "Acme", "languages": ["fr", "en"], "voice": voice})


def families(text: str, lang: str, k: Kit | None = None) -> list[tuple[str, str]]:
    doc = parse_document(text, None, path="d.md", language=lang)
    return [(f.rule.split(".")[0], text[f.start:f.end]) for f in lint(doc, k or kit())]


def test_every_builtin_pack_loads_and_is_known() -> None:
    assert BUILTIN_PACKS == STYLE_PACKS
    for name in BUILTIN_PACKS:
        assert builtin_pack(name), name


# hype --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "quote"), [
    ("Nos chiffres parlent d'eux-mêmes.", "fr", "Nos chiffres parlent d'eux-mêmes"),
    ("Nos clients sont unanimes : c'est simple.", "fr", "Nos clients sont unanimes"),
    ("Une expérience incroyable pour vos équipes.", "fr", "incroyable"),
    ("Des résultats exceptionnels dès le premier mois.", "fr", "résultats exceptionnels"),
    ("Our customers love us.", "en", "Our customers love us"),
    ("An amazing dashboard for your crews.", "en", "amazing"),
    ("The results speak for themselves.", "en", "The results speak for themselves"),
    ("A world-class team at your side.", "en", "world-class"),
])
def test_hype_fires(text: str, lang: str, quote: str) -> None:
    assert ("hype", quote) in families(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("Ce n'est pas un algorithme magique : c'est un SMS envoyé au bon moment.", "fr"),
    ("À titre exceptionnel, le support ouvre le samedi.", "fr"),
    ("Nos clients ont réduit leurs pertes de 12 % en un an.", "fr"),
    ("It is not magical thinking: it is a text message sent at the right time.", "en"),
    ("Our customers cut empty mileage by 14% last year.", "en"),
])
def test_hype_stays_quiet_on_plain_or_negated_statements(text: str, lang: str) -> None:
    assert [f for f in families(text, lang) if f[0] == "hype"] == []


def test_hype_intensifiers_need_to_pile_up() -> None:
    assert families("C'est vraiment utile.", "fr") == []
    piled = "C'est vraiment utile, totalement fiable, absolument simple et extrêmement rapide."
    assert [q for fam, q in families(piled, "fr") if fam == "hype"] == ["vraiment", "totalement", "absolument",
                                                                        "extrêmement"]
    assert families("It is really useful.", "en") == []


# ai_style ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "quote"), [
    ("Dans un monde en constante évolution, les régies doivent agir.", "fr", "Dans un monde en constante évolution"),
    ("N'hésitez pas à me contacter.", "fr", "N'hésitez pas à"),
    ("Plongeons dans les chiffres.", "fr", "Plongeons dans"),
    ("Libérez tout le potentiel de vos données.", "fr", "Libérez tout le potentiel"),
    ("In today's fast-paced world, crews need data.", "en", "In today's fast-paced world"),
    ("Let's dive into the figures.", "en", "Let's dive into"),
    ("We delve into the data.", "en", "delve"),
    ("Unlock the full potential of your network.", "en", "Unlock the full potential"),
    ("This is a testament to our team.", "en", "a testament"),
    ("Feel free to reach out with any questions.", "en", "Feel free to reach out"),
])
def test_ai_style_stock_phrases_fire(text: str, lang: str, quote: str) -> None:
    found = [q for fam, q in families(text, lang) if fam == "ai_style"]
    assert any(quote in q or q in quote for q in found), found


@pytest.mark.parametrize(("text", "lang"), [
    ("Le monde de l'eau change : les agences fixent des objectifs plus stricts.", "fr"),
    ("Nous hésitons entre deux dates pour le webinaire.", "fr"),
    ("We took a deep breath and shipped.", "en"),
    ("A robust pump for harsh sites.", "en"),  # one buzzword alone does not fire
])
def test_ai_style_stays_quiet(text: str, lang: str) -> None:
    assert [f for f in families(text, lang) if f[0] == "ai_style"] == []


def test_ai_style_buzzwords_fire_when_dense() -> None:
    text = "A robust, seamless platform to leverage your data and streamline your workflows."
    assert [q for fam, q in families(text, "en") if fam == "ai_style"] == ["robust", "seamless", "leverage",
                                                                           "streamline"]
    fr = "Un levier crucial et incontournable pour optimiser votre réseau."
    assert [q for fam, q in families(fr, "fr") if fam == "ai_style"] == ["levier", "crucial", "incontournable",
                                                                         "optimiser"]


# readability, rhythm, passive, consistency, typos ------------------------------------------------

HARD_EN = ("Consequently, the organizational implementation of comprehensive infrastructural modernization "
           "necessitates considerable interdepartmental coordination and substantial administrative investment. "
           "Furthermore, institutional stakeholders characteristically underestimate the operational complexity "
           "associated with multidimensional transformation initiatives affecting interconnected organizational "
           "capabilities. Comprehensive modernization necessitates considerable organizational investment. "
           "Accordingly, organizational leadership should systematically prioritize interdepartmental "
           "communication, institutional accountability and administrative standardization.")
HARD_FR = ("Conséquemment, l'implémentation organisationnelle d'une modernisation infrastructurelle "
           "nécessite une coordination interdépartementale considérable et un investissement administratif "
           "substantiel. Parallèlement, les responsables institutionnels sous-estiment systématiquement la "
           "complexité opérationnelle associée aux transformations multidimensionnelles interconnectées "
           "affectant durablement les capacités organisationnelles. Conséquemment, l'administration "
           "institutionnelle devrait prioritairement systématiser la communication interdépartementale et "
           "la standardisation administrative.")
EASY_EN = ("Leaks hide in the network. Our sensors listen at night. When they hear one, the crew gets a zone "
           "on the map. They go there first. They fix it fast. The water stays in the pipes, and the bill goes "
           "down. That is all we do, and we do it well every day.")
EASY_FR = ("Les fuites se cachent dans le réseau. Nos capteurs écoutent la nuit. Quand ils en entendent une, "
           "l'équipe reçoit une zone sur la carte. Elle y va d'abord. Elle répare vite. L'eau reste dans les "
           "tuyaux, et la facture baisse. C'est tout ce que nous faisons, chaque jour.")


@pytest.mark.parametrize(("text", "lang", "fires"), [
    (HARD_EN, "en", True), (EASY_EN, "en", False), (HARD_FR, "fr", True), (EASY_FR, "fr", False),
])
def test_readability_per_paragraph(text: str, lang: str, fires: bool) -> None:
    assert (("readability", text) in families(text, lang)) is fires


def test_rhythm_flags_monotone_sentences_in_both_languages() -> None:
    en = " ".join(f"The team checks the {w} sensors in the network every single day." for w in
                  ["north", "south", "east", "west", "old", "new"])
    fr = " ".join(f"L'équipe vérifie les capteurs du secteur {w} chaque jour sans exception." for w in
                  ["nord", "sud", "est", "ouest", "ancien", "neuf"])
    assert [fam for fam, _ in families(en, "en")] == ["rhythm"]
    assert [fam for fam, _ in families(fr, "fr")] == ["rhythm"]
    assert families(EASY_EN, "en") == []


def test_passive_fires_only_when_it_dominates_an_english_draft() -> None:
    few = "Data is encrypted at rest. Backups are kept for 30 days. We test a restore every month."
    assert [f for f in families(few, "en") if f[0] == "passive"] == []
    many = ("The data is collected by sensors. It is stored in Paris. It is analysed by models. Alerts are sent "
            "by email. Reports are generated weekly. Leaks are located by crews. Repairs are scheduled later.")
    assert len([f for f in families(many, "en") if f[0] == "passive"]) >= 6
    assert [f for f in families("Les données sont chiffrées, stockées, analysées, envoyées, relues, gardées.",
                                "fr") if f[0] == "passive"] == []


def test_consistency_and_typos() -> None:
    assert ("consistency", "e-mail") in families("Send an email, then an email, then an e-mail.", "en")
    assert ("typos", "the the") in families("We ship the the platform.", "en")
    assert ("typos", "la la") in families("Nous livrons la la plateforme.", "fr")


def test_packs_switch_off_per_kit() -> None:
    text = "Our customers love us. In today's fast-paced world, crews need data."
    assert {fam for fam, _ in families(text, "en")} == {"hype", "ai_style"}
    off = kit(style_packs={"hype": False, "ai_style": False})
    assert families(text, "en", off) == []

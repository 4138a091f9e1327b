"""Which parts of a draft are claims: non-claims never block, claims are found wherever they hide."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from proofline.report import ClaimResult, Report

Check = Callable[[str], Report]
ClaimOf = Callable[[str, str], ClaimResult]


def blocking(report: Report) -> list[tuple[str, str]]:
    return [(c.text, c.verdict.value) for c in report.claims if c.blocks]


@pytest.mark.parametrize(
    "draft",
    [
        "Réservez un échange de 30 minutes avec notre équipe.",
        "Book a 20-minute demo with one of our planners.",
        "Combien de kilomètres à vide vos camions parcourent-ils chaque mois ?",
        "How many empty miles did your trucks drive last quarter?",
    ],
    ids=["cta-fr", "cta-en", "question-fr", "question-en"],
)
def test_calls_to_action_and_questions_do_not_block(check: Check, draft: str) -> None:
    assert blocking(check(draft)) == []


@pytest.mark.parametrize(
    "draft",
    [
        "Rejoignez notre webinaire le jeudi 10 décembre à 11 h.",
        "Je vous propose un appel mardi 15 décembre à 9 h 30.",
        "Join our live session on Thursday 10 December at 11 am (Paris time).",
    ],
)
def test_meeting_offers_with_dates_and_times_do_not_block(check: Check, draft: str) -> None:
    assert blocking(check(draft)) == []


@pytest.mark.parametrize(
    "draft",
    [
        "3 questions à poser avant de changer de logiciel de transport",
        "5 signs your planning spreadsheet has reached its limits",
    ],
)
def test_numbered_list_titles_do_not_block(check: Check, draft: str) -> None:
    assert blocking(check(draft)) == []


@pytest.mark.parametrize(
    "draft",
    [
        "Selon moi, la planification reste le métier le plus sous-estimé du transport.",
        "We believe planners deserve better tools than a spreadsheet.",
    ],
)
def test_marked_opinions_do_not_block(check: Check, draft: str) -> None:
    assert blocking(check(draft)) == []


@pytest.mark.parametrize(
    "draft",
    [
        "Lundi, 6 h du matin : un chauffeur appelle, son client a déplacé la livraison.",
        "Friday, 5 pm: three drivers are still on the road and the phone will not stop ringing.",
    ],
)
def test_narrative_hooks_do_not_block(check: Check, draft: str) -> None:
    assert blocking(check(draft)) == []


@pytest.mark.parametrize(
    "draft",
    [
        "You mentioned that your four depots will welcome 30 new drivers next year.",
        "Vous m'avez dit que vos 45 camions roulent surtout la nuit.",
        "Avec 18 agences et 240 conducteurs, votre planning de la semaine est un casse-tête.",
        "Vos exploitants n'ont pas tous un bureau.",
        "Vos tournées annuelles, sans improvisation",
        "Vous m'avez décrit un besoin de 300 tournées par semaine.",
        "In today's fast-paced logistics market, finding a reliable partner is hard.",
        "Format visé : 1 200 mots, pour le blog puis sur LinkedIn.",
    ],
)
def test_the_readers_own_situation_does_not_block(check: Check, draft: str) -> None:
    assert blocking(check(draft)) == []


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        ("Vos données sont hébergées au Brésil.", "hébergées"),  # what we do for the reader
        ("Vos exploitants gagnent 9 heures par semaine.", "9 heures"),  # a figure of ours
        ("Your drivers love our app, the best on the market.", "best on the market"),  # names us
    ],
)
def test_a_sentence_about_the_readers_things_is_a_claim_when_it_says_what_we_do(
    check: Check, draft: str, fragment: str,
) -> None:
    assert any(fragment in text for text, _ in blocking(check(draft)))


def test_greetings_and_sign_offs_do_not_block(check: Check) -> None:
    draft = "Bonjour Hélène,\n\nMerci pour votre temps.\n\nBien cordialement,\n\nCamille Durand\nLogivia\n"
    assert blocking(check(draft)) == []


@pytest.mark.parametrize("label", ["Relance 1 – J+4", "Follow-up 2 – Day 9", "Étape 3 (J+10)"])
def test_sequence_labels_do_not_block(check: Check, label: str) -> None:
    draft = f"## {label}\n\nBonjour Hélène,\n\nAvez-vous eu le temps de regarder notre proposition ?\n"
    assert blocking(check(draft)) == []


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        ("Logivia importe vos tournées depuis vos fichiers Excel.", "importe"),  # the brand does something
        ("The Logivia app runs on iOS and Android.", "runs on"),
        # In a document that names the brand, what it describes is the brand's product.
        ("Logivia planifie vos tournées. Les feuilles de route sont envoyées automatiquement à chaque "
         "conducteur.", "automatiquement"),
        ("Un assistant IA prépare vos tournées du lendemain.", "assistant IA"),
        ("Nous sommes le premier éditeur de logiciels de transport de l'Ouest.", "premier éditeur"),
        ("Tous nos consultants ont eux-mêmes dirigé une exploitation.", "Tous nos consultants"),
        ("Our support centres are in Nantes, Rennes and Brest.", "support centres"),
        # a trust page: who touches the data and how, without a figure
        ("Logivia has no sub-processors outside the European Union.", "sub-processors"),
        ("Logivia lit votre agenda avec un accès en lecture seule.", "lecture seule"),
        ("We self-attest against the controls of ISO 27001.", "self-attest"),
        # a rule coming into force is a legal fact
        ("Au 1er janvier 2027, le bon de transport électronique devient obligatoire pour les transporteurs.",
         "devient obligatoire"),
    ],
)
def test_capabilities_and_rankings_without_figures_are_claims(check: Check, draft: str, fragment: str) -> None:
    assert any(fragment in text for text, _ in blocking(check(draft)))


def test_claim_is_found_in_a_heading(claim_of: ClaimOf) -> None:
    draft = "## 18 % de carburant en moins sur vos tournées\n\nVoici comment nos clients s'y prennent.\n"
    claim_of(draft, "18 % de carburant en moins")


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        ("Objet : Logivia Pro à 990 € HT par mois\n\nBonjour Hélène,\n\nÀ bientôt.\n", "990 €"),
        ("Subject: Logivia was founded in 2012\n\nHi Sam,\n\nBest,\nCamille\n", "2012"),
    ],
)
def test_claim_is_found_in_an_email_subject(claim_of: ClaimOf, draft: str, fragment: str) -> None:
    assert claim_of(draft, fragment).blocks


def test_claim_is_found_in_a_list_item(claim_of: ClaimOf) -> None:
    draft = "Ce que vous obtenez :\n\n- Mise en service en 21 jours\n- Un interlocuteur unique\n"
    claim_of(draft, "21 jours")


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        ("Les retards de livraison reculent de vingt-sept pour cent.", "vingt-sept pour cent"),
        ("Hauliers burn eighteen percent less fuel with Logivia.", "eighteen percent"),
        ("Logivia compte soixante-quatre salariés.", "soixante-quatre"),
    ],
)
def test_claim_with_a_figure_written_in_words_is_found(claim_of: ClaimOf, draft: str, fragment: str) -> None:
    claim_of(draft, fragment)


def test_an_introduction_does_not_keep_the_clauses_after_it_together(check: Check) -> None:
    draft = "Pour votre flotte, Logivia Pro coûte 1 150 € HT par mois, et notre support répond 24/7."
    report = check(draft)
    by_figure = {
        figure: [c.verdict.value for c in report.claims if c.start <= draft.index(figure) < c.end]
        for figure in ("1 150 €", "24/7")
    }
    assert by_figure == {"1 150 €": ["supported"], "24/7": ["contradicted"]}


def test_sentence_with_two_claims_of_different_verdicts_yields_two_claims(check: Check) -> None:
    draft = "Logivia Pro coûte 1 150 € HT par mois et notre support répond 24/7."
    report = check(draft)
    by_figure = {
        figure: [c.verdict.value for c in report.claims if c.start <= draft.index(figure) < c.end]
        for figure in ("1 150 €", "24/7")
    }
    assert by_figure == {"1 150 €": ["supported"], "24/7": ["contradicted"]}


@pytest.mark.parametrize(
    "sentence",
    [
        "Nous serons au salon Pollutec du 2 au 5 décembre, stand 4B.",
        "Rejoignez les 300 participants de notre prochain webinaire.",
        "Retrouvez notre livre blanc en 5 chapitres.",
        "Join us on 12 March at 10 am for a 45-minute demo.",
        "Our team will be at booth 12 during the show.",
        "Voici 3 erreurs fréquentes dans la planification des tournées.",
        "Nous recrutons 5 ingénieurs data à Nantes.",
        "Imaginez : 2 tournées sur 3 bouclées avant midi.",
    ],
)
def test_events_offers_job_ads_and_hypotheticals_do_not_block(check: Any, sentence: str) -> None:
    assert [c.text for c in check(sentence).claims if c.blocks] == []


@pytest.mark.parametrize(
    "draft",
    [
        "Le transporteur Logivia décroche la certification ISO 14001.",
        "Logivia is the leading route-planning software for Belgian hauliers.",
        "We store no payment card details on our servers.",
        "Personal data is first anonymised before any statistics are computed.",
        "Access to Logivia follows role-based permissions.",
        "Logivia est membre officiel de la fédération des transporteurs routiers.",
        "Chez Logivia, vous pouvez payer par prélèvement ou par virement.",
        "Le jury a primé Logivia dans la catégorie Logistique.",
    ],
)
def test_constructions_that_state_a_checkable_fact_without_a_figure(check: Check, draft: str) -> None:
    assert [c.text for c in check(draft).claims] == [draft.rstrip(".")]


@pytest.mark.parametrize(
    "draft",
    [
        "Leading teams through change takes time.",
        "Our drivers received a warm welcome at the depot.",
    ],
)
def test_near_misses_of_those_constructions_are_not_claims(check: Check, draft: str) -> None:
    assert check(draft).claims == []


@pytest.mark.parametrize(
    "draft",
    [
        "Chez Transports Morel, il explique que chaque tournée est désormais prête la veille.",
        "Claire Vidal, directrice d'exploitation de Transports Morel, explique que les retards ont reculé.",
    ],
)
def test_reported_speech_of_a_person_is_a_customer_claim(check: Check, draft: str) -> None:
    assert [c.category.value for c in check(draft).claims] == ["customer"]


def test_a_survey_of_our_users_is_not_a_testimonial(check: Check) -> None:
    report = check("En 2025, 91 % of our users said they were satisfied with Logivia.")
    assert [c.category.value for c in report.claims] != ["customer"]


def test_catering_is_not_restoring_data(check: Check) -> None:
    claims = check("Logivia livre 40 cuisines de restauration collective chaque matin.").claims
    assert [c.category.value for c in claims] != ["security"]
    assert [c.category.value for c in check("La restauration des données prend moins de 4 heures chez Logivia.").claims] == ["security"]


def test_the_readers_own_figure_in_a_subject_line_is_not_a_claim(check: Check) -> None:
    assert check("Objet : votre devis Logivia pour 35 camions\n\nBonjour Madame Roux,").claims == []


@pytest.mark.parametrize(("draft", "category"), [
    ("Logivia's revenue reached €4.2 million in 2025.", "company"),
    ("Le chiffre d'affaires de Logivia a atteint 4,2 millions d'euros en 2025.", "company"),
    ("Chez Logivia, l'abonnement se règle en trois fois sans frais.", "pricing"),
    ("Logivia asks a 30% deposit, the balance on delivery.", "pricing"),
])
def test_revenue_is_a_company_fact_and_payment_terms_are_pricing(check: Check, draft: str, category: str) -> None:
    assert {c.category.value for c in check(draft).claims} == {category}

"""What a sentence does decides whether it can be a claim; each construction with a sentence of our own.

The sentences are written for these tests (Logivia, a transport-software brand, and market prose
that never names it), not taken from any labelled set.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from proofline.claims.cues import load_cues
from proofline.claims.roles import SentenceRole, role_of
from proofline.report import Report
from proofline.text.quantities import find_quantities

Check = Callable[[str], Report]


def blocking_texts(report: Report) -> list[str]:
    return [c.text for c in report.claims if c.blocks]


def role(text: str, kind: str = "paragraph", *, speaker: bool = False) -> SentenceRole:
    return role_of(text, kind, load_cues(), [], speaker=speaker)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Accueil > Ressources > Le guide du transport frigorifique", SentenceRole.BREADCRUMB),
        ("How to plan delivery rounds without a spreadsheet", SentenceRole.TOPIC),
        ("Comment réduire les kilomètres à vide de votre flotte", SentenceRole.TOPIC),
        ("Choisissez un outil que vos exploitants utiliseront vraiment", SentenceRole.ADVICE),
        ("Planifier les tournées la veille au soir", SentenceRole.ADVICE),
        ("Start with a map of where your drivers lose time", SentenceRole.ADVICE),
        ("Prenons un exemple : un transporteur de 40 camions qui livre la grande distribution", SentenceRole.HYPOTHETICAL),
        ("If your fleet drives 2 million km a year, every empty kilometre counts", SentenceRole.HYPOTHETICAL),
        ("In this guide, we explain what a planning tool should do", SentenceRole.META),
        ("Notre objectif était simple : des tournées prêtes avant 18 h", SentenceRole.INTENT),
        ("Responsable grands comptes, Logivia", SentenceRole.SIGNATURE),
        ("C'est un bon moyen de comparer deux offres", SentenceRole.OPINION),
        ("I suspect most fleets plan this way", SentenceRole.OPINION),
        ("Nous ne détaillerons pas ici chaque réglage du planificateur", SentenceRole.META),
        ("Le directeur a insisté sur le rôle des exploitants", SentenceRole.REPORTING),
        ("Le plus simple est de commencer par une seule agence", SentenceRole.ADVICE),
        ("Comme convenu, voici notre proposition pour vos 12 camions", SentenceRole.META),
        ("Below, we explain why empty kilometres cost more than fuel", SentenceRole.META),
        ("Chaque mois, cette rubrique passe en revue les nouveautés du transport", SentenceRole.META),
        ("Le taux de remplissage est un indicateur qui mesure la part utile de chaque camion", SentenceRole.DEFINITION),
        ("Dwell time refers to the time a truck waits at a dock", SentenceRole.DEFINITION),
        ("Planning rounds across two depots is rarely simple", SentenceRole.OPINION),
        ("A tachograph is a device that records driving and rest times", SentenceRole.DEFINITION),
        ("Merci pour votre inscription à notre atelier planification", SentenceRole.GREETING),
        ("Thank you for downloading our guide to ISO 14083 reporting", SentenceRole.GREETING),
        ("Bonjour Claire, suite à notre échange de mardi", SentenceRole.GREETING),
        ("Selon lui, un exploitant doit d'abord fiabiliser ses temps de chargement", SentenceRole.OPINION),
        ("Elle observe que les chargeurs regardent désormais le coût total du transport", SentenceRole.OPINION),
    ],
)
def test_roles_of_sentences_that_are_not_assertions(text: str, expected: SentenceRole) -> None:
    assert role(text) is expected
    assert not expected.may_claim


def test_advice_with_a_few_things_to_do_stays_advice() -> None:
    text = "Commencez par deux ou trois tournées pilotes, pas plus"
    assert role_of(text, "paragraph", load_cues(), find_quantities(text, "fr"), speaker=False) is SentenceRole.ADVICE


def test_advice_that_promises_a_result_is_a_claim() -> None:
    figures = find_quantities("Gagnez 6 heures par semaine sur la planification", "fr")
    assert role_of("Gagnez 6 heures par semaine sur la planification", "paragraph", load_cues(), figures,
                   speaker=False) is not SentenceRole.ADVICE


def test_what_our_product_is_stays_an_assertion() -> None:
    assert role("Logivia est un outil de planification qui réduit les kilomètres à vide", speaker=True).may_claim
    assert role("We show every driver's hours on one screen", speaker=True).may_claim


def test_a_conditional_of_ours_is_a_promise_not_a_scenario() -> None:
    assert role("Si vous résiliez dans les 30 jours, nous remboursons l'abonnement", speaker=True).may_claim


def test_headings_may_state_results() -> None:
    assert role("Comment nous avons réduit les kilomètres à vide", "heading") is SentenceRole.HEADING


@pytest.mark.parametrize(
    "draft",
    [
        # a generality about the market: a change verb with no figure and nobody in particular
        "La planification dynamique réduit les kilomètres à vide et améliore le service.",
        "Phased roll-outs lower risk and shorten time to value.",
        # a topic word in a sentence about nobody in particular
        "Le support joue un rôle central dans l'adoption d'un logiciel.",
        "Return on investment is what every finance director asks about.",
        # a unit of price with no price
        "Les factures détaillent le montant HT et la TVA.",
        # the text's own structure, and a number used as a label
        "Nous avons organisé ce guide en trois chapitres.",
        "L'écriture est passée au compte 606 du plan comptable.",
        # an award ceremony is not a discount
        "La remise des prix se déroule en fin de soirée.",
    ],
)
def test_generalities_and_structure_are_not_claims(check: Check, draft: str) -> None:
    assert blocking_texts(check(draft)) == []


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        # a topic said of the brand, of us, or bound to a figure
        ("Logivia réduit les kilomètres à vide de vos camions.", "réduit"),
        ("Notre support répond en français.", "support"),
        ("Le support de Transalpes répond en moins de 4 heures.", "moins de 4 heures"),
        # a relative figure is a figure
        ("Les transporteurs équipés ont divisé par deux leurs kilomètres à vide.", "divisé par deux"),
        # facts about named third parties: partnerships, investors, laws
        ("La tournée d'essai était organisée en partenariat avec Transalpes.", "partenariat"),
        ("Index Partners et Nordcap mènent la série B de Fretline.", "série B"),
        ("Depuis 2022, la loi Climat impose des zones à faibles émissions.", "loi Climat"),
        # data handling stated as a denial, hosting by naming the cloud
        ("Nous ne revendons jamais vos données de tournées.", "revendons"),
        ("No Azure, no AWS: everything runs in our own racks.", "Azure"),
        # a statement attributed to a named third party or to a study
        ("Selon l'Insee, les PME du transport ont recruté l'an dernier.", "Selon l'Insee"),
        ("Eurostat indique que le fret routier progresse en Europe.", "Eurostat indique"),
        # a founding, ties between organisations, data handling
        ("Transalpes, entreprise familiale née en 1987, dessert les Alpes.", "née en 1987"),
        ("The Lyon depot is operated by Fretline SAS.", "operated by"),
        ("Au salon, Logivia était représentée par Transalpes, son partenaire régional.", "représentée par"),
        ("We never train our models on your delivery data.", "train"),
        # comparisons by likelihood or by what others cannot do
        ("Equipped fleets are more likely to deliver on time.", "more likely"),
        ("Our night planning is something spreadsheets cannot match.", "cannot match"),
        # superlatives and comparisons without their other term
        ("October was the busiest month for our hotline.", "busiest"),
        ("Les flottes équipées sont plus ponctuelles.", "plus ponctuelles"),
    ],
)
def test_claims_that_name_someone_or_compare_are_found(check: Check, draft: str, fragment: str) -> None:
    assert any(fragment in c.text for c in check(draft).claims)


def test_a_clause_of_opinion_is_not_part_of_the_claim(check: Check) -> None:
    report = check("Nos clients roulent 12 % de kilomètres à vide en moins, je pense que c'est un début.")
    texts = blocking_texts(report)
    assert texts and all("je pense" not in t for t in texts)
    assert any("12 %" in t for t in texts)


def test_a_reporting_opener_is_not_part_of_the_claim(check: Check) -> None:
    texts = blocking_texts(check("Retenez que, pour nos clients, la mise en service prend 9 jours."))
    assert texts and all(not t.startswith("Retenez") for t in texts)


def test_a_scenario_with_figures_is_not_a_claim(check: Check) -> None:
    draft = "Prenons un exemple : un transporteur de 40 camions qui roule 15 % à vide perd 90 000 € par an."
    assert blocking_texts(check(draft)) == []


def test_a_signature_is_not_a_claim(check: Check) -> None:
    draft = ("Bonjour Hélène,\n\nNos clients gagnent 6 heures par semaine.\n\nBien à vous,\n\n"
             "Camille Durand\nDirectrice commerciale, Logivia\n")
    texts = blocking_texts(check(draft))
    assert all("Directrice" not in t for t in texts)


def test_a_scenario_goes_on_until_its_paragraph_ends(check: Check) -> None:
    draft = ("Prenons une PME de transport de 30 camions. Elle roule 18 % à vide et perd 40 000 € par an.\n\n"
             "Nos clients roulent 12 % de kilomètres à vide en moins.\n")
    texts = blocking_texts(check(draft))
    assert not any("18 %" in t or "40 000" in t for t in texts)
    assert any("12 %" in t for t in texts)


def test_a_purpose_clause_is_not_part_of_the_claim(check: Check) -> None:
    texts = blocking_texts(check("Transalpes a été fondée en 2011 avec l'ambition de devenir le leader du fret alpin."))
    assert texts and all("ambition" not in t for t in texts)


def test_a_framing_clause_is_cut_and_the_statistic_kept(check: Check) -> None:
    texts = blocking_texts(check("Le sujet n'est pas anodin : selon l'Insee, 30 % des transporteurs manquent de conducteurs."))
    assert texts and all("anodin" not in t for t in texts) and any("30 %" in t for t in texts)


def test_a_table_header_row_is_not_a_claim(check: Check) -> None:
    draft = "| Formule | Prix par camion | Frais de mise en service |\n|---|---|---|\n| Logivia Pro | 45 € | 300 € |\n"
    texts = blocking_texts(check(draft))
    assert not any("Frais de mise en service" in t for t in texts)


def test_a_condition_with_what_the_reader_gets_is_a_term(check: Check) -> None:
    """"Si vous..." opens a scenario, unless what follows is what the reader gets from us."""
    assert blocking_texts(check("Si vous payez à l'année, vous bénéficiez d'une remise de 8 % sur Logivia Pro.")) != []
    assert blocking_texts(check("Si vous gérez 30 camions, chaque kilomètre à vide compte.")) == []


def test_a_growing_team_is_not_a_change(check: Check) -> None:
    assert blocking_texts(check("We make route planning simple for growing teams.")) == []


def test_thanks_with_a_result_figure_or_thanks_to_are_still_claims(check: Check) -> None:
    assert blocking_texts(check("Merci à nos 300 transporteurs clients pour leur confiance.")) == [
        "Merci à nos 300 transporteurs clients pour leur confiance"]
    assert role("Thanks to our routing engine, drivers cover fewer empty kilometres") is SentenceRole.ASSERTION


@pytest.mark.parametrize("text", [
    "Un appel de 30 minutes pour passer en revue vos tournées.",
    "A 20-minute call to walk through your depots.",
    "Le reporting Scope 3 occupe les équipes achats des chargeurs.",
    "Our Level 2 team picks up the ticket.",
])
def test_a_call_length_or_a_numbered_label_is_not_a_figure(check: Check, text: str) -> None:
    assert blocking_texts(check(text)) == []


def test_an_ai_feature_is_a_claim_only_when_the_sentence_says_whose(check: Check) -> None:
    assert blocking_texts(check("Fleet projects stall when they promise AI-driven savings nobody has measured.")) == []
    assert blocking_texts(check("Notre assistant IA prépare les tournées du lendemain.")) == [
        "Notre assistant IA prépare les tournées du lendemain"]


def test_a_vague_count_about_the_text_itself_is_not_a_claim(check: Check) -> None:
    assert blocking_texts(check("Each month, this newsletter rounds up dozens of studies on urban freight.")) == []
    assert blocking_texts(check("Dans cette étude, 42 % des transporteurs déclarent planifier la veille.")) == [
        "42 % des transporteurs déclarent planifier la veille"]


def test_a_short_heading_without_a_figure_names_a_topic(check: Check) -> None:
    assert blocking_texts(check("## Sauvegarde des données de tournées\n\nLe détail suit.\n")) == []
    assert blocking_texts(check("## Backups encrypted and tested by Veritas Audit every quarter\n\nDetails below.\n")) != []


def test_a_reported_view_with_a_figure_reports_a_fact(check: Check) -> None:
    assert blocking_texts(check("Selon elle, Logivia planifie les tournées de l'entreprise depuis 2019.")) != []


def test_a_table_header_row_and_its_caption_name_columns(check: Check) -> None:
    draft = ("Table 2 – Savings of the Logivia roll-out\n\n| Indicator | 2-year saving |\n|---|---|\n"
             "| Empty kilometres | 18% |\n")
    assert not [t for t in blocking_texts(check(draft)) if "Indicator" in t or "Table 2" in t]


def test_a_text_in_the_publishers_own_voice_is_its_content(check: Check) -> None:
    # Never names Logivia, but speaks as "we" throughout: what it describes is the publisher's.
    draft = ("Nous planifions vos tournées. Nous suivons vos camions. Nos équipes vous répondent. "
             "Nous formons vos exploitants. Nous livrons nos rapports. Nous restons joignables. "
             "Nos tarifs sont simples. Nous facturons au mois.\n\n"
             "Les feuilles de route partent automatiquement vers chaque conducteur.\n")
    assert "Les feuilles de route partent automatiquement vers chaque conducteur" in blocking_texts(check(draft))

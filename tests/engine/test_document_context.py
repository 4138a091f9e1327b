"""What a figure is about: the document's structure (headings, list intros, labels) decides it.

A small workspace of our own: a price list whose plans have prices that look alike, and a service
description with the hours of two services. Each test is a construction a reviewer catches at a
glance and a bag of words does not.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import proofline
from proofline.report import Report
from proofline.workspace.model import Workspace

KIT = """\
kit: 1
brand: Tabula
languages: [fr, en]
proof:
  pricing: [price_list]
  availability: [product_doc]
"""

PRICES = """\
---
id: tarifs-2026
title: Grille tarifaire 2026
type: price_list
validated_by: Marc Olivier, directeur financier
validated_on: 2026-01-10
lang: fr
---
# Tarifs

Prix mensuels, hors taxes, par utilisateur :

- Essentiel : 6 €
- Premium : 9 €
- Entreprise : 14 €

Frais de mise en service : 490 € HT, une fois.
"""

SERVICES = """\
---
id: services-2026
title: Description des services
type: product_doc
validated_by: Marc Olivier, directeur financier
validated_on: 2026-01-10
lang: fr
---
## Support

Le support répond du lundi au vendredi, de 9 h à 18 h.

## Astreinte incidents

Les incidents critiques sont pris en charge 24 h/24, 7 j/7.
"""


@pytest.fixture(scope="module")
def tabula(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root: Path = tmp_path_factory.mktemp("tabula")
    (root / "kit.yaml").write_text(KIT, "utf-8")
    (root / "sources").mkdir()
    (root / "sources" / "tarifs.md").write_text(PRICES, "utf-8")
    (root / "sources" / "services.md").write_text(SERVICES, "utf-8")
    (root / "attestations.yaml").write_text("[]\n", "utf-8")
    return proofline.load_workspace(root)


def verdicts(ws: Workspace, draft: str) -> list[tuple[str, str]]:
    report: Report = proofline.check_text(ws, draft, as_of=date(2026, 6, 1))
    return [(c.verdict.value, c.evidence[0].quote if c.evidence else "") for c in report.claims]


def one_source(tmp_path: Path, source_id: str, title: str, source_type: str, body: str, *, kit: str = KIT) -> Workspace:
    """A workspace of Tabula's kit with one validated source."""
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "kit.yaml").write_text(kit, "utf-8")
    (root / "attestations.yaml").write_text("[]\n", "utf-8")
    (root / "sources" / f"{source_id}.md").write_text(
        f"---\nid: {source_id}\ntitle: {title}\ntype: {source_type}\nvalidated_by: Marc Olivier\n"
        f"validated_on: 2026-01-10\nlang: fr\n---\n{body}", "utf-8")
    return proofline.load_workspace(root)


def test_a_plan_is_backed_by_its_own_line_under_the_list_intro(tabula: Workspace) -> None:
    # "hors taxes" and "par utilisateur" are said once, above the list: they govern its items.
    assert verdicts(tabula, "La formule Essentiel est à 6 € HT par utilisateur.") == [("supported", "Essentiel : 6 €")]


def test_a_price_of_another_plan_does_not_back_the_claim(tabula: Workspace) -> None:
    assert verdicts(tabula, "La formule Premium coûte 6 € par utilisateur et par mois.") == [
        ("contradicted", "Premium : 9 €")]
    assert verdicts(tabula, "La formule Essentiel est à 9 € HT par utilisateur.") == [
        ("contradicted", "Essentiel : 6 €")]


def test_a_setup_fee_is_not_a_seat_price(tabula: Workspace) -> None:
    assert verdicts(tabula, "Les frais de mise en service sont de 9 € par utilisateur.") == [
        ("contradicted", "Frais de mise en service : 490 € HT, une fois.")]


def test_hours_of_another_service_do_not_back_the_claim(tabula: Workspace) -> None:
    # The on-call line works around the clock; the support desk does not. "7 j/7" completes the
    # figure before it: it is not a claim of its own that the on-call hours could back.
    assert verdicts(tabula, "Notre support répond 24 h/24, 7 j/7.") == [
        ("contradicted", "Le support répond du lundi au vendredi, de 9 h à 18 h.")]
    assert verdicts(tabula, "Les incidents critiques sont traités 24 h/24.")[0][0] == "supported"


def test_each_quoted_passage_is_shown_once(tabula: Workspace) -> None:
    report = proofline.check_text(tabula, "La formule Premium est à 9 € HT par utilisateur et par mois.",
                                  as_of=date(2026, 6, 1))
    (claim,) = report.claims
    spans = [(e.source, e.start, e.end) for e in claim.evidence]
    assert len(spans) == len(set(spans))
    assert not any(a[0] == b[0] and a[1] < b[2] and b[1] < a[2] for i, a in enumerate(spans) for b in spans[i + 1:])
    assert "9 €" in claim.evidence[0].quote


def test_a_denial_backed_by_a_denial(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "produit-2026", "Fiche produit", "product_doc",
                    "L'export vers Excel n'est pas disponible.\n")
    # Both deny the same thing, whichever words each negation reaches: not the opposite.
    assert verdicts(ws, "Tabula n'exporte pas vers Excel.")[0][0] == "supported"
    assert verdicts(ws, "L'export vers Excel est disponible sur Tabula.")[0][0] == "contradicted"


def test_a_count_of_sites_is_shown_by_naming_them(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "sites-2026", "Nos sites", "product_doc",
                    "Le stockage frigorifique est assuré à Rennes et à Nantes.\n",
                    kit=KIT + "  company: [product_doc]\n")
    assert verdicts(ws, "Tabula assure le stockage frigorifique sur ses deux sites.")[0][0] == "supported"
    assert verdicts(ws, "Tabula assure le stockage frigorifique sur ses trois sites.")[0][0] != "supported"


def test_a_section_about_another_country_does_not_back_the_claim(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "tarifs-europe", "Tarifs France et Espagne", "price_list",
                    "## Offre France\n\nMise en service : 490 € HT.\n\n## Offre Espagne\n\nMise en service : 750 € HT.\n")
    assert verdicts(ws, "En Espagne, la mise en service est facturée 490 € HT.") == [
        ("contradicted", "Mise en service : 750 € HT.")]
    assert verdicts(ws, "En France, la mise en service est facturée 490 € HT.")[0][0] == "supported"


def test_a_claim_backed_by_two_sentences_cites_both(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "cert-iso", "Certificat ISO 27001", "certificate",
                    "Le système de management de Tabula est conforme à ISO/IEC 27001:2022.\n\n"
                    "Première certification : 12 février 2025.\n", kit=KIT + "  compliance: [certificate]\n")
    report = proofline.check_text(ws, "Tabula est certifiée ISO/IEC 27001:2022 depuis février 2025.",
                                  as_of=date(2026, 6, 1))
    (claim,) = report.claims
    assert claim.verdict.value == "supported"
    quotes = [e.quote for e in claim.evidence]
    assert any("27001" in q for q in quotes) and any("février 2025" in q for q in quotes)


def test_a_table_cell_is_read_under_its_column(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "grille-palettes", "Prix par palette", "price_list",
                    "| Destination | Réfrigéré +2/+8 °C | Congelé -20 °C |\n|---|---|---|\n"
                    "| Bretagne | 61 € | 77 € |\n| Normandie | 66 € | 83 € |\n")
    assert verdicts(ws, "Une palette congelée pour la Bretagne coûte 77 € HT.")[0][0] == "supported"
    # 61 € is in the row, but under the other column: the frozen price is 77 €.
    assert verdicts(ws, "Une palette congelée pour la Bretagne coûte 61 € HT.")[0][0] == "contradicted"


def test_an_english_claim_is_backed_by_a_french_source_despite_its_own_words(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "fiche-tabula", "Fiche entreprise", "company_fact",
                    "- 143 salariés au 1er janvier 2026.\n", kit=KIT + "  company: [company_fact]\n")
    # "keen cyclists" has no concept the French sheet could state: it is the
    # claim's phrasing, not a missing part of its topic.
    assert verdicts(ws, "Tabula has 143 employees, all of them keen cyclists.")[0][0] == "supported"
    assert verdicts(ws, "Tabula has 150 employees, all of them keen cyclists.")[0][0] == "contradicted"


def test_a_documents_title_names_what_each_of_its_passages_is_about(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "certificats-2026", "Certificats en vigueur – ISO 14001 et ISO 45001", "certificate",
                    "Périmètre des deux certificats : les ateliers de Rennes et de Brest.\n",
                    kit=KIT + "  compliance: [certificate]\n")
    assert verdicts(ws, "Nos ateliers de Rennes et de Brest sont certifiés ISO 14001.")[0][0] == "supported"
    assert verdicts(ws, "Nos ateliers de Rennes et de Brest sont certifiés ISO 50001.")[0][0] != "supported"


def test_a_count_in_another_language_is_not_said_to_count_something_else(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "tarifs-2026", "Tarifs 2026", "price_list",
                    "Atlas : 11 € HT par mois et par poste, à partir de 40 postes.\n")
    # "40 endpoints" and "40 postes": a plain French word cannot be compared with an English
    # concept, so the same number is not dismissed as counting another thing.
    assert verdicts(ws, "Atlas starts at €11 per endpoint per month excl. VAT, with a minimum of 40 endpoints.")[0][0] == "supported"
    # A bound met by another number still needs to count the same thing.
    assert verdicts(ws, "Atlas is used by more than 20 companies.")[0][0] != "supported"


def test_a_threshold_that_opens_a_sentence_is_part_of_the_claim_after_it(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "tarifs-2026", "Tarifs 2026", "price_list",
                    "Remise de 5 % sur l'abonnement au-delà de 60 véhicules.\n")
    draft = "Au-delà de 60 véhicules, nous accordons 7 % de remise sur l'abonnement."
    assert verdicts(ws, draft) == [("contradicted", "Remise de 5 % sur l'abonnement au-delà de 60 véhicules.")]
    report = proofline.check_text(ws, "Beyond 60 vehicles, we take 5% off the subscription.", as_of=date(2026, 6, 1))
    assert [c.text for c in report.claims] == ["Beyond 60 vehicles, we take 5% off the subscription"]


def test_one_customers_figure_does_not_contradict_a_claim_about_customers_in_general(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "accord-garnier", "Autorisation de citation – Menuiseries Garnier", "customer_approval",
                    "- Menuiseries Garnier, cliente depuis 2022 : la saisie d'une commande client prend 12 minutes.\n",
                    kit=KIT + "  customer: [customer_approval]\n  performance: [customer_approval]\n")
    # Our customers in general: one customer's minutes neither back nor contradict it.
    assert verdicts(ws, "Nos clients saisissent une commande client en 5 minutes.")[0][0] == "unsupported"
    # The customer by its name: its own figures decide.
    assert verdicts(ws, "Chez Menuiseries Garnier, la saisie d'une commande client prend 5 minutes.")[0][0] == "contradicted"


def test_a_place_named_once_in_a_document_counts_in_any_language(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "enquete-2025", "Enquête facturation 2025", "study",
                    "Enquête menée auprès de dirigeants de PME françaises.\n\n"
                    "- 35 % des PME ont changé de logiciel de facturation en 2025.\n",
                    kit=KIT + "  performance: [study]\n")
    # "French" in the claim, "françaises" in the method: the same country, named once.
    assert verdicts(ws, "In 2025, 35% of French SMEs changed their invoicing software.")[0] == (
        "supported", "35 % des PME ont changé de logiciel de facturation en 2025.")
    assert verdicts(ws, "In 2025, 35% of Belgian SMEs changed their invoicing software.")[0][0] != "supported"


def test_a_claim_of_ours_backed_by_a_study_does_not_become_a_third_party_claim(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "etude-2025", "Étude interne 2025", "study",
                    "- Tabula a 12 clients.\n")
    report = proofline.check_text(ws, "Tabula a 12 clients.", as_of=date(2026, 6, 1))
    # The kit names no proof for company facts: a study may not back it by calling it someone else's.
    assert [(c.category.value, c.verdict.value) for c in report.claims] != [("third_party", "supported")]
    assert report.claims[0].verdict.value != "supported"


def test_a_case_named_in_the_same_sentence_neither_denies_nor_undercuts_the_claim(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "fiche-produit", "Fiche produit Tabula", "product_doc",
                    "- Relevé des compteurs : toutes les 10 minutes pour les sites équipés d'une passerelle ; "
                    "toutes les 60 minutes par l'application quand le site n'a pas de passerelle.\n")
    with_gateway = "Les sites équipés d'une passerelle Tabula relèvent leurs compteurs toutes les 10 minutes."
    assert verdicts(ws, with_gateway)[0][0] == "supported"
    wrong = "Les sites équipés d'une passerelle Tabula relèvent leurs compteurs toutes les 30 minutes."
    assert verdicts(ws, wrong)[0][0] == "contradicted"


def test_a_bold_line_titles_the_lines_below_it_and_iso_iec_is_iso(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "certificats", "Registre des certificats", "certificate",
                    "**1. ISO/IEC 27001:2022**\n\n- Périmètre : conception et exploitation de la plateforme Tabula.\n\n"
                    "**2. ISO 9001**\n\n- Périmètre : support client.\n",
                    kit=KIT + "  compliance: [certificate]\n")
    assert verdicts(ws, "Notre certification ISO 27001 couvre la conception de la plateforme Tabula.")[0][0] == "supported"
    assert verdicts(ws, "Notre certification ISO 9001 couvre la conception de la plateforme Tabula.")[0][0] != "supported"


def test_an_acronym_in_the_plural_is_the_acronym(tmp_path: Path) -> None:
    ws = one_source(tmp_path, "etude-2026", "Étude 2026", "study",
                    "- 88 % des ETA calculées par Tabula la veille étaient exactes.\n",
                    kit=KIT + "  performance: [study]\n")
    assert verdicts(ws, "88% of the ETAs from Tabula were accurate the day before.")[0][0] == "supported"

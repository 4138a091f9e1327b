"""Each verdict of workspace-format.md, reached from one short draft against the Logivia workspace."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from proofline.report import ClaimResult, Report

ClaimOf = Callable[[str, str], ClaimResult]


def mentions(message: str, value: str) -> bool:
    """Whether a figure appears in a message as itself (so "18" does not match "180")."""
    return re.search(rf"(?<![\d.,]){re.escape(value)}(?![\d])", message) is not None


def covering(report: Report, fragment: str) -> ClaimResult:
    """The claim of a report whose text contains `fragment`."""
    found = [c for c in report.claims if fragment in c.text]
    assert len(found) == 1, [(c.text, c.verdict) for c in report.claims]
    return found[0]


# --- supported -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("draft", "fragment", "category", "source"),
    [
        ("Les transporteurs qui planifient avec Logivia consomment 18 % de carburant en moins.",
         "18 % de carburant en moins", "performance", "etude-carburant-2025"),
        ("Avec Logivia, nos clients consomment 18 % de carburant en moins.",
         "18 %", "performance", "etude-carburant-2025"),
        ("Chez Transports Berthier, les kilomètres à vide ont baissé de 14 % en six mois.",
         "14 %", "customer", "accord-transports-berthier"),
        ("Logivia Pro coûte 1 150 € HT par mois, paramétrage compris.",
         "1 150 €", "pricing", "grille-tarifaire-2026"),
        ("Vos données sont hébergées en France.", "hébergées en France", "security", "revue-securite-2026"),
        ("Comptez 21 jours entre la signature du bon de commande et la mise en service.",
         "21 jours", "availability", "fiche-service-2026"),
    ],
)
def test_paraphrase_with_the_same_figure_is_supported(
    claim_of: ClaimOf, draft: str, fragment: str, category: str, source: str
) -> None:
    claim = claim_of(draft, fragment)
    assert (claim.verdict, claim.category) == ("supported", category)
    assert claim.evidence[0].source == source


@pytest.mark.parametrize(
    ("draft", "fragment", "source"),
    [
        ("Hauliers who plan their rounds with Logivia cut their fuel consumption by 18% on average.",
         "18%", "etude-carburant-2025"),
        ("With Logivia, hauliers cut their fuel consumption by 18%.", "18%", "etude-carburant-2025"),
        ("Logivia customer data is hosted in France and encrypted at rest.",
         "hosted in France", "revue-securite-2026"),
    ],
)
def test_english_draft_is_supported_by_a_french_source(
    claim_of: ClaimOf, draft: str, fragment: str, source: str
) -> None:
    claim = claim_of(draft, fragment)
    assert claim.verdict == "supported"
    assert claim.evidence[0].source == source


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        ("Logivia a été fondée en 2016 à Nantes.", "2016"),
        ("47 transporteurs, en France et en Espagne, planifient leurs tournées avec Logivia.", "47 transporteurs"),
    ],
)
def test_french_draft_is_supported_by_an_english_source(claim_of: ClaimOf, draft: str, fragment: str) -> None:
    claim = claim_of(draft, fragment)
    assert claim.verdict == "supported"
    assert claim.evidence[0].source == "company-facts"


def test_lower_bound_below_the_source_figure_is_supported(claim_of: ClaimOf) -> None:
    claim = claim_of("Plus de 40 transporteurs planifient leurs tournées avec Logivia.", "Plus de 40")
    assert claim.verdict == "supported"
    assert claim.evidence[0].source == "company-facts"


# --- contradicted ----------------------------------------------------------------------------


def test_another_figure_is_contradicted_and_the_message_names_both(claim_of: ClaimOf) -> None:
    claim = claim_of("Avec Logivia, la consommation de carburant baisse de 15 %.", "15 %")
    assert claim.verdict == "contradicted"
    assert claim.evidence[0].source == "etude-carburant-2025"
    assert mentions(claim.message, "15") and mentions(claim.message, "18")


def test_free_is_contradicted_by_a_price_for_the_same_thing(
    check_edited: Callable[[str, str, str], Callable[[str], Report]],
) -> None:
    """"Offerte" against a source that prices it: the message names the price."""
    check = check_edited("fiche-service-2026.md", "La mise en service prend 21 jours",
                         "La mise en service est facturée 900 € HT. Elle prend 21 jours")
    draft = "Chez Logivia, la mise en service est offerte à chaque nouveau client."
    claim = covering(check(draft), "offerte")
    assert claim.verdict == "contradicted"
    assert claim.evidence[0].source == "fiche-service-2026"
    assert mentions(claim.message, "900")
    other = "Chez Logivia, la formation des conducteurs est offerte à chaque nouveau client."
    assert covering(check(other), "offerte").verdict == "unsupported"  # a price of something else


def test_a_duration_is_stated_by_a_range_of_dates_that_long(
    check_edited: Callable[[str, str, str], Callable[[str], Report]],
) -> None:
    check = check_edited("etude-carburant-2025.md", "pendant douze mois, de septembre 2024 à août 2025",
                         "de septembre 2024 à août 2025")
    draft = "Notre étude a suivi 23 transporteurs régionaux pendant un an."
    assert covering(check(draft), "un an").verdict == "supported"
    shorter = "Notre étude a suivi 23 transporteurs régionaux pendant six mois."
    assert covering(check(shorter), "six mois").verdict != "supported"


@pytest.mark.parametrize(
    ("draft", "verdict"),
    [
        # the review denies the part of the claim its positive sentence leaves out
        ("Le chiffrement couvre la plateforme web de Logivia comme l'application mobile des conducteurs.",
         "contradicted"),
        # ... and says nothing against the part it states: "il ne couvre pas l'application" is no denial of it
        ("Le chiffrement couvre la plateforme web de Logivia.", "supported"),
    ],
)
def test_a_document_that_excludes_part_of_the_claim_contradicts_that_part_only(
    check_edited: Callable[[str, str, str], Callable[[str], Report]], draft: str, verdict: str,
) -> None:
    check = check_edited("revue-securite-2026.md", "Tous les accès administrateurs",
                         "Le chiffrement couvre la plateforme web de Logivia. Il ne couvre pas l'application "
                         "mobile des conducteurs.\n\nTous les accès administrateurs")
    assert covering(check(draft), "plateforme web").verdict == verdict


@pytest.mark.parametrize(
    ("draft", "fragment", "verdict"),
    [
        ("L'authentification à deux facteurs est obligatoire pour tous les utilisateurs.", "tous", "contradicted"),
        ("L'authentification à deux facteurs est obligatoire pour les administrateurs.", "administrateurs",
         "supported"),
    ],
)
def test_mandatory_for_all_is_contradicted_by_optional_for_some(
    check_edited: Callable[[str, str, str], Callable[[str], Report]], draft: str, fragment: str, verdict: str,
) -> None:
    check = check_edited("revue-securite-2026.md",
                         "Tous les accès administrateurs exigent une authentification à deux facteurs.",
                         "L'authentification à deux facteurs est obligatoire pour les administrateurs et "
                         "facultative pour les conducteurs.")
    assert covering(check(draft), fragment).verdict == verdict


def test_ne_que_restricts_it_does_not_deny(claim_of: ClaimOf) -> None:
    assert claim_of("Les kilomètres parcourus à vide n'ont reculé que de 11 %.", "11 %").verdict == "supported"


def test_a_count_followed_by_a_preposition_counts_no_place(
    check_edited: Callable[[str, str, str], Callable[[str], Report]],
) -> None:
    """"12 in the Madrid office" are 12 people there, not 12 offices: no conflict with "two offices"."""
    check = check_edited("company-facts.md", "it had 64 employees.", "it had 64 employees, 12 in the Madrid office.")
    draft = "Logivia employs 64 people across two offices."
    assert covering(check(draft), "two offices").verdict != "contradicted"


def test_a_group_named_with_non_is_not_a_denial(
    check_edited: Callable[[str, str, str], Callable[[str], Report]],
) -> None:
    """"Les exploitants non formés" names a group (the source's control group), it denies nothing."""
    check = check_edited("etude-carburant-2025.md", "Avec des tournées optimisées par Logivia,",
                         "Chez les exploitants formés à Logivia, avec des tournées optimisées,")
    draft = "Chez les exploitants non formés, la consommation de carburant a baissé de 18 %."
    assert covering(check(draft), "18 %").verdict != "contradicted"


@pytest.mark.parametrize(
    ("draft", "fragment", "verdict"),
    [
        ("Comptez 21 jours au plus entre la signature du bon de commande et la mise en service.", "21 jours", "supported"),
        ("La mise en service se fait sous 21 jours après la signature du bon de commande.", "21 jours", "supported"),
        ("La mise en service se fait sous 15 jours après la signature du bon de commande.", "15 jours", "contradicted"),
    ],
)
def test_a_deadline_includes_its_bound(claim_of: ClaimOf, draft: str, fragment: str, verdict: str) -> None:
    """"Sous 21 jours" is met by the source's 21 days; "sous 15 jours" promises faster than it."""
    assert claim_of(draft, fragment).verdict == verdict


@pytest.mark.parametrize(
    ("draft", "fragment", "verdict"),
    [
        ("La plateforme Logivia est disponible à 99,9 % chaque mois.", "99,9 %", "contradicted"),
        ("The Logivia platform is available 99.5% of the time each month.", "99.5%", "supported"),
    ],
)
def test_available_at_a_rate_is_about_the_uptime(
    check_edited: Callable[[str, str, str], Callable[[str], Report]], draft: str, fragment: str, verdict: str,
) -> None:
    check = check_edited("fiche-service-2026.md", "La mise en service prend 21 jours",
                         "Disponibilité mensuelle de la plateforme : au moins 99,5 %.\n\nLa mise en service prend 21 jours")
    assert covering(check(draft), fragment).verdict == verdict


@pytest.mark.parametrize(
    ("draft", "fragment", "verdict"),
    [
        ("Vos données sont sauvegardées toutes les heures.", "toutes les heures", "contradicted"),
        ("Customer data is backed up every night.", "every night", "supported"),
    ],
)
def test_nightly_backups_are_a_daily_frequency(
    check_edited: Callable[[str, str, str], Callable[[str], Report]], draft: str, fragment: str, verdict: str,
) -> None:
    check = check_edited("revue-securite-2026.md", "Tous les accès administrateurs",
                         "Les données des clients sont sauvegardées chaque nuit.\n\nTous les accès administrateurs")
    assert covering(check(draft), fragment).verdict == verdict


@pytest.mark.parametrize(
    ("draft", "fragment", "wrong"),
    [
        ("Fondée en 2014, Logivia accompagne les transporteurs de l'Ouest.", "2014", "2014"),
        ("Logivia was founded in Nantes in 2018.", "2018", "2018"),
    ],
)
def test_another_year_is_contradicted(claim_of: ClaimOf, draft: str, fragment: str, wrong: str) -> None:
    claim = claim_of(draft, fragment)
    assert claim.verdict == "contradicted"
    assert claim.evidence[0].source == "company-facts"
    assert mentions(claim.message, wrong) and mentions(claim.message, "2016")


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        ("Notre support est disponible 24/7.", "24/7"),
        ("Our support team answers around the clock, seven days a week.", "around the clock"),
    ],
)
def test_round_the_clock_support_is_contradicted_by_weekday_hours(
    claim_of: ClaimOf, draft: str, fragment: str
) -> None:
    claim = claim_of(draft, fragment)
    assert (claim.verdict, claim.category) == ("contradicted", "availability")
    assert claim.evidence[0].source == "fiche-service-2026"


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        ("Logivia Pro est sans engagement.", "sans engagement"),
        ("Logivia Pro comes with no commitment: cancel any month.", "no commitment"),
        ("Every new customer gets a free trial of Logivia Pro.", "free trial"),
        ("Testez Logivia Pro gratuitement pendant 14 jours.", "gratuitement"),
    ],
)
def test_the_opposite_of_the_price_list_is_contradicted(claim_of: ClaimOf, draft: str, fragment: str) -> None:
    claim = claim_of(draft, fragment)
    assert (claim.verdict, claim.category) == ("contradicted", "pricing")
    assert claim.evidence[0].source == "grille-tarifaire-2026"


def test_rounded_figure_is_contradicted(claim_of: ClaimOf) -> None:
    claim = claim_of(
        "Les transporteurs qui planifient avec Logivia consomment près de 20 % de carburant en moins.", "20 %"
    )
    assert claim.verdict == "contradicted"
    assert claim.evidence[0].source == "etude-carburant-2025"


def test_lower_bound_above_the_source_figure_is_contradicted(claim_of: ClaimOf) -> None:
    claim = claim_of("More than 50 haulage companies plan their rounds with Logivia.", "More than 50")
    assert claim.verdict == "contradicted"
    assert claim.evidence[0].source == "company-facts"
    assert mentions(claim.message, "50") and mentions(claim.message, "47")


# --- attested and expired --------------------------------------------------------------------


def test_claim_stated_by_a_valid_attestation_is_attested(claim_of: ClaimOf) -> None:
    claim = claim_of("Vos exploitants sont formés en deux demi-journées, à distance.", "deux demi-journées")
    assert claim.verdict == "attested"
    assert claim.evidence[0].source == "att-formation"


def test_claim_stated_only_by_an_expired_source_is_expired(claim_of: ClaimOf) -> None:
    claim = claim_of("Les créneaux de livraison calculés par Logivia réduisent les retards de 27 %.", "27 %")
    assert claim.verdict == "expired"
    assert claim.evidence[0].source == "bilan-ponctualite-2023"


def test_claim_stated_only_by_an_expired_attestation_is_expired(claim_of: ClaimOf) -> None:
    claim = claim_of("Logivia se connecte aux boîtiers télématiques de 12 constructeurs de camions.", "12 constructeurs")
    assert claim.verdict == "expired"
    assert claim.evidence[0].source == "att-telematique"


# --- insufficient proof ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("draft", "fragment", "source"),
    [
        ("Chaque année, un cabinet indépendant soumet la plateforme Logivia à un test d'intrusion.",
         "test d'intrusion", "article-flotte-et-route-2025"),
        ("Vos données sont sauvegardées chaque nuit.", "sauvegardées chaque nuit", "company-facts"),
    ],
)
def test_security_claim_backed_only_by_press_or_company_fact_is_insufficient_proof(
    claim_of: ClaimOf, draft: str, fragment: str, source: str
) -> None:
    claim = claim_of(draft, fragment)
    assert (claim.verdict, claim.category) == ("insufficient_proof", "security")
    assert claim.evidence[0].source == source


# --- forbidden -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("draft", "fragment", "rule"),
    [
        ("Avec Logivia, c'est zéro accident sur vos tournées.", "zéro accident", "no-zero-accident"),
        ("Logivia garantit 10 % d'économies de carburant dès la première année.", "10 %", "no-fuel-guarantee"),
        ("We guarantee a 15% cut in your fuel bill.", "15%", "no-fuel-guarantee"),
    ],
)
def test_claim_matching_a_kit_pattern_is_forbidden(claim_of: ClaimOf, draft: str, fragment: str, rule: str) -> None:
    claim = claim_of(draft, fragment)
    assert claim.verdict == "forbidden"
    assert claim.rule == rule


# --- unsupported -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        ("Transports Ravel font confiance à Logivia depuis 2019.", "Transports Ravel"),
        ("Logivia a reçu le Trophée de l'innovation logistique 2025.", "Trophée"),
        ("Logivia est certifiée ISO 27001.", "ISO 27001"),
        ("Logivia won the 2025 European Fleet Software Award.", "Award"),
    ],
)
def test_invented_customer_award_or_certification_is_unsupported(
    claim_of: ClaimOf, draft: str, fragment: str
) -> None:
    claim = claim_of(draft, fragment)
    assert claim.verdict == "unsupported"


def test_named_customer_absent_from_sources_is_unsupported_not_contradicted(claim_of: ClaimOf) -> None:
    claim = claim_of("Chez Transports Ravel, les kilomètres à vide ont baissé de 20 % en six mois.", "20 %")
    assert claim.verdict == "unsupported"

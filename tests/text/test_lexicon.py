"""The bilingual lexicon: French and English paraphrases must come out as the same concept keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from proofline.text import lexicon as lexicon_module
from proofline.text.lexicon import Lexicon, Term, normalize_word, stem, with_language_data

DATA = Path(lexicon_module.__file__).parent / "data"


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.default()


def keys(lex: Lexicon, text: str, lang: str) -> set[str]:
    return {t.key for t in lex.terms(text, lang)}


# --- paraphrase pairs: the same concepts in both languages ------------------------------------

PAIRS = [
    # the brief's own equivalences
    ("network losses fell by 18%", "les pertes en réseau ont baissé de 18 %"),
    ("a penetration test", "un test d'intrusion"),
    ("setup included", "mise en service incluse"),
    ("in a data centre", "dans un centre de données"),
    ("backups", "sauvegardes"),
    ("40 employees", "40 salariés"),
    ("40 staff", "40 collaborateurs"),
    ("120 people", "120 employés"),
    ("founded in 2015", "fondée en 2015"),
    ("created in 2015", "créée en 2015"),
    ("established in 2015", "fondée en 2015"),
    ("the fee is deducted", "les frais sont déduits"),
    ("the fee is deductible", "les frais sont déductibles"),
    ("a monthly subscription", "un abonnement mensuel"),
    ("a 14-day free trial", "un essai gratuit de 14 jours"),
    ("a 14-day free trial", "une période d'essai gratuite de 14 jours"),
    # security and compliance
    ("Data is encrypted at rest and in transit.", "Les données sont chiffrées au repos et en transit."),
    (
        "Two-factor authentication is mandatory for administrators.",
        "La double authentification est obligatoire pour les administrateurs.",
    ),
    (
        "2FA is optional for other users",
        "l'authentification à deux facteurs est facultative pour les autres utilisateurs",
    ),
    ("Backups are kept for 30 days.", "Les sauvegardes sont conservées 30 jours."),
    ("hosted by a qualified hosting provider", "hébergé chez un hébergeur qualifié"),
    (
        "a data processing agreement compliant with the GDPR",
        "un accord de traitement des données conforme au RGPD",
    ),
    ("ISO 27001 certification is in progress", "la certification ISO 27001 est en cours"),
    ("access to personal data is logged", "les accès aux données personnelles sont journalisés"),
    ("no critical vulnerability", "aucune vulnérabilité critique"),
    # availability and support
    ("Our support team is reachable 24/7.", "Notre équipe support est joignable 24h/24."),
    ("on-call crews at night and at weekends", "des équipes d'astreinte la nuit et le week-end"),
    ("response time of 4 business hours", "délai de réponse de 4 heures ouvrées"),
    ("the mobile app works offline", "l'application mobile fonctionne hors ligne"),
    ("service level agreement and uptime", "niveau de service et taux de disponibilité"),
    # pricing and offers
    ("€1,150 per month excl. VAT", "1 150 € HT par mois"),
    ("a 10% discount on the annual plan", "une remise de 10 % sur la formule annuelle"),
    (
        "the pilot is refunded if you are not satisfied",
        "le pilote est remboursé si vous n'êtes pas satisfait",
    ),
    ("price on quote", "prix sur devis"),
    ("no commitment", "sans engagement"),
    # company facts
    ("headquarters in Lyon and an office in Paris", "siège à Lyon et un bureau à Paris"),
    ("award for innovation", "trophée de l'innovation"),
    ("revenue grew by 30%", "le chiffre d'affaires a augmenté de 30 %"),
    ("our customers in Belgium and Switzerland", "nos clients en Belgique et en Suisse"),
    ("a French company", "une entreprise française"),
    ("British utilities", "des régies britanniques"),
    # HR software
    ("overtime dropped by 12%", "les heures supplémentaires ont diminué de 12 %"),
    ("absenteeism decreased", "l'absentéisme a baissé"),
    ("payroll errors", "erreurs de paie"),
    # logistics
    ("on-time deliveries increased", "les livraisons à l'heure ont augmenté"),
    ("fewer stockouts in the warehouse", "moins de ruptures de stock dans l'entrepôt"),
    # energy
    ("energy consumption fell by 20%", "la consommation d'énergie a baissé de 20 %"),
    ("CO2 emissions were halved", "les émissions de CO2 ont été divisées par deux"),
    # industrial maintenance
    ("unplanned downtime was reduced", "les arrêts non planifiés ont été réduits"),
    ("predictive maintenance of pumps", "maintenance prédictive des pompes"),
    # health
    ("patients and nurses", "patients et infirmiers"),
    ("certified health data hosting", "hébergement de données de santé certifié"),
    # water
    ("leaks detected by acoustic sensors", "fuites détectées par des capteurs acoustiques"),
    # comparison and hedging
    ("twice as fast as the competition", "deux fois plus rapide que la concurrence"),
    ("we believe it is the best", "nous pensons que c'est le meilleur"),
    ("book a demo", "réservez une démo"),
    ("join our webinar on Thursday", "rejoignez notre webinaire jeudi"),
]


@pytest.mark.parametrize(("en", "fr"), PAIRS)
def test_paraphrase_pairs_share_their_concepts(lex: Lexicon, en: str, fr: str) -> None:
    assert keys(lex, en, "en") == keys(lex, fr, "fr")


def test_the_headline_example(lex: Lexicon) -> None:
    assert keys(lex, "network losses fell by 18%", "en") == {"loss", "network", "decrease"}


# --- tokenisation -----------------------------------------------------------------------------


def test_french_elisions_are_split_and_the_article_dropped(lex: Lexicon) -> None:
    terms = lex.terms("L'entreprise qu'il a créée", "fr")
    assert [t.surface for t in terms] == ["entreprise", "créée"]
    assert [t.key for t in terms] == ["company", "found"]


def test_elided_negation_and_until_are_kept(lex: Lexicon) -> None:
    terms = lex.terms("Ce n'est valable jusqu'à fin mars", "fr")
    assert terms[0].key == "negation" and terms[0].surface == "n'"
    assert "until" in {t.key for t in terms}
    assert "march" in {t.key for t in terms}


def test_typographic_apostrophes_are_elisions_too(lex: Lexicon) -> None:
    assert keys(lex, "un test d’intrusion", "fr") == {"pentest"}


def test_hyphenated_words_match_whole_and_by_parts(lex: Lexicon) -> None:
    assert keys(lex, "double-authentification", "fr") == {"two_factor"}
    assert keys(lex, "co-fondateur", "fr") == {"founder"}
    assert keys(lex, "un e-mail", "fr") == keys(lex, "un email", "fr") == {"notification"}


def test_english_contractions(lex: Lexicon) -> None:
    terms = lex.terms("We don't charge setup, and it's free", "en")
    assert [t.key for t in terms] == ["negation", "price", "setup", "free"]
    assert terms[0].surface == "n't"


# --- multiword expressions --------------------------------------------------------------------


def test_multiword_expressions_match_longest_first(lex: Lexicon) -> None:
    terms = lex.terms("La mise en service du service est incluse.", "fr")
    assert [t.key for t in terms] == ["setup", "team", "included"]
    assert terms[0].surface == "mise en service"


def test_stop_words_inside_expressions_are_optional(lex: Lexicon) -> None:
    assert keys(lex, "taux de disponibilité", "fr") == keys(lex, "disponibilité", "fr") == {"uptime"}
    assert keys(lex, "authentification à deux facteurs", "fr") == keys(lex, "2FA", "en") == {"two_factor"}


def test_a_number_is_never_skipped_inside_an_expression(lex: Lexicon) -> None:
    assert "visit_site" not in keys(lex, "Our desk is open seven days a week", "en")  # not "open day"


@pytest.mark.parametrize(("text", "key"), [("Nous conservons vos journaux", "data_retention"),
                                           ("Nous hébergeons vos données", "host"),
                                           ("Nous supprimons les journaux", "eliminate")])
def test_first_person_plural_verbs_meet_their_concept(lex: Lexicon, text: str, key: str) -> None:
    """Snowball keeps "-ons"; the infinitive is tried for a word the lexicon lacks."""
    assert key in keys(lex, text, "fr")


def test_expressions_do_not_run_across_punctuation(lex: Lexicon) -> None:
    assert keys(lex, "data, centre", "en") != {"data_centre"}
    assert keys(lex, "data centre", "en") == {"data_centre"}


def test_abbreviation_dot_does_not_break_an_expression(lex: Lexicon) -> None:
    terms = lex.terms("€99 per month excl. VAT", "en")
    assert [t.key for t in terms] == ["month", "excl_vat"]
    assert terms[1].sentence_initial is False


def test_english_words_in_a_french_draft_are_recognised(lex: Lexicon) -> None:
    assert keys(lex, "nos data scientists", "fr") == {"engineer"}
    assert keys(lex, "le leakage baisse", "fr") == {"leak", "decrease"}


def test_superlatives_and_comparatives(lex: Lexicon) -> None:
    most = lex.terms("le plus rapide", "fr")
    assert most[0].key == "most" and "superlative" in most[0].tags
    assert "comparative" in lex.tags_of("faster")
    assert keys(lex, "plus rapide", "fr") == keys(lex, "faster", "en") == {"faster"}
    assert "superlative" in lex.tags_of("no_other")


# --- what is dropped and what is kept ---------------------------------------------------------


def test_stop_words_and_figures_are_dropped(lex: Lexicon) -> None:
    assert lex.terms("le la les de des du et ou 18 2 140 1,9", "fr") == []
    assert lex.terms("the of and to is are was were 2026 50", "en") == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ce n'est pas inclus", "fr"),
        ("jamais", "fr"),
        ("aucun frais", "fr"),
        ("sans exception près", "fr"),
        ("not included", "en"),
        ("never", "en"),
        ("without setup fees", "en"),
    ],
)
def test_negations_are_kept(lex: Lexicon, text: str, lang: str) -> None:
    assert any("negation" in t.tags for t in lex.terms(text, lang)) or any(
        t.key == "without_exception" for t in lex.terms(text, lang)
    )


@pytest.mark.parametrize(("text", "lang"), [("no other vendor", "en"), ("aucun autre éditeur", "fr")])
def test_no_other_is_a_superlative_not_a_negation(lex: Lexicon, text: str, lang: str) -> None:
    terms = lex.terms(text, lang)
    assert any(t.key == "no_other" and "superlative" in t.tags and "negation" not in t.tags for t in terms)


def test_scope_and_modality_tags(lex: Lexicon) -> None:
    tags = {
        tag
        for t in lex.terms("tous les utilisateurs, uniquement les administrateurs, certains sites", "fr")
        for tag in t.tags
    }
    assert {"universal", "restrictive", "partial"} <= tags
    assert "optional" in lex.tags_of("optional") and "mandatory" in lex.tags_of("mandatory")
    assert {t.key for t in lex.terms("proposée mais pas imposée", "fr")} == {
        "optional",
        "negation",
        "mandatory",
    }
    assert "modal" in {tag for t in lex.terms("could", "en") for tag in t.tags}
    assert "opinion" in {tag for t in lex.terms("à notre avis", "fr") for tag in t.tags}
    assert "in_progress" in lex.tags_of("in_progress") and "planned" in lex.tags_of("planned")


def test_unknown_words_become_stems(lex: Lexicon) -> None:
    terms = lex.terms("Saint-Aurèle mutualise", "fr")
    assert [t.key for t in terms] == ["w:saint", "w:aurel", "w:mutualis"]
    assert all(t.tags == frozenset() for t in terms)


def test_category_cues(lex: Lexicon) -> None:
    assert "cue:security" in lex.tags_of("encrypt")
    assert "cue:compliance" in lex.tags_of("certification")
    assert "cue:pricing" in lex.tags_of("price")
    assert "cue:guarantee" in lex.tags_of("refund")
    assert "cue:guarantee" in {tag for t in lex.terms("satisfait ou remboursé", "fr") for tag in t.tags}
    assert "cue:company" in lex.tags_of("found") and "cue:company" in lex.tags_of("award")
    assert "cue:availability" in lex.tags_of("support")
    assert "cue:performance" in lex.tags_of("decrease")
    assert lex.tags_of("w:anything") == frozenset()


def test_places_are_one_concept_per_country_and_per_city(lex: Lexicon) -> None:
    assert (
        keys(lex, "Belgique", "fr")
        == keys(lex, "belge", "fr")
        == keys(lex, "Belgian", "en")
        == {"country:belgium"}
    )
    assert keys(lex, "Royaume-Uni", "fr") == keys(lex, "United Kingdom", "en") == keys(lex, "UK", "en")
    assert keys(lex, "Lyon", "fr") == {"city:lyon"}
    assert keys(lex, "Londres", "fr") == keys(lex, "London", "en") == {"city:london"}
    assert "place" in lex.tags_of("city:lyon")
    # cities only match capitalised: "nice" and "tours" stay plain words
    assert keys(lex, "Nice", "fr") == {"city:nice"}
    assert "city:nice" not in keys(lex, "a nice result", "en")
    assert "city:tours" not in keys(lex, "deux tours de table", "fr")


# --- offsets and flags ------------------------------------------------------------------------


def test_offsets_and_flags(lex: Lexicon) -> None:
    text = "Ondine Analytics est certifiée.\nL'équipe fait des sauvegardes quotidiennes : SLA de 4 h."
    terms = lex.terms(text, "fr")
    for t in terms:
        assert text[t.start : t.end] == t.surface
    by_surface = {t.surface: t for t in terms}
    assert by_surface["Ondine"].capitalized and by_surface["Ondine"].sentence_initial
    assert by_surface["Analytics"].capitalized and not by_surface["Analytics"].sentence_initial
    assert not by_surface["certifiée"].capitalized
    assert by_surface["équipe"].sentence_initial  # after a line break and an elided article
    assert not by_surface["sauvegardes"].sentence_initial
    assert by_surface["SLA"].capitalized and by_surface["SLA"].sentence_initial  # after a colon
    assert not by_surface["quotidiennes"].sentence_initial


def test_terms_are_in_text_order(lex: Lexicon) -> None:
    terms = lex.terms("Les pertes baissent. Network losses fell.", "fr")
    assert [t.start for t in terms] == sorted(t.start for t in terms)


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("aeiouélrstnd'’- .,:\n2ÉLA-fx")), max_size=80),
    st.sampled_from(["fr", "en"]),
)
def test_offsets_always_point_at_the_surface(text: str, lang: str) -> None:
    for t in Lexicon.default().terms(text, lang):
        assert isinstance(t, Term)
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.surface


# --- kit terminology and brand ----------------------------------------------------------------


def test_extended_with_kit_terminology_and_brand(lex: Lexicon) -> None:
    kit = lex.extended(
        [
            ("plateforme Nordlys", ["outil Nordlys", "logiciel Nordlys"]),
            ("pertes en réseau", ["fuites réseau"]),
        ],
        brand="Nordlys Systems",
    )
    use = kit.terms("La plateforme Nordlys", "fr")
    avoid = kit.terms("L'outil Nordlys", "fr")
    assert use[0].key == avoid[0].key == "term:plateforme-nordlys"
    assert "term" in use[0].tags and kit.tags_of(use[0].key) == frozenset({"term"})
    # the words inside a kit term still count, so cross-language matching keeps working
    assert {"loss", "network"} <= {t.key for t in kit.terms("pertes en réseau", "fr")}
    assert {"loss", "network"} <= {t.key for t in kit.terms("fuites réseau", "fr")} | {"loss"}
    # the brand: full name and its own words, capitalised
    brand = [t for t in kit.terms("Nordlys Systems and Nordlys", "en") if "brand" in t.tags]
    assert [t.surface for t in brand] == ["Nordlys Systems", "Nordlys"]
    # the base lexicon is left untouched
    assert "brand" not in lex.tags_of("brand") and lex.terms("Nordlys", "en")[0].key.startswith("w:")


# --- the data itself --------------------------------------------------------------------------


def _concepts() -> list[dict[str, object]]:
    """The concepts as the lexicon reads them: the YAML, plus the forms text/lang gives them."""
    concepts: list[dict[str, Any]] = []
    for path in sorted((DATA / "lexicon").glob("*.yaml")):
        concepts.extend(yaml.safe_load(path.read_text(encoding="utf-8")))
    return with_language_data(concepts)


def test_lexicon_is_broad() -> None:
    concepts = _concepts()
    assert len(concepts) >= 600
    assert len({c["id"] for c in concepts}) == len(concepts)


def test_every_listed_form_finds_its_own_concept(lex: Lexicon) -> None:
    """Catches stem collisions and stop words shadowing a form when someone edits the YAML."""
    wrong = []
    for c in _concepts():
        for lang in ("fr", "en"):
            forms = [*(c.get(lang) or []), *(c.get("all") or [])]  # type: ignore[misc]
            for form in forms:
                text = str(form)
                if c.get("proper"):
                    text = text[:1].upper() + text[1:]
                found = [t.key for t in lex.terms(text, lang)]
                if found != [c["id"]]:
                    wrong.append((c["id"], lang, form, found))
    assert wrong == []


def test_stop_words_exclude_negations_quantifiers_and_comparison() -> None:
    stop = yaml.safe_load((DATA / "stopwords.yaml").read_text(encoding="utf-8"))
    words = {normalize_word(w) for lang in stop.values() for group in lang.values() for w in group}
    for kept in [
        "ne",
        "pas",
        "non",
        "not",
        "no",
        "never",
        "jamais",
        "aucun",
        "sans",
        "without",
        "ni",
        "tous",
        "chaque",
        "all",
        "every",
        "only",
        "plus",
        "more",
        "most",
        "moins",
        "less",
    ]:
        assert kept not in words


# --- helpers, cache and speed -----------------------------------------------------------------


def test_normalize_and_stem() -> None:
    assert normalize_word("Données’") == "donnees'"
    assert normalize_word("ŒUVRE") == "oeuvre"
    assert stem("sauvegardées", "fr") == stem("Sauvegardes", "fr") == "sauvegard"
    assert stem("Backups", "en") == stem("backup", "en")


def test_default_is_cached_on_disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PROOFLINE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(lexicon_module, "_DEFAULT", None)
    first = Lexicon.default()
    assert list(tmp_path.glob("lexicon-*.pickle"))
    cached = sorted(tmp_path.glob("lexicon-*.pickle"))
    monkeypatch.setattr(lexicon_module, "_DEFAULT", None)
    second = Lexicon.default()
    assert sorted(tmp_path.glob("lexicon-*.pickle")) == cached  # read back, not rebuilt and stored again
    assert second is not first
    text = "Les sauvegardes sont chiffrées au repos."
    assert second.terms(text, "fr") == first.terms(text, "fr")
    assert Lexicon.default() is second


def test_unwritable_cache_fails_silently(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("PROOFLINE_CACHE_DIR", str(blocker))
    monkeypatch.setattr(lexicon_module, "_DEFAULT", None)
    assert keys(Lexicon.default(), "backups", "en") == {"backup"}


def test_a_long_text_gives_the_terms_of_its_sentences(lex: Lexicon) -> None:
    """A 1,500-word text reads as its sentences do (its speed is in bench/bench_text.py)."""
    sentence = (
        "Les pertes en réseau ont baissé de 18 % grâce à la plateforme, et l'équipe support "
        "est joignable 24h/24 ; la mise en service est incluse dans l'abonnement annuel. "
    )
    repeats = 1500 // len(sentence.split()) + 1
    one = [t.key for t in lex.terms(sentence, "fr")]
    assert [t.key for t in lex.terms(sentence * repeats, "fr")] == one * repeats


def test_an_english_word_does_not_take_a_french_concept_by_its_stem() -> None:
    """"active customers" is not "optional" (the French "activable" once stemmed to "activ" too)."""
    keys = {t.key for t in Lexicon.default().terms("We work with 400 active customers.", "en")}
    assert "optional" not in keys and "customer" in keys

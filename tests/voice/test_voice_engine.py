"""Each check type, built from YAML-shaped data, on sentences that must fire and must not (FR and EN)."""

from __future__ import annotations

from typing import Any

import pytest

from proofline.text.markup import parse_document
from proofline.voice.engine import Context, Rule, RuleError, rule_from_dict


def hits(rule_data: dict[str, Any], text: str, lang: str = "en", markup: str = "md") -> list[str]:
    """What a user sees: the quoted text of each finding."""
    rule: Rule = rule_from_dict({"id": "t.rule", **rule_data})
    doc = parse_document(text, markup, language=lang)
    ctx = Context(doc)
    if not rule.applies_to(doc.language):
        return []
    return [text[h.start:h.end] for h in rule.hits(ctx)]


# existence ---------------------------------------------------------------------------------------

EXISTENCE = {"type": "existence", "phrases": ["game changer", "révolutionnaire", "N'hésitez pas"], "inflect": True}


@pytest.mark.parametrize(("text", "expected"), [
    ("This is a game changer for teams.", ["game changer"]),
    ("This is a game-changer for teams.", ["game-changer"]),
    ("Two GAME CHANGERS in one year.", ["GAME CHANGERS"]),
    ("Une technologie révolutionnaire.", ["révolutionnaire"]),
    ("Des outils révolutionnaires.", ["révolutionnaires"]),
    ("N’hésitez pas à nous écrire.", ["N’hésitez pas"]),
])
def test_existence_fires_on_phrases_and_trivial_forms(text: str, expected: list[str]) -> None:
    assert hits(EXISTENCE, text) == expected


@pytest.mark.parametrize("text", [
    "The game changed for teams.",
    "Une révolution industrielle.",
    "Un changement de jeu.",
    "Nous hésitons encore.",
])
def test_existence_stays_quiet_on_other_words(text: str) -> None:
    assert hits(EXISTENCE, text) == []


def test_existence_tokens_are_regexes_with_word_boundaries() -> None:
    rule = {"type": "existence", "tokens": [r"utili[sz]e"], "ignorecase": True}
    assert hits(rule, "Utilize the API, then reutilize it.") == ["Utilize"]


def test_existence_min_matches_needs_density() -> None:
    rule = {"type": "existence", "phrases": ["robust", "seamless", "leverage"], "min_matches": 3}
    assert hits(rule, "A robust design.") == []
    assert hits(rule, "A robust, seamless way to leverage data.") == ["robust", "seamless", "leverage"]


def test_existence_exceptions_cover_a_hit() -> None:
    rule = {"type": "existence", "phrases": ["magique"], "exceptions": ["/pas\\s+(?:\\w+\\s+){0,2}magique/"]}
    assert hits(rule, "Ce n'est pas un outil magique.", "fr") == []
    assert hits(rule, "Un outil magique.", "fr") == ["magique"]


def test_existence_skips_code_urls_and_front_matter() -> None:
    text = "---\ntitle: delve\n---\nSee https://example.com/delve and `delve()`.\n\n```\ndelve\n```\n\nWe delve.\n"
    assert hits({"type": "existence", "phrases": ["delve"]}, text) == ["delve"]
    assert text.rindex("delve") == text.index("We delve") + 3


# substitution ------------------------------------------------------------------------------------

def test_substitution_proposes_the_fix_with_the_case_of_the_text() -> None:
    rule = rule_from_dict({"id": "t", "type": "substitution", "swap_phrases": {"outil Ondine": "plateforme Ondine"},
                           "message": "Use '{fix}', not '{match}'."})
    doc = parse_document("Outil Ondine : l'outil Ondine aide.", "text", language="fr")
    found = list(rule.hits(Context(doc)))
    assert [(h.fix, h.message) for h in found] == [
        ("Plateforme Ondine", "Use 'Plateforme Ondine', not 'Outil Ondine'."),
        ("plateforme Ondine", "Use 'plateforme Ondine', not 'outil Ondine'."),
    ]


def test_substitution_vale_swap_regex_and_exceptions() -> None:
    rule = {"type": "substitution", "swap": {"e-?mail address": "email address"}, "exceptions": ["email address"]}
    assert hits(rule, "Send your e-mail address or your email address.") == ["e-mail address"]


# occurrence --------------------------------------------------------------------------------------

def test_occurrence_max_words_per_sentence() -> None:
    rule = {"type": "occurrence", "token": "$word", "max": 5, "scope": "sentence"}
    assert hits(rule, "One two three four five. One two three four five six.") == ["One two three four five six."]
    assert hits(rule, "Un deux trois quatre cinq.", "fr") == []


def test_occurrence_each_excess_token() -> None:
    rule = {"type": "occurrence", "token": "#\\w+", "max": 2, "span": "each", "nonword": True}
    assert hits(rule, "Post #a #b #c #d") == ["#c", "#d"]
    assert hits(rule, "Post #a #b") == []


# repetition --------------------------------------------------------------------------------------

def test_repetition_flags_a_doubled_word_but_not_french_reflexives() -> None:
    rule = {"type": "repetition", "exceptions": ["nous", "vous"], "scope": "sentence"}
    assert hits(rule, "We ship the the platform.") == ["the the"]
    assert hits(rule, "Nous nous engageons sur la la qualité.", "fr") == ["la la"]
    assert hits(rule, "Vous vous connectez.", "fr") == []
    assert hits(rule, "## Backups\n\nBackups run daily.") == []


# consistency -------------------------------------------------------------------------------------

def test_consistency_flags_the_less_used_form() -> None:
    rule = {"type": "consistency", "either": {"email": "e-mail"}}
    assert hits(rule, "Send an email. Reply by email. Or by e-mail.") == ["e-mail"]
    assert hits(rule, "Send an email. Reply by email.") == []
    rule_fr = {"type": "consistency", "either": {"événement": "évènement"}}
    assert hits(rule_fr, "Un événement, puis un évènement.", "fr") == ["évènement"]


# capitalization ----------------------------------------------------------------------------------

def test_capitalization_sentence_case_headings() -> None:
    rule = {"type": "capitalization", "match": "$sentence", "scope": "heading", "exceptions": ["Ondine"]}
    assert hits(rule, "## How Ondine Detects Leaks\n\nText.") == ["How Ondine Detects Leaks"]
    assert hits(rule, "## How Ondine detects leaks\n\nText.") == []
    assert hits(rule, "## Nos Offres Tarifaires\n\nTexte.", "fr") == ["Nos Offres Tarifaires"]
    assert hits(rule, "## Nos offres pour les régies\n\nTexte.", "fr") == []


def test_capitalization_title_case() -> None:
    rule = {"type": "capitalization", "match": "$title", "scope": "heading"}
    assert hits(rule, "# The art of the deal\n") == ["The art of the deal"]
    assert hits(rule, "# The Art of the Deal\n") == []


# metric ------------------------------------------------------------------------------------------

def test_metric_formula_and_thresholds_by_reading_level() -> None:
    rule = rule_from_dict({"id": "t", "type": "metric", "formula": "words / sentences", "condition": ">",
                           "thresholds": {"simple": 5, "standard": 10}})
    text = "One two three four five six seven. One two three four five six seven eight."
    doc = parse_document(text, "text", language="en")
    assert len(list(rule.hits(Context(doc, reading_level="simple")))) == 1
    assert list(rule.hits(Context(doc, reading_level="standard"))) == []


def test_metric_rejects_code_in_formulas() -> None:
    with pytest.raises(RuleError, match="not allowed"):
        rule_from_dict({"id": "t", "type": "metric", "formula": "__import__('os')", "condition": "> 1"})


# conditional -------------------------------------------------------------------------------------

def test_conditional_acronym_must_be_defined() -> None:
    rule = {"type": "conditional", "first": r"\b([A-Z]{3,5})\b", "second": r"(?:\b[A-Z][a-z]+ )+\(([A-Z]{3,5})\)",
            "exceptions": ["API"]}
    assert hits(rule, "Our SLA is clear. The API is open.") == ["SLA"]
    assert hits(rule, "Our Service Level Agreement (SLA) is clear. The SLA is public.") == []


# variation ---------------------------------------------------------------------------------------

def test_variation_flags_a_monotone_run_of_sentences() -> None:
    same = " ".join(["The platform sends one alert to the team every morning."] * 6)
    assert len(hits({"type": "variation", "window": 6, "spread": 3, "min_words": 8}, same)) == 1
    varied = ("Leaks hide. The platform compares meters and sensors every fifteen minutes across the network. "
              "Crews go out with a precise zone. Night call-outs fall. It takes six weeks to start, "
              "from the signature to the first alerts your team receives.")
    assert hits({"type": "variation", "window": 6, "spread": 3, "min_words": 8}, varied) == []


# data errors -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "message"), [
    ({"type": "existance", "phrases": ["x"]}, "unknown check type"),
    ({"type": "existence", "phrase": ["x"]}, "unknown key"),
    ({"type": "existence", "phrases": ["x"], "severity": "fatal"}, "severity"),
    ({"type": "existence", "tokens": ["(unclosed"]}, "bad regular expression"),
    ({"type": "existence", "phrases": ["x"], "scope": "chapter"}, "unknown scope"),
])
def test_bad_rules_are_explained(data: dict[str, Any], message: str) -> None:
    with pytest.raises(RuleError, match=message):
        rule_from_dict({"id": "t", **data})

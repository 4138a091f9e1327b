"""Markup to prose: blocks, sentences, offsets and excluded regions for Markdown, HTML and text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofline.text.document import Document
from proofline.text.markup import detect_markup, parse_document

ONDINE = Path("/work/shared/eval/dev/ondine")


def texts(doc: Document) -> list[str]:
    return [s.text for s in doc.sentences]


def squash(text: str) -> str:
    """Sentence text with blanked markup collapsed, as a reader would see it."""
    return re.sub(r"\s+", " ", text).strip()


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(s.kind, squash(s.text)) for s in doc.sentences]


def assert_invariants(doc: Document) -> None:
    assert len(doc.prose) == len(doc.text)
    assert [i for i, c in enumerate(doc.prose) if c == "\n"] == [
        i for i, c in enumerate(doc.text) if c == "\n"
    ]
    previous_end = 0
    for s in doc.sentences:
        assert s.text == doc.prose[s.start : s.end]
        assert s.text == s.text.strip() and s.text
        assert s.start >= previous_end
        previous_end = s.end
        block = doc.blocks[s.block]
        assert block.start <= s.start and s.end <= block.end
        assert s.kind == block.kind
    for start, end in doc.excluded:
        assert doc.prose[start:end].strip() == ""


# --- detection -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("<p>Bonjour</p>", "draft.md", "markdown"),
        ("# Titre", "page.html", "html"),
        ("Bonjour", "mail.txt", "text"),
        ("Bonjour", "notes.MARKDOWN", "markdown"),
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", None, "html"),
        ("<h1>Titre</h1>\n<p>Texte</p>", None, "html"),
        ("Intro\n\n<p>Un</p>\n<p>Deux</p>\n", None, "html"),
        ("# Titre\n\nTexte avec un <br> au milieu.", None, "markdown"),
        ("Objet : Bonjour\n\nTexte.", None, "markdown"),
    ],
)
def test_detect_markup(text: str, path: str | None, expected: str) -> None:
    assert detect_markup(text, path) == expected


# --- Markdown ------------------------------------------------------------------------------------


def test_front_matter_is_excluded() -> None:
    text = "---\nid: fiche\ntitle: Fiche entreprise\n---\nOndine a été fondée en 2017 à Nantes.\n"
    doc = parse_document(text, path="fiche.md")
    assert texts(doc) == ["Ondine a été fondée en 2017 à Nantes."]
    assert doc.excluded[0] == (0, text.index("\nOndine"))
    assert "fiche" not in doc.prose
    assert_invariants(doc)


def test_separator_at_top_is_not_front_matter() -> None:
    doc = parse_document("---\n\nPremier message.\n\n---\n\nSecond message.\n")
    assert [b.kind for b in doc.blocks] == ["separator", "paragraph", "separator", "paragraph"]
    assert texts(doc) == ["Premier message.", "Second message."]


def test_headings_lists_and_bold_only_lines() -> None:
    text = (
        "# Ondine Analytics en bref ##\n\n"
        "**Qui sommes-nous ?**\n"
        "Créée à Nantes en 2017, Ondine compte 85 salariés.\n\n"
        "Résultats :\n"
        "- Les pertes ont baissé de 18 %.\n"
        "* Le délai est passé de 23 à 6 jours. Il baisse encore.\n"
        "+ Troisième point\n"
        "1. Premier\n"
        "2) Second\n"
    )
    doc = parse_document(text)
    assert kinds(doc) == [
        ("heading", "Ondine Analytics en bref"),
        ("heading", "Qui sommes-nous ?"),
        ("paragraph", "Créée à Nantes en 2017, Ondine compte 85 salariés."),
        ("paragraph", "Résultats :"),
        ("list_item", "Les pertes ont baissé de 18 %."),
        ("list_item", "Le délai est passé de 23 à 6 jours."),
        ("list_item", "Il baisse encore."),
        ("list_item", "Troisième point"),
        ("list_item", "Premier"),
        ("list_item", "Second"),
    ]
    assert_invariants(doc)


def test_setext_heading() -> None:
    doc = parse_document("Nos tarifs\n==========\n\nÀ partir de 390 € HT.\n")
    assert kinds(doc) == [("heading", "Nos tarifs"), ("paragraph", "À partir de 390 € HT.")]


def test_list_item_continuation_lines_are_not_code() -> None:
    text = (
        "- 10 régies sur 12 ont atteint le rendement de réseau fixé par leur agence de l'eau dès la\n"
        "  première année.\n"
    )
    doc = parse_document(text)
    assert [squash(t) for t in texts(doc)] == [
        "10 régies sur 12 ont atteint le rendement de réseau fixé par leur agence de l'eau dès la première année."
    ]
    assert doc.excluded == []


def test_emphasis_is_blanked_but_not_snake_case_or_arithmetic() -> None:
    text = "Nous **garantissons** un *suivi* et __tout__ le _reste_ ; la variable snake_case_name vaut 2*3*4."
    doc = parse_document(text)
    assert doc.sentences[0].text == (
        "Nous   garantissons   un  suivi  et   tout   le  reste  ; la variable snake_case_name vaut 2*3*4."
    )
    assert_invariants(doc)


def test_links_keep_their_text_and_exclude_the_url() -> None:
    text = "Lisez [notre étude d'impact](https://ondine.example/etude_(2025)) avant jeudi."
    doc = parse_document(text)
    assert squash(doc.sentences[0].text) == "Lisez notre étude d'impact avant jeudi."
    start = text.index("(https")
    assert (start, text.index(" avant")) in doc.excluded
    assert_invariants(doc)


def test_bare_urls_and_emails_are_excluded() -> None:
    text = "Écrivez à camille.perrin@ondine.example ou voyez https://ondine.example/a_b. Merci."
    doc = parse_document(text)
    assert [squash(t) for t in texts(doc)] == ["Écrivez à ou voyez .", "Merci."]
    excluded = [text[s:e] for s, e in doc.excluded]
    assert excluded == ["camille.perrin@ondine.example", "https://ondine.example/a_b"]


def test_code_is_excluded() -> None:
    text = (
        "Appelez `get_leaks()` chaque jour.\n\n"
        "```python\nprint('Pas de la prose. Vraiment.')\n```\n\n"
        "    code indenté. Pas de la prose.\n\n"
        "Fin du texte.\n"
    )
    doc = parse_document(text)
    assert [squash(t) for t in texts(doc)] == ["Appelez chaque jour.", "Fin du texte."]
    assert [b.kind for b in doc.blocks] == ["paragraph", "code", "code", "paragraph"]
    excluded = [text[s:e] for s, e in doc.excluded]
    assert excluded[0] == "`get_leaks()`"
    assert excluded[1].startswith("```python") and excluded[1].endswith("```")
    assert excluded[2] == "    code indenté. Pas de la prose."
    assert_invariants(doc)


def test_tables_quotes_comments_and_entities() -> None:
    text = (
        "| Offre | Prix |\n"
        "|-------|-----:|\n"
        "| Essentiel | 390 € HT |\n\n"
        "> Nos équipes partent avec une zone précise.\n"
        "> Et non plus au hasard.\n\n"
        "<!-- note interne : ne pas publier. -->\n"
        "Qualité &amp; sécurité, <b>toujours</b>.\n"
    )
    doc = parse_document(text)
    assert kinds(doc) == [
        ("table_row", "Offre Prix"),
        ("table_row", "Essentiel 390 € HT"),
        ("quote", "Nos équipes partent avec une zone précise."),
        ("quote", "Et non plus au hasard."),
        ("paragraph", "Qualité & sécurité, toujours ."),
    ]
    assert "<!-- note interne : ne pas publier. -->" in [text[s:e] for s, e in doc.excluded]
    assert_invariants(doc)


def test_offsets_point_into_the_original_text() -> None:
    text = "## Sécurité\n\nVos données sont chiffrées.\u00a0Elles restent en France !\n"
    doc = parse_document(text)
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
    assert texts(doc) == ["Sécurité", "Vos données sont chiffrées.", "Elles restent en France !"]
    assert doc.line_col(doc.sentences[0].start) == (1, 4)
    assert doc.line_col(doc.sentences[2].start) == (3, 29)


def test_hard_wrapped_source_paragraph() -> None:
    text = (
        "Ondine Analytics SAS a été fondée en 2017 à Nantes. L'entreprise compte 85 salariés au\n"
        "1er janvier 2026, dont 31 ingénieurs et data scientists. Nos données sont hébergées en France,\n"
        "chez un hébergeur qualifié, dans deux centres de données situés à Paris et à Lille.\n"
    )
    doc = parse_document(text)
    assert [squash(t) for t in texts(doc)] == [
        "Ondine Analytics SAS a été fondée en 2017 à Nantes.",
        "L'entreprise compte 85 salariés au 1er janvier 2026, dont 31 ingénieurs et data scientists.",
        "Nos données sont hébergées en France, chez un hébergeur qualifié, dans deux centres de données "
        "situés à Paris et à Lille.",
    ]


# --- e-mails and LinkedIn posts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_line", "subject"),
    [
        (
            "Objet : Moins d'appels de nuit ? Voici nos chiffres",
            "Moins d'appels de nuit ? Voici nos chiffres",
        ),
        ("Objet: Vos pertes en réseau", "Vos pertes en réseau"),
        ("Subject: How 12 utilities cut leakage by 18%", "How 12 utilities cut leakage by 18%"),
        ("**Objet :** Votre pilote", "Votre pilote"),
        ("Subject: Re: Fwd: Slides from Thursday", "Slides from Thursday"),
        ("RE: votre demande de démo", "votre demande de démo"),
    ],
)
def test_email_subject_is_its_own_sentence(first_line: str, subject: str) -> None:
    text = f"{first_line}\n\nBonjour Léa,\n\nMerci pour votre temps.\n\nBien cordialement,\nCamille Perrin\n"
    doc = parse_document(text)
    first = doc.sentences[0]
    assert first.kind == "subject"
    assert first.text == subject
    assert text[first.start : first.end] == subject
    assert kinds(doc)[1:] == [
        ("paragraph", "Bonjour Léa,"),
        ("paragraph", "Merci pour votre temps."),
        ("paragraph", "Bien cordialement,"),
        ("paragraph", "Camille Perrin"),
    ]


def test_subject_only_on_the_first_line() -> None:
    doc = parse_document("Bonjour,\n\nSubject: pricing is next.\n")
    assert [s.kind for s in doc.sentences] == ["paragraph", "paragraph"]


def test_linkedin_post_with_line_breaks_emoji_and_hashtags() -> None:
    text = (
        "Les fuites ne préviennent pas.\n"
        "Elles se découvrent, souvent trop tard.\n\n"
        "Ce que nous avons mesuré :\n"
        "✅ 18 % de pertes en moins\n"
        "✅ 6 jours pour détecter une fuite\n\n"
        "#eau #réseaux #fuites\n"
    )
    doc = parse_document(text)
    assert doc.language == "fr"
    assert texts(doc) == [
        "Les fuites ne préviennent pas.",
        "Elles se découvrent, souvent trop tard.",
        "Ce que nous avons mesuré :",
        "✅ 18 % de pertes en moins",
        "✅ 6 jours pour détecter une fuite",
        "#eau #réseaux #fuites",
    ]
    assert all(s.kind != "heading" for s in doc.sentences)


# --- HTML and plain text -------------------------------------------------------------------------


def test_html() -> None:
    text = (
        "<!DOCTYPE html><html><head><title>Tarifs</title><style>p { color: red; }</style></head><body>\n"
        "<h1>Nos tarifs &amp; offres</h1>\n"
        '<p>Abonnement Essentiel : 390&nbsp;€ HT par mois. Voir\n<a href="https://x.example">la grille</a>.</p>\n'
        "<ul><li>Mise en service incluse.</li><li>Engagement annuel</li></ul>\n"
        "<p>Bien cordialement,<br>Camille Perrin</p>\n"
        "<script>var x = 'Pas. De. Prose.';</script><!-- Caché. -->\n"
        "</body></html>"
    )
    doc = parse_document(text)
    assert doc.markup == "html"
    assert doc.language == "fr"
    assert kinds(doc) == [
        ("heading", "Nos tarifs & offres"),
        ("paragraph", "Abonnement Essentiel : 390 € HT par mois."),
        ("paragraph", "Voir la grille ."),
        ("list_item", "Mise en service incluse."),
        ("list_item", "Engagement annuel"),
        ("paragraph", "Bien cordialement,"),
        ("paragraph", "Camille Perrin"),
    ]
    excluded = [text[s:e] for s, e in doc.excluded]
    assert any(e.startswith("<head>") for e in excluded)
    assert any("<script>var x = 'Pas. De. Prose.';</script>" in e for e in excluded)
    assert any("<!-- Caché. -->" in e for e in excluded)
    assert_invariants(doc)


def test_plain_text_keeps_markdown_characters() -> None:
    text = "Objet : Votre démo\n\n# Pas un titre, 2*3*4 et **pas de gras**.\n- Un point\nVoir www.ondine.example.\n"
    doc = parse_document(text, path="mail.txt")
    assert doc.markup == "text"
    assert kinds(doc) == [
        ("subject", "Votre démo"),
        ("paragraph", "# Pas un titre, 2*3*4 et **pas de gras**."),
        ("list_item", "Un point"),
        ("list_item", "Voir ."),  # a lazy continuation of the item, a sentence of its own
    ]


def test_language_argument_and_detection() -> None:
    assert parse_document("Could we find 20 minutes next week?").language == "en"
    assert parse_document("Could we find 20 minutes next week?", language="fr").language == "fr"
    assert parse_document("Ondine", languages=("en", "fr")).language == "en"


def test_crlf_and_bom() -> None:
    text = "\ufeffObjet : Bonjour\r\n\r\nPremière phrase. Seconde phrase.\r\n"
    doc = parse_document(text)
    assert kinds(doc) == [
        ("subject", "Bonjour"),
        ("paragraph", "Première phrase."),
        ("paragraph", "Seconde phrase."),
    ]
    assert_invariants(doc)


_MARKDOWN_ALPHABET = st.sampled_from(
    [
        *"ab Éé.,:;!?…«»\"'`*_#->|[]()<>&~\\/@0123456789\n\n\t\u00a0\u202f",
        "**",
        "```",
        "---",
        "http://x.y",
        "&amp;",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKDOWN_ALPHABET, max_size=80).map("".join), st.sampled_from(["markdown", "html", "text"]))
def test_any_input_keeps_offsets_consistent(text: str, markup: str) -> None:
    assert_invariants(parse_document(text, markup))


# --- the Ondine evaluation set (realistic drafts and sources) -------------------------------------

needs_ondine = pytest.mark.skipif(not ONDINE.is_dir(), reason="evaluation set not available")


@needs_ondine
def test_ondine_drafts_keep_each_claim_inside_one_sentence() -> None:
    import yaml

    for labels_path in sorted((ONDINE / "cases").glob("*.labels.yaml")):
        draft = labels_path.with_name(labels_path.name.replace(".labels.yaml", ".md"))
        text = draft.read_text(encoding="utf-8")
        doc = parse_document(text, path=str(draft))
        labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
        assert doc.language == labels["language"], draft.name
        assert_invariants(doc)
        for claim in labels.get("claims", []):
            at = text.find(claim["quote"])
            if at < 0:
                continue
            end = at + len(claim["quote"])
            assert any(s.start <= at and end <= s.end for s in doc.sentences), (draft.name, claim["quote"])


@needs_ondine
def test_ondine_email_subjects_are_their_own_sentence() -> None:
    seen = 0
    for draft in sorted((ONDINE / "cases").glob("*.md")):
        text = draft.read_text(encoding="utf-8")
        first_line = text.lstrip().splitlines()[0]
        label = re.match(r"(?:Objet|Subject)\s*:\s*", first_line)
        if not label:
            continue
        seen += 1
        doc = parse_document(text, path=str(draft))
        subject = doc.sentences[0]
        assert subject.kind == "subject"
        assert subject.text == first_line[label.end() :].strip()
        assert sum(s.kind == "subject" for s in doc.sentences) == 1
    assert seen >= 4


@needs_ondine
def test_ondine_sources_hard_wrapped_sentences_come_out_whole() -> None:
    for source in sorted((ONDINE / "sources").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        doc = parse_document(text, path=str(source))
        assert doc.excluded and doc.excluded[0][0] == 0, source.name  # front matter
        assert "validated_by" not in doc.prose
        assert doc.sentences, source.name
        for s in doc.sentences:
            words = squash(s.text)
            # A soft wrap split by mistake leaves a fragment ending mid-sentence or starting lowercase.
            assert words[-1] in ".!?:»", (source.name, words)
            assert not words[0].islower(), (source.name, words)
            # A sentence never swallows two sentences across a wrapped line.
            assert not re.search(r"\w[.!?]\n\s*[A-ZÉ]", s.text), (source.name, s.text)


def test_dashes_under_a_signature_separate_two_messages() -> None:
    text = "Objet : Premier message\n\nMerci.\nCamille\n---\nObjet : Relance\n\nJe reviens vers vous.\n"
    doc = parse_document(text)
    assert kinds(doc) == [
        ("subject", "Premier message"),
        ("paragraph", "Merci."),
        ("paragraph", "Camille"),
        ("subject", "Relance"),
        ("paragraph", "Je reviens vers vous."),
    ]

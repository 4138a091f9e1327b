"""Inline control comments in Markdown and in plain-text drafts."""

from __future__ import annotations

from proofline.text.markup import parse_document
from proofline.voice import lint
from proofline.workspace.model import Kit

KIT = Kit.model_validate({"kit": 1, "brand": "Acme", "languages": ["fr", "en"],
                          "voice": {"address": "vous", "exclamation": "avoid"},
                          "banned": [{"phrases": ["pépite"]}]})


def rules(text: str, markup: str | None = None) -> list[tuple[str, str]]:
    doc = parse_document(text, markup, path="d.txt" if markup == "text" else "d.md", language="fr")
    return [(f.rule, text[f.start:f.end]) for f in lint(doc, KIT)]


def test_off_and_on_switch_every_rule() -> None:
    text = ("Tu vas aimer.\n\n<!-- proofline off -->\n\nTu vas adorer, c'est pépite !\n\n"
            "<!-- proofline on -->\n\nToi aussi.\n")
    assert rules(text) == [("voice.address", "Tu"), ("voice.address", "Toi")]


def test_ignore_one_rule_for_the_next_paragraph_only() -> None:
    text = ("<!-- proofline ignore voice.address -->\nTu le sais, c'est pépite.\n\n"
            "Tu le sais aussi.\n")
    assert rules(text) == [("banned", "pépite"), ("voice.address", "Tu")]
    assert text.rindex("Tu") == text.index("Tu le sais aussi")


def test_ignore_by_family_and_on_the_same_line() -> None:
    text = "Tu le sais ! <!-- proofline ignore address, exclamation -->\n\nTu le sais !\n"
    assert [r for r, _ in rules(text)] == ["voice.address", "voice.exclamation"]


def test_off_for_one_rule_keeps_the_others() -> None:
    text = "<!-- proofline off banned -->\nC'est pépite, tu sais.\n<!-- proofline on banned -->\n"
    assert rules(text) == [("voice.address", "tu")]


def test_directives_work_in_plain_text_and_are_never_linted() -> None:
    text = "<!-- proofline ignore voice.address -->\nTu le sais.\n\nTu le sais aussi !\n"
    assert rules(text, "text") == [("voice.address", "Tu"), ("voice.exclamation", " !")]
    assert rules("<!-- proofline off -->\nTu le sais !\n", "text") == []

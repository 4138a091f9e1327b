"""The `text` pack and folded rules: hidden and look-alike characters, in the voice engine itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from proofline.text.markup import parse_document
from proofline.voice import lint
from proofline.voice.engine import RuleError, rule_from_dict
from proofline.voice.styles import load_pack
from proofline.workspace.model import Kit

REPO = Path(__file__).resolve().parents[2]


def kit(**extra: Any) -> Kit:
    return Kit.model_validate({"kit": 1, "brand": "Acme", "languages": ["fr", "en"], **extra})


def found(text: str, lang: str = "fr", k: Kit | None = None, **kw: Any) -> list[tuple[str, str]]:
    doc = parse_document(text, None, path="d.md", language=lang)
    return [(f.rule, text[f.start:f.end]) for f in lint(doc, k or kit(), **kw)]


def test_a_team_pack_rule_can_read_the_normalised_text(tmp_path: Path) -> None:
    pack = tmp_path / "team.yaml"
    pack.write_text("pack: team\nrules:\n"
                    "  - {id: team.leader, type: existence, phrases: [leader du marché], folded: true}\n"
                    "  - {id: team.leader_raw, type: existence, phrases: [leader du marché]}\n", encoding="utf-8")
    text = "Nous sommes lеader du mar\u200bché depuis 2019."
    got = found(text, extra_styles=[pack])
    assert ("team.leader", "lеader du mar\u200bché") in got
    assert not [r for r, _ in got if r == "team.leader_raw"]  # without `folded`, the disguise works


def test_the_new_check_types_take_only_their_keys() -> None:
    rule = rule_from_dict({"id": "x.hidden", "type": "hidden_character", "message": "m", "message_fr": "mf"})
    assert rule.type == "hidden_character"
    with pytest.raises(RuleError, match="unknown key"):
        rule_from_dict({"id": "x.c", "type": "confusable", "tokens": ["a"]})


def test_the_text_pack_is_on_by_default_and_speaks_the_draft_language() -> None:
    assert ("text.hidden_character", "\u200b") in found("Un relevé fia\u200bble chaque nuit.")
    doc = parse_document("A reliable read\u200bing every night.", None, path="d.md", language="en")
    (finding,) = [f for f in lint(doc, kit()) if f.rule == "text.hidden_character"]
    assert finding.message.startswith("Invisible character here")
    assert finding.severity.value == "error"


def test_a_whole_word_of_look_alikes_is_a_confusable_but_a_foreign_word_is_not() -> None:
    got = found("Notre client ООО Ромашка et la marque ВОС utilisent aussi μ et α.")
    confusables = [q for r, q in got if r == "text.confusable"]
    assert confusables == ["ООО", "ВОС"]  # made only of letters that imitate Latin ones; Ромашка is Russian


def _cases() -> list[Path]:
    roots = [REPO / "examples" / "sample-workspace", *sorted(k.parent for k in (REPO / "tests" / "data" / "eval").rglob("kit.yaml")),
             Path("/work/shared/eval/dev/ondine"), Path("/work/shared/eval/realworld/web")]
    return [p for root in roots if (root / "cases").is_dir() for p in sorted((root / "cases").iterdir())
            if p.suffix in (".md", ".txt", ".html")]


def test_no_labelled_draft_holds_hidden_or_look_alike_text() -> None:
    """Real drafts (French typography, « », NBSP, ’, µm, m², emoji) raise no `text.*` finding."""
    cases = _cases()
    assert cases
    for path in cases:
        doc = parse_document(path.read_text("utf-8"), None, path=str(path))
        assert [f for f in lint(doc, kit()) if f.rule.startswith("text.")] == [], path


def test_the_pack_file_is_bilingual() -> None:
    rules = load_pack(REPO / "src" / "proofline" / "voice" / "packs" / "text.yaml")
    assert {r.id for r in rules} == {"text.hidden_character", "text.confusable"}
    for rule in rules:
        assert rule.message and getattr(rule, "message_fr", "")

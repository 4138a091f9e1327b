"""Text that cannot hide, through `proofline check` as a user runs it (CLI, JSON, SARIF, terminal).

A forbidden claim, a banned word or a rejected term written with zero-width characters, a soft
hyphen, a bidi override, Cyrillic or Greek look-alikes or full-width letters is still caught, at
its span in the draft; each hidden or look-alike character is a finding of its own; ordinary
French typography (accents, « », NBSP, ’) is none of these.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from proofline.cli import cli

AS_OF = "2026-11-22"

KIT = """\
kit: 1
brand: Hydra Metrics
languages: [fr, en]
terminology:
  - use: plateforme Hydra
    not: [solution Hydra, outil Hydra]
    lang: fr
banned:
  - phrases: [révolutionnaire]
    reason: Sobriété.
forbidden_claims:
  - id: no-zero-error
    say: Nous ne promettons jamais zéro erreur.
    patterns: ['zéro erreur']
proof:
  performance: [study]
"""


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "kit.yaml").write_text(KIT, encoding="utf-8")
    return root


def check(ws: Path, text: str, *extra: str, fmt: str = "json") -> tuple[int, str]:
    draft = ws / "draft.md"
    draft.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(draft), "--workspace", str(ws), "--format", fmt,
                                      "--as-of", AS_OF, *extra],
                                env={"PROOFLINE_WORKSPACE": None, "NO_COLOR": "1", "COLUMNS": "200"},
                                catch_exceptions=False)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def report(ws: Path, text: str) -> dict[str, Any]:
    code, out = check(ws, text)
    data: dict[str, Any] = json.loads(out)
    data["exit_code"] = code
    return data


def spans(data: dict[str, Any], rule: str) -> list[tuple[int, int]]:
    return [(f["start"], f["end"]) for f in data["findings"] if f["rule"] == rule]


SENTENCE = "Avec Hydra, c’est le {} garanti sur vos relevés"
FORBIDDEN_EVASIONS = {
    "zero-width space inside a word": "zé\u200bro erreur",
    "zero-width space for the space": "zéro\u200berreur",
    "soft hyphen": "zé\u00adro erreur",
    "word joiner": "zéro\u2060 erreur",
    "Cyrillic е for the é": "zеro erreur",
    "Cyrillic е in erreur": "zéro еrreur",
    "Greek omicron": "zérο erreur",
    "full-width letters": "ｚéｒｏ ｅｒｒｅｕｒ",
    "mathematical bold": "𝐳é𝐫𝐨 erreur",
    "right-to-left override": "zéro \u202eruerre\u202c",
    "left-to-right mark": "zéro\u200e erreur",
}


@pytest.mark.parametrize("disguised", FORBIDDEN_EVASIONS.values(), ids=FORBIDDEN_EVASIONS.keys())
def test_a_disguised_forbidden_claim_is_forbidden_at_its_span(ws: Path, disguised: str) -> None:
    sentence = SENTENCE.format(disguised)
    data = report(ws, f"Bonjour Paul,\n\n{sentence}.\n")
    forbidden = [c for c in data["claims"] if c["verdict"] == "forbidden"]
    assert len(forbidden) == 1, data["claims"]
    claim = forbidden[0]
    text = f"Bonjour Paul,\n\n{sentence}.\n"
    assert claim["rule"] == "no-zero-error"
    assert text[claim["start"]:claim["end"]] == claim["text"] == sentence
    assert data["exit_code"] == 1
    # and what disguised it is reported where it is
    hidden = spans(data, "text.hidden_character") + spans(data, "text.confusable")
    assert hidden, data["findings"]
    start = text.index(disguised)
    for a, b in hidden:
        assert start <= a < b <= start + len(disguised)


def test_hidden_characters_are_each_an_error_with_their_position(ws: Path) -> None:
    text = "Nos relevés sont fia\u200bbles\u2060 et\u00ad utiles.\n"
    data = report(ws, text)
    found = spans(data, "text.hidden_character")
    assert found == [(text.index(ch), text.index(ch) + 1) for ch in "\u200b\u2060\u00ad"]
    finding = next(f for f in data["findings"] if f["rule"] == "text.hidden_character")
    assert finding["severity"] == "error" and finding["fix"] == ""
    assert (finding["line"], finding["column"]) == (1, 21)
    assert "U+200B ZERO WIDTH SPACE" in finding["message"] and "Caractère invisible" in finding["message"]
    assert data["exit_code"] == 1


def test_an_english_draft_is_told_in_english(ws: Path) -> None:
    data = report(ws, "Our read\u200bings are reliable and our team answers every request within the day.\n")
    (finding,) = [f for f in data["findings"] if f["rule"] == "text.hidden_character"]
    assert finding["message"].startswith("Invisible character here (U+200B ZERO WIDTH SPACE)")


def test_a_mixed_script_word_is_a_confusable_with_its_plain_spelling_as_fix(ws: Path) -> None:
    text = "Nos relevés sont fiаbles et la ｍéｔｈｏｄｅ est publique.\n"
    data = report(ws, text)
    found = [(text[f["start"]:f["end"]], f["fix"], f["severity"]) for f in data["findings"]
             if f["rule"] == "text.confusable"]
    assert found == [("fiаbles", "fiables", "error"), ("ｍéｔｈｏｄｅ", "méthode", "error")]
    message = next(f["message"] for f in data["findings"] if f["rule"] == "text.confusable")
    assert "U+0430 CYRILLIC SMALL LETTER A" in message and "Écrivez «\u00a0fiables\u00a0»" in message


BANNED_EVASIONS = {
    "zero-width space": "révolu\u200btionnaire",
    "soft hyphen": "révolution\u00adnaire",
    "Greek omicron": "révοlutionnaire",
    "Cyrillic а and о": "révоlutionnаire",
    "full-width": "ｒéｖｏｌｕｔｉｏｎｎａｉｒｅ",
    "right-to-left override": "\u202e" + "".join(reversed("révolutionnaire")) + "\u202c",
}


@pytest.mark.parametrize("disguised", BANNED_EVASIONS.values(), ids=BANNED_EVASIONS.keys())
def test_a_disguised_banned_word_is_banned_at_its_span(ws: Path, disguised: str) -> None:
    text = f"Notre méthode de relève est {disguised}, disent nos clients.\n"
    data = report(ws, text)
    banned = [f for f in data["findings"] if f["rule"] == "banned"]
    assert len(banned) == 1, data["findings"]
    start = text.index(disguised)
    # the span is the word as written, its hidden characters included (bidi controls around it
    # are the hidden_character finding's)
    assert (banned[0]["start"], banned[0]["end"]) in {(start, start + len(disguised)),
                                                      (start + 1, start + len(disguised) - 1)}
    assert "'révolutionnaire' is on the kit's banned list" in banned[0]["message"]
    assert data["exit_code"] == 1


@pytest.mark.parametrize("disguised", ["solution Hy\u200bdra", "sоlution Hydra", "solution\u00a0Hydra",
                                       "ｓｏｌｕｔｉｏｎ Hydra"])
def test_a_disguised_rejected_term_gets_the_kit_term(ws: Path, disguised: str) -> None:
    text = f"La {disguised} relève vos compteurs chaque nuit sans déplacement.\n"
    data = report(ws, text)
    terms = [f for f in data["findings"] if f["rule"] == "terminology"]
    assert len(terms) == 1, data["findings"]
    start = text.index(disguised)
    assert (terms[0]["start"], terms[0]["end"]) == (start, start + len(disguised))
    assert terms[0]["fix"] == "plateforme Hydra"


FRENCH = (
    "Objet\u00a0: vos relevés de l’hiver\n\n"
    "Bonjour Madame Lefèvre,\n\n"
    "L’équipe «\u00a0Hydra\u00a0» a relevé 1\u202f200 compteurs en 3\u00a0semaines\u00a0; c’est acquis, n’est-ce pas\u00a0?\n"
    "Nos capteurs mesurent à ±0,5\u00a0% près, sur 1\u202f200\u00a0m² et à 3\u00a0µm. Cœur de réseau, maïs, Noël, déjà vu.\n"
    "Merci\u00a0! 👩\u200d💻 ❤\ufe0f\n"
)


def test_legitimate_french_typography_is_no_finding(ws: Path) -> None:
    data = report(ws, FRENCH)
    assert [f for f in data["findings"] if f["rule"].startswith("text.")] == []
    assert [f for f in data["findings"] if f["rule"] in ("banned", "terminology")] == []


def test_the_text_pack_can_be_switched_off_but_matching_still_sees_through(ws: Path) -> None:
    kit = ws / "kit.yaml"
    kit.write_text(KIT + "voice:\n  style_packs: {text: false}\n", encoding="utf-8")
    data = report(ws, f"{SENTENCE.format('zé' + chr(0x200B) + 'ro erreur')}. C’est révolu\u200btionnaire.\n")
    assert not [f for f in data["findings"] if f["rule"].startswith("text.")]
    assert [c["verdict"] for c in data["claims"]] == ["forbidden"]
    assert [f["rule"] for f in data["findings"]] == ["banned"]


def test_sarif_and_terminal_show_the_new_findings(ws: Path) -> None:
    text = "Nos relevés sont fia\u200bbles et fiаbles.\n"
    code, out = check(ws, text, fmt="sarif")
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    rules = {r["ruleId"]: r for r in results}
    assert {"text.hidden_character", "text.confusable"} <= rules.keys()
    region = rules["text.hidden_character"]["locations"][0]["physicalLocation"]["region"]
    assert (region["charOffset"], region["charLength"]) == (20, 1)
    assert rules["text.hidden_character"]["level"] == "error"
    code, out = check(ws, text, fmt="terminal")
    assert code == 1
    assert "text.hidden_character" in out and "text.confusable" in out
    assert "fix: delete it" in out and "fix: fiables" in out


def test_a_directive_can_silence_a_finding_like_any_other(ws: Path) -> None:
    text = "<!-- proofline off text.hidden_character -->\nNos relevés sont fia\u200bbles.\n"
    data = report(ws, text)
    assert spans(data, "text.hidden_character") == []

"""The literal gate in front of rule regexes never changes an answer, it only skips work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofline.claims.finder import load_cues
from proofline.text.patterns import Gated, required_literals

ROOT = Path(__file__).resolve().parents[2]


def _all_cues() -> list[Gated]:
    cues = load_cues()
    out: list[Gated] = []
    for group in (*cues.strong.values(), *cues.weak.values()):
        out.extend(group)
    for group in (cues.opinion, cues.cta, cues.offer, cues.aspiration, cues.hook, cues.figure_context):
        out.extend(group)
    return out


def _lines() -> list[str]:
    """Every line of the bundled drafts and sources: real French and English marketing prose."""
    lines: list[str] = []
    for folder in (ROOT / "examples" / "sample-workspace", ROOT / "tests" / "data" / "eval"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".md", ".txt", ".html"}:
                lines.extend(x for x in path.read_text("utf-8").splitlines() if x.strip())
    return lines


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\bgaranti(?:e|es)?\b", {"garanti"}),
    (r"\bwe promise\b|\bnous (?:vous )?promettons\b", {"we promise", "promettons"}),
    (r"\bHT\b|\bTTC\b", {"ht", "ttc"}),
    (r"\d+\s?%", {"%"}),
])
def test_the_literals_a_match_needs(pattern: str, expected: set[str]) -> None:
    assert required_literals(re.compile(pattern, re.IGNORECASE)) == expected


@pytest.mark.parametrize("pattern", [r"\w+ly\b|\d+", r"(?:foo)?\w+", r"[A-Z]{3}", r"(?=x)"])
def test_no_gate_when_no_literal_is_sure(pattern: str) -> None:
    assert Gated.of(re.compile(pattern)).literals is None


def test_case_sensitive_patterns_keep_their_case() -> None:
    gated = Gated.of(re.compile(r"\bSLA\b"))
    assert gated.literals == ("SLA",)
    assert gated.search("un SLA de 99,9 %", "un sla de 99,9 %") is not None
    assert gated.search("un sla", "un sla") is None


def test_every_cue_has_a_gate() -> None:
    """A cue without literals would silently lose the speed-up: say which one."""
    assert [g.pattern.pattern for g in _all_cues() if g.literals is None] == []


def test_gated_cues_answer_as_the_plain_regexes_on_real_prose() -> None:
    cues, lines = _all_cues(), _lines()
    assert len(lines) > 200
    for line in lines:
        folded = line.casefold()
        for g in cues:
            assert (g.search(line, folded) is None) == (g.pattern.search(line) is None), (g.pattern.pattern, line)


_WORDS = ["garantie", "GARANTI", "hébergé", "HÉBERGÉS", "Straße", "ſecure", "SOC 2", "ISO 27001", "99,9 %",
          "€", "1 150 €", "les plus", "certifiée", "free trial", "Réservez", "« citation longue ici »,  explique"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=6)), max_size=8))
def test_gated_cues_answer_as_the_plain_regexes_on_any_text(parts: list[str]) -> None:
    text = " ".join(parts)
    folded = text.casefold()
    for g in _all_cues():
        assert (g.search(text, folded) is None) == (g.pattern.search(text) is None), (g.pattern.pattern, text)


def _narrow_by_scan(text: str) -> list[str]:
    from proofline.text.patterns import LiteralScan

    cues = _all_cues()
    keep = LiteralScan(cues).present(text.casefold())
    return [g.pattern.pattern for i, g in enumerate(cues) if i in keep]


def _narrow_one_by_one(text: str) -> list[str]:
    from proofline.text.patterns import narrow

    return [g.pattern.pattern for g in narrow(_all_cues(), text, text.casefold())]


def test_the_literal_scan_narrows_as_the_gates_do_on_real_prose() -> None:
    for line in _lines():
        assert _narrow_by_scan(line) == _narrow_one_by_one(line), line


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=6)), max_size=8))
def test_the_literal_scan_narrows_as_the_gates_do_on_any_text(parts: list[str]) -> None:
    text = " ".join(parts)
    assert _narrow_by_scan(text) == _narrow_one_by_one(text)

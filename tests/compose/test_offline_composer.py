"""The offline composer on the sample workspace: drafts a marketer can start from, all backed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from compose_llm_server import SAMPLE, long_source

import proofline
from proofline.compose import ComposeError, compose, plan
from proofline.compose.channels import CHANNELS, limits
from proofline.compose.offline_composer import split_steps, subject_of
from proofline.compose.providers.offline import OfflineProvider
from proofline.workspace.model import Workspace

AS_OF = date(2026, 11, 22)
# The richest sources of the sample, per language (the offline composer does not translate).
CASES = [
    ("fr", ["etude-terrain-2025"], "responsables-maintenance"),
    ("fr", ["tarifs-2026", "audit-securite-2026"], None),
    ("en", ["product-sheet-2026", "company-facts"], "plant-managers"),
]
HASHTAG = re.compile(r"(?<![\w&#/])#[^\W\d_][\w\-]*")


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return proofline.load_workspace(SAMPLE)


@pytest.mark.parametrize(("lang", "sources", "audience"), CASES)
def test_every_derivative_passes_the_check_and_fits_its_channel(ws: Workspace, lang: str, sources: list[str],
                                                                audience: str | None) -> None:
    job = plan(ws, sources, list(CHANNELS), lang=lang, audience_id=audience)
    drafts = compose(ws, job, OfflineProvider(), as_of=AS_OF)
    assert [d.channel for d in drafts] == list(CHANNELS)
    for d in drafts:
        text = d.result.text
        # The public check, run again from scratch on the text a user would read.
        report = proofline.check_text(ws, text, as_of=AS_OF, document=d.channel)
        blocking = [(c.text, c.verdict.value) for c in report.claims if c.verdict.blocks]
        assert blocking == [], f"{d.channel}: {blocking}\n{text}"
        assert report.claims, f"{d.channel} states no fact at all:\n{text}"
        assert report.language == lang
        lim = limits(ws.kit, d.channel)
        if d.channel == "linkedin":
            assert len(text) <= (lim.max_chars or 3000)
            assert 1 <= len(HASHTAG.findall(text)) <= (lim.max_hashtags or 5)
            assert not text.lstrip().startswith("#")  # a post has no headings
        if d.channel in ("email", "sequence"):
            units = split_steps(text) if d.channel == "sequence" else [text]
            if d.channel == "sequence":
                assert len(units) == 3, text
                assert len(re.findall(r"(?m)^## ", text)) == 3
            for unit in units:
                first = unit.strip().splitlines()[0]
                assert first.startswith("Objet :" if lang == "fr" else "Subject:"), unit
                subject = subject_of(unit)
                assert subject and len(subject) <= (lim.subject_max_chars or 60)
                body = unit.split("\n", 1)[1]
                assert len(re.findall(r"[^\W_][\w'’-]*", body)) <= (lim.max_words or 250)
        if d.channel in ("landing", "one_pager"):
            assert text.startswith("# ")
            assert len(re.findall(r"(?m)^## ", text)) >= 3
        # The channel's own limits, as the checker applies them to this channel.
        checked = d.report
        assert not [f for f in checked.findings if f.rule.startswith("channel.")], checked.findings
        # Every cited span is a sentence of a source named in the draft's citations.
        for cit in d.result.citations:
            assert cit.passages and all(p.source_id in sources for p in cit.passages)


def test_offline_outline_follows_the_source(ws: Workspace) -> None:
    job = plan(ws, ["etude-terrain-2025"], ["outline"])
    (draft,) = compose(ws, job, OfflineProvider(), as_of=AS_OF)
    text = draft.result.text
    assert text.startswith("# Étude terrain")
    assert len(re.findall(r"(?m)^## ", text)) >= 3
    assert draft.report.blocking == 0
    assert "41 %" in text


def test_sentences_the_check_would_block_are_never_used(ws: Workspace) -> None:
    # bilan-parc-2024 expired at the end of 2025: its figures must not reach a draft dated 2026.
    job = plan(ws, ["bilan-parc-2024", "etude-terrain-2025"], ["linkedin", "one_pager"], lang="fr")
    for d in compose(ws, job, OfflineProvider(), as_of=AS_OF):
        assert "214" not in d.result.text and "1 480" not in d.result.text
        assert d.report.blocking == 0


def test_audience_pains_steer_the_draft_without_new_facts(ws: Workspace) -> None:
    plain = compose(ws, plan(ws, ["etude-terrain-2025"], ["email"]), OfflineProvider(), as_of=AS_OF)[0]
    aimed = compose(ws, plan(ws, ["etude-terrain-2025"], ["email"], audience_id="responsables-maintenance"),
                    OfflineProvider(), as_of=AS_OF)[0]
    assert "Arrêts non planifiés" in aimed.result.text and "Arrêts non planifiés" not in plain.result.text
    assert aimed.report.blocking == 0


def test_offline_cannot_translate_and_says_what_to_do(ws: Workspace) -> None:
    job = plan(ws, ["etude-terrain-2025"], ["linkedin"], lang="en")
    with pytest.raises(ComposeError, match="cannot translate"):
        compose(ws, job, OfflineProvider(), as_of=AS_OF)


def test_unknown_source_channel_and_audience_are_named(ws: Workspace) -> None:
    with pytest.raises(ComposeError, match="not a source"):
        plan(ws, ["nope"], ["email"])
    with pytest.raises(ComposeError, match="unknown channel"):
        plan(ws, ["tarifs-2026"], ["tiktok"])
    with pytest.raises(ComposeError, match="unknown audience"):
        plan(ws, ["tarifs-2026"], ["email"], audience_id="ghosts")


def test_five_derivatives_of_a_long_source_are_clean(sample_copy: Path) -> None:
    """Every derivative of a ~1,500-word study passes the check (the time: bench/bench_compose.py)."""
    source_id = long_source(sample_copy)
    ws = proofline.load_workspace(sample_copy)
    words = len(ws.source(source_id).text.split())  # type: ignore[union-attr]
    assert words >= 1400
    drafts = compose(ws, plan(ws, [source_id], list(CHANNELS)), OfflineProvider(), as_of=AS_OF)
    assert len(drafts) == len(CHANNELS)
    assert all(d.report.blocking == 0 for d in drafts)

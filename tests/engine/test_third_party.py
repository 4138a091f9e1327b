"""Statements attributed to someone else are claims of their own kind, backed by the study they
come from (an `external_study` source with its `reference`), even when the kit's proof table
does not mention them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import proofline
from proofline.model import Category, SourceType
from proofline.workspace.model import Workspace

KIT = "kit: 1\nbrand: Tabula\nlanguages: [fr, en]\nproof:\n  performance: [study]\n"
STUDY = """\
---
id: barometre-fret-2025
title: Baromètre du fret routier 2025
type: external_study
reference: Observatoire du fret, « Baromètre du fret routier 2025 », septembre 2025
validated_by: Marc Olivier, directeur marketing
validated_on: 2026-01-10
lang: fr
---
En 2025, 38 % des transporteurs routiers déclarent manquer de conducteurs.
"""
PRESS = STUDY.replace("id: barometre-fret-2025", "id: article-fret").replace("type: external_study", "type: press")


def _workspace(tmp_path: Path, source: str) -> Workspace:
    (tmp_path / "sources").mkdir()
    (tmp_path / "kit.yaml").write_text(KIT, "utf-8")
    (tmp_path / "attestations.yaml").write_text("[]\n", "utf-8")
    (tmp_path / "sources" / "source.md").write_text(source, "utf-8")
    return proofline.load_workspace(tmp_path)


def test_an_attributed_statistic_is_a_third_party_claim_backed_by_its_study(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, STUDY)
    (source,) = ws.sources
    assert source.type is SourceType.EXTERNAL_STUDY and source.reference and "Observatoire" in source.reference
    assert not ws.problems  # `reference` is a known key
    report = proofline.check_text(ws, "Selon l'Observatoire du fret, 38 % des transporteurs manquent de conducteurs.",
                                  as_of=date(2026, 6, 1))
    (claim,) = report.claims
    assert (claim.category, claim.verdict.value) == (Category.THIRD_PARTY, "supported")
    assert claim.evidence[0].source == "barometre-fret-2025"


def test_a_press_article_is_not_proof_of_a_third_party_statistic(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, PRESS)
    report = proofline.check_text(ws, "Selon l'Observatoire du fret, 38 % des transporteurs manquent de conducteurs.",
                                  as_of=date(2026, 6, 1))
    (claim,) = report.claims
    assert claim.verdict.value == "insufficient_proof"

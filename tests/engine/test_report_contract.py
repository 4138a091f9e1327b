"""`proofline check --format json` as CI pipelines and editors read it (shared/design/check-report.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from proofline.cli import cli

AS_OF = "2026-11-22"
VERDICTS = {"supported", "attested", "unsupported", "contradicted", "insufficient_proof", "expired", "forbidden"}
CATEGORIES = {"performance", "compliance", "security", "customer", "pricing", "comparison", "company",
              "availability", "guarantee"}
BLOCKING = VERDICTS - {"supported", "attested"}

# Accents, guillemets and an em dash before the claims, so that byte and code-point offsets differ.
BLOCKING_DRAFT = """\
## Été 2026 — « Moins de carburant, plus de marge »

Les transporteurs qui planifient avec Logivia consomment 18 % de carburant en moins.

Notre support est disponible 24/7.

Réservez un échange de 30 minutes.
"""

BACKED_DRAFT = """\
## Logivia Pro, côté pratique

Logivia Pro coûte 1 150 € HT par mois, paramétrage compris.

Vos données sont hébergées en France.

Vos exploitants sont formés en deux demi-journées, à distance.
"""


def run_check(workspace: Path, draft: Path) -> Result:
    args = ["check", str(draft), "--workspace", str(workspace), "--format", "json", "--as-of", AS_OF]
    return CliRunner().invoke(cli, args, env={"PROOFLINE_WORKSPACE": None, "NO_COLOR": None})


@pytest.fixture
def blocking_draft(tmp_path: Path) -> Path:
    path = tmp_path / "post-linkedin.md"
    path.write_text(BLOCKING_DRAFT, encoding="utf-8")
    return path


@pytest.fixture
def backed_draft(tmp_path: Path) -> Path:
    path = tmp_path / "landing.md"
    path.write_text(BACKED_DRAFT, encoding="utf-8")
    return path


def report_of(result: Result) -> dict[str, Any]:
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def source_body(workspace: Path, source_id: str) -> str:
    """A source's text after its front matter, read from the file as a reviewer would."""
    text = (workspace / "sources" / f"{source_id}.md").read_text(encoding="utf-8")
    return text.split("---\n", 2)[2]


def test_json_report_has_the_documented_top_level_fields(logivia_dir: Path, blocking_draft: Path) -> None:
    report = report_of(run_check(logivia_dir, blocking_draft))
    assert {"document", "language", "as_of", "claims", "findings", "summary"} <= report.keys()
    assert report["document"].endswith("post-linkedin.md")
    assert (report["language"], report["as_of"]) == ("fr", AS_OF)


def test_summary_counts_match_the_claims_and_findings(logivia_dir: Path, blocking_draft: Path) -> None:
    report = report_of(run_check(logivia_dir, blocking_draft))
    blocking = [c for c in report["claims"] if c["verdict"] in BLOCKING]
    assert report["summary"]["claims"] == len(report["claims"])
    assert report["summary"]["blocking"] == len(blocking)
    assert report["summary"]["findings"] == len(report["findings"])


def test_each_claim_has_the_documented_fields(logivia_dir: Path, blocking_draft: Path) -> None:
    claims = report_of(run_check(logivia_dir, blocking_draft))["claims"]
    assert claims
    for claim in claims:
        assert {"text", "start", "end", "category", "verdict", "evidence", "message"} <= claim.keys()
        assert claim["verdict"] in VERDICTS
        assert claim["category"] in CATEGORIES
        assert isinstance(claim["message"], str) and claim["message"]
        for evidence in claim["evidence"]:
            assert {"source", "quote", "start", "end"} <= evidence.keys()


def test_claim_offsets_are_code_points_into_the_draft(logivia_dir: Path, blocking_draft: Path) -> None:
    claims = report_of(run_check(logivia_dir, blocking_draft))["claims"]
    assert claims
    for claim in claims:
        assert BLOCKING_DRAFT[claim["start"]:claim["end"]] == claim["text"]


def test_the_report_shows_the_supported_and_the_contradicted_claim(logivia_dir: Path, blocking_draft: Path) -> None:
    claims = report_of(run_check(logivia_dir, blocking_draft))["claims"]
    found = sorted((c["verdict"], c["evidence"][0]["source"] if c["evidence"] else None) for c in claims)
    assert found == [("contradicted", "fiche-service-2026"), ("supported", "etude-carburant-2025")]


def test_exit_code_is_1_when_a_claim_blocks(logivia_dir: Path, blocking_draft: Path) -> None:
    result = run_check(logivia_dir, blocking_draft)
    assert result.exit_code == 1
    assert report_of(result)["summary"]["blocking"] >= 1


def test_exit_code_is_0_when_every_claim_is_backed(logivia_dir: Path, backed_draft: Path) -> None:
    result = run_check(logivia_dir, backed_draft)
    report = report_of(result)
    assert [c["verdict"] for c in report["claims"]] == ["supported", "supported", "attested"]
    assert result.exit_code == 0


def test_evidence_offsets_point_into_the_source_body(
    logivia_dir: Path, blocking_draft: Path, backed_draft: Path
) -> None:
    checked = 0
    for draft in (blocking_draft, backed_draft):
        for claim in report_of(run_check(logivia_dir, draft))["claims"]:
            for evidence in claim["evidence"]:
                if evidence["source"].startswith("att-"):
                    continue
                body = source_body(logivia_dir, evidence["source"])
                assert body[evidence["start"]:evidence["end"]] == evidence["quote"]
                checked += 1
    assert checked >= 3


def test_backed_claim_names_what_backs_it(logivia_dir: Path, backed_draft: Path) -> None:
    claims = report_of(run_check(logivia_dir, backed_draft))["claims"]
    backing = {c["evidence"][0]["source"] for c in claims if c["evidence"]}
    assert backing == {"grille-tarifaire-2026", "revue-securite-2026", "att-formation"}
    assert all(c["evidence"][0]["source"] in c["message"] for c in claims)

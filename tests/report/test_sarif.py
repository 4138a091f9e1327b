"""SARIF 2.1.0 output: the structure code-scanning tools require, and positions they can trust."""

from __future__ import annotations

import json
from typing import Any

from proofline.model import Category, Severity, Verdict
from proofline.report import ClaimResult, Evidence, Finding, Report
from proofline.report.sarif import artifact_uri, to_sarif

# Accents and an emoji before the claims: positions must count code points, not bytes.
TEXT = "Été 2026 🚀\nNos régies ont réduit leurs pertes de 18 %.\nNous sommes certifiés RGPD !\n"


def _claim(quote: str, category: str, verdict: str, text: str = TEXT, **kw: Any) -> ClaimResult:
    start = text.index(quote)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return ClaimResult(quote, start, start + len(quote), Category(category), Verdict(verdict),
                       line=line, column=column, **kw)


def _finding(quote: str, rule: str, severity: Severity, fix: str | None = None) -> Finding:
    start = TEXT.index(quote)
    line = TEXT.count("\n", 0, start) + 1
    column = start - (TEXT.rfind("\n", 0, start) + 1) + 1
    return Finding(rule, severity, start, start + len(quote), line, column, f"{rule} found", fix)


def sample_report(document: str = "drafts/post.md") -> Report:
    claims = [
        _claim("réduit leurs pertes de 18 %", "performance", "supported",
               evidence=(Evidence("etude-2025", "baisse de 18 %", 10, 24, source_type="study"),),
               message="Backed by etude-2025 (study)."),
        _claim("Nous sommes certifiés RGPD", "compliance", "forbidden", message="No GDPR certification exists.",
               rule="no-gdpr-certification"),
    ]
    findings = [
        _finding("!", "voice.exclamation", Severity.WARNING),
        _finding("régies", "voice.terminology", Severity.SUGGESTION, fix="collectivités"),
        _finding("Été", "voice.banned", Severity.ERROR),
    ]
    return Report(document, "fr", "2026-11-22", TEXT, claims, findings)


def results_by_rule(log: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for result in log["runs"][0]["results"]:
        out.setdefault(result["ruleId"], []).append(result)
    return out


def assert_valid_sarif(log: dict[str, Any]) -> None:
    """The required properties of SARIF 2.1.0 and the cross-references viewers follow."""
    json.dumps(log)  # serialisable
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "proofline"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"none", "note", "warning", "error"}
    for result in run["results"]:
        assert result["message"]["text"]
        assert result["level"] in {"none", "note", "warning", "error"}
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        artifact = physical["artifactLocation"]
        assert run["artifacts"][artifact["index"]]["location"]["uri"] == artifact["uri"]
        region = physical["region"]
        for key in ("startLine", "startColumn", "endLine", "endColumn"):
            assert isinstance(region[key], int) and region[key] >= 1
        assert region["charOffset"] >= 0 and region["charLength"] >= 0
        assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])


def test_structure_is_valid_sarif() -> None:
    log = to_sarif([sample_report()])
    assert_valid_sarif(log)
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_every_verdict_has_a_rule_and_every_finding_rule_is_declared() -> None:
    rules = {r["id"]: r for r in to_sarif([sample_report()])["runs"][0]["tool"]["driver"]["rules"]}
    for verdict in Verdict:
        rule = rules[f"claim.{verdict.value}"]
        assert rule["defaultConfiguration"]["level"] == ("error" if verdict.blocks else "none")
    assert {"voice.exclamation", "voice.terminology", "voice.banned"} <= rules.keys()


def test_blocking_claims_are_error_results_and_backed_claims_are_not_results() -> None:
    by_rule = results_by_rule(to_sarif([sample_report()]))
    assert "claim.supported" not in by_rule
    (forbidden,) = by_rule["claim.forbidden"]
    assert forbidden["level"] == "error"
    assert "Nous sommes certifiés RGPD" in forbidden["message"]["text"]
    assert "No GDPR certification exists." in forbidden["message"]["text"]
    assert forbidden["properties"]["forbidden_claim"] == "no-gdpr-certification"


def test_finding_levels_follow_severity() -> None:
    by_rule = results_by_rule(to_sarif([sample_report()]))
    assert by_rule["voice.banned"][0]["level"] == "error"
    assert by_rule["voice.exclamation"][0]["level"] == "warning"
    assert by_rule["voice.terminology"][0]["level"] == "note"
    assert "collectivités" in by_rule["voice.terminology"][0]["message"]["text"]


def test_regions_count_code_points_with_exclusive_end_column() -> None:
    report = sample_report()
    by_rule = results_by_rule(to_sarif([report]))
    region = by_rule["claim.forbidden"][0]["locations"][0]["physicalLocation"]["region"]
    claim = report.claims[1]
    assert region["charOffset"] == claim.start
    assert region["charLength"] == len("Nous sommes certifiés RGPD")
    assert (region["startLine"], region["startColumn"]) == (3, 1)
    assert (region["endLine"], region["endColumn"]) == (3, 1 + len("Nous sommes certifiés RGPD"))
    assert region["snippet"]["text"] == "Nous sommes certifiés RGPD"
    accent = by_rule["voice.banned"][0]["locations"][0]["physicalLocation"]["region"]
    assert (accent["startLine"], accent["startColumn"], accent["endColumn"]) == (1, 1, 4)
    bang = by_rule["voice.exclamation"][0]["locations"][0]["physicalLocation"]["region"]
    assert (bang["startLine"], bang["startColumn"]) == (3, TEXT.splitlines()[2].index("!") + 1)


def test_several_drafts_make_one_run_with_one_artifact_each() -> None:
    a, b = sample_report("drafts/a.md"), sample_report("drafts/b.md")
    log = to_sarif([a, b])
    assert_valid_sarif(log)
    run = log["runs"][0]
    assert [art["location"]["uri"] for art in run["artifacts"]] == ["drafts/a.md", "drafts/b.md"]
    per_artifact = [r["locations"][0]["physicalLocation"]["artifactLocation"]["index"] for r in run["results"]]
    assert per_artifact.count(0) == per_artifact.count(1) == 4
    assert len(run["tool"]["driver"]["rules"]) == len(Verdict) + 3


def test_a_clean_report_has_no_results() -> None:
    log = to_sarif([Report("ok.md", "en", "2026-01-01", "Book a demo.\n",
                           [_claim("Book a demo", "company", "attested", text="Book a demo.\n")])])
    assert_valid_sarif(log)
    assert log["runs"][0]["results"] == []


def test_no_reports_is_still_a_valid_log() -> None:
    log = to_sarif([])
    assert_valid_sarif(log)
    assert log["runs"][0]["artifacts"] == []


def test_uris() -> None:
    assert artifact_uri("drafts/post linkedin é.md") == "drafts/post%20linkedin%20%C3%A9.md"
    assert artifact_uri("/tmp/x y.md") == "file:///tmp/x%20y.md"
    assert artifact_uri("-") == "-"

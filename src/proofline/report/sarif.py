"""Check reports as SARIF 2.1.0, for code-scanning views (GitHub, GitLab, IDE SARIF viewers).

One run holds every draft. Results are what needs a person's attention: one per blocking claim
(level "error", rule `claim.<verdict>`) and one per brand-voice finding (level from its
severity). Backed claims (supported, attested) are deliberately not results: a SARIF viewer
shows every result as a problem, and a backed claim is not one; their rules are still declared
(default level "none") so that the rule table documents every verdict.

Positions: `columnKind` is "unicodeCodePoints", matching the report's offsets; regions carry
both line/column (1-based, endColumn exclusive) and charOffset/charLength.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from proofline import __version__
from proofline.model import Severity, Verdict
from proofline.report import ClaimResult, Finding, Report

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "proofline"

SEVERITY_LEVELS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.SUGGESTION: "note",
}

VERDICT_DESCRIPTIONS: dict[Verdict, str] = {
    Verdict.SUPPORTED: "A valid source of a type the kit accepts for this category states the claim.",
    Verdict.ATTESTED: "A valid expert attestation states the claim.",
    Verdict.UNSUPPORTED: "Nothing in the sources or attestations states the claim.",
    Verdict.CONTRADICTED: "A source states something incompatible with the claim.",
    Verdict.INSUFFICIENT_PROOF: "Only sources of a type the kit does not accept for this category state the claim.",
    Verdict.EXPIRED: "Only sources or attestations past their valid_until date state the claim.",
    Verdict.FORBIDDEN: "The claim matches a forbidden claim of the kit.",
}


def verdict_rule_id(verdict: Verdict) -> str:
    return f"claim.{verdict.value}"


class _Lines:
    """Code-point offset → 1-based (line, column) in one text."""

    def __init__(self, text: str) -> None:
        self.size = len(text)
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def position(self, offset: int) -> tuple[int, int]:
        offset = min(max(offset, 0), self.size)
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def artifact_uri(document: str) -> str:
    """A URI reference for a document name: relative paths stay relative (percent-encoded)."""
    path = Path(document)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix() if document != "-" else document, safe="/-._~")


def _region(lines: _Lines, start: int, end: int, snippet: str | None) -> dict[str, Any]:
    start = min(max(start, 0), lines.size)
    end = min(max(end, start), lines.size)
    start_line, start_column = lines.position(start)
    end_line, end_column = lines.position(end)
    region: dict[str, Any] = {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": start,
        "charLength": end - start,
    }
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _location(uri: str, artifact: int, region: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"physicalLocation": {"artifactLocation": {"uri": uri, "index": artifact}, "region": region}}]


def _claim_message(claim: ClaimResult) -> str:
    head = f"{claim.verdict.value.replace('_', ' ').capitalize()} {claim.category.value} claim: « {claim.text} »."
    return f"{head} {claim.message}".strip()


def _claim_result(claim: ClaimResult, rule_index: int, uri: str, artifact: int, lines: _Lines,
                  report: Report) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "category": claim.category.value,
        "verdict": claim.verdict.value,
        "evidence": [e.to_json_dict() for e in claim.evidence],
        "as_of": report.as_of,
        "language": report.language,
    }
    if claim.rule:
        properties["forbidden_claim"] = claim.rule
    return {
        "ruleId": verdict_rule_id(claim.verdict),
        "ruleIndex": rule_index,
        "level": "error",
        "kind": "fail",
        "message": {"text": _claim_message(claim)},
        "locations": _location(uri, artifact, _region(lines, claim.start, claim.end, claim.text)),
        "properties": properties,
    }


def _finding_result(finding: Finding, rule_index: int, uri: str, artifact: int, lines: _Lines,
                    report: Report) -> dict[str, Any]:
    snippet = report.text[finding.start:finding.end] if report.text else None
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": SEVERITY_LEVELS[finding.severity],
        "kind": "fail",
        "message": {"text": finding.message + (f" Fix: {finding.fix}" if finding.fix else "")},
        "locations": _location(uri, artifact, _region(lines, finding.start, finding.end, snippet)),
        "properties": {"severity": finding.severity.value},
    }
    if finding.family:
        result["properties"]["family"] = finding.family
    if finding.fix is not None:
        # Not a SARIF `fixes` entry: a fix may be advice rather than replacement text, and
        # viewers apply `fixes` blindly.
        result["properties"]["fix"] = finding.fix
    return result


def _verdict_rule(verdict: Verdict) -> dict[str, Any]:
    name = "".join(part.capitalize() for part in verdict.value.split("_")) + "Claim"
    return {
        "id": verdict_rule_id(verdict),
        "name": name,
        "shortDescription": {"text": f"Claim {verdict.value.replace('_', ' ')}"},
        "fullDescription": {"text": VERDICT_DESCRIPTIONS[verdict]},
        "defaultConfiguration": {"level": "error" if verdict.blocks else "none"},
        "properties": {"blocks_approval": verdict.blocks},
    }


def _finding_rule(rule_id: str, finding: Finding) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": rule_id,
        "shortDescription": {"text": f"Brand voice: {rule_id}"},
        "defaultConfiguration": {"level": SEVERITY_LEVELS[finding.severity]},
    }
    if finding.family:
        rule["properties"] = {"family": finding.family}
    return rule


def to_sarif(reports: Sequence[Report], *, tool_version: str = __version__) -> dict[str, Any]:
    """One SARIF 2.1.0 log with one run for all the reports (a dict ready for json.dumps)."""
    rules: list[dict[str, Any]] = [_verdict_rule(v) for v in Verdict]
    rule_index: dict[str, int] = {rule["id"]: i for i, rule in enumerate(rules)}
    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}
    results: list[dict[str, Any]] = []

    for report in reports:
        uri = artifact_uri(report.document)
        if uri not in artifact_index:
            artifact_index[uri] = len(artifacts)
            artifacts.append({"location": {"uri": uri}, "length": len(report.text.encode("utf-8")),
                              "encoding": "utf-8"})
        artifact = artifact_index[uri]
        lines = _Lines(report.text)
        for claim in report.claims:
            if claim.blocks:
                results.append(_claim_result(claim, rule_index[verdict_rule_id(claim.verdict)], uri,
                                             artifact, lines, report))
        for finding in report.findings:
            if finding.rule not in rule_index:
                rule_index[finding.rule] = len(rules)
                rules.append(_finding_rule(finding.rule, finding))
            results.append(_finding_result(finding, rule_index[finding.rule], uri, artifact, lines, report))

    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": TOOL_NAME,
            "version": tool_version,
            "semanticVersion": tool_version,
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
    }
    as_of = sorted({r.as_of for r in reports})
    if as_of:
        run["properties"] = {"as_of": as_of[0] if len(as_of) == 1 else as_of}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}

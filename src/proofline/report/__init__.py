"""The check report: the typed form of `shared/design/check-report.md`.

The JSON produced by `Report.to_json_dict()` is the stable public contract; fields may be added,
never renamed. Renderers (terminal, SARIF) live beside this module and only read these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from proofline.model import Category, Severity, Verdict


@dataclass(frozen=True)
class Evidence:
    """A passage that backs (or contradicts) a claim: a source id or an attestation id."""

    source: str
    quote: str
    start: int
    end: int
    kind: str = "source"  # "source" | "attestation"
    source_type: str | None = None
    relation: str = "supports"  # "supports" | "contradicts"
    valid_until: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source, "quote": self.quote, "start": self.start, "end": self.end}
        data["kind"] = self.kind
        data["relation"] = self.relation
        if self.source_type:
            data["source_type"] = self.source_type
        if self.valid_until:
            data["valid_until"] = self.valid_until
        return data


@dataclass(frozen=True)
class ClaimResult:
    text: str
    start: int
    end: int
    category: Category
    verdict: Verdict
    evidence: tuple[Evidence, ...] = ()
    message: str = ""
    line: int = 1
    column: int = 1
    rule: str | None = None  # forbidden-claim id when verdict is forbidden
    decided_by: str = "rules"  # "rules" | "judge"

    @property
    def blocks(self) -> bool:
        return self.verdict.blocks

    def to_json_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "category": self.category.value,
            "verdict": self.verdict.value,
            "blocking": self.blocks,
            "evidence": [e.to_json_dict() for e in self.evidence],
            "message": self.message,
            "decided_by": self.decided_by,
        }
        if self.rule:
            data["rule"] = self.rule
        return data


@dataclass(frozen=True)
class Action:
    """What an editor can do about a finding, as Vale's Alert says it: `replace` the matched text
    with the first of `params`, or `remove` it."""

    name: str
    params: tuple[str, ...] = ()

    @classmethod
    def for_fix(cls, fix: str | None) -> Action | None:
        if fix is None:
            return None
        return cls("remove") if fix == "" else cls("replace", (fix,))


@dataclass(frozen=True)
class Finding:
    """A brand-voice finding (see issue 3); one schema for terminal, JSON, SARIF and editors.

    `match` (the draft's text at start:end) and `action` are for the code that acts on findings
    (editors, `proofline fix`); the JSON report does not carry them yet, so that it stays what
    `shared/design/check-report.md` describes. `link` (the rule's documentation) is written
    when the rule has one.
    """

    rule: str
    severity: Severity
    start: int
    end: int
    line: int
    column: int
    message: str
    fix: str | None = None
    family: str | None = None
    link: str | None = None
    match: str | None = None
    action: Action | None = None

    def to_json_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }
        if self.fix is not None:
            data["fix"] = self.fix
        if self.family:
            data["family"] = self.family
        if self.link:
            data["link"] = self.link
        return data


@dataclass
class Report:
    document: str
    language: str
    as_of: str
    text: str
    claims: list[ClaimResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def blocking(self) -> int:
        return sum(1 for c in self.claims if c.blocks)

    @property
    def exit_code(self) -> int:
        """0 when nothing blocks, 1 when a claim blocks or an error-severity finding is present."""
        if self.blocking or any(f.severity is Severity.ERROR for f in self.findings):
            return 1
        return 0

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "language": self.language,
            "as_of": self.as_of,
            "claims": [c.to_json_dict() for c in self.claims],
            "findings": [f.to_json_dict() for f in self.findings],
            "summary": {
                "claims": len(self.claims),
                "blocking": self.blocking,
                "findings": len(self.findings),
                "by_verdict": {v.value: sum(1 for c in self.claims if c.verdict is v) for v in Verdict},
            },
        }

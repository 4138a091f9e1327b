"""The gate: the one decision of what stops an asset from being approved or published.

Every path that could let text out goes through `blockers`: `Workflow.approve` and `publish`
(hence the CLI, the desk and the API, which add no rules), the import of an archive, and
`proofline check`'s exit status (so CI refuses exactly what the desk refuses). Three things block:

- a claim that still blocks: a blocking verdict not resolved (an override waits for its
  confirmation and keeps blocking);
- a voice finding at or above the kit's `gate.block_findings` severity (default `error`);
- a broken channel limit (`channel.*` rules: characters, words, hashtags, subject), whatever its
  severity, because a channel that refuses the post is not a matter of taste.

Each blocker carries what a user acts on: a claim id that `proofline claim resolve/validate`
accept and its quote, or a finding's rule, line and quoted text. Pure and light (no database).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from proofline.model import Severity

CHANNEL_RULE_PREFIX = "channel."


class BlockerKind(StrEnum):
    CLAIM = "claim"
    FINDING = "finding"


@dataclass(frozen=True)
class Blocker:
    """One reason the gate refuses: a claim (by its stable id) or a finding (by rule and place)."""

    kind: BlockerKind
    quote: str
    why: str  # the claim's verdict, or the finding's severity
    claim_id: int | None = None
    rule: str | None = None
    line: int | None = None
    start: int = 0
    end: int = 0
    finding_index: int | None = None  # position in the report's findings (the desk's anchor)
    note: str | None = None  # e.g. "override awaiting confirmation"

    @property
    def anchor(self) -> str:
        """Where the desk shows it on the asset page."""
        return f"claim-{self.claim_id}" if self.kind is BlockerKind.CLAIM else f"finding-{self.finding_index}"

    def as_param(self) -> tuple[str, str, str, str, str]:
        """What a refusal message writes: (kind, id or rule, quote, verdict or severity, where/note)."""
        if self.kind is BlockerKind.CLAIM:
            return ("claim", str(self.claim_id), self.quote, self.why, self.note or "")
        return ("finding", self.rule or "", self.quote, self.why, str(self.line or ""))

    def to_json_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind.value, "quote": self.quote, "why": self.why,
                                "anchor": self.anchor}
        if self.kind is BlockerKind.CLAIM:
            data["claim_id"] = self.claim_id
            if self.note:
                data["note"] = self.note
        else:
            data.update(rule=self.rule, line=self.line, start=self.start, end=self.end)
        return data


def finding_blocks(finding: Mapping[str, Any], threshold: Severity) -> bool:
    """A finding stops the gate when it breaks a channel limit or reaches the kit's severity."""
    rule = str(finding.get("rule", ""))
    if rule.startswith(CHANNEL_RULE_PREFIX):
        return True
    try:
        severity = Severity(str(finding.get("severity", "")))
    except ValueError:
        return False
    return severity.rank >= threshold.rank


def finding_blockers(findings: Iterable[Mapping[str, Any]], text: str, threshold: Severity) -> list[Blocker]:
    out = []
    for i, f in enumerate(findings):
        if finding_blocks(f, threshold):
            start, end = int(f.get("start", 0)), int(f.get("end", 0))
            quote = _short(text[start:end].strip() or str(f.get("message", "")))
            out.append(Blocker(BlockerKind.FINDING, quote, str(f.get("severity", "")), rule=str(f.get("rule", "")),
                               line=int(f.get("line", 0)) or None, start=start, end=end, finding_index=i))
    return out


@dataclass(frozen=True)
class ClaimState:
    """What the gate needs of a claim: its stable id, text, verdict and whether it still blocks."""

    claim_id: int
    text: str
    verdict: str
    still_blocks: bool
    note: str | None = None


def blockers(claims: Sequence[ClaimState], findings: Iterable[Mapping[str, Any]], text: str,
             threshold: Severity) -> list[Blocker]:
    """Everything that stops the gate, claims first (in text order), then findings."""
    out = [Blocker(BlockerKind.CLAIM, _short(c.text), c.verdict, claim_id=c.claim_id, note=c.note)
           for c in claims if c.still_blocks]
    return out + finding_blockers(findings, text, threshold)


def report_blocks(report: Any, threshold: Severity) -> bool:
    """`proofline check`'s view of the gate on a bare report (no resolutions outside the workspace)."""
    if any(c.blocks for c in report.claims):
        return True
    return bool(finding_blockers((f.to_json_dict() for f in report.findings), report.text, threshold))


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


__all__ = ["Blocker", "BlockerKind", "ClaimState", "blockers", "finding_blocks", "report_blocks"]

"""The check report for people at a terminal (rich): the draft with its claims highlighted,
then each claim with its verdict and evidence, then the brand-voice findings, then a summary.

Only `proofline check --format terminal` imports this module, so rich is never loaded for the
machine formats. Every piece of chrome text lives in `LABELS`/`VERDICT_LABELS` so that the
output can be translated later without touching the layout. Colour is never the only signal:
badges carry a symbol and a word, so the output stays readable with NO_COLOR or in a CI log.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import IO

from rich.console import Console
from rich.text import Text

from proofline.model import Severity, Verdict
from proofline.report import ClaimResult, Evidence, Finding, Report

LABELS: dict[str, str] = {
    "language": "language",
    "as_of": "as of",
    "claims_heading": "Claims",
    "findings_heading": "Findings",
    "no_claims": "No claims found.",
    "no_findings": "No findings.",
    "line": "line",
    "contradicts": "contradicts",
    "attestation": "attestation",
    "valid_until": "valid until",
    "fix": "fix",
    "delete": "delete it",
    "claim_one": "{n} claim",
    "claim_other": "{n} claims",
    "finding_one": "{n} finding",
    "finding_other": "{n} findings",
    "draft_one": "{n} draft",
    "draft_other": "{n} drafts",
    "summary": "{claims}: {backed} backed, {blocking} blocking · {findings}",
    "total": "Total, {drafts}: {summary}",
}

VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.SUPPORTED: "supported",
    Verdict.ATTESTED: "attested",
    Verdict.UNSUPPORTED: "unsupported",
    Verdict.CONTRADICTED: "contradicted",
    Verdict.INSUFFICIENT_PROOF: "insufficient proof",
    Verdict.EXPIRED: "expired",
    Verdict.FORBIDDEN: "forbidden",
}

SEVERITY_LABELS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.SUGGESTION: "suggestion",
}

# dark_orange3 is orange with 256 colours and falls back to yellow (not red) with 16.
_GREEN, _RED, _ORANGE = "green", "red", "dark_orange3"

VERDICT_COLOURS: dict[Verdict, str] = {
    Verdict.SUPPORTED: _GREEN,
    Verdict.ATTESTED: _GREEN,
    Verdict.FORBIDDEN: _RED,
    Verdict.CONTRADICTED: _RED,
    Verdict.UNSUPPORTED: _ORANGE,
    Verdict.INSUFFICIENT_PROOF: _ORANGE,
    Verdict.EXPIRED: _ORANGE,
}

SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.ERROR: _RED,
    Severity.WARNING: _ORANGE,
    Severity.SUGGESTION: "cyan",
}

MAX_QUOTE_CHARS = 280
_SPACES = re.compile(r"\s+")


def make_console(file: IO[str] | None = None, *, width: int | None = None,
                 color: bool | None = None) -> Console:
    """A console for reports: no automatic highlighting, markup or emoji in user text.

    rich already honours NO_COLOR and COLUMNS and uses 80 columns when the output is not a
    terminal; `color=False` forces plain text (tests, files), `color=True` forces ANSI.
    """
    return Console(
        file=file,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        force_terminal=True if color else None,
        no_color=True if color is False else None,
        color_system=None if color is False else "auto",
    )


def _plural(key: str, n: int) -> str:
    return LABELS[f"{key}_one" if n == 1 else f"{key}_other"].format(n=n)


def summary_text(report: Report) -> str:
    """"7 claims: 5 backed, 2 blocking · 3 findings"."""
    return _summary(len(report.claims), report.blocking, len(report.findings))


def _summary(claims: int, blocking: int, findings: int) -> str:
    return LABELS["summary"].format(claims=_plural("claim", claims), backed=claims - blocking,
                                    blocking=blocking, findings=_plural("finding", findings))


def _quote(text: str) -> str:
    flat = _SPACES.sub(" ", text).strip()
    if len(flat) > MAX_QUOTE_CHARS:
        flat = flat[: MAX_QUOTE_CHARS - 1].rstrip() + "…"
    return f"« {flat} »"


def verdict_badge(verdict: Verdict) -> Text:
    """A symbol and an upper-case word, coloured: readable with or without colour."""
    symbol = "✓" if not verdict.blocks else "✗"
    return Text(f"{symbol} {VERDICT_LABELS[verdict].upper()}", style=f"bold {VERDICT_COLOURS[verdict]}")


def _print_header(report: Report, console: Console) -> None:
    """Document name, language and date; a long path keeps its line whole (it is copied, not read)."""
    meta = f"{LABELS['language']} {report.language}  ·  {LABELS['as_of']} {report.as_of}"
    header = Text(report.document, style="bold")
    if len(report.document) + 5 + len(meta) <= console.width:
        header.append(f"  ·  {meta}", style="dim")
        console.print(header, soft_wrap=True)
    else:
        console.print(header, soft_wrap=True)
        console.print(Text(meta, style="dim"), soft_wrap=True)


def highlighted_draft(report: Report) -> Text:
    """The draft text with claims coloured by verdict and findings underlined."""
    text = Text(report.text.rstrip("\n"), overflow="fold")
    size = len(text.plain)
    for finding in report.findings:
        start, end = max(0, finding.start), min(size, finding.end)
        if start < end:
            text.stylize("underline", start, end)
    for claim in report.claims:
        start, end = max(0, claim.start), min(size, claim.end)
        if start < end:
            text.stylize(f"bold {VERDICT_COLOURS[claim.verdict]}", start, end)
    return text


def _evidence_line(evidence: Evidence) -> Text:
    kind = LABELS["attestation"] if evidence.kind == "attestation" else (evidence.source_type or evidence.kind)
    line = Text()
    if evidence.relation == "contradicts":
        line.append("≠ ", style=f"bold {_RED}")
        line.append(evidence.source, style="bold")
        line.append(f" ({kind}) {LABELS['contradicts']}: ", style=_RED)
    else:
        line.append("↳ ", style="dim")
        line.append(evidence.source, style="bold")
        line.append(f" ({kind}): ")
    line.append(_quote(evidence.quote), style="italic")
    if evidence.valid_until:
        line.append(f" ({LABELS['valid_until']} {evidence.valid_until})", style="dim")
    return line


def _print_hanging(console: Console, first: Text, indent: int, rest: Sequence[Text] = ()) -> None:
    """Print `first` then `rest` wrapped to the console width, continuation lines indented.

    Done by hand rather than with rich's Padding or Table, which pad every line with spaces to
    the full width: trailing blanks are noise when the output is copied or kept in a CI log.
    """
    width = max(20, console.width)
    margin = Text(" " * indent)
    lines = list(first.wrap(console, width, overflow="fold"))
    head, tail = lines[0] if lines else Text(), lines[1:]
    console.print(_rstripped(head), soft_wrap=True)
    for follow in tail:
        console.print(margin + _rstripped(follow), soft_wrap=True)
    for block in rest:
        for line in block.wrap(console, max(10, width - indent), overflow="fold"):
            console.print(margin + _rstripped(line), soft_wrap=True)


def _rstripped(line: Text) -> Text:
    line.rstrip()
    return line


def _print_claim(console: Console, index: int, claim: ClaimResult) -> None:
    title = Text(f"{index:>2}. ")
    title.append_text(verdict_badge(claim.verdict))
    title.append(f"  {claim.category.value} · {LABELS['line']} {claim.line}", style="dim")
    body: list[Text] = [Text(_quote(claim.text), style=VERDICT_COLOURS[claim.verdict])]
    if claim.message:
        body.append(Text(claim.message))
    body.extend(_evidence_line(e) for e in claim.evidence)
    _print_hanging(console, title, 4, body)


def _print_findings(console: Console, findings: Sequence[Finding]) -> None:
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    loc_width = max(len(f"{f.line}:{f.column}") for f in ordered)
    sev_width = max(len(SEVERITY_LABELS[f.severity]) for f in ordered)
    for f in ordered:
        line = Text(f"{f'{f.line}:{f.column}':>{loc_width}}  ", style="dim")
        line.append(f"{SEVERITY_LABELS[f.severity]:<{sev_width}}", style=SEVERITY_COLOURS[f.severity])
        line.append("  ")
        line.append(f.rule, style="bold")
        line.append(f"  {f.message}")
        if f.fix is not None:
            line.append(f"  → {LABELS['fix']}: ", style="dim")
            line.append(f.fix or LABELS["delete"], style=_GREEN)  # an empty fix removes the span
        _print_hanging(console, line, loc_width + sev_width + 4)


def _summary_line(report: Report, prefix: str = "") -> Text:
    failing = report.exit_code != 0
    return Text(prefix + summary_text(report), style=f"bold {_RED if failing else _GREEN}")


def render_report(report: Report, console: Console) -> None:
    """Print one report in full: header, highlighted draft, claims, findings, summary."""
    _print_header(report, console)
    console.rule(style="dim")
    if report.text.strip():
        for line in highlighted_draft(report).wrap(console, max(20, console.width), overflow="fold"):
            console.print(_rstripped(line), soft_wrap=True)
        console.rule(style="dim")
    console.print(Text(LABELS["claims_heading"], style="bold underline"))
    if not report.claims:
        console.print(Text(LABELS["no_claims"], style="dim"))
    for i, claim in enumerate(report.claims, start=1):
        _print_claim(console, i, claim)
    if report.findings:
        console.print()
        console.print(Text(LABELS["findings_heading"], style="bold underline"))
        _print_findings(console, report.findings)
    console.print()
    console.print(_summary_line(report))


def render_reports(reports: Sequence[Report], console: Console, *, quiet: bool = False) -> None:
    """Print every report; `quiet` prints one summary line per draft instead."""
    if quiet:
        for report in reports:
            # One line per draft whatever the width: CI logs are grepped.
            console.print(_summary_line(report, prefix=f"{report.document}: "), soft_wrap=True)
        return
    for i, report in enumerate(reports):
        if i:
            console.print()
        render_report(report, console)
    if len(reports) > 1:
        total = _summary(sum(len(r.claims) for r in reports), sum(r.blocking for r in reports),
                         sum(len(r.findings) for r in reports))
        failing = any(r.exit_code for r in reports)
        console.print()
        console.print(Text(LABELS["total"].format(drafts=_plural("draft", len(reports)), summary=total),
                           style=f"bold {_RED if failing else _GREEN}"))


def render_to_string(reports: Report | Sequence[Report], *, width: int = 80, color: bool = False,
                     quiet: bool = False) -> str:
    """The terminal rendering as a string (tests, previews, saving a report to a file)."""
    buffer = io.StringIO()
    console = make_console(buffer, width=width, color=color)
    render_reports([reports] if isinstance(reports, Report) else reports, console, quiet=quiet)
    return buffer.getvalue()

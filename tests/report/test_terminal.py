"""The terminal rendering, read as a person reads it: plain text at 80 columns, colour when asked."""

from __future__ import annotations

import io
import re

import pytest

from proofline.model import Category, Severity, Verdict
from proofline.report import ClaimResult, Evidence, Finding, Report
from proofline.report.terminal import make_console, render_reports, render_to_string, summary_text

TEXT = (
    "Entre 2024 et 2025, nous avons suivi 12 régies.\n"
    "Leurs pertes en réseau ont baissé de 18 %. Grâce à notre outil révolutionnaire, "
    "les astreintes de nuit ont diminué de 40 %.\n"
    "Le support répond en moins de 4 heures. Nous sommes certifiés RGPD.\n"
    "Ondine est la solution la plus précise du marché, hébergée en France.\n"
    "Nos capteurs détectent les fuites de 0,5 L/min et plus depuis 2019.\n"
)


def _claim(quote: str, category: str, verdict: str, evidence: tuple[Evidence, ...] = (), message: str = "",
           rule: str | None = None) -> ClaimResult:
    start = TEXT.index(quote)
    line = TEXT.count("\n", 0, start) + 1
    column = start - (TEXT.rfind("\n", 0, start) + 1) + 1
    return ClaimResult(quote, start, start + len(quote), Category(category), Verdict(verdict), evidence,
                       message, line, column, rule)


def _finding(quote: str, rule: str, severity: Severity, message: str, fix: str | None = None) -> Finding:
    start = TEXT.index(quote)
    line = TEXT.count("\n", 0, start) + 1
    column = start - (TEXT.rfind("\n", 0, start) + 1) + 1
    return Finding(rule, severity, start, start + len(quote), line, column, message, fix)


STUDY_QUOTE = "les pertes en réseau ont baissé de 18 % en moyenne"


def sample_report() -> Report:
    claims = [
        _claim("Leurs pertes en réseau ont baissé de 18 %", "performance", "supported",
               (Evidence("etude-impact-2025", STUDY_QUOTE, 120, 171, source_type="study"),),
               "Backed by etude-impact-2025 (study)."),
        _claim("Le support répond en moins de 4 heures", "availability", "attested",
               (Evidence("att-support", "Le support répond à toute demande en moins de 4 heures ouvrées.", 0, 63,
                         kind="attestation"),),
               "Attested by att-support."),
        _claim("les astreintes de nuit ont diminué de 40 %", "performance", "contradicted",
               (Evidence("etude-impact-2025", "les astreintes de nuit ont baissé de 27 %", 300, 341,
                         source_type="study", relation="contradicts"),),
               "etude-impact-2025 says 27 %, not 40 %."),
        _claim("Nous sommes certifiés RGPD", "compliance", "forbidden", (),
               "There is no official GDPR certification.", rule="no-gdpr-certification"),
        _claim("Ondine est la solution la plus précise du marché", "comparison", "insufficient_proof",
               (Evidence("article-presse-2024", "la solution la plus précise", 10, 37, source_type="press"),),
               "Only a press source states it; comparison needs a study."),
        _claim("hébergée en France", "security", "unsupported", (), "No source states it."),
        _claim("depuis 2019", "company", "expired",
               (Evidence("fiche-2023", "Ondine vend ses capteurs depuis 2019.", 0, 36, source_type="company_fact",
                         valid_until="2025-12-31"),),
               "Only an expired source states it."),
    ]
    findings = [
        _finding("révolutionnaire", "voice.banned", Severity.WARNING,
                 "'révolutionnaire' is banned: restraint, not hype."),
        _finding("outil", "voice.terminology", Severity.SUGGESTION, "Say 'plateforme Ondine'.",
                 "plateforme"),
    ]
    return Report("drafts/post-linkedin.md", "fr", "2026-11-22", TEXT, claims, findings)


def test_header_names_document_language_and_date() -> None:
    out = render_to_string(sample_report())
    first = out.splitlines()[0]
    assert "drafts/post-linkedin.md" in first
    assert "fr" in first
    assert "2026-11-22" in first


def test_a_long_document_path_is_never_broken() -> None:
    path = "drafts/" + "campagne-automne-" * 6 + "post.md"
    out = render_to_string(Report(path, "en", "2026-01-01", "Hello.\n"), width=80)
    lines = out.splitlines()
    assert lines[0] == path
    assert lines[1] == "language en  ·  as of 2026-01-01"


def test_draft_text_is_shown() -> None:
    out = render_to_string(sample_report())
    assert "Entre 2024 et 2025, nous avons suivi 12 régies." in out


def test_every_claim_has_its_verdict_label_text_category_and_message() -> None:
    report = sample_report()
    out = render_to_string(report, width=200)
    for label in ["✓ SUPPORTED", "✓ ATTESTED", "✗ CONTRADICTED", "✗ FORBIDDEN", "✗ INSUFFICIENT PROOF",
                  "✗ UNSUPPORTED", "✗ EXPIRED"]:
        assert label in out
    for claim in report.claims:
        assert f"« {claim.text} »" in out
        assert claim.category.value in out
        assert claim.message in out


def test_claims_are_listed_in_report_order() -> None:
    out = render_to_string(sample_report(), width=200)
    positions = [out.index(label) for label in ["SUPPORTED", "ATTESTED", "CONTRADICTED", "FORBIDDEN",
                                                "INSUFFICIENT PROOF", "✗ UNSUPPORTED", "EXPIRED"]]
    assert positions == sorted(positions)


def test_evidence_is_quoted_under_its_claim() -> None:
    out = render_to_string(sample_report(), width=200)
    assert f"etude-impact-2025 (study): « {STUDY_QUOTE} »" in out
    assert "att-support (attestation): « Le support répond" in out
    assert "fiche-2023 (company_fact): « Ondine vend ses capteurs depuis 2019. » (valid until 2025-12-31)" in out
    supported = out.index("✓ SUPPORTED")
    assert supported < out.index(STUDY_QUOTE) < out.index("✓ ATTESTED")


def test_contradicting_evidence_is_shown_differently() -> None:
    out = render_to_string(sample_report(), width=200)
    assert "≠ etude-impact-2025 (study) contradicts: « les astreintes de nuit ont baissé de 27 % »" in out
    assert "etude-impact-2025 (study): « les astreintes" not in out


def test_findings_show_position_severity_rule_message_and_fix() -> None:
    out = render_to_string(sample_report(), width=200)
    banned = next(line for line in out.splitlines() if "voice.banned" in line)
    assert re.search(r"2:\d+\s+warning\s+voice\.banned\s+'révolutionnaire' is banned", banned)
    terminology = next(line for line in out.splitlines() if "voice.terminology" in line)
    assert "suggestion" in terminology
    assert "fix: plateforme" in terminology


def test_summary_line() -> None:
    report = sample_report()
    assert summary_text(report) == "7 claims: 2 backed, 5 blocking · 2 findings"
    assert render_to_string(report).rstrip().splitlines()[-1] == "7 claims: 2 backed, 5 blocking · 2 findings"


def test_summary_uses_singular_for_one() -> None:
    report = sample_report()
    report.claims = report.claims[:1]
    report.findings = report.findings[:1]
    assert summary_text(report) == "1 claim: 1 backed, 0 blocking · 1 finding"


def test_empty_report_says_so() -> None:
    out = render_to_string(Report("-", "en", "2026-01-01", "Book a demo.\n"))
    assert "No claims found." in out
    assert "0 claims: 0 backed, 0 blocking · 0 findings" in out


def test_readable_in_80_columns_without_colour_codes() -> None:
    out = render_to_string(sample_report(), width=80)
    assert "\x1b[" not in out
    assert all(len(line) <= 80 for line in out.splitlines())
    assert not any(line != line.rstrip() for line in out.splitlines() if "─" not in line)


def test_colour_when_asked_and_claims_highlighted_per_verdict() -> None:
    out = render_to_string(sample_report(), color=True)
    assert "\x1b[" in out
    sgr = re.findall(r"\x1b\[([0-9;]*)m", out)
    assert any(re.search(r"(^|;)32($|;)", s) for s in sgr)  # green for backed claims
    assert any(re.search(r"(^|;)31($|;)", s) for s in sgr)  # red for contradicted / forbidden
    def style_before(label: str) -> str:
        return str(re.findall(r"\x1b\[([0-9;]*)m", out[: out.index(label)])[-1])

    orange = style_before("✗ UNSUPPORTED")  # orange for unsupported / insufficient / expired
    assert orange == style_before("✗ EXPIRED") == style_before("✗ INSUFFICIENT PROOF")
    assert orange not in {style_before("✗ CONTRADICTED"), style_before("✓ SUPPORTED")}
    assert style_before("✗ CONTRADICTED") == style_before("✗ FORBIDDEN")
    assert any(re.search(r"(^|;)4($|;)", s) for s in sgr)  # findings underlined


def test_no_color_keeps_the_words_and_drops_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    buffer = io.StringIO()
    console = make_console(buffer, width=100, color=True)  # a terminal, as in a user's shell
    render_reports([sample_report()], console)
    out = buffer.getvalue()
    sgr = re.findall(r"\x1b\[([0-9;]*)m", out)
    assert not any(re.search(r"(^|;)(3[0-7]|38|9[0-7])($|;)", s) for s in sgr)
    assert "✗ CONTRADICTED" in out


def test_user_text_is_never_interpreted_as_markup() -> None:
    text = "Offre [bold]spéciale[/bold] :smile: [red]\n"
    out = render_to_string(Report("-", "fr", "2026-01-01", text))
    assert "Offre [bold]spéciale[/bold] :smile: [red]" in out


def test_long_quotes_are_shortened() -> None:
    report = sample_report()
    long_quote = "mot " * 200
    report.claims = [_claim("hébergée en France", "security", "supported",
                            (Evidence("doc", long_quote, 0, len(long_quote), source_type="security_review"),))]
    flat = " ".join(render_to_string(report, width=200).split())
    quoted = re.search(r"doc \(security_review\): « (mot[^»]*) »", flat)
    assert quoted is not None
    assert quoted.group(1).endswith("…")
    assert len(quoted.group(1)) < 300


def test_several_reports_and_quiet_mode() -> None:
    a, b = sample_report(), Report("drafts/ok.md", "fr", "2026-11-22", "Rien à signaler.\n")
    out = render_to_string([a, b])
    assert out.index("drafts/post-linkedin.md") < out.index("drafts/ok.md")
    assert "Total, 2 drafts: 7 claims: 2 backed, 5 blocking · 2 findings" in out
    quiet = render_to_string([a, b], quiet=True).splitlines()
    assert quiet == ["drafts/post-linkedin.md: 7 claims: 2 backed, 5 blocking · 2 findings",
                     "drafts/ok.md: 0 claims: 0 backed, 0 blocking · 0 findings"]

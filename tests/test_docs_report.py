"""docs/report.md documents the report `proofline check` really prints.

The fields come from the code (the report objects' `to_json_dict`, filled with every optional
field) and from real reports of the sample workspace; the values from the enums. Every JSON
example of the page is compared with the output of the command it names.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from proofline.cli import cli
from proofline.model import Category, Severity, Verdict
from proofline.report import ClaimResult, Evidence, Finding, Report

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "report.md"
SAMPLE = REPO / "examples" / "sample-workspace"
AS_OF = "2026-11-22"
MARKER = re.compile(r"<!-- report: ([^>]*?) -->\n```(\w+)\n(.*?)^```\n", re.S | re.M)


def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def section(heading: str) -> str:
    """The text under `heading` up to the next heading of its level or above (code blocks skipped)."""
    text = doc()
    blanked = re.sub(r"^```.*?^```", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S | re.M)
    start = blanked.index(heading + "\n") + len(heading) + 1
    stop = re.search(rf"^#{{1,{len(heading.split(' ', 1)[0])}}} ", blanked[start:], re.M)
    return text[start:start + stop.start()] if stop else text[start:]


def rows(text: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^\| `([^`|]+)`", text, re.M)]


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    done = CliRunner().invoke(cli, ["check", *args, "--workspace", str(SAMPLE), "--as-of", AS_OF],
                              input=input, env={"PROOFLINE_WORKSPACE": None, "PROOFLINE_JUDGE": None})
    return done.exit_code, done.stdout


def report_of(case: str) -> dict[str, Any]:
    status, out = run(str(SAMPLE / "cases" / case), "--format", "json")
    assert status in (0, 1), out
    data: dict[str, Any] = json.loads(out)
    return data


def sample_reports() -> list[dict[str, Any]]:
    status, out = run(str(SAMPLE / "cases"), "--format", "json")
    assert status == 1
    reports: list[dict[str, Any]] = json.loads(out)
    return reports


def full_objects() -> dict[str, dict[str, Any]]:
    """Each object of the report with every optional field set, as the code writes it."""
    evidence = Evidence(source="s", quote="q", start=0, end=1, kind="source", source_type="study",
                        relation="supports", valid_until="2027-01-01")
    claim = ClaimResult(text="t", start=0, end=1, category=Category.PERFORMANCE, verdict=Verdict.FORBIDDEN,
                        evidence=(evidence,), message="m", rule="no-x", decided_by="rules")
    finding = Finding(rule="banned", severity=Severity.ERROR, start=0, end=1, line=1, column=1, message="m",
                      fix="", family="banned")
    report = Report(document="d", language="fr", as_of=AS_OF, text="t", claims=[claim],
                    findings=[finding]).to_json_dict()
    return {"## The report object": report, "## Claims": report["claims"][0],
            "## Evidence": report["claims"][0]["evidence"][0], "## Findings": report["findings"][0],
            "## The summary": report["summary"]}


# --- fields ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("heading", list(full_objects()))
def test_every_field_the_code_writes_has_a_row(heading: str) -> None:
    assert rows(section(heading)) == list(full_objects()[heading]), f"{heading}: one row per field, in order"


def test_every_key_of_the_sample_reports_is_documented() -> None:
    documented = {h: set(rows(section(h))) for h in full_objects()}
    seen: dict[str, set[str]] = {h: set() for h in documented}
    values: dict[str, set[str]] = {"kind": set(), "relation": set(), "decided_by": set()}
    for report in sample_reports():
        seen["## The report object"] |= set(report)
        seen["## The summary"] |= set(report["summary"])
        assert set(report["summary"]["by_verdict"]) == {v.value for v in Verdict}
        for claim in report["claims"]:
            seen["## Claims"] |= set(claim)
            values["decided_by"].add(claim["decided_by"])
            for e in claim["evidence"]:
                seen["## Evidence"] |= set(e)
                values["kind"].add(e["kind"])
                values["relation"].add(e["relation"])
        for f in report["findings"]:
            seen["## Findings"] |= set(f)
    for heading, keys in seen.items():
        assert keys <= documented[heading], f"{heading}: undocumented {keys - documented[heading]}"
    # the optional fields do occur in the sample, so the page's "only when" notes are tested
    assert {"rule", "evidence"} <= seen["## Claims"]
    assert {"source_type", "valid_until"} <= seen["## Evidence"]
    assert {"fix", "family"} <= seen["## Findings"]
    assert values["kind"] == {"source", "attestation"} and values["relation"] == {"supports", "contradicts"}
    for field, found in values.items():
        heading = "## Claims" if field == "decided_by" else "## Evidence"
        row = re.search(rf"^\| `{field}` \|.*$", section(heading), re.M)
        assert row is not None
        for value in found | ({"judge"} if field == "decided_by" else set()):
            assert f"`{value}`" in row.group(0), (field, value)


def test_claims_and_findings_are_in_text_order_and_quote_their_draft_and_sources() -> None:
    import proofline

    ws = proofline.load_workspace(SAMPLE)
    attestations = {a.id: a.claim for a in ws.attestations}
    for report in sample_reports():
        draft = Path(report["document"]).read_bytes().decode("utf-8-sig")
        starts = [c["start"] for c in report["claims"]]
        assert starts == sorted(starts)
        assert [f["start"] for f in report["findings"]] == sorted(f["start"] for f in report["findings"])
        for claim in report["claims"]:
            assert draft[claim["start"]:claim["end"]] == claim["text"]
            lines = draft[:claim["start"]].split("\n")
            assert (claim["line"], claim["column"]) == (len(lines), len(lines[-1]) + 1)
            assert claim["blocking"] is Verdict(claim["verdict"]).blocks
            for e in claim["evidence"]:
                source = ws.source(e["source"])
                body = source.text if e["kind"] == "source" and source else attestations[e["source"]]
                assert body[e["start"]:e["end"]] == e["quote"]
            if claim["verdict"] == "forbidden":
                assert claim["rule"] and claim["evidence"] == []
            else:
                assert "rule" not in claim


# --- values ------------------------------------------------------------------------------------------


def test_every_verdict_is_documented_in_the_order_the_checker_decides() -> None:
    table = section("## Verdicts")
    assert sorted(rows(table)) == sorted(v.value for v in Verdict)
    from proofline import verdicts

    order = re.search(r"Order \(first that applies wins\): (.*?)\. Matching", verdicts.__doc__ or "", re.S)
    assert order is not None
    assert rows(table) == [w.strip() for w in order.group(1).replace("\n", " ").split("→")]
    for verdict in Verdict:
        row = re.search(rf"^\| `{verdict.value}` \| [^|]+ \| (yes|no) \|", table, re.M)
        assert row is not None and (row.group(1) == "yes") is verdict.blocks, verdict


def test_every_category_and_severity_is_documented_with_its_sarif_level() -> None:
    from proofline.report.sarif import SEVERITY_LEVELS

    assert rows(section("## Categories")) == [c.value for c in Category]
    table = section("## Severities")
    assert rows(table) == [s.value for s in Severity]
    for severity, level in SEVERITY_LEVELS.items():
        assert re.search(rf"^\| `{severity.value}` \| `{level}` \|", table, re.M), severity


# --- the examples are real ---------------------------------------------------------------------------


def test_every_json_block_is_a_checked_example() -> None:
    text = doc()
    fences = [m.start() for m in re.finditer(r"^```json\n", text, re.M)]
    checked = {m.start(2) - 3 for m in MARKER.finditer(text)}
    assert fences and set(fences) <= checked


def test_the_example_is_the_output_of_its_draft() -> None:
    blocks = {kind: block for kind, _, block in MARKER.findall(doc())}
    draft = blocks["draft"]
    command = re.search(r"```shell\n(proofline check - .*?) < draft\.md\n```", doc())
    assert command is not None
    args = command.group(1).split()[2:]
    done = CliRunner().invoke(cli, ["check", *args], input=draft, env={"PROOFLINE_WORKSPACE": None})
    assert done.exit_code == 1, "the page says the example exits with 1"
    assert json.loads(done.stdout) == json.loads(blocks["output of the draft"])


@pytest.mark.parametrize(("kind", "block"), [(k, b) for k, _, b in MARKER.findall(doc()) if " of " in k
                                             and k != "output of the draft"])
def test_the_excerpt_is_in_the_real_report(kind: str, block: str) -> None:
    what, _, case = kind.partition(" of ")
    excerpt = json.loads(block)
    if what == "sarif result":
        status, out = run(str(REPO / case), "--format", "sarif")
        # the command as the page shows it: a path relative to the repository
        assert status == 1
        results = json.loads(out)["runs"][0]["results"]
        for r in results:
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = case
        assert excerpt in results
        return
    report = report_of(Path(case).name)
    if what == "claim":
        assert excerpt in report["claims"]
    elif what == "evidence":
        assert excerpt in [e for c in report["claims"] for e in c["evidence"]]
    else:
        pytest.fail(f"unknown excerpt {kind!r}")


# --- exit status and SARIF -----------------------------------------------------------------------------


def test_the_exit_statuses_are_those_of_the_table(tmp_path: Path) -> None:
    assert rows(section("## Exit status")) == []
    assert re.findall(r"^\| (\d) \|", section("## Exit status"), re.M) == ["0", "1", "2"]
    assert run(str(SAMPLE / "cases" / "email-en-outreach.md"))[0] == 0
    assert run(str(SAMPLE / "cases" / "linkedin-fr-etude.md"))[0] == 1
    assert run(str(tmp_path / "missing.md"))[0] == 2
    (tmp_path / "kit.yaml").write_text("kit: 1\nbrand: X\nvoice: {adress: vous}\n", "utf-8")
    done = CliRunner().invoke(cli, ["check", "-", "--workspace", str(tmp_path)], input="Bonjour.\n")
    assert done.exit_code == 2 and "kit.yaml:3" in done.output


def test_the_sarif_mapping_is_as_documented() -> None:
    status, out = run(str(SAMPLE / "cases"), "--format", "sarif")
    assert status == 1
    log = json.loads(out)
    page = section("## SARIF")
    assert log["version"] == "2.1.0" and f"`{log['version']}`" in page
    run0 = log["runs"][0]
    assert run0["columnKind"] == "unicodeCodePoints" and "`unicodeCodePoints`" in page
    rules = run0["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules[:len(Verdict)]] == [f"claim.{v.value}" for v in Verdict]
    for rule, verdict in zip(rules, Verdict, strict=False):
        assert rule["defaultConfiguration"]["level"] == ("error" if verdict.blocks else "none")
        assert rule["properties"]["blocks_approval"] is verdict.blocks
    reports = sample_reports()
    blocking = sum(r["summary"]["blocking"] for r in reports)
    findings = sum(r["summary"]["findings"] for r in reports)
    assert len(run0["results"]) == blocking + findings
    properties: set[str] = set()
    for result in run0["results"]:
        properties |= set(result["properties"])
        region = result["locations"][0]["physicalLocation"]["region"]
        assert set(region) <= {"startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength",
                               "snippet"}
        assert all(f"`{key}`" in page for key in region)
    assert properties - {"fix"}, "the sample has both kinds of result"
    for key in properties | {"forbidden_claim", "fix"}:
        assert f"`{key}`" in page, key
    assert run0["properties"]["as_of"] == AS_OF

"""`proofline check` as a user runs it: real workspaces on disk, real files, exit codes, outputs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

import proofline
from proofline.cli import cli

EVAL_WORKSPACE = Path("/work/shared/eval/dev/ondine")
AS_OF = "2026-11-22"
SRC = str(Path(proofline.__file__).resolve().parents[1])

KIT = """\
kit: 1
brand: Hydra Metrics
languages: [fr, en]
voice:
  address: vous
  max_sentence_words: 30
banned:
  - phrases: [révolutionnaire]
    reason: Sobriété.
forbidden_claims:
  - id: no-gdpr-certification
    say: There is no official GDPR certification.
    patterns: ['certifi\\w*\\s+(RGPD|GDPR)']
proof:
  performance: [study]
  availability: [product_doc]
"""

SOURCE = """\
---
id: etude-2025
title: Étude d'impact 2025
type: study
validated_by: Jeanne Roy, directrice technique
validated_on: 2025-09-12
valid_until: 2027-09-12
lang: fr
---
Sur 9 sites suivis pendant un an, les pertes en réseau ont baissé de 14 % en moyenne.
"""

ATTESTATIONS = """\
- id: att-support
  claim: Le support répond en moins de 4 heures ouvrées.
  category: availability
  expert: Paul Martin, responsable support
  validated_on: 2026-03-01
  valid_until: 2027-03-01
"""

DRAFT = "Nos capteurs suivent votre réseau.\n\nRéservez une démonstration de 30 minutes.\n"


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "kit.yaml").write_text(KIT, encoding="utf-8")
    (root / "sources" / "etude-2025.md").write_text(SOURCE, encoding="utf-8")
    (root / "attestations.yaml").write_text(ATTESTATIONS, encoding="utf-8")
    drafts = root / "drafts"
    (drafts / "emails").mkdir(parents=True)
    (drafts / ".git").mkdir()
    (drafts / "b-post.md").write_text(DRAFT, encoding="utf-8")
    (drafts / "a-page.html").write_text(f"<p>{DRAFT}</p>", encoding="utf-8")
    (drafts / "emails" / "relance.txt").write_text(DRAFT, encoding="utf-8")
    (drafts / ".brouillon.md").write_text(DRAFT, encoding="utf-8")
    (drafts / ".git" / "notes.md").write_text(DRAFT, encoding="utf-8")
    (drafts / "image.png").write_bytes(b"\x89PNG\r\n")
    return root


def run(args: list[str], *, input: str | bytes | None = None, env: dict[str, str | None] | None = None) -> Result:
    runner = CliRunner()
    base: dict[str, str | None] = {"PROOFLINE_WORKSPACE": None, "NO_COLOR": None, "COLUMNS": None}
    return runner.invoke(cli, args, input=input, env={**base, **(env or {})}, catch_exceptions=False)


def check_json(ws: Path, *paths: str, extra: tuple[str, ...] = ()) -> Result:
    return run(["check", *paths, "--workspace", str(ws), "--format", "json", "--as-of", AS_OF, *extra])


def assert_report_contract(report: dict[str, Any]) -> None:
    """The fields of shared/design/check-report.md, with their types."""
    assert {"document", "language", "as_of", "claims", "findings", "summary"} <= report.keys()
    assert report["language"] in {"fr", "en"}
    for claim in report["claims"]:
        assert {"text", "start", "end", "category", "verdict", "evidence", "message"} <= claim.keys()
        assert 0 <= claim["start"] < claim["end"]
        for ev in claim["evidence"]:
            assert {"source", "quote", "start", "end"} <= ev.keys()
    for finding in report["findings"]:
        assert {"rule", "severity", "start", "end", "line", "column", "message"} <= finding.keys()
        assert finding["severity"] in {"error", "warning", "suggestion"}
    summary = report["summary"]
    assert summary["claims"] == len(report["claims"])
    assert summary["findings"] == len(report["findings"])
    assert summary["blocking"] == sum(1 for c in report["claims"] if c["verdict"] not in {"supported", "attested"})


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr


# --- JSON output --------------------------------------------------------------------------------


def test_one_draft_prints_one_json_object_and_exits_0(ws: Path) -> None:
    draft = str(ws / "drafts" / "b-post.md")
    result = check_json(ws, draft)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert isinstance(report, dict)
    assert_report_contract(report)
    assert report["document"] == draft
    assert report["as_of"] == AS_OF
    assert report["language"] == "fr"
    assert report["summary"]["blocking"] == 0


def test_json_keeps_non_ascii_characters_readable(ws: Path) -> None:
    result = run(["check", "-", "--workspace", str(ws), "--format", "json"], input="Déjà 12 régies équipées.\n")
    assert result.exit_code == 1, result.stderr  # an unbacked count blocks
    assert "\\u00e9" not in result.stdout
    report = json.loads(result.stdout)
    assert report["document"] == "-"
    assert report["claims"][0]["text"] == "Déjà 12 régies équipées"


def test_several_drafts_print_a_list_in_the_given_order(ws: Path) -> None:
    first, second = str(ws / "drafts" / "b-post.md"), str(ws / "drafts" / "emails" / "relance.txt")
    result = check_json(ws, first, second)
    assert result.exit_code == 0, result.stderr
    reports = json.loads(result.stdout)
    assert isinstance(reports, list)
    assert [r["document"] for r in reports] == [first, second]
    for report in reports:
        assert_report_contract(report)


def test_folder_is_checked_recursively_sorted_without_hidden_files(ws: Path) -> None:
    folder = str(ws / "drafts")
    result = check_json(ws, folder)
    assert result.exit_code == 0, result.stderr
    documents = [r["document"] for r in json.loads(result.stdout)]
    assert documents == [
        str(Path(folder) / "a-page.html"),
        str(Path(folder) / "b-post.md"),
        str(Path(folder) / "emails" / "relance.txt"),
    ]


def test_folder_with_a_single_draft_prints_an_object(ws: Path) -> None:
    result = check_json(ws, str(ws / "drafts" / "emails"))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["document"].endswith("relance.txt")


def test_same_draft_given_twice_is_checked_once(ws: Path) -> None:
    draft = str(ws / "drafts" / "b-post.md")
    result = check_json(ws, draft, draft)
    assert isinstance(json.loads(result.stdout), dict)


def test_stdin_is_read_when_path_is_dash(ws: Path) -> None:
    result = run(["check", "-", "--workspace", str(ws), "--format", "json", "--as-of", AS_OF], input=DRAFT)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["document"] == "-"
    assert_report_contract(report)


def test_stdin_that_is_not_utf8_exits_2(ws: Path) -> None:
    result = run(["check", "-", "--workspace", str(ws), "--format", "json"], input=b"caf\xe9 \xff\n")
    assert result.exit_code == 2
    assert "UTF-8" in result.stderr
    assert result.stdout == ""
    assert_no_traceback(result)


@pytest.mark.xfail(reason="engine pending", strict=False)
def test_invented_figure_blocks_with_exit_1(ws: Path) -> None:
    draft = ws / "drafts" / "invented.md"
    draft.write_text("Avec Hydra, les pertes en réseau ont baissé de 63 % en six mois.\n", encoding="utf-8")
    result = check_json(ws, str(draft))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["summary"]["blocking"] >= 1
    assert any("63 %" in c["text"] for c in report["claims"] if c["verdict"] != "supported")


# --- workspace discovery ------------------------------------------------------------------------


def test_workspace_comes_from_the_environment_variable(ws: Path) -> None:
    result = run(["check", str(ws / "drafts" / "b-post.md"), "--format", "json"],
                 env={"PROOFLINE_WORKSPACE": str(ws)})
    assert result.exit_code == 0, result.stderr


def test_workspace_is_found_by_walking_up_from_the_current_folder(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ws / "drafts" / "emails")
    result = run(["check", "relance.txt", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["document"] == "relance.txt"


def test_no_workspace_anywhere_exits_2_with_advice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    (lonely / "post.md").write_text(DRAFT, encoding="utf-8")
    monkeypatch.chdir(lonely)
    result = run(["check", "post.md", "--format", "json"])
    if result.exit_code != 2:  # a kit.yaml above the temporary folder would be found: nothing to test
        pytest.skip("a kit.yaml exists above the temporary folder")
    assert "--workspace" in result.stderr
    assert_no_traceback(result)


# --- exit status 2 ------------------------------------------------------------------------------


def test_missing_draft_exits_2_and_names_it(ws: Path) -> None:
    result = check_json(ws, str(ws / "drafts" / "nope.md"))
    assert result.exit_code == 2
    assert "nope.md" in result.stderr
    assert result.stdout == ""
    assert_no_traceback(result)


def test_no_path_is_a_usage_error(ws: Path) -> None:
    result = run(["check", "--workspace", str(ws)])
    assert result.exit_code == 2
    assert "Usage" in result.stderr
    assert_no_traceback(result)


def test_missing_workspace_exits_2(ws: Path, tmp_path: Path) -> None:
    result = check_json(tmp_path / "nowhere", str(ws / "drafts" / "b-post.md"))
    assert result.exit_code == 2
    assert "nowhere" in result.stderr
    assert_no_traceback(result)


def test_folder_without_kit_exits_2(ws: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = check_json(empty, str(ws / "drafts" / "b-post.md"))
    assert result.exit_code == 2
    assert "kit.yaml" in result.stderr


def test_unknown_kit_key_exits_2_and_names_the_key(ws: Path) -> None:
    kit = yaml.safe_load(KIT)
    kit["voice"]["adress"] = "vous"
    kit["colour"] = "blue"
    (ws / "kit.yaml").write_text(yaml.safe_dump(kit, allow_unicode=True), encoding="utf-8")
    result = check_json(ws, str(ws / "drafts" / "b-post.md"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "kit.yaml" in result.stderr
    assert "adress" in result.stderr
    assert "colour" in result.stderr
    problem_lines = [line for line in result.stderr.splitlines() if line.startswith("kit.yaml")]
    assert len(problem_lines) >= 2  # every problem listed, one per line
    assert any(re.match(r"kit\.yaml:\d+: \[voice\.adress\] ", line) for line in problem_lines)
    assert_no_traceback(result)


def test_workspace_warnings_go_to_stderr_without_changing_the_exit_status(ws: Path) -> None:
    source = (ws / "sources" / "etude-2025.md").read_text(encoding="utf-8")
    (ws / "sources" / "etude-2025.md").write_text(source.replace("lang: fr", "lang: fr\nauteur: Jeanne"),
                                                  encoding="utf-8")
    draft = str(ws / "drafts" / "b-post.md")
    result = check_json(ws, draft)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["document"] == draft
    warning = next(line for line in result.stderr.splitlines() if "auteur" in line)
    assert warning.startswith("warning: ")
    assert "etude-2025.md" in warning
    quiet = check_json(ws, draft, extra=("--quiet",))
    assert "auteur" not in quiet.stderr


@pytest.mark.parametrize("bad", ["22/11/2026", "2026-02-30", "tomorrow", "2026-1-5"])
def test_bad_as_of_exits_2(ws: Path, bad: str) -> None:
    result = run(["check", str(ws / "drafts" / "b-post.md"), "--workspace", str(ws), "--as-of", bad])
    assert result.exit_code == 2
    assert "expected YYYY-MM-DD" in result.stderr
    assert_no_traceback(result)


def test_unknown_format_is_a_usage_error(ws: Path) -> None:
    result = run(["check", str(ws / "drafts" / "b-post.md"), "--workspace", str(ws), "--format", "xml"])
    assert result.exit_code == 2


# --- other formats ------------------------------------------------------------------------------


def test_terminal_is_the_default_format(ws: Path) -> None:
    draft = str(ws / "drafts" / "b-post.md")
    result = run(["check", draft, "--workspace", str(ws), "--as-of", AS_OF])
    assert result.exit_code == 0, result.stderr
    assert draft in result.stdout
    assert AS_OF in result.stdout
    assert "Nos capteurs suivent votre réseau." in result.stdout
    assert "0 claims: 0 backed, 0 blocking · 0 findings" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: plain text
    assert all(len(line) <= 80 for line in result.stdout.splitlines() if draft not in line)


def test_quiet_prints_one_line_per_draft(ws: Path) -> None:
    result = run(["check", str(ws / "drafts"), "--workspace", str(ws), "--quiet"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3
    assert lines[1].endswith("b-post.md: 0 claims: 0 backed, 0 blocking · 0 findings")


def test_sarif_output_names_every_draft(ws: Path) -> None:
    result = run(["check", str(ws / "drafts"), "--workspace", str(ws), "--format", "sarif", "--as-of", AS_OF])
    assert result.exit_code == 0, result.stderr
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    assert run_["tool"]["driver"]["name"] == "proofline"
    uris = [a["location"]["uri"] for a in run_["artifacts"]]
    assert len(uris) == 3
    assert uris[0].endswith("drafts/a-page.html")
    assert run_["results"] == []


def test_markup_option_is_accepted(ws: Path) -> None:
    result = check_json(ws, str(ws / "drafts" / "a-page.html"), extra=("--markup", "html"))
    assert result.exit_code == 0, result.stderr


# --- the program itself -------------------------------------------------------------------------


def test_version_and_help() -> None:
    version = run(["--version"])
    assert version.exit_code == 0
    assert version.stdout.strip() == f"proofline {proofline.__version__}"
    helped = run(["--help"])
    assert helped.exit_code == 0
    assert "validated sources" in helped.stdout
    assert "check" in helped.stdout
    check_help = run(["check", "--help"])
    assert "--as-of" in check_help.stdout
    assert "PROOFLINE_WORKSPACE" in check_help.stdout


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    env.pop("PROOFLINE_WORKSPACE", None)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=60)


def test_python_dash_m_runs_the_same_command_line(ws: Path) -> None:
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run([sys.executable, "-m", "proofline", "check", str(ws / "drafts" / "b-post.md"),
                           "--workspace", str(ws), "--format", "json"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["document"].endswith("b-post.md")


def test_machine_formats_do_not_import_rich(ws: Path) -> None:
    code = (
        "import sys\n"
        "from proofline.cli import main\n"
        f"try:\n    main(['check', {str(ws / 'drafts')!r}, '--workspace', {str(ws)!r}, '--format', 'json'])\n"
        "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "assert not [m for m in sys.modules if m == 'rich' or m.startswith('rich.')], 'rich imported'\n"
    )
    done = _python(code, ws)
    assert done.returncode == 0, done.stderr


# --- the labelled evaluation workspace ----------------------------------------------------------


@pytest.mark.skipif(not EVAL_WORKSPACE.is_dir(), reason="evaluation workspace not present")
def test_every_eval_case_runs_and_prints_contract_json() -> None:
    cases = sorted((EVAL_WORKSPACE / "cases").glob("*.md"))
    assert cases
    for case in cases:
        labels = yaml.safe_load(case.with_suffix(".labels.yaml").read_text(encoding="utf-8"))
        result = run(["check", str(case), "--workspace", str(EVAL_WORKSPACE), "--format", "json",
                      "--as-of", str(labels["as_of"])])
        assert result.exit_code in (0, 1), f"{case.name}: {result.stderr}"
        report = json.loads(result.stdout)
        assert_report_contract(report)
        assert report["document"] == str(case)
        assert report["as_of"] == str(labels["as_of"])
        assert (result.exit_code == 1) == (report["summary"]["blocking"] > 0
                                           or any(f["severity"] == "error" for f in report["findings"]))


@pytest.mark.skipif(not EVAL_WORKSPACE.is_dir(), reason="evaluation workspace not present")
def test_eval_cases_folder_prints_a_list() -> None:
    result = run(["check", str(EVAL_WORKSPACE / "cases"), "--workspace", str(EVAL_WORKSPACE),
                  "--format", "json", "--as-of", AS_OF])
    assert result.exit_code in (0, 1), result.stderr
    reports = json.loads(result.stdout)
    assert len(reports) == len(list((EVAL_WORKSPACE / "cases").glob("*.md")))

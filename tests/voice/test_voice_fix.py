"""`proofline fix`: safe fixes applied, shown as a diff, the file written only with --write."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from proofline.cli.fix import fix
from proofline.model import Severity
from proofline.report import Finding
from proofline.voice.fix import apply_fixes

KIT = """kit: 1
brand: Kerlog
languages: [fr, en]
voice:
  address: vous
  exclamation: avoid
terminology:
  - use: plateforme Kerlog
    not: [solution Kerlog, logiciel Kerlog]
    lang: fr
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "kit.yaml").write_text(KIT, encoding="utf-8")
    return tmp_path


def test_apply_fixes_right_to_left_and_skips_overlaps() -> None:
    text = "abc def ghi"
    f = [Finding("r", Severity.WARNING, 0, 3, 1, 1, "m", "X"), Finding("r", Severity.WARNING, 2, 5, 1, 3, "m", "Y"),
         Finding("r", Severity.WARNING, 8, 11, 1, 9, "m", "Z"), Finding("r", Severity.WARNING, 4, 7, 1, 5, "m", None)]
    fixed, applied = apply_fixes(text, f)
    assert fixed == "X def Z" and len(applied) == 2


def test_fix_shows_a_diff_of_safe_fixes_and_leaves_the_file(workspace: Path) -> None:
    draft = workspace / "post.md"
    original = "La solution Kerlog planifie vos tournées !\n\nTu le sais : la la route change.\n"
    draft.write_text(original, encoding="utf-8")
    result = CliRunner().invoke(fix, [str(draft), "--workspace", str(workspace)])
    assert result.exit_code == 0, result.output
    assert "-La solution Kerlog planifie vos tournées !" in result.stdout
    assert "+La plateforme Kerlog planifie vos tournées." in result.stdout
    assert "+Tu le sais : la route change." in result.stdout  # address is not a safe fix: "Tu" stays
    assert draft.read_text(encoding="utf-8") == original


def test_fix_write_rewrites_the_draft(workspace: Path) -> None:
    draft = workspace / "post.md"
    draft.write_text("La solution Kerlog est simple !\n", encoding="utf-8")
    result = CliRunner().invoke(fix, [str(draft), "--workspace", str(workspace), "--write"])
    assert result.exit_code == 0, result.output
    assert draft.read_text(encoding="utf-8") == "La plateforme Kerlog est simple.\n"


def test_fix_keeps_a_swap_that_would_break_the_article(workspace: Path) -> None:
    draft = workspace / "post.md"
    draft.write_text("Le logiciel Kerlog est simple.\n", encoding="utf-8")
    result = CliRunner().invoke(fix, [str(draft), "--workspace", str(workspace)])
    assert result.exit_code == 0 and result.stdout == ""
    unsafe = CliRunner().invoke(fix, [str(draft), "--workspace", str(workspace), "--unsafe"])
    assert "+Le plateforme Kerlog est simple." in unsafe.stdout


def test_fix_check_exits_1_when_fixes_are_pending_and_2_on_bad_input(workspace: Path) -> None:
    draft = workspace / "post.md"
    draft.write_text("Appelez-nous !\n", encoding="utf-8")
    assert CliRunner().invoke(fix, [str(draft), "--workspace", str(workspace), "--check"]).exit_code == 1
    missing = CliRunner().invoke(fix, [str(workspace / "nope.md"), "--workspace", str(workspace)])
    assert missing.exit_code == 2 and "cannot read" in missing.stderr

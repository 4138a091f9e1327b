"""`proofline fix`: apply the safe brand-voice fixes to a draft and show the diff.

By default nothing is written: the diff goes to stdout so a writer sees every change first.
`--write` rewrites the file; `--unsafe` also applies fixes that need a human eye (tu → vous...).
Exit status: 0, or 1 with `--check` when fixes are pending, 2 when an input cannot be used.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

SEVERITIES = ("suggestion", "warning", "error")


def _fail(message: str) -> None:
    click.echo(f"proofline fix: {message}", err=True)
    sys.exit(2)


def _workspace_root(option: str | None, draft: Path) -> Path:
    """--workspace, else $PROOFLINE_WORKSPACE, else the nearest folder with kit.yaml above the draft."""
    raw = option or os.environ.get("PROOFLINE_WORKSPACE")
    if raw:
        root = Path(raw)
        if not (root / "kit.yaml").is_file():
            _fail(f"{raw} is not a workspace: it has no kit.yaml")
        return root
    for folder in (draft.resolve().parent, *draft.resolve().parents, Path.cwd()):
        if (folder / "kit.yaml").is_file():
            return folder
    _fail("no workspace found: pass --workspace DIR or set PROOFLINE_WORKSPACE")
    raise AssertionError  # unreachable


@click.command("fix")
@click.argument("draft", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--workspace", "-w", "workspace", metavar="DIR",
              help="Workspace folder (else $PROOFLINE_WORKSPACE, else the nearest folder with kit.yaml above "
                   "the draft).")
@click.option("--write", is_flag=True, help="Rewrite the draft instead of only printing the diff.")
@click.option("--unsafe", is_flag=True, help="Also apply fixes that need a human eye (address, alternatives).")
@click.option("--check", "check_only", is_flag=True, help="Exit 1 when fixes are pending (for CI).")
@click.option("--channel", metavar="NAME", help="Channel of the draft (default: email when it starts with a subject).")
@click.option("--min-severity", type=click.Choice(SEVERITIES), default="suggestion", show_default=True,
              help="Only findings of this severity or above are fixed and counted.")
@click.option("--style", "styles", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Extra style pack or Vale style folder (repeatable).")
@click.option("--markup", type=click.Choice(["md", "html", "text"]), help="Markup of the draft (default: from the name).")
def fix(draft: Path, workspace: str | None, write: bool, unsafe: bool, check_only: bool, channel: str | None,
        min_severity: str, styles: tuple[Path, ...], markup: str | None) -> None:
    """Apply the safe brand-voice fixes of DRAFT (kit terminology, repeated words, "!", hidden and
    look-alike characters) and show the diff.

    Exit status: 0; 1 with --check when fixes are pending; 2 when an input cannot be used.
    """
    from proofline.model import Severity
    from proofline.text.markup import parse_document
    from proofline.voice import lint_detailed
    from proofline.voice.fix import apply_fixes, unified_diff
    from proofline.voice.styles import StyleError
    from proofline.workspace.loader import load_kit
    from proofline.workspace.model import WorkspaceError

    try:
        text = draft.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        _fail(f"{draft}: cannot read the draft: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        _fail(f"{draft}: the draft is not UTF-8 text (byte {exc.start})")
    root = _workspace_root(workspace, draft)
    try:
        kit = load_kit(root / "kit.yaml")
    except WorkspaceError as exc:
        _fail(str(exc))
    document = parse_document(text, markup, path=str(draft), languages=tuple(kit.languages))
    try:
        results = lint_detailed(document, kit, channel=channel, min_severity=Severity(min_severity),
                                extra_styles=list(styles))
    except (StyleError, ValueError) as exc:
        _fail(str(exc))
    candidates = [r.finding for r in results if r.finding.fix is not None and (unsafe or r.safe_fix)]
    fixed, applied = apply_fixes(text, candidates)
    if not applied:
        click.echo("Nothing to fix." if not results else
                   f"No safe fix to apply; {len(results)} finding(s) need a writer (see `proofline check`).", err=True)
        return
    click.echo(unified_diff(text, fixed, str(draft)), nl=False)
    left = len(results) - len(applied)
    if write:
        draft.write_text(fixed, encoding="utf-8")
        click.echo(f"{draft}: {len(applied)} fix(es) applied; {left} finding(s) left for a writer.", err=True)
    else:
        click.echo(f"{len(applied)} fix(es) to apply (run with --write); {left} finding(s) left for a writer.",
                   err=True)
        if check_only:
            sys.exit(1)

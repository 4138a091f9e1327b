"""`proofline check`: check drafts against a workspace and print a report.

Exit status (the contract of `shared/design/check-report.md`): 0 when nothing blocks, 1 when a
claim blocks or an error-severity finding is present in any draft, 2 when an input cannot be
read or the workspace is invalid. Bad input always ends in a message on stderr, never in a
traceback. Only what the chosen format needs is imported: rich is loaded for the terminal only.
Formats come from the `register_report_formats` hook (`proofline.report.formats`).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from proofline.report import Report
    from proofline.workspace.model import Workspace

DRAFT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm"})
BUILTIN_FORMATS = ("terminal", "json", "sarif")  # the built-in plugin's names (report/builtin.py)
MARKUPS = ("md", "html", "text")
WORKSPACE_ENV = "PROOFLINE_WORKSPACE"
KIT_FILE = "kit.yaml"
STDIN = "-"


class FormatChoice(click.Choice[str]):
    """`--format`: the names of every registered report format, looked up only when needed.

    A built-in name is accepted without creating the plugin manager (no plugin can take it), so a
    check does not pay for loading plugins; `--help`, a completion or any other name lists them all.
    """

    def __init__(self) -> None:
        super().__init__(BUILTIN_FORMATS)

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        from proofline.report.formats import report_formats

        return tuple(report_formats())

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:
        pass  # click's __init__ assigns them; the registry is the one list

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if value in BUILTIN_FORMATS:
            return str(value)
        return super().convert(value, param, ctx)


class InputError(Exception):
    """Something the user gave cannot be used; each line of the message is one problem."""


@dataclass(frozen=True)
class DraftInput:
    """One draft to check: `name` is what the report calls it, `path` is None for stdin."""

    name: str
    path: Path | None


def discover_workspace(start: Path) -> Path | None:
    """The nearest folder holding kit.yaml, from `start` up to the filesystem root."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / KIT_FILE).is_file():
            return folder
    return None


def resolve_workspace(option: str | None, cwd: Path | None = None) -> Path:
    """The workspace folder: --workspace (or $PROOFLINE_WORKSPACE), else found from `cwd` upwards."""
    if option:
        root = Path(option)
        if not root.is_dir():
            raise InputError(f"workspace not found: {option} is not a folder")
        if not (root / KIT_FILE).is_file():
            raise InputError(f"{option} is not a workspace: it has no {KIT_FILE}")
        return root
    found = discover_workspace(cwd or Path.cwd())
    if found is None:
        raise InputError(
            f"no workspace found: pass --workspace DIR, set {WORKSPACE_ENV}, "
            f"or run inside a folder that has a {KIT_FILE}"
        )
    return found


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _drafts_in_folder(raw: str, folder: Path) -> list[DraftInput]:
    """Every draft file under `folder`, recursively, sorted, hidden files and folders skipped."""
    found: list[tuple[tuple[str, ...], DraftInput]] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not _is_hidden(d))
        for filename in filenames:
            if _is_hidden(filename) or Path(filename).suffix.lower() not in DRAFT_SUFFIXES:
                continue
            path = Path(dirpath) / filename
            rel = path.relative_to(folder)
            found.append((rel.parts, DraftInput(name=str(Path(raw) / rel), path=path)))
    return [draft for _, draft in sorted(found, key=lambda item: item[0])]


def collect_drafts(paths: Sequence[str]) -> list[DraftInput]:
    """Expand PATHS into drafts (files, folders, `-`); raises InputError listing every bad one."""
    drafts: list[DraftInput] = []
    problems: list[str] = []
    seen: set[Path] = set()
    stdin_seen = False
    for raw in paths:
        if raw == STDIN:
            if not stdin_seen:
                drafts.append(DraftInput(name=STDIN, path=None))
            stdin_seen = True
            continue
        path = Path(raw)
        if path.is_dir():
            inside = _drafts_in_folder(raw, path)
            if not inside:
                problems.append(f"{raw}: no drafts in this folder ({', '.join(sorted(DRAFT_SUFFIXES))})")
            candidates = inside
        elif path.is_file():
            candidates = [DraftInput(name=raw, path=path)]
        elif path.exists():
            problems.append(f"{raw}: not a regular file")
            continue
        else:
            problems.append(f"{raw}: no such file or folder")
            continue
        for draft in candidates:
            assert draft.path is not None
            key = draft.path.resolve()
            if key not in seen:
                seen.add(key)
                drafts.append(draft)
    if problems:
        raise InputError("\n".join(problems))
    return drafts


def _read_stdin() -> str:
    raw = sys.stdin.buffer.read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{STDIN}: standard input is not UTF-8 text (byte {exc.start})") from exc


def _parse_as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Dates are ISO only: a lenient parser would make results depend on how a date was typed."""
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError(value)
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: expected YYYY-MM-DD") from None


def _fail(ctx: click.Context, message: str, details: Sequence[str] = ()) -> NoReturn:
    """Exit 2 after saying why: each line of `message` as an error, then `details` verbatim."""
    for line in message.splitlines():
        click.echo(f"error: {line}", err=True)
    for line in details:
        click.echo(line, err=True)
    ctx.exit(2)


def _load(ctx: click.Context, root: Path) -> Workspace:
    from proofline import load_workspace
    from proofline.workspace.model import WorkspaceError

    try:
        return load_workspace(root)
    except WorkspaceError as exc:
        count = len(exc.problems)
        # Problems verbatim, one per line ("file:line: [key] message"), so editors can jump to them.
        _fail(ctx, f"the workspace {root} is invalid ({count} problem{'s' if count != 1 else ''}):",
              [str(p) for p in exc.problems] or [str(exc)])
    except (OSError, UnicodeDecodeError) as exc:
        _fail(ctx, f"the workspace {root} cannot be read: {exc}")


def _check_all(ctx: click.Context, workspace: Workspace, drafts: Sequence[DraftInput],
               as_of: date | None, markup: str | None, channel: str | None = None) -> list[Report]:
    from proofline.checker import DraftError, check_file, check_text
    from proofline.judging import judge_wanted

    judge = judge_wanted(workspace.root)
    reports: list[Report] = []
    problems: list[str] = []
    for draft in drafts:
        try:
            if draft.path is None:
                reports.append(check_text(workspace, _read_stdin(), document=STDIN, as_of=as_of,
                                          markup=markup, channel=channel, judge=judge))
            else:
                reports.append(check_file(workspace, draft.path, as_of=as_of, markup=markup,
                                          document=draft.name, channel=channel, judge=judge))
        except (DraftError, InputError) as exc:
            problems.append(str(exc))
    if problems:
        _fail(ctx, "\n".join(problems))
    return reports


def _write_reports(reports: Sequence[Report], output_format: str, quiet: bool) -> None:
    from proofline.report.formats import FormatOptions, report_format

    fmt = report_format(output_format)
    assert fmt is not None, output_format  # FormatChoice accepted it
    options = FormatOptions(quiet=quiet)
    if fmt.show is not None:
        fmt.show(reports, sys.stdout, options)
    else:
        # Bytes, not str: machine output is UTF-8 whatever the locale of the shell says.
        click.echo(fmt.render(reports, options).encode("utf-8"), nl=False)


@click.command("check", short_help="Check drafts against the workspace's sources and brand kit.")
@click.argument("paths", nargs=-1, metavar="[PATHS]...")
@click.option("--workspace", "-w", "workspace_option", metavar="DIR", envvar=WORKSPACE_ENV,
              show_envvar=True,
              help="Workspace folder (default: the nearest folder with kit.yaml, from here upwards).")
@click.option("--format", "-f", "output_format", type=FormatChoice(), default="terminal",
              show_default=True, help="terminal for people; json (the documented contract) or sarif for tools; plugins add "
                   "others (docs/plugins.md).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", callback=_parse_as_of,
              help="Date used for valid_until, so that results are reproducible (default: today).")
@click.option("--markup", type=click.Choice(MARKUPS), default=None,
              help="Markup of the drafts (default: from the file extension; Markdown for stdin).")
@click.option("--channel", "channel", metavar="NAME",
              help="Apply this channel's limits (a key of the kit's channels:, e.g. linkedin), as an asset "
                   "of that kind gets them.")
@click.option("--quiet", "-q", is_flag=True,
              help="Terminal format: one summary line per draft; workspace warnings are not shown.")
@click.pass_context
def check_command(ctx: click.Context, paths: tuple[str, ...], workspace_option: str | None,
                  output_format: str, as_of: date | None, markup: str | None, channel: str | None,
                  quiet: bool) -> None:
    """Check drafts (files, folders of .md/.txt/.html files, or - for stdin) against the workspace.

    Exit status: 0 when nothing blocks, 1 when a claim blocks, a finding reaches the kit's
    gate.block_findings severity (default error) or a channel limit is broken, 2 when an input
    cannot be read or the workspace is invalid.
    """
    if not paths:
        raise click.UsageError("give at least one draft: a file, a folder, or - for standard input", ctx)
    try:
        drafts = collect_drafts(paths)
        root = resolve_workspace(workspace_option)
    except InputError as exc:
        _fail(ctx, str(exc))

    workspace = _load(ctx, root)
    if not quiet:
        for problem in workspace.problems:
            click.echo(f"{problem.severity}: {problem}", err=True)

    if channel is not None and channel not in workspace.kit.channels:
        known = ", ".join(sorted(workspace.kit.channels)) or "none (kit.yaml has no channels:)"
        _fail(ctx, f"unknown channel {channel!r}; the kit's channels are: {known}")
    reports = _check_all(ctx, workspace, drafts, as_of, markup, channel)

    _write_reports(reports, output_format, quiet)

    # The gate of the workflow (workflow/gate.py): blocking claims, findings at or above the kit's
    # gate.block_findings severity, broken channel limits. CI refuses what the desk refuses.
    from proofline.workflow.gate import report_blocks

    threshold = workspace.kit.gate.block_findings
    status = 1 if any(report_blocks(r, threshold) for r in reports) else 0
    if status:
        ctx.exit(status)

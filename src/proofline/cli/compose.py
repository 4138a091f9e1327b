"""`proofline compose`: outlines, derivatives and audience variants from validated sources, checked at once.

When the command knows who is acting (--as USER, $PROOFLINE_USER, or `proofline user use`), each
draft is stored as an asset of the workflow (version 1, draft, linked to its source, checked) and
every provider call goes into the register of AI use (`proofline ai-log`), unless --no-log. A
batch is a run that can be interrupted (Ctrl-C) and finished with `proofline compose resume RUN`.
Without an identity, or with --no-store, drafts are only written as Markdown under
`<workspace>/drafts/` (or --out). Exit status: 0 when no draft has a blocking claim (and no variant
changes a fact), 1 when one has, 2 when nothing could be composed (bad source, provider error...),
with the reason on stderr; 130 when interrupted.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from proofline.cli.check import WORKSPACE_ENV, InputError, _load, _parse_as_of, resolve_workspace

if TYPE_CHECKING:
    from proofline.compose.service import Draft
    from proofline.workflow.compose_runs import ItemOutcome, RunOutcome

CHANNELS_HELP = "linkedin,email,landing,sequence,one_pager"


def _fail(message: str) -> NoReturn:
    for line in message.splitlines():
        click.echo(f"error: {line}", err=True)
    sys.exit(2)


def _summary_line(d: Draft) -> str:
    r = d.report
    backed = sum(1 for c in r.claims if not c.blocks)
    state = "BLOCKED" if r.blocking else "OK"
    usage = d.result.usage
    cost = f", cost {usage.cost:.4f}" if usage.cost is not None else ""
    calls = f", {usage.calls} call(s), {usage.total_tokens} tokens{cost}" if usage.calls else ""
    where = str(d.path) if d.path else d.channel
    return (f"{state:7} {where}: {len(r.claims)} claims, {backed} backed, {r.blocking} blocking, "
            f"{len(r.findings)} findings ({d.seconds:.2f} s{calls})")


def _run_files(root: Path, sources: Sequence[str], channels: Sequence[str], audience: str | None, lang: str | None,
               out: str | None, as_of: date | None, brief: str | None, as_json: bool) -> None:
    """Drafts as files only (no identity, or --no-store): composed, checked, written, summarised."""
    from proofline.compose import ComposeError, compose, plan, provider_from_settings, write_drafts
    from proofline.compose.settings import SettingsError

    workspace = _load(click.get_current_context(), root)
    try:
        job = plan(workspace, sources, channels, lang=lang, audience_id=audience, brief=brief)
        provider = provider_from_settings(root)
        drafts = compose(workspace, job, provider, as_of=as_of)
    except (ComposeError, SettingsError) as exc:
        _fail(str(exc))
    out_dir = Path(out) if out else root / "drafts"
    write_drafts(drafts, out_dir, job.sources[0].id)
    if as_json:
        payload = [{"channel": d.channel, "lang": d.lang, "path": str(d.path), "provider": d.result.provider,
                    "model": d.result.model, "usage": d.result.usage.to_json_dict(),
                    "sources": d.result.cited_sources, "warnings": d.result.warnings,
                    "report": d.report.to_json_dict()} for d in drafts]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8"))
    else:
        click.echo(f"{len(drafts)} draft(s) from {', '.join(s.id for s in job.sources)} "
                   f"({job.lang}, provider {provider.name}):")
        for d in drafts:
            click.echo(_summary_line(d))
            for w in d.result.warnings:
                click.echo(f"        warning: {w}")
            for c in d.report.claims:
                if c.blocks:
                    click.echo(f"        line {c.line}: {c.verdict.value} ({c.category.value}): {c.text[:90]}")
        click.echo(f"Check one in full: proofline check {drafts[0].path} --workspace {root}" if drafts else "")
    if any(d.report.blocking for d in drafts):
        sys.exit(1)


# ---------------------------------------------------------------------------- through the workflow


class _Stored:
    """What a stored compose needs: the workflow, who acts, the provider, the compose service."""

    def __init__(self, root: Path, actor: str, no_log: bool) -> None:
        from proofline.cli.workflow import _clock
        from proofline.compose import provider_from_settings
        from proofline.store.db import open_database
        from proofline.workflow.compose_runs import ComposeFlow
        from proofline.workflow.services import Workflow

        self.root = root
        self.actor = actor
        self.workflow = Workflow(open_database(root), root, clock=_clock())
        self.flow = ComposeFlow(self.workflow, provider_from_settings(root), no_log=no_log)


def _identity(root: Path, as_user: str | None) -> str | None:
    from proofline.cli.workflow import _identity as workflow_identity

    return workflow_identity(as_user, root)


def _progress_run(stored: _Stored, start: Callable[[], int] | None, run_id: int | None) -> RunOutcome:
    """Run (or resume) a batch with a progress bar on a terminal; Ctrl-C says how to resume."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if run_id is None:
        assert start is not None
        run_id = start()
    bar = Progress(TextColumn("composing"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                   TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal)
    task = bar.add_task("", total=None)

    def tick(done: int, total: int, item: ItemOutcome | None) -> None:
        label = f"{item.channel}{' / ' + item.audience if item.audience else ''}: {item.status}" if item else ""
        bar.update(task, completed=done, total=total, description=label)

    try:
        with bar:
            return stored.flow.run(stored.actor, run_id, progress=tick)
    except KeyboardInterrupt:
        items = stored.flow.run_items(run_id)
        done = sum(1 for i in items if i["status"] == "done")
        click.echo(f"Interrupted: {done} of {len(items)} draft(s) stored. Finish with: "
                   f"proofline compose resume {run_id}", err=True)
        sys.exit(130)


def _print_outcome(stored: _Stored, outcome: RunOutcome, as_json: bool) -> None:
    from proofline.workflow.queries import ai_register

    if as_json:
        payload = {"run": outcome.run_id, "kind": outcome.kind, "status": outcome.status, "total": outcome.total,
                   "done": outcome.done, "items": [
                       {"channel": o.channel, "audience": o.audience, "status": o.status,
                        "asset": o.asset.id if o.asset else None, "provider": o.provider, "model": o.model,
                        "call": o.call_id, "usage": o.usage.to_json_dict(), "warnings": list(o.warnings),
                        "error": o.error, "drift": [d.to_json_dict() for d in o.drift],
                        "blocking": o.blocking, "report": o.check.report if o.check else None}
                       for o in outcome.items]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8"))
    else:
        click.echo(f"Run #{outcome.run_id} ({outcome.kind}): {outcome.done} of {outcome.total} draft(s) stored, "
                   f"provider {stored.flow.provider.name}:")
        for o in outcome.items:
            who = f" for {o.audience}" if o.audience else ""
            if o.status != "done" or o.asset is None or o.check is None:
                click.echo(f"FAILED  {o.channel}{who}: {o.error}")
                continue
            claims = o.check.claims
            state = "BLOCKED" if o.blocking or o.drift else "OK"
            usage = o.usage
            cost = f", cost {usage.cost:.4f}" if usage.cost is not None else ""
            calls = f", {usage.calls} call(s), {usage.total_tokens} tokens{cost}" if usage.calls else ""
            click.echo(f"{state:7} asset #{o.asset.id} {o.channel}{who} ({o.asset.language}): {len(claims)} claims, "
                       f"{len(claims) - o.blocking} backed, {o.blocking} blocking ({o.seconds:.2f} s{calls})")
            for w in o.warnings:
                click.echo(f"        warning: {w}")
            for c in o.check.blocking:
                click.echo(f"        claim #{c.id}: {c.verdict} ({c.category}): {c.text[:90]}")
            if o.drift:
                click.echo("        variant changes facts: " + "; ".join(f"«{d.claim[:80]}» ({d.reason})"
                                                                       for d in o.drift))
        if outcome.status != "done":
            click.echo(f"Some drafts failed; retry them with: proofline compose resume {outcome.run_id}")
        logged = [o.call_id for o in outcome.items if o.call_id is not None]
        if logged:
            click.echo(f"{len(logged)} provider call(s) in the register of AI use ({len(ai_register(stored.flow.db))} "
                       "in all): proofline ai-log")
        ids = [str(o.asset.id) for o in outcome.items if o.asset]
        if ids:
            click.echo(f"Assets: {', '.join('#' + i for i in ids)}. Review one: proofline asset check {ids[0]}")
    if outcome.items and all(o.status != "done" for o in outcome.items):
        sys.exit(2)
    if outcome.status != "done" or any(o.blocking or o.drift for o in outcome.items):
        sys.exit(1)


def _compose(sources: Sequence[str], channels: Sequence[str], workspace_option: str | None, audience: str | None,
             lang: str | None, out: str | None, as_of: date | None, brief: str | None, as_json: bool,
             as_user: str | None, no_log: bool, no_store: bool) -> None:
    """Stored when someone is acting (and --no-store is not given), else files only."""
    from proofline.compose import ComposeError
    from proofline.compose.settings import SettingsError
    from proofline.workflow.errors import WorkflowError

    try:
        root = resolve_workspace(workspace_option)
    except InputError as exc:
        _fail(str(exc))
    audiences: list[str | None] = [a.strip() for a in (audience or "").split(",") if a.strip()] or [None]
    actor = None if no_store else _identity(root, as_user)
    if actor is None:
        if len(audiences) > 1:
            _fail("several audiences make several assets: say who you are (--as USER) to store them")
        if not no_store and not as_json:
            click.echo("note: drafts are not stored as assets (no user: pass --as USER, set PROOFLINE_USER, or run "
                       "`proofline user use NAME`); writing files only.", err=True)
        _run_files(root, sources, channels, audiences[0], lang, out, as_of, brief, as_json)
        return
    if as_of is not None:
        _fail("--as-of applies to drafts that are not stored (--no-store); stored assets are checked as of the "
              "workflow's date (set PROOFLINE_NOW to fix it)")
    try:
        stored = _Stored(root, actor, no_log)
        outcome = _progress_run(stored, lambda: stored.flow.start_derive(actor, sources, channels, lang=lang,
                                                                         audiences=audiences, brief=brief), None)
    except (ComposeError, SettingsError, WorkflowError) as exc:
        _fail(str(exc))
    if out:
        _write_assets(stored, outcome, Path(out))
    _print_outcome(stored, outcome, as_json)


def _write_assets(stored: _Stored, outcome: RunOutcome, out_dir: Path) -> None:
    from proofline.compose.service import draft_filename

    out_dir.mkdir(parents=True, exist_ok=True)
    for o in outcome.items:
        if o.asset is not None:
            name = draft_filename(f"asset-{o.asset.id}", o.channel, o.asset.language)
            (out_dir / name).write_text(stored.workflow.text(o.asset.id), encoding="utf-8")


_common = [
    click.option("--workspace", "-w", "workspace_option", metavar="DIR", envvar=WORKSPACE_ENV,
                 help="Workspace folder (default: the nearest folder with kit.yaml, from here upwards)."),
    click.option("--audience", "-a", metavar="ID[,ID]", help="Audience id(s) of kit.yaml: their pains steer the "
                 "draft; several make one draft per audience."),
    click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
                 help="Language of the drafts (default: the audience's, else the source's)."),
    click.option("--out", "-o", metavar="DIR", help="Also write the drafts to this folder (without storing: "
                 "default <workspace>/drafts)."),
    click.option("--as-of", "as_of", metavar="YYYY-MM-DD", callback=_parse_as_of,
                 help="With --no-store: date used for valid_until when checking the drafts (default: today)."),
    click.option("--brief", metavar="TEXT", help="Extra guidance for a model provider (angle, call to action)."),
    click.option("--json", "as_json", is_flag=True, help="Print the drafts' reports and usage as JSON."),
    click.option("--as", "as_user", metavar="USER", help="Act as this user (else $PROOFLINE_USER or the identity "
                 "set with `proofline user use`); the drafts become their assets."),
    click.option("--no-log", "no_log", is_flag=True, help="Keep the provider calls out of the register of AI use."),
    click.option("--no-store", "no_store", is_flag=True, help="Only write files; store no asset."),
]


def _with_common(f: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(_common):
        f = option(f)
    return f


@click.group("compose", short_help="Draft outlines, derivatives and variants from validated sources, checked at once.")
def compose_group() -> None:
    """Compose drafts from the workspace's validated sources, then check them like any draft.

    The provider is `offline` (extractive, no key, no network) unless PROOFLINE_PROVIDER or
    .proofline/settings.toml names another; see `proofline providers`. With a user (--as), every
    draft is stored as a checked asset and every provider call is registered (`proofline ai-log`);
    without one, or with --no-store, drafts are written under <workspace>/drafts/ (or --out).

    Exit status: 0 when no draft has a blocking claim (and no variant changes a fact), 1 when one
    has, 2 when nothing could be composed (bad source, provider error...), 130 when interrupted.
    """


@compose_group.command("outline")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@_with_common
def outline_command(sources: tuple[str, ...], workspace_option: str | None, audience: str | None,
                    lang: str | None, out: str | None, as_of: date | None, brief: str | None,
                    as_json: bool, as_user: str | None, no_log: bool, no_store: bool) -> None:
    """Structure SOURCE (a source id or file of the workspace) into an article outline."""
    _compose(sources, ["outline"], workspace_option, audience, lang, out, as_of, brief, as_json, as_user, no_log,
             no_store)


@compose_group.command("derive")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--to", "to", default=CHANNELS_HELP, show_default=True, metavar="CHANNELS",
              help="Comma-separated channels: linkedin, email, landing, sequence, one_pager, outline.")
@_with_common
def derive_command(sources: tuple[str, ...], to: str, workspace_option: str | None, audience: str | None,
                   lang: str | None, out: str | None, as_of: date | None, brief: str | None,
                   as_json: bool, as_user: str | None, no_log: bool, no_store: bool) -> None:
    """Derive channel drafts (post, e-mail, landing plan, 3-step sequence, one-pager) from SOURCE."""
    _compose(sources, to.split(","), workspace_option, audience, lang, out, as_of, brief, as_json, as_user, no_log,
             no_store)


def _stored_options(f: click.decorators.FC) -> click.decorators.FC:
    for option in reversed([_common[0], _common[6], _common[7], _common[8]]):  # workspace, json, as, no-log
        f = option(f)
    return f


def _stored(workspace_option: str | None, as_user: str | None, no_log: bool) -> _Stored:
    try:
        root = resolve_workspace(workspace_option)
    except InputError as exc:
        _fail(str(exc))
    actor = _identity(root, as_user)
    if actor is None:
        _fail("Who are you? Pass --as USER, set PROOFLINE_USER, or run `proofline user use NAME`.")
    return _Stored(root, actor, no_log)


@compose_group.command("variants")
@click.argument("asset_id", type=int, metavar="ASSET")
@click.option("--audiences", required=True, metavar="ID,ID", help="Audience ids of kit.yaml: one variant each.")
@click.option("--brief", metavar="TEXT", help="Extra guidance for a model provider.")
@_stored_options
def variants_command(asset_id: int, audiences: str, brief: str | None, workspace_option: str | None,
                     as_json: bool, as_user: str | None, no_log: bool) -> None:
    """One variant of ASSET per audience: framing, examples and wording change, facts do not.

    Each variant is an asset whose master is ASSET, checked at once; a variant with a claim the
    master does not make (a new or changed figure) is reported and the command exits with 1.
    """
    from proofline.compose import ComposeError
    from proofline.compose.settings import SettingsError
    from proofline.workflow.errors import WorkflowError

    try:
        stored = _stored(workspace_option, as_user, no_log)
        wanted = [a.strip() for a in audiences.split(",") if a.strip()]
        outcome = _progress_run(stored, lambda: stored.flow.start_variants(stored.actor, asset_id, wanted,
                                                                           brief=brief), None)
    except (ComposeError, SettingsError, WorkflowError) as exc:
        _fail(str(exc))
    _print_outcome(stored, outcome, as_json)


@compose_group.command("resume")
@click.argument("run_id", type=int, metavar="RUN")
@_stored_options
def resume_command(run_id: int, workspace_option: str | None, as_json: bool, as_user: str | None,
                   no_log: bool) -> None:
    """Finish an interrupted or partly failed run: only its pending and failed drafts are composed."""
    from proofline.compose import ComposeError
    from proofline.compose.settings import SettingsError
    from proofline.workflow.errors import WorkflowError

    try:
        stored = _stored(workspace_option, as_user, no_log)
        outcome = _progress_run(stored, None, run_id)
    except (ComposeError, SettingsError, WorkflowError) as exc:
        _fail(str(exc))
    _print_outcome(stored, outcome, as_json)


# ---------------------------------------------------------------------------- the register of AI use


@click.command("ai-log")
@click.option("--workspace", "-w", "workspace_option", metavar="DIR", envvar=WORKSPACE_ENV,
              help="Workspace folder (default: the nearest folder with kit.yaml, from here upwards).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="table for people; json or csv to export the register.")
@click.option("--asset", "asset_id", type=int, help="Only the calls that produced this asset.")
@click.option("--since", metavar="YYYY-MM-DD", callback=_parse_as_of, help="Only calls from this day on.")
@click.option("--out", "-o", metavar="FILE", help="Write the export to FILE instead of stdout.")
def ai_log_command(workspace_option: str | None, fmt: str, asset_id: int | None, since: date | None,
                   out: str | None) -> None:
    """The register of AI use: every provider call (prompt, answer, model, tokens, cost, time, asset)."""
    import csv
    import io

    from proofline.store.db import open_database
    from proofline.workflow.queries import REGISTER_FIELDS, ai_register

    try:
        root = resolve_workspace(workspace_option)
    except InputError as exc:
        _fail(str(exc))
    rows = ai_register(open_database(root), asset_id=asset_id, since=since)
    if fmt == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(REGISTER_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buf.getvalue()
    else:
        lines = [f"#{r['id']}\t{r['at']}\t{r['actor'] or '-'}\t{r['provider']}/{r['model'] or '-'}\t{r['purpose']}"
                 f"\t{r['channel'] or '-'}\tasset {r['asset_id'] if r['asset_id'] is not None else '-'}\t{r['status']}"
                 f"\t{r['prompt_tokens']}+{r['completion_tokens']} tokens\t{r['latency_ms']} ms"
                 + (f"\tcost {r['cost']:.4f}" if r["cost"] is not None else "")
                 + (f"\t{r['error']}" if r["error"] else "") for r in rows]
        cost = sum(r["cost"] or 0.0 for r in rows)
        lines.append(f"{len(rows)} call(s), {sum(r['prompt_tokens'] + r['completion_tokens'] for r in rows)} tokens"
                     + (f", cost {cost:.4f}" if any(r["cost"] is not None for r in rows) else ""))
        text = "\n".join(lines) + "\n"
    if out:
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {len(rows)} call(s) to {out}.")
    else:
        click.echo(text, nl=False)

"""`proofline compose`: outlines and derivatives from validated sources, checked at once.

Drafts are written as Markdown under `<workspace>/drafts/` (or --out); each is checked with the
same engine as `proofline check` and a one-line summary is printed. Exit status: 0 when no
draft has a blocking claim, 1 when one has, 2 when nothing could be composed (bad source,
provider error...), with the reason on stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from proofline.cli.check import WORKSPACE_ENV, InputError, _load, _parse_as_of, resolve_workspace

if TYPE_CHECKING:
    from proofline.compose.service import Draft

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


def _run(sources: Sequence[str], channels: Sequence[str], workspace_option: str | None, audience: str | None,
         lang: str | None, out: str | None, as_of: date | None, brief: str | None, as_json: bool) -> None:
    from proofline.compose import ComposeError, compose, plan, provider_from_settings, write_drafts
    from proofline.compose.settings import SettingsError

    try:
        root = resolve_workspace(workspace_option)
    except InputError as exc:
        _fail(str(exc))
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


_common = [
    click.option("--workspace", "-w", "workspace_option", metavar="DIR", envvar=WORKSPACE_ENV,
                 help="Workspace folder (default: the nearest folder with kit.yaml, from here upwards)."),
    click.option("--audience", "-a", metavar="ID", help="An audience id of kit.yaml: its pains steer the draft."),
    click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
                 help="Language of the drafts (default: the audience's, else the source's)."),
    click.option("--out", "-o", metavar="DIR", help="Folder for the drafts (default: <workspace>/drafts)."),
    click.option("--as-of", "as_of", metavar="YYYY-MM-DD", callback=_parse_as_of,
                 help="Date used for valid_until when checking the drafts (default: today)."),
    click.option("--brief", metavar="TEXT", help="Extra guidance for a model provider (angle, call to action)."),
    click.option("--json", "as_json", is_flag=True, help="Print the drafts' reports and usage as JSON."),
]


def _with_common(f: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(_common):
        f = option(f)
    return f


@click.group("compose", short_help="Draft outlines and derivatives from validated sources, checked at once.")
def compose_group() -> None:
    """Compose drafts from the workspace's validated sources, then check them like any draft.

    The provider is `offline` (extractive, no key, no network) unless PROOFLINE_PROVIDER or
    .proofline/settings.toml names another; see `proofline providers`.
    """


@compose_group.command("outline")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@_with_common
def outline_command(sources: tuple[str, ...], workspace_option: str | None, audience: str | None,
                    lang: str | None, out: str | None, as_of: date | None, brief: str | None,
                    as_json: bool) -> None:
    """Structure SOURCE (a source id or file of the workspace) into an article outline."""
    _run(sources, ["outline"], workspace_option, audience, lang, out, as_of, brief, as_json)


@compose_group.command("derive")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--to", "to", default=CHANNELS_HELP, show_default=True, metavar="CHANNELS",
              help="Comma-separated channels: linkedin, email, landing, sequence, one_pager, outline.")
@_with_common
def derive_command(sources: tuple[str, ...], to: str, workspace_option: str | None, audience: str | None,
                   lang: str | None, out: str | None, as_of: date | None, brief: str | None,
                   as_json: bool) -> None:
    """Derive channel drafts (post, e-mail, landing plan, 3-step sequence, one-pager) from SOURCE."""
    _run(sources, to.split(","), workspace_option, audience, lang, out, as_of, brief, as_json)

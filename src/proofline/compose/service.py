"""Compose drafts from validated sources, then run the same check as any other draft.

The one entry point the CLI (and later the web desk and the API) call: it resolves the sources
and the audience, asks the provider for each channel, and checks every draft at once, so a
generated draft is never shown without its report.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from proofline.compose.channels import ALL_CHANNELS, channel_of
from proofline.compose.passages import number_passages
from proofline.compose.providers.base import ComposeError, ComposeRequest, ComposeResult, Provider

if TYPE_CHECKING:
    from proofline.report import Report
    from proofline.workspace.model import Audience, Source, Workspace


@dataclass
class Draft:
    """A composed draft and the report of its check."""

    channel: str
    lang: str
    result: ComposeResult
    report: Report
    seconds: float = 0.0
    path: Path | None = None

    @property
    def blocking(self) -> int:
        return self.report.blocking


@dataclass
class ComposeJob:
    """What to compose: sources, channels, language and audience, resolved against a workspace."""

    sources: list[Source]
    channels: list[str]
    lang: str
    audience: Audience | None = None
    brief: str | None = None
    warnings: list[str] = field(default_factory=list)


def resolve_sources(workspace: Workspace, refs: Sequence[str]) -> list[Source]:
    """Sources by id, or by path to a file of the workspace's sources; a clear error otherwise."""
    out: list[Source] = []
    for ref in refs:
        found = workspace.source(ref)
        if found is None:
            path = Path(ref)
            found = next((s for s in workspace.sources if path.exists() and s.path.resolve() == path.resolve()),
                         None)
        if found is None:
            if not ref.strip():
                raise ComposeError("compose.no_source")
            raise ComposeError("compose.not_a_source", ref=ref, known=[s.id for s in workspace.sources])
        if found not in out:
            out.append(found)
    if not out:
        raise ComposeError("compose.no_source")
    return out


def resolve_audience(workspace: Workspace, audience_id: str | None) -> Audience | None:
    if audience_id is None:
        return None
    for aud in workspace.kit.audiences:
        if aud.id == audience_id:
            return aud
    if not workspace.kit.audiences:
        raise ComposeError("compose.no_audiences", audience=audience_id)
    raise ComposeError("compose.unknown_audience", audience=audience_id,
                       known=[a.id for a in workspace.kit.audiences])


def plan(workspace: Workspace, source_refs: Sequence[str], channels: Sequence[str], *,
         lang: str | None = None, audience_id: str | None = None, brief: str | None = None) -> ComposeJob:
    """Resolve what the user asked into a job; the language is --lang, else the audience's, else the source's."""
    sources = resolve_sources(workspace, source_refs)
    audience = resolve_audience(workspace, audience_id)
    wanted = [c.strip() for c in channels if c.strip()]
    unknown = [c for c in wanted if c not in ALL_CHANNELS]
    if unknown:
        raise ComposeError("compose.unknown_channel", unknown=unknown, channels=list(ALL_CHANNELS))
    chosen = lang or (audience.lang if audience and audience.lang else None) or sources[0].lang \
        or workspace.kit.default_language
    if chosen not in ("fr", "en"):
        raise ComposeError("compose.bad_language", lang=chosen)
    return ComposeJob(sources, wanted, chosen, audience, brief)


def compose(workspace: Workspace, job: ComposeJob, provider: Provider, *, as_of: date | None = None) -> list[Draft]:
    """Compose every channel of the job and check each draft; raises ComposeError on failure."""
    from proofline.checker import Checker

    passages = number_passages(job.sources)
    from proofline.judging import judge_wanted

    checker = Checker.for_workspace(workspace, judge=judge_wanted(workspace.root))  # as the stored check
    analysis = None
    drafts: list[Draft] = []
    for channel in job.channels:
        started = time.perf_counter()
        request = ComposeRequest(task="outline" if channel == "outline" else "derive", channel=channel,
                                 lang=job.lang, kit=workspace.kit, sources=job.sources, passages=passages,
                                 audience=job.audience, brief=job.brief, workspace=workspace, as_of=as_of)
        if provider.name == "offline":
            # The analysis of the sources is the same for every channel: do it once.
            from proofline.compose.offline_composer import analyse, compose_offline

            analysis = analysis or analyse(request)
            result = compose_offline(request, analysis)
        else:
            result = provider.compose(request)
        name = f"{channel}.{job.lang}.md"
        if result.report is not None and result.report.text == result.text:
            report = result.report  # the offline composer checked this very text already
            report.document = name
        else:
            report = checker.check(result.text, document=name, as_of=as_of,
                                   channel=channel_of(workspace.kit, channel))
        drafts.append(Draft(channel, job.lang, result, report, time.perf_counter() - started))
    return drafts


def draft_filename(source_id: str, channel: str, lang: str) -> str:
    slug = re.sub(r"[^\w-]+", "-", source_id).strip("-") or "draft"
    return f"{slug}.{channel}.{lang}.md"


def write_drafts(drafts: Sequence[Draft], out_dir: Path, source_id: str) -> list[Path]:
    """Write each draft as Markdown (UTF-8); existing files of the same name are replaced."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for d in drafts:
        path = out_dir / draft_filename(source_id, d.channel, d.lang)
        path.write_text(d.result.text, encoding="utf-8")
        d.path = path
        paths.append(path)
    return paths

"""Compose runs, under the workflow: every draft becomes a checked asset, every provider call is registered.

`ComposeFlow` is what `proofline compose` and the desk call when a team works with a database. A
batch is a `compose_runs` row and one `compose_items` row per draft; items are done one after the
other, each an asset (version 1 = the draft, created and checked by the `CreateAsset` action),
so an interruption between items leaves a run that `resume` finishes without redoing what is done.

Every provider call goes into `provider_calls`, the team's register of AI use (prompt, answer,
model, tokens, cost, time, asset), unless the run asked for `no_log`. A call that fails leaves
its register row and a failed item, never an asset. The register row and the item's status are
written in one transaction; the asset itself is created by `Workflow.create_asset` in its own
transaction just before (Ctrl-C is held back across the two, so an interrupt cannot split them).

Variants keep the master's facts: the offline provider only reframes the hook and the call to
action for the audience (`compose/variants.py`), and whatever wrote the variant, its claims are
compared with the master's (`drift.py`): a figure or a statement the master does not make is
reported as drift. Nothing in a source or a master can change these decisions: they are made by
code, not by the model. The runs and the register are read in `queries.py`.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from proofline.compose.providers.base import (
    ComposeError,
    ComposeRequest,
    ComposeResult,
    JsonCompleter,
    MalformedOutputError,
    Provider,
    ProviderError,
    Usage,
)
from proofline.compose.variants import reframe_offline, variant_messages
from proofline.messages import shown, stored
from proofline.store.models import AssetVersion, ComposeItem, ComposeRun, ProviderCall
from proofline.workflow import queries
from proofline.workflow.actions.create import CreateAsset
from proofline.workflow.drift import Drift, claim_drift
from proofline.workflow.errors import InputRefused, NotFound, WorkflowError
from proofline.workflow.queries import user_named
from proofline.workflow.views import AssetView, CheckView

if TYPE_CHECKING:
    from proofline.compose.offline_composer import Analysis
    from proofline.workflow.services import Workflow
    from proofline.workspace.model import Workspace

# The channel a draft is written for -> the kind of asset it becomes.
KIND_OF_CHANNEL = {"outline": "article", "linkedin": "linkedin", "email": "email", "landing": "landing",
                   "sequence": "sequence", "one_pager": "one_pager"}


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ItemOutcome:
    """What became of one draft of a run."""

    item_id: int
    position: int
    channel: str
    audience: str | None
    status: str  # done | failed
    asset: AssetView | None = None
    check: CheckView | None = None
    call_id: int | None = None
    provider: str = ""
    model: str | None = None
    usage: Usage = field(default_factory=Usage)
    warnings: tuple[str, ...] = ()
    error: str | None = None
    drift: tuple[Drift, ...] = ()
    seconds: float = 0.0

    @property
    def blocking(self) -> int:
        return len(self.check.blocking) if self.check else 0


@dataclass(frozen=True)
class RunOutcome:
    run_id: int
    kind: str
    status: str  # done | failed | interrupted
    total: int
    done: int
    items: tuple[ItemOutcome, ...]  # those processed by this call, in order


Progress = Callable[[int, int, "ItemOutcome | None"], None]  # (done so far, total, item just finished)


# --------------------------------------------------------------------------- helpers


@contextmanager
def _hold_interrupt() -> Iterator[None]:
    """Delay Ctrl-C until the block is over, so an item's asset and its register row are written together."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[Any] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _request_prompt(request: ComposeRequest, provider: Provider) -> str:
    """The prompt of a compose call as the register keeps it: the messages a model receives."""
    if provider.name == "offline":
        return json.dumps({"composer": "offline (extractive, no model)", "task": request.task,
                           "channel": request.channel, "lang": request.lang,
                           "sources": [s.id for s in request.sources],
                           "audience": request.audience.id if request.audience else None,
                           "brief": request.brief}, ensure_ascii=False)
    from proofline.compose.prompts import build_messages

    return json.dumps(build_messages(request), ensure_ascii=False)


def _asset_title(source_ids: Sequence[str], channel: str, lang: str, audience: str | None) -> str:
    who = f", {audience}" if audience else ""
    return f"{' + '.join(source_ids)} — {channel} ({lang}{who})"


# --------------------------------------------------------------------------- the service


class ComposeFlow:
    """Compose drafts into assets of a workflow, register provider calls, run batches that can resume."""

    def __init__(self, workflow: Workflow, provider: Provider, *, no_log: bool = False) -> None:
        self.workflow = workflow
        self.provider = provider
        self.no_log = no_log
        self._analyses: dict[tuple[Any, ...], Analysis] = {}

    @property
    def db(self) -> Any:
        return self.workflow.db

    def _now(self) -> datetime:
        return self.workflow.now()

    def _writer(self, actor: str | None) -> str:
        """Fail before any run row or provider call when the user cannot create assets (the action's rule)."""
        with self.db.session() as s:
            user = user_named(s, actor)
            CreateAsset.check_perm(user)
            return user.name

    # ------------------------------------------------------------ starting runs

    def start_derive(self, actor: str | None, sources: Sequence[str], channels: Sequence[str], *,
                     lang: str | None = None, audiences: Sequence[str | None] = (None,),
                     brief: str | None = None) -> int:
        """Plan a batch of derivatives (every channel for every audience); returns the run id."""
        from proofline.compose.service import plan

        name = self._writer(actor)
        ws = self.workflow.workspace()
        wanted = list(audiences) or [None]
        jobs = [plan(ws, sources, channels, lang=lang, audience_id=a, brief=brief) for a in wanted]
        source_ids = [s.id for s in jobs[0].sources]
        items = [(c, a) for a, job in zip(wanted, jobs, strict=True) for c in job.channels]
        if not items:
            raise ComposeError("compose.no_channel")
        langs = {job.lang for job in jobs}
        return self._new_run(name, "derive", source_ids, [c for c in jobs[0].channels], wanted,
                             lang if lang else (langs.pop() if len(langs) == 1 else None), brief, None, items)

    def start_variants(self, actor: str | None, master_id: int, audiences: Sequence[str], *,
                       brief: str | None = None) -> int:
        """Plan one variant of asset `master_id` per audience; returns the run id."""
        from proofline.compose.service import resolve_audience

        name = self._writer(actor)
        master = self.workflow.asset(master_id)
        ws = self.workflow.workspace()
        wanted = [a.strip() for a in audiences if a and a.strip()]
        if not wanted:
            raise ComposeError("compose.no_audience")
        for a in wanted:
            resolve_audience(ws, a)
            if a == master.audience:
                raise ComposeError("compose.same_audience", asset_id=master.id, audience=a)
        return self._new_run(name, "variants", [master.parent_source_id] if master.parent_source_id else [],
                             [master.kind], list(wanted), master.language, brief, master.id,
                             [(master.kind, a) for a in wanted])

    def _new_run(self, actor: str, kind: str, sources: list[str], channels: list[str], audiences: list[str | None],
                 lang: str | None, brief: str | None, master: int | None, items: list[tuple[str, str | None]]) -> int:
        now = self._now()
        with self.db.session() as s, s.begin():
            run = ComposeRun(kind=kind, actor=actor, source_ids=json.dumps(sources), channels=json.dumps(channels),
                             audiences=json.dumps(audiences), lang=lang, brief=brief, master_asset_id=master,
                             no_log=self.no_log, status="running", created_at=now, updated_at=now)
            s.add(run)
            s.flush()
            for i, (channel, audience) in enumerate(items):
                s.add(ComposeItem(run_id=run.id, position=i, channel=channel, audience=audience, status="pending",
                                  updated_at=now))
            return int(run.id)

    # ------------------------------------------------------------ running

    def derive(self, actor: str | None, sources: Sequence[str], channels: Sequence[str], *,
               lang: str | None = None, audiences: Sequence[str | None] = (None,), brief: str | None = None,
               progress: Progress | None = None) -> RunOutcome:
        """Plan and run a batch of derivatives (use `outline` as the channel for an article outline)."""
        run_id = self.start_derive(actor, sources, channels, lang=lang, audiences=audiences, brief=brief)
        return self.run(actor, run_id, progress=progress)

    def compose_variants(self, actor: str | None, master_id: int, audiences: Sequence[str], *,
                         brief: str | None = None, progress: Progress | None = None) -> RunOutcome:
        run_id = self.start_variants(actor, master_id, audiences, brief=brief)
        return self.run(actor, run_id, progress=progress)

    def resume(self, actor: str | None, run_id: int, *, progress: Progress | None = None) -> RunOutcome:
        """Redo the pending and failed items of a run; done items are left alone."""
        return self.run(actor, run_id, progress=progress)

    def run(self, actor: str | None, run_id: int, *, progress: Progress | None = None) -> RunOutcome:
        """Do every item of the run that is not done yet, in order.

        Any exception on the way (Ctrl-C, a stop asked between items, a crash) leaves the run
        interrupted, so `resume` finishes it.
        """
        name = self._writer(actor)
        with self.db.session() as s:
            run = s.get(ComposeRun, run_id)
            if run is None:
                raise NotFound("compose.run_missing", run_id=run_id)
            kind = run.kind
            todo = [(i.id, i.position, i.channel, i.audience) for i in s.execute(
                select(ComposeItem).where(ComposeItem.run_id == run_id).order_by(ComposeItem.position)).scalars()
                if i.status != "done"]
            total = s.execute(select(ComposeItem.id).where(ComposeItem.run_id == run_id)).all()
            no_log = self.no_log or run.no_log
        done = len(total) - len(todo)
        outcomes: list[ItemOutcome] = []
        self._set_run(run_id, "running")
        try:
            if progress:
                progress(done, len(total), None)
            for item_id, position, channel, audience in todo:
                if kind == "variants":
                    outcome = self._variant_item(name, run_id, item_id, position, audience or "", no_log)
                else:
                    outcome = self._derive_item(name, run_id, item_id, position, channel, audience, no_log)
                outcomes.append(outcome)
                done += outcome.status == "done"
                if progress:
                    progress(done, len(total), outcome)
        except BaseException:  # Ctrl-C, a stop between items, or a crash: the run stays resumable
            self._set_run(run_id, "interrupted")
            raise
        status = "done" if done == len(total) else "failed"
        self._set_run(run_id, status)
        return RunOutcome(run_id, kind, status, len(total), done, tuple(outcomes))

    def _set_run(self, run_id: int, status: str) -> None:
        with self.db.session() as s, s.begin():
            run = s.get(ComposeRun, run_id)
            if run is not None:
                run.status, run.updated_at = status, self._now()

    def _run_row(self, run_id: int) -> dict[str, Any]:
        with self.db.session() as s:
            run = s.get(ComposeRun, run_id)
            assert run is not None
            return {"sources": json.loads(run.source_ids), "lang": run.lang, "brief": run.brief,
                    "master": run.master_asset_id}

    # ------------------------------------------------------------ one item

    def _derive_item(self, actor: str, run_id: int, item_id: int, position: int, channel: str, audience: str | None,
                     no_log: bool) -> ItemOutcome:
        from proofline.compose.passages import number_passages
        from proofline.compose.service import plan

        row = self._run_row(run_id)
        ws = self.workflow.workspace()
        started = time.perf_counter()
        try:
            job = plan(ws, row["sources"], [channel], lang=row["lang"], audience_id=audience, brief=row["brief"])
        except ComposeError as exc:
            return self._failed(item_id, position, channel, audience, stored(exc), None, started)
        request = ComposeRequest(task="outline" if channel == "outline" else "derive", channel=channel,
                                 lang=job.lang, kit=ws.kit, sources=job.sources,
                                 passages=number_passages(job.sources), audience=job.audience, brief=job.brief,
                                 workspace=ws, as_of=self._now().date())
        prompt = _request_prompt(request, self.provider)
        at = self._now()
        try:
            result = self._compose(request, ws)
        except ComposeError as exc:
            call_id = self._log_failure(actor, at, "outline" if channel == "outline" else "derive", channel, prompt,
                                        exc, started, item_id, no_log)
            return self._failed(item_id, position, channel, audience, stored(exc), call_id, started)
        return self._store(actor, at, item_id, position, channel, audience, result, prompt,
                           purpose="outline" if channel == "outline" else "derive", no_log=no_log, started=started,
                           title=_asset_title([s.id for s in job.sources], channel, job.lang, audience),
                           kind=KIND_OF_CHANNEL.get(channel, "other"), language=job.lang,
                           parent_source=job.sources[0].id, parent_asset=None)

    def _compose(self, request: ComposeRequest, ws: Workspace) -> ComposeResult:
        if self.provider.name != "offline":
            return self.provider.compose(request)
        # The analysis of the sources is the same for every channel of a batch: do it once.
        from proofline.compose.offline_composer import analyse, compose_offline

        key = (tuple(s.id for s in request.sources), request.lang,
               request.audience.id if request.audience else None, request.as_of)
        if key not in self._analyses:
            self._analyses[key] = analyse(request)
        return compose_offline(request, self._analyses[key])

    def _variant_item(self, actor: str, run_id: int, item_id: int, position: int, audience_id: str,
                      no_log: bool) -> ItemOutcome:
        from proofline.compose.service import resolve_audience

        row = self._run_row(run_id)
        master_id = int(row["master"])
        ws = self.workflow.workspace()
        started = time.perf_counter()
        master = self.workflow.asset(master_id)
        try:
            audience = resolve_audience(ws, audience_id)
        except ComposeError as exc:
            return self._failed(item_id, position, master.kind, audience_id, stored(exc), None, started)
        assert audience is not None
        master_text = self.workflow.text(master_id)
        master_check = self.workflow.current_check(master_id) or self.workflow.check(actor, master_id)
        lang = master.language
        at = self._now()
        usage = Usage(calls=1)
        warnings: list[str] = []
        if self.provider.name == "offline":
            master_aud = next((a for a in ws.kit.audiences if a.id == master.audience), None)
            prompt = json.dumps({"composer": "offline (reframing, no model)", "task": "variant",
                                 "master_asset": master_id, "audience": audience_id}, ensure_ascii=False)
            text, warnings = reframe_offline(master_text, [(c.start, c.end) for c in master_check.claims], ws.kit,
                                             lang, master_aud, audience)
            raw, model, usage = text, None, Usage()
        elif isinstance(self.provider, JsonCompleter):
            messages = variant_messages(master_text, ws.kit, lang, audience, row["brief"])
            prompt = json.dumps(messages, ensure_ascii=False)
            try:
                data, usage = self.provider.complete_json(messages, required=("text",))
                answer = data.get("text")
                if not isinstance(answer, str) or not answer.strip():
                    raise MalformedOutputError('the model\'s JSON has no variant in "text"',
                                               provider=self.provider.name)
                raw = answer
            except ComposeError as exc:
                call_id = self._log_failure(actor, at, "variant", master.kind, prompt, exc, started, item_id, no_log)
                return self._failed(item_id, position, master.kind, audience_id, stored(exc), call_id, started)
            text = raw.strip() + "\n"
            model = getattr(self.provider, "model", None)
        else:
            return self._failed(item_id, position, master.kind, audience_id,
                                f"the provider {self.provider.name!r} cannot write variants", None, started)
        result = ComposeResult(text=text, channel=master.kind, lang=lang, provider=self.provider.name, model=model,
                               usage=usage, raw_text=raw, warnings=warnings)
        return self._store(actor, at, item_id, position, master.kind, audience_id, result, prompt, purpose="variant",
                           no_log=no_log, started=started, title=f"{master.title} — {audience.name}",
                           kind=master.kind, language=lang, parent_source=master.parent_source_id,
                           parent_asset=master_id, master_claims=[c.text for c in master_check.claims])

    def _store(self, actor: str, at: datetime, item_id: int, position: int, channel: str, audience: str | None,
               result: ComposeResult, prompt: str, *, purpose: str, no_log: bool, started: float, title: str,
               kind: str, language: str, parent_source: str | None, parent_asset: int | None,
               master_claims: Sequence[str] | None = None) -> ItemOutcome:
        """The draft becomes an asset (checked by the workflow); then its register row and item, together."""
        usage = result.usage
        with _hold_interrupt():
            try:
                asset = self.workflow.create_asset(actor, title=title, kind=kind, text=result.text,
                                                   language=language, audience=audience,
                                                   parent_asset_id=parent_asset, parent_source_id=parent_source)
            except WorkflowError as exc:
                call_id = self._log(actor, at, purpose, channel, prompt, result, started, item_id, no_log,
                                    asset_id=None)
                return self._failed(item_id, position, channel, audience, stored(exc), call_id, started)
            check = self.workflow.current_check(asset.id)
            drift: list[Drift] = []
            if master_claims is not None and check is not None:
                drift = claim_drift(master_claims, [c.text for c in check.claims], language)
            call_id = self._log(actor, at, purpose, channel, prompt, result, started, item_id, no_log,
                                asset_id=asset.id, item_status="done", drift=drift)
        return ItemOutcome(item_id, position, channel, audience, "done", asset, check, call_id,
                           result.provider, result.model, usage, tuple(result.warnings), None, tuple(drift),
                           time.perf_counter() - started)

    def _failed(self, item_id: int, position: int, channel: str, audience: str | None, error: str,
                call_id: int | None, started: float) -> ItemOutcome:
        with self.db.session() as s, s.begin():
            item = s.get(ComposeItem, item_id)
            assert item is not None
            item.status, item.error, item.updated_at = "failed", error, self._now()
        return ItemOutcome(item_id, position, channel, audience, "failed", call_id=call_id,
                           provider=self.provider.name, error=shown(error, "en"), seconds=time.perf_counter() - started)

    # ------------------------------------------------------------ the register

    def _log(self, actor: str, at: datetime, purpose: str, channel: str, prompt: str, result: ComposeResult,
             started: float, item_id: int, no_log: bool, *, asset_id: int | None, item_status: str | None = None,
             drift: Sequence[Drift] = ()) -> int | None:
        """The register row of a successful call and, in the same transaction, the item's new status."""
        with self.db.session() as s, s.begin():
            call_id = None
            version_id = None
            if asset_id is not None:
                version_id = s.execute(select(AssetVersion.id).where(AssetVersion.asset_id == asset_id,
                                                                     AssetVersion.number == 1)).scalar_one()
            if not no_log:
                u = result.usage
                call = ProviderCall(at=at, actor=actor, provider=result.provider, model=result.model, purpose=purpose,
                                    channel=channel, asset_id=asset_id, asset_version_id=version_id,
                                    run_item_id=item_id, prompt=prompt, response=result.raw_text or result.text,
                                    prompt_tokens=u.prompt_tokens, completion_tokens=u.completion_tokens, cost=u.cost,
                                    latency_ms=round(u.latency_s * 1000) if u.calls else
                                    round((time.perf_counter() - started) * 1000),
                                    attempts=max(u.calls, 1), status="ok", error=None)
                s.add(call)
                s.flush()
                call_id = int(call.id)
            if item_status is not None:
                item = s.get(ComposeItem, item_id)
                assert item is not None
                item.status, item.asset_id, item.error, item.updated_at = item_status, asset_id, None, self._now()
                item.drift_json = json.dumps([d.to_json_dict() for d in drift], ensure_ascii=False) if drift else None
            return call_id

    def _log_failure(self, actor: str, at: datetime, purpose: str, channel: str, prompt: str, exc: ComposeError,
                     started: float, item_id: int, no_log: bool) -> int | None:
        if no_log:
            return None
        attempts = exc.attempts if isinstance(exc, ProviderError) else 1
        with self.db.session() as s, s.begin():
            call = ProviderCall(at=at, actor=actor, provider=self.provider.name,
                                model=getattr(self.provider, "model", None), purpose=purpose, channel=channel,
                                asset_id=None, asset_version_id=None, run_item_id=item_id, prompt=prompt,
                                response=None, prompt_tokens=0, completion_tokens=0, cost=None,
                                latency_ms=round((time.perf_counter() - started) * 1000), attempts=attempts,
                                status="error", error=f"{type(exc).__name__}: {exc}")
            s.add(call)
            s.flush()
            return int(call.id)

    # ------------------------------------------------------------ reading

    def run_items(self, run_id: int) -> list[dict[str, Any]]:
        return queries.run_items(self.db, run_id)

    def touch(self, run_id: int) -> None:
        """Mark a run as alive now (its status unchanged): whoever executes it says so while an item is long."""
        with self.db.session() as s, s.begin():
            run = s.get(ComposeRun, run_id)
            if run is not None:
                run.updated_at = self._now()

    def run_view(self, run_id: int) -> dict[str, Any]:
        """A run as plain data; `active_at` is its latest sign of life (its own or its latest item's)."""
        return queries.run_view(self.db, run_id)

    def runs(self, actor: str | None = None, limit: int = 10) -> list[dict[str, Any]]:
        """The latest runs (of `actor`, if given), newest first, as `run_view` gives them."""
        return queries.runs(self.db, actor, limit)

    def variant_drift(self, asset_id: int) -> list[Drift]:
        """The claims of a variant's latest check that its master's latest check does not make (recomputed)."""
        asset = self.workflow.asset(asset_id)
        if asset.parent_asset_id is None:
            raise InputRefused("compose.not_a_variant", asset_id=asset_id)
        mine = self.workflow.current_check(asset_id)
        master = self.workflow.current_check(asset.parent_asset_id)
        if mine is None or master is None:
            return []
        return claim_drift([c.text for c in master.claims], [c.text for c in mine.claims], asset.language)


__all__ = ["KIND_OF_CHANNEL", "ComposeFlow", "Drift", "ItemOutcome", "Progress", "RunOutcome"]

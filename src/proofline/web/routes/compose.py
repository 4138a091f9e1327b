"""Compose from the desk: a form that starts a stored run, and the run's page that follows it live.

The run is the CLI's (`ComposeFlow`): every draft becomes a checked asset linked to its source,
every provider call goes into the register of AI use, variants report drift, and a run that
stopped half-way resumes without redoing what is done. Runs execute on a few background threads
owned by the app (`ComposeRunner`), so the request that starts one returns at once; the run page
polls a fragment of itself with htmx every second until the run is over (a plain link without JS).

Whether a run is "running" is known for sure only for the runs of this process. A run that another
process executes (the CLI, another worker) is taken as running while it shows signs of life (the
runner touches its runs every few seconds); a run that stays silent longer than `STALE_AFTER` was
cut off (a restart, a crash) and the page offers to resume it.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
import weakref
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from proofline.messages import shown
from proofline.web import auth
from proofline.web.deps import ANY, WRITE, Desk, cached, get_desk, has, page_user, render
from proofline.web.i18n import Translator, language
from proofline.workflow.errors import WorkflowError

if TYPE_CHECKING:
    from proofline.workflow.compose_runs import ComposeFlow, ItemOutcome, Progress
    from proofline.workflow.services import AssetView, CheckView

router = APIRouter(include_in_schema=False)
Anyone = Annotated[auth.Identity, Depends(page_user(ANY))]
Writer = Annotated[auth.Identity, Depends(page_user(WRITE))]

log = logging.getLogger(__name__)

WORKERS = 2  # runs composed at once by one app; more wait their turn (the offline composer is CPU-bound)
HEARTBEAT_S = 15.0  # how often the runner says its runs are alive
STALE_AFTER = timedelta(minutes=2)  # silence after which a run nobody here executes counts as cut off
RECENT = 10  # runs listed on the compose page


# ---------------------------------------------------------------------------- the runner


class RunStopped(Exception):
    """The app is stopping: the run ends between two items and stays resumable."""


@dataclass
class RunProgress:
    """What the runner knows of a run it holds: started or still queued, the items this pass finished."""

    started: bool = False
    finished: frozenset[int] = frozenset()


@dataclass
class _Job:
    flow: ComposeFlow
    actor: str
    progress: RunProgress = field(default_factory=RunProgress)


_RUNNERS: weakref.WeakSet[ComposeRunner] = weakref.WeakSet()


class ComposeRunner:
    """A few daemon threads that execute compose runs off the request threads, one run per thread.

    Daemon threads, so a long provider call never holds the process at exit; `stop` (called at
    exit) lets each run end at its next item boundary first, so an asset and its register row are
    never split.
    """

    def __init__(self, workers: int = WORKERS, heartbeat_s: float = HEARTBEAT_S) -> None:
        self._workers = workers
        self._heartbeat_s = heartbeat_s
        self._jobs: queue.Queue[int | None] = queue.Queue()
        self._lock = threading.Lock()
        self._held: dict[int, _Job] = {}
        self._errors: dict[int, Exception] = {}
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        _RUNNERS.add(self)

    def submit(self, flow: ComposeFlow, actor: str, run_id: int) -> bool:
        """Queue the run; False when this runner already holds it (or is stopping)."""
        with self._lock:
            if self._stopping.is_set() or run_id in self._held:
                return False
            self._held[run_id] = _Job(flow, actor)
            self._errors.pop(run_id, None)
            if not self._threads:
                self._threads = [threading.Thread(target=self._work, name=f"compose-{n}", daemon=True)
                                 for n in range(self._workers)]
                self._threads.append(threading.Thread(target=self._beat, name="compose-heartbeat", daemon=True))
                for thread in self._threads:
                    thread.start()
        self._jobs.put(run_id)
        return True

    def progress(self, run_id: int) -> RunProgress | None:
        """The run's progress if this runner holds it (queued or running), else None."""
        with self._lock:
            job = self._held.get(run_id)
            return job.progress if job else None

    def error(self, run_id: int) -> Exception | None:
        """What stopped the run's last pass here, if an exception did (kept until the process ends)."""
        with self._lock:
            return self._errors.get(run_id)

    def stop(self, timeout_s: float = 30.0) -> None:
        """Ask every run to stop at its next item boundary, then wait a bounded time for the threads."""
        self._stopping.set()
        with self._lock:
            threads = list(self._threads)
        for _ in threads:
            self._jobs.put(None)
        deadline = time.monotonic() + timeout_s
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _work(self) -> None:
        while True:
            run_id = self._jobs.get()
            if run_id is None:
                return
            with self._lock:
                job = self._held.get(run_id)
            if job is None:
                continue
            try:
                job.flow.run(job.actor, run_id, progress=self._ticker(run_id))
            except RunStopped:
                pass
            except Exception as exc:  # the run is marked interrupted by the flow; say why on its page
                log.exception("compose run %s stopped", run_id)
                with self._lock:
                    self._errors[run_id] = exc
            finally:
                with self._lock:
                    self._held.pop(run_id, None)

    def _ticker(self, run_id: int) -> Progress:
        """The flow's progress callback: records what is done, and is where a stop takes effect."""

        def tick(done: int, total: int, item: ItemOutcome | None) -> None:
            with self._lock:
                job = self._held[run_id]
                finished = job.progress.finished | ({item.item_id} if item else set())
                job.progress = RunProgress(True, frozenset(finished))
            if self._stopping.is_set() and done < total:
                raise RunStopped()

        return tick

    def _beat(self) -> None:
        while not self._stopping.wait(self._heartbeat_s):
            with self._lock:
                held = list(self._held.items())
            for run_id, job in held:
                try:
                    job.flow.touch(run_id)
                except Exception:  # a busy database: the next beat will do
                    log.warning("could not touch compose run %s", run_id, exc_info=True)


@atexit.register
def _stop_runners() -> None:
    for runner in list(_RUNNERS):
        runner.stop()


_RUNNER_LOCK = threading.Lock()


def runner_of(request: Request) -> ComposeRunner:
    """The app's runner, made on first use."""
    state = request.app.state
    with _RUNNER_LOCK:
        runner = getattr(state, "compose_runner", None)
        if runner is None:
            runner = state.compose_runner = ComposeRunner()
    assert isinstance(runner, ComposeRunner)
    return runner


def _flow(desk: Desk) -> ComposeFlow:
    """A flow with the workspace's provider; raises SettingsError when its settings are wrong."""
    from proofline.compose import provider_from_settings
    from proofline.workflow.compose_runs import ComposeFlow

    return ComposeFlow(desk.wf, provider_from_settings(desk.wf.root))


def _reader(desk: Desk) -> ComposeFlow:
    """A flow only to read runs: no provider is called, so the offline one will do."""
    from proofline.compose.providers.offline import OfflineProvider
    from proofline.workflow.compose_runs import ComposeFlow

    return ComposeFlow(desk.wf, OfflineProvider())


def _refusal(request: Request, exc: Exception) -> str:
    """A refusal in the page's language when it can say it (the services', the composer's), else as it is."""
    from proofline.messages import Refusal

    return exc.message(language(request)) if isinstance(exc, Refusal) else str(exc)


# ---------------------------------------------------------------------------- run states


def run_state(desk: Desk, runner: ComposeRunner, run: dict[str, Any]) -> str:
    """queued | running | done | failed | interrupted (failed and interrupted can be resumed)."""
    if run["status"] == "done":
        return "done"
    held = runner.progress(run["id"])
    if held is not None:
        return "running" if held.started else "queued"
    if run["status"] == "running" and desk.now() - run["active_at"] < STALE_AFTER:
        return "running"  # executed elsewhere (the CLI, another worker) and alive
    return "failed" if run["status"] == "failed" else "interrupted"


def _item_lang(desk: Desk, run: dict[str, Any], audience: str | None, memo: dict[str | None, str]) -> str:
    """The language an item is written in, as `plan` decides it (the asset's, once it exists)."""
    if audience not in memo:
        from proofline.compose import ComposeError
        from proofline.compose.service import plan

        try:
            memo[audience] = run["lang"] or plan(desk.wf.workspace(), run["sources"], [],
                                                 audience_id=audience).lang
        except ComposeError:
            memo[audience] = "—"
    return memo[audience]


def _asset_and_check(desk: Desk, asset_id: int) -> tuple[AssetView, CheckView | None]:
    return desk.wf.asset(asset_id), desk.wf.current_check(asset_id)


def _items(request: Request, run: dict[str, Any], state: str, held: RunProgress | None) -> list[dict[str, Any]]:
    """The run's items for the page: waiting | running | done (asset, blocking count) | failed (error)."""
    desk = get_desk(request)
    items = _reader(desk).run_items(run["id"])
    finished = held.finished if held else frozenset()
    current = None
    if state == "running":
        # This pass redoes the items not done, in order: the first it has not finished is under way.
        todo = [i for i in items if i["status"] != "done" and i["id"] not in finished
                and (held is not None or i["status"] == "pending")]
        current = todo[0]["id"] if todo else None
    memo: dict[str | None, str] = {}
    rows = []
    for i in items:
        row = {"channel": i["channel"], "audience": i["audience"],
               "error": shown(i.get("stored_error") or i["error"], language(request)), "drift": i["drift"],
               "asset": None, "blocking": 0, "lang": None}
        if i["status"] == "done" and i["asset_id"] is not None:
            asset_id = int(i["asset_id"])
            asset, check = cached(request, ("compose_item", asset_id), partial(_asset_and_check, desk, asset_id))
            row.update(state="done", asset=asset, blocking=len(check.blocking) if check else 0, lang=asset.language)
        elif i["id"] == current:
            row["state"] = "running"
        elif i["status"] == "failed" and (held is None or i["id"] in finished):
            row["state"] = "failed"
        else:
            row["state"] = "waiting"  # pending, or failed before and to be redone by this pass
        if row["lang"] is None:
            row["lang"] = _item_lang(desk, run, i["audience"], memo)
        rows.append(row)
    return rows


def _run_page(request: Request, ident: auth.Identity, run_id: int, *, fragment: bool = False,
              error: str | None = None, status: int = 200) -> HTMLResponse:
    desk = get_desk(request)
    runner = runner_of(request)
    run = _reader(desk).run_view(run_id)  # NotFound -> 404 page
    state = run_state(desk, runner, run)
    items = _items(request, run, state, runner.progress(run_id))
    failure = runner.error(run_id)
    ctx = {"run": run, "state": state, "items": items, "done": sum(1 for i in items if i["state"] == "done"),
           "drift": [(i, d) for i in items for d in i["drift"]], "polling": state in ("queued", "running"),
           "resumable": state in ("failed", "interrupted") and has(ident, WRITE),
           "run_error": (_refusal(request, failure) or type(failure).__name__) if failure else None, "error": error,
           "audience_names": {a.id: a.name for a in desk.wf.workspace().kit.audiences}}
    return render(request, "_compose_run_progress.html" if fragment else "compose_run.html", ctx, status=status)


# ---------------------------------------------------------------------------- routes


def _compose_page(request: Request, ident: auth.Identity, *, error: str | None = None,
                  form: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    from proofline.compose.channels import ALL_CHANNELS

    desk = get_desk(request)
    runner = runner_of(request)
    ws = desk.wf.workspace()
    runs = [(r, run_state(desk, runner, r)) for r in _reader(desk).runs(ident.name, RECENT)]
    return render(request, "compose.html", {
        "sources": ws.sources, "channels": ALL_CHANNELS, "audiences": ws.kit.audiences, "error": error,
        "form": form or {"source": "", "channels": [ALL_CHANNELS[0]], "audiences": [], "lang": "", "brief": ""},
        "runs": runs}, status=status)


@router.get("/compose")
def compose_form(request: Request, ident: Writer) -> HTMLResponse:
    return _compose_page(request, ident)


@router.post("/compose")
def compose_start(request: Request, ident: Writer, source: Annotated[str, Form()] = "",
                  channels: Annotated[list[str] | None, Form()] = None,
                  audiences: Annotated[list[str] | None, Form()] = None, lang: Annotated[str, Form()] = "",
                  brief: Annotated[str, Form()] = "") -> Response:
    """Check the form, store a run (one draft per channel and audience), execute it in the background."""
    from proofline.compose import ComposeError
    from proofline.compose.channels import ALL_CHANNELS
    from proofline.compose.settings import SettingsError

    desk = get_desk(request)
    t = Translator(language(request))
    ws = desk.wf.workspace()
    chosen, wanted = list(dict.fromkeys(channels or [])), list(dict.fromkeys(audiences or []))
    form = {"source": source, "channels": chosen, "audiences": wanted, "lang": lang, "brief": brief}
    problems = []
    if source not in {s.id for s in ws.sources}:
        problems.append(t("compose.err_source"))
    if not chosen:
        problems.append(t("compose.err_channels"))
    elif unknown := [c for c in chosen if c not in ALL_CHANNELS]:
        problems.append(t("compose.err_channel", names=", ".join(unknown)))
    if unknown := [a for a in wanted if a not in {a.id for a in ws.kit.audiences}]:
        problems.append(t("compose.err_audience", names=", ".join(unknown)))
    if lang not in ("", "fr", "en"):
        problems.append(t("compose.err_lang"))
    if problems:
        return _compose_page(request, ident, error=" ".join(problems), form=form, status=422)
    try:
        flow = _flow(desk)
        run_id = flow.start_derive(ident.name, [source], chosen, lang=lang or None,
                                   audiences=list(wanted) or [None], brief=brief.strip() or None)
    except (ComposeError, SettingsError, WorkflowError) as exc:
        return _compose_page(request, ident, error=_refusal(request, exc), form=form, status=422)
    runner_of(request).submit(flow, ident.name, run_id)
    return RedirectResponse(f"/compose/runs/{run_id}", status_code=303)


@router.get("/compose/runs/{run_id}")
def compose_run_page(request: Request, run_id: int, ident: Anyone, fragment: bool = False) -> HTMLResponse:
    """The run's items and progress; `?fragment=1` is the part htmx polls while the run goes on."""
    return _run_page(request, ident, run_id, fragment=fragment)


@router.post("/compose/runs/{run_id}/resume")
def compose_resume(request: Request, run_id: int, ident: Writer) -> Response:
    """Execute again what a stopped run has not done (its done items are left alone)."""
    from proofline.compose import ComposeError
    from proofline.compose.settings import SettingsError

    desk = get_desk(request)
    t = Translator(language(request))
    runner = runner_of(request)
    state = run_state(desk, runner, _reader(desk).run_view(run_id))
    if state == "done":
        return _run_page(request, ident, run_id, error=t("compose.err_finished"), status=409)
    if state in ("queued", "running"):
        return _run_page(request, ident, run_id, error=t("compose.err_running"), status=409)
    try:
        flow = _flow(desk)
    except (ComposeError, SettingsError) as exc:
        return _run_page(request, ident, run_id, error=_refusal(request, exc), status=422)
    runner.submit(flow, ident.name, run_id)
    return RedirectResponse(f"/compose/runs/{run_id}", status_code=303)

"""Load benchmark of the web desk: concurrent users browsing, and some checking, on SQLite.

    python bench/bench_web.py                    # print the figures
    python bench/bench_web.py --write            # also append them to bench/RESULTS.md
    python bench/bench_web.py --users 10 --iterations 3 --assets 10     # quick

What is measured, and why:
- the server runs as users run it: `proofline serve --demo` in a subprocess (--workers is passed
  on when given, else the server's default: one process), on a copy of the
  sample workspace with its own SQLite file, plus --assets assets created before the run (so
  lists and the dashboard are not trivially empty);
- --users simulated users, each with its own httpx.AsyncClient and its own logged-in session,
  all logged in before the clock starts; then together, each browses dashboard → asset list →
  asset page → history, --iterations times, reading each page for --think seconds (uniform
  0.5x-1.5x) before the next click. The time of each page is the client-side time of its request
  (what a user waits for, network stack included, loopback only). `--think 0` makes every user
  click again the instant a page arrives: a stress test of throughput, not a model of browsing;
- a share of the users (--check-share) also edits its own asset once per iteration and re-checks
  it (the checker runs in the request), timed separately: a check is not a page view;
- p50/p95/p99 per page kind (nearest rank), errors counted per kind. The target: p95 under
  200 ms for pages without a check, with 50 concurrent users.

Nothing is written into the repository unless --write is given.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests" / "e2e")]
from results import append_section  # noqa: E402
from served import free_port, start_serve, stop  # noqa: E402  (the browser tests start the server the same way)

REPO = HERE.parent
SAMPLE = REPO / "examples" / "sample-workspace"
if str(REPO / "src") not in sys.path:  # seeding uses the service layer in this process
    sys.path.insert(0, str(REPO / "src"))
PAGES = ("dashboard", "asset_list", "asset_page", "history")

# The web desk's routes (src/proofline/web/routes/).
LOGIN = "/login"
DASHBOARD = "/"
ASSET_LIST = "/assets"
ASSET_PAGE = "/assets/{id}"
HISTORY = "/assets/{id}/history"
EDIT = "/assets/{id}/edit"  # POST; its form is on the asset page
# Demo users seeded by `proofline serve --demo` (src/proofline/cli/serve.py): name -> password.
DEMO_USERS = {name: f"{name}-demo-2026" for name in ("writer", "expert", "approver", "admin")}
BROWSERS = ("writer", "expert", "approver", "admin")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile, as in bench_check.py."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


# --------------------------------------------------------------------------- HTML forms


def form_fields(html: str, *, containing: str | None = None, action: str | None = None) -> tuple[str, dict[str, str]]:
    """The action and the pre-filled fields (hidden inputs, values, textareas) of one form of a page.

    The form is the first whose action ends with `action`, or that contains a field named
    `containing`; reading the page's own form keeps the bench independent of how the CSRF token
    is named.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for form in soup.find_all("form"):
        target = str(form.get("action") or "")
        if action is not None and not target.rstrip("/").endswith(action.rstrip("/")):
            continue
        if containing is not None and form.select_one(f'[name="{containing}"]') is None:
            continue
        fields: dict[str, str] = {}
        for el in form.find_all(["input", "textarea", "select"]):
            name = el.get("name")
            if not name or (el.name == "input" and el.get("type") in ("submit", "button", "checkbox", "radio")):
                continue
            if el.name == "textarea":
                fields[str(name)] = el.get_text()
            elif el.name == "select":
                chosen = el.find("option", selected=True) or el.find("option")
                fields[str(name)] = str(chosen.get("value", chosen.get_text())) if chosen else ""
            else:
                fields[str(name)] = str(el.get("value") or "")
        return target, fields
    raise LookupError(f"no form (action={action!r}, containing={containing!r}) on the page")


def login_form(html: str) -> tuple[str, dict[str, str], str, str]:
    """(action, fields, user field name, password field name) of the login form."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    password = soup.find("input", attrs={"type": "password"})
    if password is None:
        raise LookupError("the login page has no password field")
    form = password.find_parent("form")
    user = next((el for el in form.find_all("input") if el.get("type", "text") in ("text", "email")), None) \
        if form else None
    if form is None or user is None:
        raise LookupError("the login page has no user field")
    action, fields = form_fields(str(form))
    return action or LOGIN, fields, str(user["name"]), str(password["name"])


# --------------------------------------------------------------------------- the run


@dataclass
class Timings:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_error: dict[str, str] = field(default_factory=dict)

    def record(self, kind: str, seconds: float, response: httpx.Response | None, problem: str = "") -> None:
        ok = response is not None and response.status_code < 400
        if ok:
            self.times[kind].append(seconds)
        else:
            self.errors[kind] += 1
            detail = problem or (f"HTTP {response.status_code} on {response.request.url}" if response else "no response")
            self.first_error.setdefault(kind, detail[:300])


async def timed_get(client: httpx.AsyncClient, kind: str, url: str, t: Timings) -> httpx.Response | None:
    began = time.perf_counter()
    try:
        response = await client.get(url)
    except httpx.HTTPError as exc:
        t.record(kind, 0.0, None, f"{type(exc).__name__}: {exc}")
        return None
    t.record(kind, time.perf_counter() - began, response)
    return response


async def log_in(client: httpx.AsyncClient, name: str) -> None:
    page = await client.get(LOGIN)
    page.raise_for_status()
    action, fields, user_field, password_field = login_form(page.text)
    fields[user_field], fields[password_field] = name, DEMO_USERS[name]
    done = await client.post(action, data=fields, follow_redirects=True)
    if done.status_code >= 400 or 'type="password"' in done.text:
        raise RuntimeError(f"login as {name} failed: HTTP {done.status_code}")


async def edit_and_check(client: httpx.AsyncClient, asset_id: int, round_: int, t: Timings) -> None:
    """Change one sentence of one's own asset through the asset page's edit form: the server re-checks it."""
    page = await client.get(ASSET_PAGE.format(id=asset_id))
    if page.status_code >= 400:
        t.record("check", 0.0, page)
        return
    try:
        action, fields = form_fields(page.text, action=EDIT.format(id=asset_id))
    except LookupError as exc:
        t.record("check", 0.0, None, str(exc))
        return
    fields["text"] = fields.get("text", "").rstrip("\n") + f"\n\nNote de version {round_ + 1}.\n"
    began = time.perf_counter()
    try:
        response = await client.post(action, data=fields)
    except httpx.HTTPError as exc:
        t.record("check", 0.0, None, f"{type(exc).__name__}: {exc}")
        return
    t.record("check", time.perf_counter() - began, response)


async def simulated_user(base: str, index: int, asset_ids: list[int], own_asset: int | None, iterations: int,
                         ready: asyncio.Barrier, t: Timings, seed: int, think: float) -> None:
    rnd = random.Random(seed + index)
    name = "writer" if own_asset is not None else BROWSERS[index % len(BROWSERS)]
    limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
    async with httpx.AsyncClient(base_url=base, timeout=60.0, limits=limits, trust_env=False) as client:
        try:
            await log_in(client, name)
        except BaseException:
            await ready.abort()
            raise
        await ready.wait()  # every user logs in first: the clock measures browsing, not a login storm

        async def read() -> None:  # a person reads a page before the next click
            if think > 0:
                await asyncio.sleep(rnd.uniform(0.5, 1.5) * think)

        await asyncio.sleep(rnd.uniform(0, think))  # people do not all click at the same instant
        for round_ in range(iterations):
            await timed_get(client, "dashboard", DASHBOARD, t)
            await read()
            await timed_get(client, "asset_list", ASSET_LIST, t)
            await read()
            asset = rnd.choice(asset_ids)
            await timed_get(client, "asset_page", ASSET_PAGE.format(id=asset), t)
            await read()
            await timed_get(client, "history", HISTORY.format(id=asset), t)
            await read()
            if own_asset is not None:
                await edit_and_check(client, own_asset, round_, t)
                await read()


async def run_users(base: str, asset_ids: list[int], own: list[int], users: int, iterations: int,
                    seed: int, think: float) -> tuple[Timings, float]:
    t = Timings()
    ready = asyncio.Barrier(users + 1)
    tasks = [asyncio.create_task(simulated_user(base, i, asset_ids, own[i] if i < len(own) else None, iterations,
                                                ready, t, seed, think)) for i in range(users)]
    try:
        await ready.wait()
    except asyncio.BrokenBarrierError:
        await asyncio.gather(*tasks, return_exceptions=True)
        failed = next(task.exception() for task in tasks if task.done() and task.exception() is not None
                      and not isinstance(task.exception(), asyncio.BrokenBarrierError))
        raise RuntimeError(f"a simulated user could not log in: {failed}") from failed
    began = time.perf_counter()
    await asyncio.gather(*tasks)
    return t, time.perf_counter() - began


def seed_assets(root: Path, n: int, writer: str) -> list[int]:
    """N more assets written by `writer`, from the sample drafts; returns their ids."""
    from proofline.store.db import open_database
    from proofline.workflow.services import Workflow

    flow = Workflow(open_database(root), root)  # the real clock, as the server's
    drafts = sorted((root / "cases").glob("*.md"))
    kinds = {"linkedin": "linkedin", "email": "email", "landing": "landing", "onepager": "one_pager"}
    made = []
    for i in range(n):
        draft = drafts[i % len(drafts)]
        kind = kinds.get(draft.stem.split("-")[0], "other")
        made.append(flow.create_asset(writer, title=f"Bench {i + 1:03d} {draft.stem}", kind=kind,
                                      text=draft.read_text("utf-8")).id)
    return made


def all_asset_ids(root: Path) -> list[int]:
    from proofline.store.db import open_database
    from proofline.workflow.services import Workflow

    return [a.id for a in Workflow(open_database(root), root).assets()]


def render(t: Timings, wall: float, args: argparse.Namespace, n_assets: int, checkers: int) -> str:
    workers = f"--workers {args.workers}" if args.workers else "its default of one worker process"
    lines = [f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, shared with "
             f"the load client; `proofline serve` with {workers} on SQLite; {args.users} concurrent users ({checkers} of them also "
             f"edit and re-check), {args.iterations} iterations each, think time {args.think:g} s "
             f"(uniform {args.think * 0.5:g}-{args.think * 1.5:g} s between requests), {n_assets} assets; "
             f"{wall:.1f} s of load.", "",
             "| page | requests | errors | p50 ms | p95 ms | p99 ms | max ms |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    browsing: list[float] = []
    for kind in (*PAGES, "check"):
        values = t.times.get(kind, [])
        if kind != "check":
            browsing += values
        lines.append(_row(kind, values, t.errors.get(kind, 0)))
    lines.insert(len(lines) - 1, _row("**all pages without a check**", browsing,
                                      sum(t.errors.get(k, 0) for k in PAGES)))
    total = sum(len(v) for v in t.times.values())
    lines += ["", f"Throughput: {total / wall:.0f} requests/s over the run." if wall > 0 else ""]
    if browsing:
        p95 = percentile(browsing, 95) * 1000
        verdict = "meets" if p95 < 200 else "misses"
        lines.append(f"p95 of pages without a check: {p95:.0f} ms, which {verdict} the 200 ms target.")
    if t.first_error:
        lines += ["", "First error per kind:"]
        lines += [f"- {kind}: {msg}" for kind, msg in sorted(t.first_error.items())]
    return "\n".join(lines) + "\n"


def _row(kind: str, values: list[float], errors: int) -> str:
    if not values:
        return f"| {kind} | 0 | {errors} | n/a | n/a | n/a | n/a |"
    ms = [v * 1000 for v in values]
    return (f"| {kind} | {len(ms)} | {errors} | {percentile(ms, 50):.0f} | {percentile(ms, 95):.0f} "
            f"| {percentile(ms, 99):.0f} | {max(ms):.0f} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=50, help="concurrent simulated users")
    ap.add_argument("--iterations", type=int, default=10, help="browsing rounds per user")
    ap.add_argument("--assets", type=int, default=40, help="assets created on top of the demo data")
    ap.add_argument("--check-share", type=float, default=0.2,
                    help="share of users who also edit and re-check their own asset every round")
    ap.add_argument("--think", type=float, default=1.0,
                    help="mean seconds a user reads a page before the next request (uniform 0.5x-1.5x); "
                         "0 = every user clicks again at once (a stress test, not browsing)")
    ap.add_argument("--workers", type=int, default=None,
                    help="server processes (`proofline serve --workers N`); default: the server's own default")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", action="store_true", help="keep the temporary workspace and server log")
    ap.add_argument("--write", action="store_true", help="append a dated section to bench/RESULTS.md")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="proofline-bench-web-"))
    root = tmp / "ws"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".proofline"))
    log = tmp / "server.log"
    port = free_port()
    proc = start_serve(root, port, log, *(["--workers", str(args.workers)] if args.workers else []))
    try:
        checkers = round(args.users * args.check_share)
        print(f"seeding {args.assets + checkers} assets...", file=sys.stderr)
        seed_assets(root, args.assets, "writer")
        own = seed_assets(root, checkers, "writer")
        all_ids = all_asset_ids(root)
        print(f"{args.users} users, {args.iterations} iterations, {len(all_ids)} assets...", file=sys.stderr)
        t, wall = asyncio.run(run_users(f"http://127.0.0.1:{port}", all_ids, own, args.users, args.iterations,
                                        args.seed, args.think))
    finally:
        stop(proc)
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    text = render(t, wall, args, len(all_ids), len(own))
    print(text)
    if args.write:
        append_section("Web desk under load", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

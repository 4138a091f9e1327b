"""The review desk on PostgreSQL, as a team uses it: the pages, the API, two approvers at once, the audit, fresh pages.

The other desk tests run on SQLite; these run the same app (`pg_app`: one fresh PostgreSQL
database for this module, dropped after it). Each test adds its own users and assets, so none
depends on another's order. The race between approvers runs on both backends, over real HTTP on
loopback (uvicorn in a thread, with the app's own lifespan and thread pool), as `proofline serve`
answers it.
"""

from __future__ import annotations

import html
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from click.testing import CliRunner
from fastapi import FastAPI

from conftest import PASSWORDS, client, csrf_of, login
from proofline.cli import cli
from proofline.store.db import open_database
from proofline.web.i18n import Translator
from proofline.workflow.services import Workflow

T = Translator("fr")  # the desk speaks French unless asked otherwise
DRAFT = "cases/linkedin-fr-etude.md"  # sample drafts with four blocking claims each
API_DRAFT = "cases/email-fr-offre.md"
CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"
NOW = "2026-11-22T09:00:00Z"  # the desk's clock (conftest), for the CLI runs on the same database


# ---------------------------------------------------------------------------- what a user does and sees


def text_of(page: httpx.Response) -> str:
    return html.unescape(page.text)


def shows_state(page: str, state: str) -> bool:
    """The asset's state badge, as the page shows it (not merely the word somewhere in a message)."""
    return re.search(rf'st-{state}"[^>]*>\s*{re.escape(T("state." + state))}\s*<', page) is not None


def sign_in(c: httpx.Client, name: str, password: str) -> str:
    """Log `c` in through the login form, as a browser does; returns its session's CSRF token."""
    r = c.post("/login", data={"username": name, "password": password, "csrf_token": csrf_of(c.get("/login").text)})
    assert r.status_code == 303, r.text
    return csrf_of(c.get("/account").text)


def add_user(app: FastAPI, name: str, roles: list[str], password: str) -> None:
    """The admin adds a user, with a password, on the Users page."""
    root, csrf = login(app, "root")
    r = root.post("/admin/users", data={"csrf_token": csrf, "name": name, "display_name": name.title(),
                                        "roles": roles, "password": password})
    assert r.status_code == 303 and r.headers["location"] == "/admin/users?ok=user_added", r.text


def new_token(c: httpx.Client, csrf: str, label: str) -> dict[str, str]:
    """An API token made on the Account page (shown once), as the header a CI job sends."""
    page = c.post("/account/tokens", data={"name": label, "csrf_token": csrf})
    found = re.search(r'id="new-token">([^<]+)<', page.text)
    assert page.status_code == 200 and found, page.text
    return {"Authorization": f"Bearer {found.group(1)}"}


def revision_in(page: str, asset_id: int, action: str) -> str:
    """The revision the page's `action` button sends: the one the user is looking at."""
    found = re.search(rf'action="/assets/{asset_id}/{action}".*?name="revision" value="(\d+)"', page, re.S)
    assert found, f"the page offers no {action} button"
    return found.group(1)


def blocking(app: FastAPI, asset_id: int) -> dict[str, int]:
    """verdict → id of the claims that still block the latest version."""
    check = app.state.desk.wf.current_check(asset_id)
    return {c.verdict: c.id for c in check.claims if c.still_blocks}


def actions_in(history_page: str) -> list[tuple[str, str]]:
    """(actor, action) of each row of an asset's history page, oldest first."""
    return re.findall(r"<td>([^<]*)</td><td>((?:asset|claim)\.[a-z_]+)</td>", history_page)


def in_order(seen: list[str], wanted: list[str]) -> bool:
    rest = iter(seen)
    return all(any(x == w for x in rest) for w in wanted)


def run_cli(app: FastAPI, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    """`proofline <args>` on the desk's workspace and database, as an operator runs it beside the desk."""
    desk = app.state.desk
    monkeypatch.setenv("PROOFLINE_DATABASE_URL", desk.db.url)
    monkeypatch.setenv("PROOFLINE_NOW", NOW)
    monkeypatch.delenv("PROOFLINE_USER", raising=False)
    result = CliRunner().invoke(cli, [*args, "--workspace", str(desk.wf.root)], catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)
    return result.output


def chain_verified(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """`proofline audit verify` finds the chain intact, as long as every write the desk counted."""
    out = run_cli(app, monkeypatch, "audit", "verify")
    assert "chain verified" in out and f" {app.state.desk.wf.data_version()} entries" in out, out


# ---------------------------------------------------------------------------- (a) the pages


def test_the_whole_journey_through_the_pages(pg_app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    app, desk = pg_app, pg_app.state.desk
    title = "Étude terrain (PostgreSQL)"
    # a writer who is also an approver: only the four-eyes rule keeps him from approving his own text
    add_user(app, "walt", ["writer", "approver"], "walt-password-1")
    walt = client(app)
    wc = sign_in(walt, "walt", "walt-password-1")

    text = (desk.wf.root / DRAFT).read_text("utf-8")
    r = walt.post("/assets/new", data={"csrf_token": wc, "title": title, "kind": "linkedin", "text": text})
    assert r.status_code == 303
    made = re.fullmatch(r"/assets/(\d+)\?ok=created", r.headers["location"])
    assert made, r.headers["location"]
    aid = int(made.group(1))
    page = text_of(walt.get(r.headers["location"]))
    assert T("ok.created") in page and shows_state(page, "draft") and title in page
    ids = blocking(app, aid)
    assert set(ids) == {"forbidden", "insufficient_proof", "expired", "contradicted"}

    # the writer asks an expert about the two figures
    for verdict in ("expired", "contradicted"):
        assert f'action="/claims/{ids[verdict]}/expert"' in page
        r = walt.post(f"/claims/{ids[verdict]}/expert", data={"csrf_token": wc, "asset_id": str(aid),
                                                               "reason": "Chiffre re-mesuré en 2026"})
        assert r.status_code == 303 and "ok=expert_requested" in r.headers["location"]
    assert T("ok.expert_requested") in text_of(walt.get(r.headers["location"]))

    # the expert sees both in her queue and validates them
    eve, ec = login(app, "eve")
    dashboard = eve.get("/").text
    assert f"/expert#claim-{ids['expired']}" in dashboard and f"/expert#claim-{ids['contradicted']}" in dashboard
    queue = eve.get("/expert")
    assert queue.status_code == 200 and title in text_of(queue)
    refused = eve.post(f"/claims/{ids['contradicted']}/validate", data={"csrf_token": ec, "reason": "Alertes 2026"})
    assert refused.status_code == 422 and "--override" in text_of(refused)  # a valid study says otherwise
    r = eve.post(f"/claims/{ids['expired']}/validate", data={"csrf_token": ec, "reason": "Re-mesuré en 2026",
                                                             "valid_until": "2027-06-30", "override": "yes"})
    assert r.status_code == 303 and r.headers["location"] == "/expert?ok=validated"
    r = eve.post(f"/claims/{ids['contradicted']}/validate", data={"csrf_token": ec, "reason": "Alertes 2026",
                                                                  "override": "yes"})
    assert r.status_code == 303
    after = text_of(eve.get(r.headers["location"]))
    assert T("ok.validated") in after and T("expert.empty") in after
    # an override blocks until an approver confirms it, from the asset page
    assert set(blocking(app, aid)) == {"forbidden", "insufficient_proof", "expired", "contradicted"}
    alex, ac = login(app, "alex")
    page = alex.get(f"/assets/{aid}").text
    for verdict in ("expired", "contradicted"):
        assert f'action="/claims/{ids[verdict]}/confirm"' in page
        r = alex.post(f"/claims/{ids[verdict]}/confirm", data={"csrf_token": ac, "asset_id": str(aid)})
        assert r.status_code == 303 and "ok=confirmed" in r.headers["location"]

    # the writer removes the two claims nobody can back, then submits
    for verdict in ("forbidden", "insufficient_proof"):
        r = walt.post(f"/claims/{blocking(app, aid)[verdict]}/remove", data={"csrf_token": wc, "asset_id": str(aid)})
        assert r.status_code == 303 and "ok=removed" in r.headers["location"]
    assert blocking(app, aid) == {}
    page = walt.get(f"/assets/{aid}").text
    r = walt.post(f"/assets/{aid}/submit", data={"csrf_token": wc, "revision": revision_in(page, aid, "submit")})
    assert r.status_code == 303 and r.headers["location"] == f"/assets/{aid}?ok=submitted"

    # four-eyes: the author cannot approve, even with the approver role; a plain writer is not offered it
    page = walt.get(f"/assets/{aid}").text
    refused = walt.post(f"/assets/{aid}/approve", data={"csrf_token": wc, "revision": revision_in(page, aid, "approve")})
    assert refused.status_code == 403
    assert T("msg.refused") in text_of(refused) and shows_state(text_of(refused), "in_review")
    wendy, wendy_csrf = login(app, "wendy")
    assert wendy.post(f"/assets/{aid}/approve", data={"csrf_token": wendy_csrf}).status_code == 403

    # the approver finds it in his queue and approves
    assert f'href="/assets/{aid}"' in alex.get("/").text
    page = alex.get(f"/assets/{aid}").text
    r = alex.post(f"/assets/{aid}/approve", data={"csrf_token": ac, "revision": revision_in(page, aid, "approve")})
    assert r.status_code == 303 and r.headers["location"] == f"/assets/{aid}?ok=approved"
    page = text_of(alex.get(r.headers["location"]))
    assert T("ok.approved") in page and shows_state(page, "approved")

    # four-eyes to the end: the writer cannot publish his own text; the approver does
    page = walt.get(f"/assets/{aid}").text
    refused = walt.post(f"/assets/{aid}/publish", data={"csrf_token": wc,
                                                        "revision": revision_in(page, aid, "publish")})
    assert refused.status_code == 403 and "règle des quatre yeux" in text_of(refused)
    page = alex.get(f"/assets/{aid}").text
    r = alex.post(f"/assets/{aid}/publish", data={"csrf_token": ac, "revision": revision_in(page, aid, "publish")})
    assert r.status_code == 303 and r.headers["location"] == f"/assets/{aid}?ok=published"
    page = text_of(walt.get(r.headers["location"]))
    assert T("ok.published") in page and shows_state(page, "published")
    assert f"/assets/{aid}/download/proof.md" in page
    pack = walt.get(f"/assets/{aid}/download/proof.md")
    assert pack.status_code == 200 and "attachment" in pack.headers["content-disposition"]
    assert "Proof pack" in pack.text
    proof = walt.get(f"/assets/{aid}/download/proof.json").json()
    assert proof["approved_by"] == "alex" and len(proof["removed_claims"]) == 2
    assert sum("expert_validation" in c for c in proof["claims"]) == 2
    final = walt.get(f"/assets/{aid}/download/text")
    assert final.status_code == 200 and "révolutionnaire" not in final.text

    # the dashboard lists the publication; the history tells the whole story, in order
    assert f"#{aid} {title}" in text_of(walt.get("/"))
    history = walt.get(f"/assets/{aid}/history")
    assert history.status_code == 200
    rows = actions_in(history.text)
    assert in_order([a for _, a in rows], ["asset.create", "claim.expert_requested", "claim.override",
                                           "claim.override_confirmed", "claim.removed", "asset.submit",
                                           "asset.approve", "asset.publish"]), rows
    assert ("eve", "claim.override") in rows and ("alex", "asset.approve") in rows
    assert [who for who, a in rows if a == "asset.approve"] == ["alex"]  # the refused attempt left no trace

    # (d) and the CLI, on the same PostgreSQL database, finds the audit chain intact
    chain_verified(app, monkeypatch)


# ---------------------------------------------------------------------------- (b) the API


def test_the_whole_journey_through_the_api(pg_app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    app, desk = pg_app, pg_app.state.desk
    bearer = {}
    for name in ("wendy", "eve", "alex"):
        c, csrf = login(app, name)
        bearer[name] = new_token(c, csrf, "ci-journey")
    wendy, eve, alex = bearer["wendy"], bearer["eve"], bearer["alex"]
    api = client(app)
    assert api.get("/api/me", headers=alex).json()["roles"] == ["approver"]

    # another sample draft than the pages' journey: expert validations hold for every asset with the same claim
    text = (desk.wf.root / API_DRAFT).read_text("utf-8")
    r = api.post("/api/assets", json={"title": "Offre (API)", "kind": "email", "text": text}, headers=wendy)
    assert r.status_code == 201 and r.json()["check"]["blocking"] == 4
    aid = r.json()["asset"]["id"]

    def still_blocking() -> list[dict[str, Any]]:
        return [c for c in api.get(f"/api/assets/{aid}", headers=wendy).json()["check"]["claims"] if c["blocking"]]

    asked = [next(c["id"] for c in still_blocking() if c["verdict"] == v) for v in ("expired", "contradicted")]
    for claim in asked:
        assert api.post(f"/api/claims/{claim}/expert", json={"reason": "measured"}, headers=wendy).status_code == 202
    queue = api.get("/api/queue", headers=eve).json()
    assert {q["claim_id"] for q in queue if q["task"] == "validate"} == set(asked)
    refused = api.post(f"/api/claims/{asked[1]}/validate", json={"reason": "Contract checked"}, headers=eve)
    assert refused.status_code == 422 and refused.json()["key"] == "validate.needs_override"
    r = api.post(f"/api/claims/{asked[0]}/validate", json={"reason": "Re-measured in 2026", "override": True,
                                                           "valid_until": "2027-06-30"}, headers=eve)
    assert r.status_code == 200 and r.json()["valid_until"] == "2027-06-30" and r.json()["status"] == "pending"
    assert api.post(f"/api/claims/{asked[1]}/validate", json={"reason": "Contract checked", "override": True},
                    headers=eve).status_code == 200
    assert len(still_blocking()) == 4  # overrides block until confirmed
    for claim in asked:
        r = api.post(f"/api/claims/{claim}/confirm", json={}, headers=alex)
        assert r.status_code == 200 and r.json()["confirmed_by"], r.text
    assert len(still_blocking()) == 2
    for _ in range(2):  # each removal makes a new version, with new claim ids: read them again
        assert api.post(f"/api/claims/{still_blocking()[0]['id']}/remove", json={}, headers=wendy).status_code == 200
    assert still_blocking() == []
    # the e-mail channel's subject limit (60 characters) blocks too: shorten the subject
    gate = api.get(f"/api/assets/{aid}", headers=wendy).json()["check"]["gate"]
    assert [(b["kind"], b["rule"]) for b in gate] == [("finding", "channel.subject_max_chars")]
    body = api.get(f"/api/assets/{aid}/text", headers=wendy).json()["text"]
    _subject, rest = body.split("\n", 1)
    assert api.post(f"/api/assets/{aid}/edit", json={"text": "Objet : Sentinair, nos tarifs 2026\n" + rest,
                                                        "base_version": api.get(f"/api/assets/{aid}", headers=wendy)
                                                        .json()["asset"]["version"]},
                    headers=wendy).status_code == 200
    assert api.get(f"/api/assets/{aid}", headers=wendy).json()["check"]["gate"] == []

    revision = api.get(f"/api/assets/{aid}", headers=wendy).json()["asset"]["revision"]
    submitted = api.post(f"/api/assets/{aid}/submit", json={"expected_revision": revision}, headers=wendy)
    assert submitted.status_code == 200 and submitted.json()["state"] == "in_review"
    assert api.post(f"/api/assets/{aid}/approve", json={}, headers=wendy).status_code == 403  # a writer only
    stale = api.post(f"/api/assets/{aid}/approve", json={"expected_revision": revision}, headers=alex)
    assert stale.status_code == 409 and stale.json()["error"] == "ConflictError"  # he looked before the submit
    r = api.post(f"/api/assets/{aid}/approve", json={"expected_revision": submitted.json()["revision"]},
                 headers=alex)
    assert r.status_code == 200 and r.json()["state"] == "approved"
    refused = api.post(f"/api/assets/{aid}/publish", json={}, headers=wendy)
    assert refused.status_code == 403 and refused.json()["key"] == "publish.four_eyes"
    r = api.post(f"/api/assets/{aid}/publish", json={}, headers=alex)
    assert r.status_code == 200 and r.json()["proof"]["approved_by"] == "alex"

    proof = api.get(f"/api/assets/{aid}/proof", headers=wendy).json()
    assert sum("expert_validation" in c for c in proof["claims"]) == 2 and len(proof["removed_claims"]) == 2
    published = api.get(f"/api/assets/{aid}/published", headers=wendy).json()
    assert published["version"] == proof["version"] and published["text"] == api.get(
        f"/api/assets/{aid}/text", headers=wendy).json()["text"]
    history = [e["action"] for e in api.get(f"/api/assets/{aid}/history", headers=wendy).json()]
    assert in_order(history, ["asset.create", "claim.override", "claim.override_confirmed", "asset.submit",
                              "asset.approve", "asset.publish"])
    assert history[-1] == "asset.publish"
    assert api.get("/api/kpi", headers=alex).json()["compliance_alerts"]["total"] >= 4
    # what the API wrote, the pages show at once
    w, _ = login(app, "wendy")
    assert shows_state(text_of(w.get(f"/assets/{aid}")), "published")
    chain_verified(app, monkeypatch)


# ---------------------------------------------------------------------------- (c) two approvers at once


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """The app behind a real uvicorn server on a free loopback port, in a thread of this process."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", ws="none", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


def race(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    """Send the requests at the same instant, one thread each; what each got back."""
    barrier = threading.Barrier(len(calls), timeout=60)
    results: list[httpx.Response | BaseException | None] = [None] * len(calls)

    def go(i: int) -> None:
        try:
            barrier.wait()
            results[i] = calls[i]()
        except BaseException as exc:  # reported below, in the test's thread
            results[i] = exc

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    out = []
    for r in results:
        assert isinstance(r, httpx.Response), f"a request did not complete: {r!r}"
        out.append(r)
    return out


@pytest.fixture(params=["sqlite", "postgresql"])
def either_app(request: pytest.FixtureRequest) -> FastAPI:
    """The desk on SQLite (a fresh one) or on this module's PostgreSQL database."""
    found = request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")
    assert isinstance(found, FastAPI)
    return found


def test_two_approvers_at_once_exactly_one_wins(either_app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    app, wf = either_app, either_app.state.desk.wf
    add_user(app, "alice", ["approver"], "alice-password-1")
    passwords = {"alex": PASSWORDS["alex"], "alice": "alice-password-1"}
    on_page = wf.create_asset("wendy", title="Course à l'approbation", kind="email", text=CLEAN).id
    wf.submit("wendy", on_page)
    on_api = wf.create_asset("wendy", title="Course par l'API", kind="email", text=CLEAN).id
    wf.submit("wendy", on_api)

    with served(app) as base:
        users = {n: httpx.Client(base_url=base, follow_redirects=False, trust_env=False, timeout=60)
                 for n in passwords}
        try:
            csrf = {n: sign_in(c, n, passwords[n]) for n, c in users.items()}
            # both open the asset page: the same revision in their approve buttons
            seen = {n: revision_in(c.get(f"/assets/{on_page}").text, on_page, "approve") for n, c in users.items()}
            assert seen["alex"] == seen["alice"]
            names = list(users)

            def approve_on_page(n: str) -> Callable[[], httpx.Response]:
                return lambda: users[n].post(f"/assets/{on_page}/approve",
                                             data={"csrf_token": csrf[n], "revision": seen[n]})

            results = race([approve_on_page(n) for n in names])
            codes = [r.status_code for r in results]
            assert sorted(codes) == [303, 409], [(r.status_code, r.text[:500]) for r in results]
            winner, loser = names[codes.index(303)], results[codes.index(409)]
            assert results[codes.index(303)].headers["location"] == f"/assets/{on_page}?ok=approved"
            assert T("msg.refused") in text_of(loser)  # the conflict, on the asset page
            for c in users.values():
                assert shows_state(text_of(c.get(f"/assets/{on_page}")), "approved")
            history = actions_in(users["alex"].get(f"/assets/{on_page}/history").text)
            assert [who for who, a in history if a == "asset.approve"] == [winner]

            # the same race through the API, with tokens: one 200, one 409 ConflictError
            bearer = {n: new_token(c, csrf[n], "race") for n, c in users.items()}
            revision = users["alex"].get(f"/api/assets/{on_api}", headers=bearer["alex"]).json()["asset"]["revision"]

            def approve_by_api(n: str) -> Callable[[], httpx.Response]:
                return lambda: users[n].post(f"/api/assets/{on_api}/approve", json={"expected_revision": revision},
                                             headers=bearer[n])

            results = race([approve_by_api(n) for n in names])
            codes = [r.status_code for r in results]
            assert sorted(codes) == [200, 409], [(r.status_code, r.text[:500]) for r in results]
            assert results[codes.index(409)].json()["error"] == "ConflictError"
            assert results[codes.index(200)].json()["state"] == "approved"
            approvals = [e for e in users["alice"].get(f"/api/assets/{on_api}/history", headers=bearer["alice"]).json()
                         if e["action"] == "asset.approve"]
            assert [e["actor"] for e in approvals] == [names[codes.index(200)]]
        finally:
            for c in users.values():
                c.close()
    chain_verified(app, monkeypatch)


# ---------------------------------------------------------------------------- (e) fresh pages across processes


def test_a_write_by_another_process_shows_on_the_next_view(pg_app: FastAPI,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    app, desk = pg_app, pg_app.state.desk
    title = "Brouillon venu d'ailleurs"
    wendy, _ = login(app, "wendy")
    alex, _ = login(app, "alex")
    assert title not in text_of(wendy.get("/assets"))
    assert title not in text_of(wendy.get("/")) and title not in text_of(alex.get("/"))  # now cached

    # another service with its own engine (its own connections), as another worker or a script
    other = Workflow(open_database(desk.wf.root, url=desk.db.url), desk.wf.root, clock=desk.wf.clock)
    try:
        made = other.create_asset("wendy", title=title, kind="linkedin",
                                  text="Notre capteur détecte 98 % des fuites en moins de 10 minutes.")
    finally:
        other.db.dispose()
    assert title in text_of(wendy.get("/assets"))
    mine = text_of(wendy.get("/"))
    assert title in mine and T("task.submit") in mine  # her queue: a draft to submit

    # the CLI submits it: the approver's dashboard shows it to review on his next view
    assert "submitted for review" in run_cli(app, monkeypatch, "asset", "submit", str(made.id), "--as", "wendy")
    his = text_of(alex.get("/"))
    assert title in his and T("task.review") in his
    page = text_of(alex.get(f"/assets/{made.id}"))
    assert shows_state(page, "in_review")
    chain_verified(app, monkeypatch)

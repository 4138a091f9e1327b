"""Every route of the app, for every role: anonymous, writer, expert, approver, admin.

The table below is written independently of the app's own declarations; a route added to the
app without a line here fails the test, so nobody ships a route whose access was never decided.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from conftest import ROLE_USER, client, login
from proofline.compose.providers.offline import OfflineProvider
from proofline.web import auth
from proofline.workflow.compose_runs import ComposeFlow

ROLES = ("writer", "expert", "approver", "admin")
ANYONE = frozenset(ROLES)
W, R, P, E, S, A = ({"writer", "admin"}, {"approver"}, {"writer", "approver", "admin"}, {"expert"},
                    {"expert", "admin"}, {"admin"})
C = {"approver", "admin"}  # confirm an expert's override, withdraw a publication
PUBLIC = None

EXPECTED: dict[tuple[str, str], frozenset[str] | None] = {
    ("GET", "/openapi.json"): PUBLIC, ("GET", "/login"): PUBLIC, ("POST", "/login"): PUBLIC,
    ("GET", "/lang/{code}"): PUBLIC,
    ("POST", "/logout"): ANYONE, ("GET", "/"): ANYONE, ("GET", "/account"): ANYONE,
    ("POST", "/account/tokens"): ANYONE, ("POST", "/account/tokens/{token_id}/revoke"): ANYONE,
    ("POST", "/account/password"): ANYONE,
    ("GET", "/admin/users"): frozenset(A), ("POST", "/admin/users"): frozenset(A),
    ("POST", "/admin/users/{name}/password"): frozenset(A),
    ("GET", "/compose"): frozenset(W), ("POST", "/compose"): frozenset(W),
    ("GET", "/compose/runs/{run_id}"): ANYONE, ("POST", "/compose/runs/{run_id}/resume"): frozenset(W),
    ("GET", "/assets"): ANYONE, ("GET", "/assets/new"): frozenset(W), ("POST", "/assets/new"): frozenset(W),
    ("GET", "/assets/{asset_id}"): ANYONE, ("POST", "/assets/{asset_id}/edit"): frozenset(W),
    ("POST", "/assets/{asset_id}/check"): ANYONE, ("POST", "/assets/{asset_id}/submit"): frozenset(W),
    ("POST", "/assets/{asset_id}/approve"): frozenset(R),
    ("POST", "/assets/{asset_id}/request-changes"): frozenset(R),
    ("POST", "/assets/{asset_id}/publish"): frozenset(P), ("POST", "/assets/{asset_id}/archive"): frozenset(P),
    ("POST", "/assets/{asset_id}/feedback"): ANYONE, ("GET", "/assets/{asset_id}/history"): ANYONE,
    ("GET", "/assets/{asset_id}/diff"): ANYONE, ("GET", "/assets/{asset_id}/download/text"): ANYONE,
    ("GET", "/assets/{asset_id}/download/proof.{ext}"): ANYONE,
    ("POST", "/claims/{claim_id}/remove"): frozenset(W), ("POST", "/claims/{claim_id}/cite"): frozenset(W),
    ("POST", "/claims/{claim_id}/expert"): frozenset(W), ("GET", "/expert"): frozenset(E),
    ("POST", "/claims/{claim_id}/validate"): frozenset(E), ("POST", "/claims/{claim_id}/reject"): frozenset(E),
    ("GET", "/sources"): ANYONE, ("POST", "/sources"): frozenset(S), ("GET", "/sources/{source_id}"): ANYONE,
    ("GET", "/kit"): ANYONE, ("POST", "/kit"): frozenset(A), ("GET", "/kit/versions/{sha}"): ANYONE,
    ("GET", "/api/me"): ANYONE, ("GET", "/api/assets"): ANYONE, ("POST", "/api/assets"): frozenset(W),
    ("GET", "/api/assets/{asset_id}"): ANYONE, ("GET", "/api/assets/{asset_id}/text"): ANYONE,
    ("POST", "/api/assets/{asset_id}/edit"): frozenset(W), ("POST", "/api/assets/{asset_id}/check"): ANYONE,
    ("POST", "/api/assets/{asset_id}/submit"): frozenset(W),
    ("POST", "/api/assets/{asset_id}/request-changes"): frozenset(R),
    ("POST", "/api/assets/{asset_id}/approve"): frozenset(R),
    ("POST", "/api/assets/{asset_id}/publish"): frozenset(P),
    ("POST", "/api/assets/{asset_id}/archive"): frozenset(P),
    ("POST", "/api/assets/{asset_id}/feedback"): ANYONE, ("GET", "/api/assets/{asset_id}/history"): ANYONE,
    ("GET", "/api/assets/{asset_id}/report"): ANYONE, ("GET", "/api/assets/{asset_id}/proof"): ANYONE, ("GET", "/api/assets/{asset_id}/published"): ANYONE,
    ("POST", "/api/claims/{claim_id}/remove"): frozenset(W), ("POST", "/api/claims/{claim_id}/cite"): frozenset(W),
    ("POST", "/api/claims/{claim_id}/expert"): frozenset(W),
    ("POST", "/api/claims/{claim_id}/validate"): frozenset(E),
    ("POST", "/api/claims/{claim_id}/reject"): frozenset(E),
    ("GET", "/api/queue"): ANYONE, ("GET", "/api/kpi"): ANYONE, ("GET", "/api/sources"): ANYONE,
    ("POST", "/assets/{asset_id}/correct"): frozenset(W), ("POST", "/assets/{asset_id}/withdraw"): frozenset(C),
    ("POST", "/claims/{claim_id}/confirm"): frozenset(C),
    ("POST", "/api/assets/{asset_id}/correct"): frozenset(W),
    ("POST", "/api/assets/{asset_id}/withdraw"): frozenset(C),
    ("POST", "/api/claims/{claim_id}/confirm"): frozenset(C),
}


def _routes(app: FastAPI) -> list[tuple[str, str]]:
    out = []
    for r in app.routes:
        if isinstance(r, APIRoute) or hasattr(r, "methods"):
            for m in sorted(getattr(r, "methods", None) or []):
                if m != "HEAD":
                    out.append((m, r.path))  # type: ignore[attr-defined]
    return out


def _url(path: str, ids: dict[str, str]) -> str:
    for k, v in ids.items():
        path = path.replace("{" + k + "}", v)
    return path


def _call(c: TestClient, method: str, url: str, csrf: str | None, bearer: str | None) -> int:
    headers = {"Authorization": f"Bearer {bearer}"} if bearer and url.startswith("/api") else {}
    if method == "GET":
        return c.get(url, headers=headers).status_code
    if url.startswith("/api"):
        return c.post(url, json={}, headers=headers).status_code
    return c.post(url, data={"csrf_token": csrf or ""}, headers=headers).status_code


def test_every_route_is_in_the_table(app: FastAPI) -> None:
    assert set(_routes(app)) == set(EXPECTED)


def test_authorization_matrix(app: FastAPI, workspace) -> None:  # type: ignore[no-untyped-def]
    wf = app.state.desk.wf
    text = (workspace / "cases" / "linkedin-fr-etude.md").read_text("utf-8")
    asset = wf.create_asset("wendy", title="Matrix", kind="linkedin", text=text)
    claim = wf.current_check(asset.id).blocking[0]
    run = ComposeFlow(wf, OfflineProvider()).start_derive("wendy", ["etude-terrain-2025"], ["linkedin"])
    ids = {"asset_id": str(asset.id), "claim_id": str(claim.id), "token_id": "999", "name": "wendy",
           "run_id": str(run), "source_id": "tarifs-2026", "sha": "0" * 64, "code": "en", "ext": "md"}
    # logout last: it ends the session the other calls use
    order = sorted(EXPECTED, key=lambda k: (k[1] == "/logout", k))
    anon = client(app)
    for method, path in order:
        allowed = EXPECTED[(method, path)]
        if allowed is PUBLIC:
            continue
        status = _call(anon, method, _url(path, ids), None, None)
        if path.startswith("/api"):
            assert status == 401, (method, path, status)
        else:
            assert status == 303, (method, path, status)
    for role in ROLES:
        user = ROLE_USER[role]
        c, csrf = login(app, user)
        bearer = auth.create_api_token(app.state.desk.db, user, "matrix", now=wf.now())
        for method, path in order:
            allowed = EXPECTED[(method, path)]
            if allowed is PUBLIC:
                continue
            status = _call(c, method, _url(path, ids), csrf, bearer)
            if role in allowed:
                assert status not in (401, 403), (role, method, path, status)
                if method == "GET" and "download" not in path and "/kit/versions" not in path \
                        and not path.endswith(("/proof", "/published")):
                    assert status == 200, (role, method, path, status)
            else:
                assert status == 403, (role, method, path, status)


def test_public_routes(app: FastAPI) -> None:
    anon = client(app)
    assert anon.get("/login").status_code == 200
    assert anon.get("/openapi.json").status_code == 200
    r = anon.get("/lang/en?next=/login")
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert anon.get("/static/desk.css").status_code == 200

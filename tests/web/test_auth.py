"""Login, logout, wrong passwords, throttling, CSRF, API tokens: what a browser or a CI job sees."""

from __future__ import annotations

import html

from fastapi import FastAPI

from conftest import CSRF, PASSWORDS, client, login
from proofline.web import auth


def _login_form(app: FastAPI) -> tuple[object, str]:
    c = client(app)
    page = c.get("/login")
    assert page.status_code == 200
    found = CSRF.search(page.text)
    assert found
    return c, found.group(1)


def test_login_logout(app: FastAPI) -> None:
    anon = client(app)
    r = anon.get("/assets")
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=/assets")
    c, token = _login_form(app)
    r = c.post("/login", data={"username": "wendy", "password": PASSWORDS["wendy"], "csrf_token": token,  # type: ignore[attr-defined]
                               "next": "/assets"})
    assert r.status_code == 303 and r.headers["location"] == "/assets"
    assert "Wendy Writer" in c.get("/").text  # type: ignore[attr-defined]
    csrf = CSRF.search(c.get("/").text).group(1)  # type: ignore[attr-defined, union-attr]
    r = c.post("/logout", data={"csrf_token": csrf})  # type: ignore[attr-defined]
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert c.get("/").status_code == 303  # type: ignore[attr-defined]


def test_open_redirect_is_refused(app: FastAPI) -> None:
    c, token = _login_form(app)
    r = c.post("/login", data={"username": "wendy", "password": PASSWORDS["wendy"], "csrf_token": token,  # type: ignore[attr-defined]
                               "next": "//evil.example/x"})
    assert r.headers["location"] == "/"


def test_wrong_password_then_throttled(app: FastAPI) -> None:
    c, token = _login_form(app)
    for _ in range(5):
        r = c.post("/login", data={"username": "wendy", "password": "nope-nope-nope", "csrf_token": token})  # type: ignore[attr-defined]
        assert r.status_code == 401
        assert "Identifiant ou mot de passe incorrect" in r.text
    r = c.post("/login", data={"username": "wendy", "password": PASSWORDS["wendy"], "csrf_token": token})  # type: ignore[attr-defined]
    assert r.status_code == 429 and "Retry-After" in r.headers
    assert "Trop d'essais" in html.unescape(r.text)
    # another user from the same address is not locked out
    r = c.post("/login", data={"username": "alex", "password": PASSWORDS["alex"], "csrf_token": token})  # type: ignore[attr-defined]
    assert r.status_code == 303


def test_login_needs_its_csrf_cookie(app: FastAPI) -> None:
    c = client(app)
    r = c.post("/login", data={"username": "wendy", "password": PASSWORDS["wendy"], "csrf_token": "forged"})
    assert r.status_code == 403


def test_csrf_rejected_on_pages_and_api(app: FastAPI, workspace) -> None:  # type: ignore[no-untyped-def]
    c, token = login(app, "wendy")
    form = {"title": "T", "kind": "other", "text": "Sentinair suit vos compresseurs.\n"}
    assert c.post("/assets/new", data=form).status_code == 403
    assert c.post("/assets/new", data={**form, "csrf_token": "wrong"}).status_code == 403
    assert c.post("/api/assets", json=form).status_code == 403  # cookie without the header
    assert c.post("/api/assets", json=form, headers={"X-CSRF-Token": token}).status_code == 201
    assert c.post("/assets/new", data={**form, "csrf_token": token}).status_code == 303


def test_api_tokens(app: FastAPI) -> None:
    anon = client(app)
    assert anon.get("/api/me").status_code == 401
    assert anon.get("/api/me", headers={"Authorization": "Bearer plt_nope"}).status_code == 401
    c, csrf = login(app, "alex")
    page = c.post("/account/tokens", data={"name": "ci", "csrf_token": csrf})
    assert page.status_code == 200
    token = page.text.split('id="new-token">')[1].split("<")[0]
    me = anon.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["name"] == "alex" and me.json()["via"] == "token"
    # stored hashed, never in clear
    desk = app.state.desk
    assert [t.name for t in auth.list_api_tokens(desk.db, 4)] == ["ci"]
    with desk.db.engine.connect() as conn:
        assert token not in str(conn.exec_driver_sql("SELECT * FROM api_tokens").fetchall())
        assert PASSWORDS["alex"] not in str(conn.exec_driver_sql("SELECT * FROM web_credentials").fetchall())
    tid = auth.list_api_tokens(desk.db, 4)[0].id
    assert c.post(f"/account/tokens/{tid}/revoke", data={"csrf_token": csrf}).status_code == 303
    assert anon.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_security_headers(app: FastAPI) -> None:
    r = client(app).get("/login")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"

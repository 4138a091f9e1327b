"""Refusals speak the reader's language: French on the French desk, English with the English cookie,
and under /api English unless `Accept-Language` prefers French (with the stable key either way)."""

from __future__ import annotations

import html
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from conftest import client, csrf_of, login
from proofline.messages import NBSP, NNBSP
from proofline.web import auth

PAT_PASSWORD = "pat-password-123"


def _pat(app: FastAPI) -> TestClient:
    """A writer who is also an approver (so four-eyes, not the role, is what stops her), logged in."""
    desk = app.state.desk
    desk.wf.add_user("root", "pat", ["writer", "approver"], "Pat Both")
    auth.set_password(desk.db, "pat", PAT_PASSWORD, now=desk.now())
    c = client(app)
    token = csrf_of(c.get("/login").text)
    r = c.post("/login", data={"username": "pat", "password": PAT_PASSWORD, "csrf_token": token})
    assert r.status_code == 303, r.text
    return c


def _page(r: Response) -> str:
    return html.unescape(r.text)


def _own_asset_in_review(app: FastAPI) -> int:
    wf = app.state.desk.wf
    asset = wf.create_asset("pat", title="Note", kind="linkedin", text="Nous aidons les usines à mieux planifier.")
    wf.submit("pat", asset.id)
    return int(asset.id)


def test_four_eyes_refusal_in_french_then_english(app: FastAPI) -> None:
    pat = _pat(app)
    aid = _own_asset_in_review(app)
    csrf = csrf_of(pat.get(f"/assets/{aid}").text)

    r = pat.post(f"/assets/{aid}/approve", data={"csrf_token": csrf})
    assert r.status_code == 403
    french = (f"pat a écrit le contenu n°{NBSP}{aid}{NBSP}: quelqu'un d'autre doit l'approuver "
              "(règle des quatre yeux).")
    assert french in _page(r)
    assert "four-eyes" not in _page(r)

    pat.cookies.set("pl_lang", "en")
    r = pat.post(f"/assets/{aid}/approve", data={"csrf_token": csrf})
    assert r.status_code == 403
    assert f"pat wrote asset #{aid}, so someone else must approve it (four-eyes rule)." in _page(r)
    assert "quatre yeux" not in _page(r)


def test_expert_past_date_refusal_in_french_then_english(app: FastAPI, workspace: Path) -> None:
    wf = app.state.desk.wf
    text = (workspace / "cases" / "linkedin-fr-etude.md").read_text("utf-8")
    asset = wf.create_asset("wendy", title="Étude", kind="linkedin", text=text)
    check = wf.current_check(asset.id)
    assert check is not None and check.blocking
    claim_id = check.blocking[0].id
    wf.request_expert("wendy", claim_id, reason="mesuré sur site")
    eve, csrf = login(app, "eve")

    form = {"csrf_token": csrf, "reason": "Mesure de 2026", "valid_until": "2020-01-01"}
    r = eve.post(f"/claims/{claim_id}/validate", data=form)
    assert r.status_code == 422
    assert "La fin de validité indiquée (1er janvier 2020) est déjà passée." in _page(r)

    eve.cookies.set("pl_lang", "en")
    r = eve.post(f"/claims/{claim_id}/validate", data=form)
    assert r.status_code == 422
    assert "The validity end 2020-01-01 is already past." in _page(r)


def test_empty_text_refusal_in_french_then_english(app: FastAPI) -> None:
    wendy, csrf = login(app, "wendy")
    form = {"csrf_token": csrf, "title": "Vide", "kind": "linkedin", "text": "   "}
    r = wendy.post("/assets/new", data=form)
    assert r.status_code == 422
    assert f"Le texte est vide{NBSP}: il n'y a rien à vérifier." in _page(r)

    wendy.cookies.set("pl_lang", "en")
    r = wendy.post("/assets/new", data=form)
    assert r.status_code == 422
    assert "The text is empty: there is nothing to check." in _page(r)


def test_api_speaks_french_when_asked_and_gives_the_key(app: FastAPI) -> None:
    token = auth.create_api_token(app.state.desk.db, "wendy", "ci", now=app.state.desk.now())
    bearer = {"Authorization": f"Bearer {token}"}
    c = client(app)
    body = {"title": "x", "kind": "nope", "text": "Bonjour."}

    r = c.post("/api/assets", json=body, headers={**bearer, "Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"})
    assert r.status_code == 422
    data = r.json()
    assert data["error"] == "InputRefused" and data["key"] == "asset.unknown_kind"
    assert data["message"].startswith(f"Type inconnu{NBSP}: «{NBSP}nope{NBSP}»{NNBSP}; types possibles{NBSP}: article")

    for header in ({}, {"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"}):  # no cookie, no French asked: English
        r = c.post("/api/assets", json=body, headers={**bearer, **header})
        assert r.json()["key"] == "asset.unknown_kind"
        assert r.json()["message"].startswith("Unknown kind 'nope'; kinds are: article")


def test_api_four_eyes_in_french(app: FastAPI) -> None:
    _pat(app)
    aid = _own_asset_in_review(app)
    token = auth.create_api_token(app.state.desk.db, "pat", "ci", now=app.state.desk.now())
    r = client(app).post(f"/api/assets/{aid}/approve", json={},
                         headers={"Authorization": f"Bearer {token}", "Accept-Language": "fr"})
    assert r.status_code == 403
    assert r.json()["key"] == "four_eyes" and r.json()["error"] == "SelfApprovalError"
    assert "règle des quatre yeux" in r.json()["message"]

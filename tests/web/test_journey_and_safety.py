"""The whole journey over the HTTP API; hostile text rendered inert on every page; languages; OpenAPI."""

from __future__ import annotations

import html
import io
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from conftest import client, login
from proofline.web import auth


def _bearer(app: FastAPI, name: str) -> dict[str, str]:
    token = auth.create_api_token(app.state.desk.db, name, "ci", now=app.state.desk.now())
    return {"Authorization": f"Bearer {token}"}


def _blocking(c: TestClient, h: dict[str, str], asset_id: int) -> dict[str, int]:
    claims = c.get(f"/api/assets/{asset_id}", headers=h).json()["check"]["claims"]
    return {x["verdict"]: x["id"] for x in claims if x["blocking"]}


def test_api_journey(app: FastAPI, workspace: Path) -> None:
    c = client(app)
    wendy, eve, alex = _bearer(app, "wendy"), _bearer(app, "eve"), _bearer(app, "alex")
    text = (workspace / "cases" / "linkedin-fr-etude.md").read_text("utf-8")
    r = c.post("/api/assets", json={"title": "Étude", "kind": "linkedin", "text": text}, headers=wendy)
    assert r.status_code == 201
    aid = r.json()["asset"]["id"]
    assert c.post(f"/api/assets/{aid}/check", headers=wendy).json()["blocking"] == 4
    assert c.post(f"/api/assets/{aid}/submit", json={}, headers=wendy).json()["state"] == "in_review"
    ids = _blocking(c, wendy, aid)
    for verdict in ("expired", "contradicted"):
        assert c.post(f"/api/claims/{ids[verdict]}/expert", json={"reason": "measured"}, headers=wendy).status_code == 202
    queue = c.get("/api/queue", headers=eve).json()
    assert {q["claim_id"] for q in queue if q["task"] == "validate"} == {ids["expired"], ids["contradicted"]}
    r = c.post(f"/api/claims/{ids['expired']}/validate", json={"reason": "Re-measured in 2026", "override": True,
                                                                "valid_until": "2027-06-30"}, headers=eve)
    assert r.status_code == 200 and r.json()["valid_until"] == "2027-06-30"
    assert c.post(f"/api/claims/{ids['contradicted']}/validate", json={"reason": "2026 alerts", "override": True},
                  headers=eve).status_code == 200
    for verdict in ("expired", "contradicted"):  # an override counts once a second person confirms it
        assert c.post(f"/api/claims/{ids[verdict]}/confirm", json={}, headers=alex).status_code == 200
    assert c.post(f"/api/claims/{ids['forbidden']}/remove", json={}, headers=wendy).status_code == 200
    left = _blocking(c, wendy, aid)
    assert c.post(f"/api/claims/{left['insufficient_proof']}/remove", json={}, headers=wendy).status_code == 200
    assert _blocking(c, wendy, aid) == {}
    # the author cannot approve (role), an approver can
    assert c.post(f"/api/assets/{aid}/approve", json={}, headers=wendy).status_code == 403
    r = c.post(f"/api/assets/{aid}/approve", json={}, headers=alex)
    assert r.status_code == 200 and r.json()["state"] == "approved"
    assert c.post(f"/api/assets/{aid}/publish", json={}, headers=wendy).status_code == 403  # four-eyes to the end
    r = c.post(f"/api/assets/{aid}/publish", json={}, headers=alex)
    assert r.status_code == 200 and r.json()["proof"]["approved_by"] == "alex"
    proof = c.get(f"/api/assets/{aid}/proof", headers=wendy).json()
    assert any("expert_validation" in x for x in proof["claims"]) and len(proof["removed_claims"]) == 2
    # and the browser downloads
    w, _ = login(app, "wendy")
    d = w.get(f"/assets/{aid}/download/proof.md")
    assert d.status_code == 200 and "attachment" in d.headers["content-disposition"]
    assert "Proof pack" in d.text
    assert w.get(f"/assets/{aid}/download/text").text == c.get(f"/api/assets/{aid}/published", headers=wendy).json()["text"]
    history = c.get(f"/api/assets/{aid}/history", headers=wendy).json()
    assert [e["action"] for e in history][-1] == "asset.publish"


def test_refusals_are_json(app: FastAPI) -> None:
    c = client(app)
    r = c.post("/api/assets", json={"title": "x", "kind": "nope", "text": "Bonjour."}, headers=_bearer(app, "wendy"))
    assert r.status_code == 422 and "Unknown kind" in r.json()["message"]
    assert c.get("/api/assets/999", headers=_bearer(app, "wendy")).status_code == 404


HOSTILE = ["<script>alert(1)</script>", '<img src=x onerror="alert(2)">', "{{7*7}}",
           "[clic](javascript:alert(3))", '<a href="javascript:alert(4)">x</a>']


def _assert_inert(page: str) -> None:
    assert "<script>alert" not in page
    assert "<img src=x" not in page and "onerror=" not in page.replace("onerror=&#34;", "")
    assert 'href="javascript:' not in page
    assert "{{7*7}}" not in page or "49" not in page.split("{{7*7}}")[0][-5:]


def test_hostile_draft_and_source_are_escaped_everywhere(app: FastAPI) -> None:
    w, csrf = login(app, "wendy")
    draft = ("Sentinair réduit de 99 % les pannes. " + " ".join(HOSTILE) + "\nNous sommes certifiés RGPD. "
             + HOSTILE[0] + "\n")
    r = w.post("/assets/new", data={"title": HOSTILE[0] + " {{7*7}}", "kind": "other", "text": draft,
                                    "csrf_token": csrf})
    assert r.status_code == 303
    aid = int(r.headers["location"].split("/")[2].split("?")[0])
    r = w.post(f"/assets/{aid}/edit", data={"csrf_token": csrf, "text": draft + HOSTILE[4] + "\n",
                                            "base_version": "1"})
    assert r.status_code == 303
    check = app.state.desk.wf.current_check(aid)
    claim = next(c for c in check.claims if c.still_blocks and c.verdict != "forbidden")
    assert w.post(f"/claims/{claim.id}/expert", data={"csrf_token": csrf, "reason": HOSTILE[1]}).status_code == 303

    root, rcsrf = login(app, "root")
    source = ("# Titre " + HOSTILE[0] + "\n\n" + " ".join(HOSTILE) + " Sentinair a réduit de 99 % les pannes.\n")
    r = root.post("/sources", data={"csrf_token": rcsrf, "source_id": "hostile", "title": HOSTILE[1],
                                    "type": "study", "validated_by": HOSTILE[0], "validated_on": "2026-01-01"},
                  files={"file": ("hostile.md", io.BytesIO(source.encode()), "text/markdown")})
    assert r.status_code == 303, r.text

    eve, _ = login(app, "eve")
    pages = {w: ["/", "/assets", f"/assets/{aid}", f"/assets/{aid}/history", f"/assets/{aid}/diff?a=1&b=2",
                 "/sources", "/sources/hostile?start=0&end=20"], eve: ["/expert", "/"]}
    for c, urls in pages.items():
        for url in urls:
            page = c.get(url)
            assert page.status_code == 200, url
            _assert_inert(page.text)
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text or url == "/", url
    asset_page = w.get(f"/assets/{aid}").text
    assert "{{7*7}}" in html.unescape(asset_page)
    assert "&lt;img src=x onerror=" in asset_page


def test_language_switch(app: FastAPI) -> None:
    c, _ = login(app, "wendy")
    assert "Tableau de bord" in c.get("/").text and '<html lang="fr">' in c.get("/").text
    r = c.get("/lang/en?next=/assets")
    assert r.status_code == 303 and r.headers["location"] == "/assets"
    page = c.get("/").text
    assert '<html lang="en">' in page and "Dashboard" in page and "My queue" in page
    c.get("/lang/fr")
    assert "Ma file" in c.get("/").text


def test_catalogs_have_the_same_keys() -> None:
    from proofline.web.i18n import catalog

    assert set(catalog("fr")) == set(catalog("en"))


def test_openapi_lists_the_api(app: FastAPI) -> None:
    paths = client(app).get("/openapi.json").json()["paths"]
    for p in ("/api/assets", "/api/assets/{asset_id}/approve", "/api/claims/{claim_id}/validate", "/api/kpi"):
        assert p in paths
    assert not any(p.startswith("/assets") for p in paths)  # pages stay out of the API schema


def test_kit_editor_shows_problems_in_place(app: FastAPI) -> None:
    c, csrf = login(app, "root")
    page = c.get("/kit").text
    base = page.split('name="base" value="')[1].split('"')[0]
    r = c.post("/kit", data={"csrf_token": csrf, "base": base, "text": "kit: 1\nbrand: X\nvoise: {}\n"})
    assert r.status_code == 422 and "voise" in r.text and 'aria-invalid="true"' in r.text
    kit = app.state.desk.wf.kit_text()
    r = c.post("/kit", data={"csrf_token": csrf, "base": base, "text": kit + "\n# edited\n"})
    assert r.status_code == 303
    assert "# edited" in app.state.desk.wf.kit_text()
    assert len(app.state.desk.wf.kit_versions()) == 2

"""A publication through the API anchors the audit head like the CLI does: the hook is in the service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from conftest import client
from proofline.web import auth
from proofline.workflow import anchors

CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"


def test_an_api_publication_appends_a_signed_head(app: FastAPI, workspace: Path) -> None:
    anchors.generate_key(workspace)
    c = client(app)
    wendy, alex = ({"Authorization": "Bearer " + auth.create_api_token(app.state.desk.db, name, "ci",
                                                                         now=app.state.desk.now())}
                   for name in ("wendy", "alex"))
    aid = c.post("/api/assets", json={"title": "Mail", "kind": "email", "text": CLEAN}, headers=wendy).json()["asset"]["id"]
    assert c.post(f"/api/assets/{aid}/submit", json={}, headers=wendy).status_code == 200
    assert c.post(f"/api/assets/{aid}/approve", json={}, headers=alex).status_code == 200
    assert c.post(f"/api/assets/{aid}/publish", json={}, headers=alex).status_code == 200
    (line,) = anchors.read_anchors(anchors.anchors_path(workspace))
    db = app.state.desk.db
    with db.session() as s:
        assert anchors.current_head(s) == (line.head.length, line.head.head)
        report = anchors.verify(s, anchors=[line], public_key=anchors.load_public_key(anchors.public_key_path(workspace)))
    assert report.ok and report.covered == report.entries

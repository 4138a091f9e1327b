"""The API renders a check in any registered report format: the built-ins and a plugin's, from one registry."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from conftest import client
from proofline.hookspecs import plugin_manager
from proofline.web import auth

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))
import csv_format


@pytest.fixture
def with_csv() -> Iterator[None]:
    plugin_manager().register(csv_format, name="test-csv-format")
    yield
    plugin_manager().unregister(name="test-csv-format")


def test_the_api_asks_the_format_registry(app: FastAPI, workspace: Path, with_csv: None) -> None:
    c = client(app)
    token = auth.create_api_token(app.state.desk.db, "wendy", "ci", now=app.state.desk.now())
    h = {"Authorization": f"Bearer {token}"}
    text = (workspace / "cases" / "linkedin-fr-etude.md").read_text("utf-8")
    aid = c.post("/api/assets", json={"title": "Étude", "kind": "linkedin", "text": text}, headers=h).json()["asset"]["id"]
    report = c.get(f"/api/assets/{aid}/report", headers=h)
    assert report.headers["content-type"] == "application/json"
    claims = report.json()["claims"]
    assert sum(x["blocking"] for x in claims) == c.get(f"/api/assets/{aid}", headers=h).json()["check"]["blocking"]
    sarif = c.get(f"/api/assets/{aid}/report?format=sarif", headers=h)
    assert sarif.headers["content-type"] == "application/sarif+json" and sarif.json()["version"] == "2.1.0"
    rows = c.get(f"/api/assets/{aid}/report?format=csv", headers=h)
    assert rows.headers["content-type"].startswith("text/csv")
    assert rows.text.splitlines()[0] == "document,line,column,category,verdict,blocking,text"
    assert len(rows.text.splitlines()) == 1 + len(claims)
    missing = c.get(f"/api/assets/{aid}/report?format=nope", headers=h)
    assert missing.status_code == 404 and missing.json()["key"] == "report.unknown_format"
    assert "csv" in missing.json()["message"]

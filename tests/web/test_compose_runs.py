"""Compose from the desk: the form starts a stored run, its page follows it, the drafts land as assets.

The run is the CLI's (`ComposeFlow`, offline composer): each draft becomes a checked draft asset
linked to its source and every provider call is in the register of AI use. The run page is polled
the way htmx polls it (`?fragment=1`) until the fragment stops asking to be polled.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Iterator

import pytest
from dbfixture import Clock
from fastapi import FastAPI
from fastapi.testclient import TestClient

import proofline
from conftest import login
from proofline.compose.providers.offline import OfflineProvider
from proofline.store.models import ComposeItem
from proofline.workflow.compose_runs import ComposeFlow
from proofline.workflow.queries import ai_register

SOURCE = "etude-terrain-2025"
RUN_URL = re.compile(r"^/compose/runs/(\d+)$")
ASSET_LINK = re.compile(r'<a href="/assets/(\d+)">')


@pytest.fixture(autouse=True)
def _stop_runner(app: FastAPI) -> Iterator[None]:
    """The app's compose threads end with the test, before its database is closed."""
    yield
    runner = getattr(app.state, "compose_runner", None)
    if runner is not None:
        runner.stop()


def _finished(c: TestClient, url: str) -> str:
    """Poll the run's fragment as the page does until it no longer asks to be polled; the full page then."""
    for _ in range(1200):
        fragment = c.get(url + "?fragment=1")
        assert fragment.status_code == 200
        assert "<html" not in fragment.text and 'id="run-progress"' in fragment.text
        if "hx-trigger" not in fragment.text:
            page = c.get(url)
            assert page.status_code == 200
            return page.text
        time.sleep(0.05)
    raise AssertionError(f"{url} still running after 1200 polls")


def _items_table(page: str) -> str:
    found = re.search(r'<table id="run-items">(.*?)</table>', page, re.S)
    assert found
    return found.group(1)


def test_a_run_of_two_channels_lands_in_the_asset_pages(app: FastAPI) -> None:
    wendy, csrf = login(app, "wendy")
    assert "Aucune rédaction pour l'instant." in html.unescape(wendy.get("/compose").text)
    r = wendy.post("/compose", data={"csrf_token": csrf, "source": SOURCE, "channels": ["linkedin", "email"],
                                     "lang": "", "brief": ""})
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    found = RUN_URL.match(url)
    assert found
    run_id = int(found.group(1))

    first = wendy.get(url)
    assert first.status_code == 200
    assert f"Rédaction n° {run_id}" in first.text
    assert 'role="status" aria-live="polite"' in first.text and '<progress id="run-bar"' in first.text

    page = _finished(wendy, url)
    assert "terminée" in page and "2 / 2 contenus prêts" in page
    assert '<progress id="run-bar" value="2" max="2"' in page
    assert "hx-trigger" not in page and "Reprendre" not in page  # polling stopped, nothing to resume
    items = _items_table(page)
    assert items.count(">prêt<") == 2 and "Post LinkedIn" in items and "E-mail" in items  # channels by their names
    assert items.count("bloquante") == 2  # each landed draft says how many of its claims block
    asset_ids = [int(a) for a in ASSET_LINK.findall(items)]
    assert len(asset_ids) == 2

    wf = app.state.desk.wf
    for aid in asset_ids:
        asset_page = wendy.get(f"/assets/{aid}")
        assert asset_page.status_code == 200 and "brouillon" in asset_page.text
        asset = wf.asset(aid)
        assert (asset.state, asset.author, asset.parent_source_id) == ("draft", "wendy", SOURCE)
        assert wf.current_check(aid) is not None  # checked at once
    register = ai_register(app.state.desk.db)
    assert sorted(row["asset_id"] for row in register) == sorted(asset_ids)
    assert {(row["actor"], row["provider"], row["status"]) for row in register} == {("wendy", "offline", "ok")}
    assert {row["channel"] for row in register} == {"linkedin", "email"}
    assert all(row["run_item_id"] is not None for row in register)

    # The compose page lists the run, finished, with a link to it.
    form = wendy.get("/compose").text
    listed = re.search(r'<table id="run-list">(.*?)</table>', form, re.S)
    assert listed and f'href="/compose/runs/{run_id}"' in listed.group(1) and "terminée" in listed.group(1)

    # Anyone who reads assets may follow the run; only writers start one.
    alex, alex_csrf = login(app, "alex")
    assert alex.get(url).status_code == 200
    assert "Reprendre" not in alex.get(url).text
    refused = alex.post("/compose", data={"csrf_token": alex_csrf, "source": SOURCE, "channels": ["linkedin"]})
    assert refused.status_code == 403
    assert len(ai_register(app.state.desk.db)) == 2


def test_several_audiences_make_one_draft_each_and_a_failure_says_why(app: FastAPI) -> None:
    """One draft per audience ticked; the offline composer cannot write English from a French source."""
    wendy, csrf = login(app, "wendy")
    r = wendy.post("/compose", data={"csrf_token": csrf, "source": SOURCE, "channels": ["linkedin"],
                                     "audiences": ["responsables-maintenance", "plant-managers"]})
    assert r.status_code == 303, r.text
    page = _finished(wendy, r.headers["location"])
    items = _items_table(page)
    rows = re.findall(r'<tr class="item-(\w+)"><td>([\w ]+)</td><td>([^<]+)</td><td>(\w+)</td>', items)
    names = {a.id: a.name for a in proofline.load_workspace(app.state.desk.wf.root).kit.audiences}
    assert rows == [("done", "Post LinkedIn", names["responsables-maintenance"], "fr"),
                    ("failed", "Post LinkedIn", names["plant-managers"], "en")]
    assert "ne sait pas traduire" in html.unescape(items)  # the failed item's own message, in French
    (asset_id,) = ASSET_LINK.findall(items)
    assert app.state.desk.wf.asset(int(asset_id)).audience == "responsables-maintenance"
    assert "terminée avec des échecs" in page and "1 / 2 contenus prêts" in page
    assert "Reprendre" in page and "hx-trigger" not in page
    register = ai_register(app.state.desk.db)
    assert sorted(row["status"] for row in register) == ["error", "ok"]  # the failed call is registered too


def test_an_invalid_form_starts_nothing(app: FastAPI) -> None:
    wendy, csrf = login(app, "wendy")
    r = wendy.post("/compose", data={"csrf_token": csrf, "source": "inconnue", "brief": "Angle : la sûreté"})
    assert r.status_code == 422
    assert "Source inconnue : choisissez une source de la liste." in r.text
    assert "Cochez au moins une déclinaison." in r.text
    assert ">Angle : la sûreté</textarea>" in r.text  # what was typed is kept
    r = wendy.post("/compose", data={"csrf_token": csrf, "source": SOURCE, "channels": ["linkedin"],
                                     "audiences": ["martians"]})
    assert r.status_code == 422 and "Audience inconnue : martians." in r.text
    assert ComposeFlow(app.state.desk.wf, OfflineProvider()).runs() == []
    assert ai_register(app.state.desk.db) == []
    assert "Aucune rédaction pour l'instant." in html.unescape(wendy.get("/compose").text)


def test_a_run_cut_off_by_a_stop_is_resumed_from_its_page(app: FastAPI, clock: Clock) -> None:
    """A run stored but never finished (the process stopped) is offered for resuming once it is silent."""
    wf = app.state.desk.wf
    run_id = ComposeFlow(wf, OfflineProvider()).start_derive("wendy", [SOURCE], ["linkedin", "email"])
    url = f"/compose/runs/{run_id}"
    wendy, csrf = login(app, "wendy")
    alive = wendy.get(url).text
    assert "en cours" in alive and "hx-trigger" in alive and "Reprendre" not in alive  # maybe another process's
    clock.advance(minutes=5)
    stopped = wendy.get(url).text
    assert "interrompue" in stopped and "0 / 2 contenus prêts" in stopped and "hx-trigger" not in stopped
    assert "Reprendre" in stopped and f'action="/compose/runs/{run_id}/resume"' in stopped
    assert _items_table(stopped).count(">en attente<") == 2
    assert "Reprendre" not in login(app, "alex")[0].get(url).text  # resuming is a writer's

    r = wendy.post(f"{url}/resume", data={"csrf_token": csrf})
    assert r.status_code == 303 and r.headers["location"] == url
    page = _finished(wendy, url)
    assert "2 / 2 contenus prêts" in page and len(ASSET_LINK.findall(_items_table(page))) == 2
    wendy.get("/lang/en")
    english = wendy.get(url).text
    assert "2 / 2 drafts ready" in english and "finished" in english and f"Run #{run_id}" in english
    wendy.get("/lang/fr")
    again = wendy.post(f"{url}/resume", data={"csrf_token": csrf})
    assert again.status_code == 409 and "il n'y a rien à reprendre" in html.unescape(again.text)
    assert len(ai_register(app.state.desk.db)) == 2


def test_a_stopping_desk_leaves_its_run_resumable_after_a_restart(app: FastAPI) -> None:
    """The desk stops (shutdown): the run ends between two drafts; the next desk resumes it, nothing twice."""
    wendy, csrf = login(app, "wendy")
    channels = ["outline", "linkedin", "email", "landing", "sequence", "one_pager"]
    r = wendy.post("/compose", data={"csrf_token": csrf, "source": SOURCE, "channels": channels})
    assert r.status_code == 303
    url = r.headers["location"]
    app.state.compose_runner.stop()  # what the process does at exit: returns once the run has let go
    stopped = wendy.get(url).text
    assert "interrompue" in stopped and "Reprendre" in stopped and "hx-trigger" not in stopped
    landed = ASSET_LINK.findall(_items_table(stopped))
    assert len(landed) < len(channels)
    assert sorted(str(row["asset_id"]) for row in ai_register(app.state.desk.db)) == sorted(landed)

    app.state.compose_runner = None  # a new process: a new runner, made on first use
    assert wendy.post(f"{url}/resume", data={"csrf_token": csrf}).status_code == 303
    page = _finished(wendy, url)
    assert "6 / 6 contenus prêts" in page
    finished = ASSET_LINK.findall(_items_table(page))
    assert len(set(finished)) == 6 and set(landed) <= set(finished)  # the drafts stored before are kept
    assert len(app.state.desk.wf.assets()) == 6 and len(ai_register(app.state.desk.db)) == 6


def test_untrusted_item_texts_are_shown_as_text(app: FastAPI, clock: Clock) -> None:
    """An item's error and a drifted claim may quote a provider's answer: shown escaped, never as markup."""
    wf = app.state.desk.wf
    run_id = ComposeFlow(wf, OfflineProvider()).start_derive("wendy", [SOURCE], ["linkedin", "email"])
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    with app.state.desk.db.session() as s, s.begin():
        failed, drifted = s.query(ComposeItem).filter_by(run_id=run_id).order_by(ComposeItem.position).all()
        failed.status, failed.error = "failed", hostile
        drifted.drift_json = json.dumps([{"claim": hostile, "reason": "a claim the master does not make"}])
    clock.advance(minutes=5)
    wendy, _ = login(app, "wendy")
    page = wendy.get(f"/compose/runs/{run_id}").text
    assert "échec" in page and "interrompue" in page and "Reprendre" in page
    drift = re.search(r'<div class="alert warn" id="run-drift">(.*?)</div>', page, re.S)
    assert drift and "Écarts avec la version maître" in drift.group(1)
    assert "a claim the master does not make" in drift.group(1)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&#34;alert(2)&#34;&gt;"
    assert escaped in _items_table(page) and escaped in drift.group(1)


def test_templates_and_routes_use_only_known_keys() -> None:
    """Every `t("key")` of the templates and routes is in both catalogs (a key `t("a." ~ x)` builds has its prefix)."""
    from pathlib import Path

    from proofline.web.i18n import catalog

    web = Path(__file__).resolve().parents[2] / "src" / "proofline" / "web"
    keys = set(catalog("fr")) & set(catalog("en"))
    files = [*(web / "templates").glob("*.html"), *(web / "routes").glob("*.py")]
    used = [(f.name, m.group(2), bool(m.group(3))) for f in files
            for m in re.finditer(r"""\bt\(\s*(["'])([\w.]+)\1\s*(~)?""", f.read_text("utf-8"))]
    assert any(key.startswith("compose.") for _f, key, _p in used)
    unknown = [(f, key) for f, key, prefix in used
               if not (any(k.startswith(key) for k in keys) if prefix else key in keys)]
    assert unknown == []

"""Pages are cached between writes: whatever anyone writes shows on the very next page view."""

from __future__ import annotations

from fastapi import FastAPI

from conftest import client, csrf_of, login
from proofline.web import auth


def test_a_write_shows_on_the_next_view_whoever_made_it(app: FastAPI) -> None:
    desk = app.state.desk
    wendy, _ = login(app, "wendy")
    before = wendy.get("/assets").text
    assert "Fresh pages draft" not in before
    assert wendy.get("/").status_code == 200  # the dashboard and the list are now cached

    # A write by another process (the CLI on the same database): its own Workflow, not the app's.
    from proofline.workflow.services import Workflow

    other = Workflow(desk.db, desk.wf.root, clock=desk.wf.clock)
    made = other.create_asset("wendy", title="Fresh pages draft", kind="linkedin",
                              text="Notre capteur détecte 98 % des fuites en moins de 10 minutes.")
    assert "Fresh pages draft" in wendy.get("/assets").text
    assert "Fresh pages draft" in wendy.get("/").text  # her queue: a draft to submit

    # Her own edit through the desk shows on the asset page she is sent back to.
    page = wendy.get(f"/assets/{made.id}")
    r = wendy.post(f"/assets/{made.id}/edit", data={"csrf_token": csrf_of(page.text), "base_version": "1",
                                                   "text": "Un texte revu, sans chiffre.", "note": ""})
    assert r.status_code == 303
    assert "Un texte revu, sans chiffre." in wendy.get(r.headers["location"]).text
    assert "asset.edit" in wendy.get(f"/assets/{made.id}/history").text


def test_logout_and_a_new_password_end_cached_sessions(app: FastAPI) -> None:
    wendy, token = login(app, "wendy")
    assert wendy.get("/assets").status_code == 200  # the session is now cached
    wendy.post("/logout", data={"csrf_token": token})
    assert wendy.get("/assets").status_code == 303  # to /login

    wendy, _ = login(app, "wendy")
    twin = client(app)
    twin.cookies.set("pl_session", wendy.cookies["pl_session"])
    assert twin.get("/assets").status_code == 200
    desk = app.state.desk
    auth.set_password(desk.db, "wendy", "a-brand-new-password", now=desk.now())  # an admin's reset
    assert wendy.get("/assets").status_code == 303
    assert twin.get("/assets").status_code == 303

"""Fixtures of the web tests: a sample workspace copy, a real SQLite database, users with passwords."""

from __future__ import annotations

import re
import shutil
import sys
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from dbfixture import Clock, fresh_url

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from proofline.store.db import open_database  # noqa: E402
from proofline.web import auth  # noqa: E402
from proofline.web.app import create_app  # noqa: E402
from proofline.web.settings import WebSettings  # noqa: E402
from proofline.workflow.services import Workflow  # noqa: E402

PASSWORDS = {"root": "root-password-1", "wendy": "wendy-password-1", "eve": "eve-password-12",
             "alex": "alex-password-1"}
ROLE_USER = {"admin": "root", "writer": "wendy", "expert": "eve", "approver": "alex"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def seed(url: str, root: Path, clock: Clock) -> None:
    db = open_database(root, url=url)
    wf = Workflow(db, root, clock=clock)
    wf.add_user(None, "root", ["admin"], "Root Admin")
    wf.add_user("root", "wendy", ["writer"], "Wendy Writer")
    wf.add_user("root", "eve", ["expert"], "Eve Expert")
    wf.add_user("root", "alex", ["approver"], "Alex Approver")
    for name, pw in PASSWORDS.items():
        auth.set_password(db, name, pw, now=clock())
    db.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))


@pytest.fixture
def workspace(sample_workspace: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root, ignore=shutil.ignore_patterns(".proofline"))
    return root


def build(url: str, root: Path, clock: Clock) -> FastAPI:
    seed(url, root, clock)
    return create_app(root, database_url=url, settings=WebSettings(clock=clock))


@pytest.fixture
def app(workspace: Path, tmp_path: Path, clock: Clock) -> Iterator[FastAPI]:
    url = next(fresh_url("sqlite", tmp_path))
    application = build(url, workspace, clock)
    yield application
    application.state.desk.db.dispose()


@pytest.fixture(scope="module")
def pg_app(sample_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """The same desk (same users and passwords) on a fresh PostgreSQL database, shared by one test module.

    The database gets a random name and is dropped after the module; the tests skip, saying why,
    only when the server at 127.0.0.1:5432 cannot be reached (`.ci/run` starts it).
    """
    root = tmp_path_factory.mktemp("pg-desk") / "ws"
    shutil.copytree(sample_workspace, root, ignore=shutil.ignore_patterns(".proofline"))
    database = fresh_url("postgresql", root.parent)
    url = next(database)
    try:
        application = build(url, root, Clock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC)))
        yield application
        application.state.desk.db.dispose()
    finally:
        for _ in database:  # resumed past its one URL, it drops the database (even when the build failed)
            pass


def client(app: FastAPI) -> TestClient:
    return TestClient(app, follow_redirects=False)


def login(app: FastAPI, name: str) -> tuple[TestClient, str]:
    """A client logged in as `name`, and its CSRF token (read from a page, as a browser would)."""
    c = client(app)
    page = c.get("/login")
    token = CSRF.search(page.text)
    assert token
    r = c.post("/login", data={"username": name, "password": PASSWORDS[name], "csrf_token": token.group(1)})
    assert r.status_code == 303, r.text
    found = CSRF.search(c.get("/account").text)
    assert found
    return c, found.group(1)


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found
    return found.group(1)

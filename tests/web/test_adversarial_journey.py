"""Issue 11's leaks, tried as a hostile or hurried team would, through the CLI, the API and the desk,
on SQLite and PostgreSQL: none gets through, and every refusal names something to act on.

1. voice errors (a banned word) must block approval;
2. a channel limit (6 hashtags on LinkedIn, the kit allows 4) must block approval;
3. every claim id a refusal names must be one `claim resolve/validate` take, and stay valid;
4. an expert must not overrule a valid source silently: --override, then a second person confirms,
   and `proofline check` (CI) sees what the desk sees;
5. the author must not publish their own approved asset;
6. an archive must not bring in a publication the restored workspace's gate refuses.

The three surfaces share one database and one workspace: the CLI runs as a real command line
(Click's runner) against the desk's database URL, the API and the desk through FastAPI's client.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi import FastAPI

from conftest import PASSWORDS, build, login
from proofline.cli import cli
from proofline.web import auth

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from dbfixture import Clock, fresh_url

NOW = "2026-11-22T09:00:00Z"
CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"
BANNED = "Notre plateforme révolutionnaire suit tes compresseurs d'air comprimé.\n"
HASHTAGS = CLEAN + "\n#Sentinair #Compresseurs #Maintenance #Industrie #Air #Energie\n"
UNSUPPORTED = ("Notre équipe support compte 12 ingénieurs à Grenoble.\n\n"
               "Sentinair a remporté le prix Innovation Industrie 2025.\n")
# One contradicted claim per surface: an override confirmed on one would attest the same text everywhere.
CONTRADICTED = {"cli": ("Sentinair réduit de 35 % les arrêts non planifiés.\n", "etude-terrain-2025"),
                "api": ("Nos clients économisent 50 000 euros par an.\n", "tarifs-2026"),
                "desk": ("Nous équipons 400 sites en Europe.\n", "article-industrie-alpes-2025")}


@dataclass
class Outcome:
    ok: bool
    message: str  # what the user reads: stderr, the JSON message, or the page's alert
    page: str = ""  # the desk's page, for its links


class Surface:
    """One way into the workflow; every method returns what the user would see."""

    name = ""

    def __init__(self, app: FastAPI, root: Path, url: str, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.app, self.root, self.url, self.tmp, self.monkeypatch = app, root, url, tmp, monkeypatch

    def create(self, who: str, text: str, kind: str) -> int:
        raise NotImplementedError

    def act(self, who: str, action: str, target: int, **extra: str | bool) -> Outcome:
        raise NotImplementedError


class Cli(Surface):
    name = "cli"

    def run(self, *args: str) -> tuple[int, str, str]:
        self.monkeypatch.setenv("PROOFLINE_DATABASE_URL", self.url)
        self.monkeypatch.setenv("PROOFLINE_NOW", NOW)
        r = CliRunner().invoke(cli, [*args, "--workspace", str(self.root)], catch_exceptions=False)
        assert "Traceback" not in r.output
        return r.exit_code, r.stdout, r.stderr

    def create(self, who: str, text: str, kind: str) -> int:
        draft = self.tmp / f"draft-{len(list(self.tmp.iterdir()))}.md"
        draft.write_text(text, "utf-8")
        code, out, err = self.run("asset", "new", str(draft), "--kind", kind, "--as", who)
        assert code == 0, err
        found = re.search(r"Created asset #(\d+)", out)
        assert found, out
        return int(found.group(1))

    def act(self, who: str, action: str, target: int, **extra: str | bool) -> Outcome:
        args = {"submit": ["asset", "submit", str(target)], "approve": ["asset", "approve", str(target)],
                "publish": ["asset", "publish", str(target), "--out", str(self.tmp / "published")],
                "expert": ["claim", "resolve", str(target), "--expert"],
                "validate": ["claim", "validate", str(target), "--reason", str(extra.get("reason", "measured"))],
                "confirm": ["claim", "confirm", str(target)]}[action]
        if extra.get("override"):
            args.append("--override")
        code, out, err = self.run(*args, "--as", who)
        assert code in (0, 2), (code, out, err)
        if code == 2:
            assert len(err.strip().splitlines()) == 1 and err.startswith("error: "), err  # one clear line
        return Outcome(code == 0, err.removeprefix("error: ").strip() if code else out)


class Api(Surface):
    name = "api"

    def headers(self, who: str) -> dict[str, str]:
        token = auth.create_api_token(self.app.state.desk.db, who, "adversary", now=self.app.state.desk.now())
        return {"Authorization": f"Bearer {token}"}

    def create(self, who: str, text: str, kind: str) -> int:
        from fastapi.testclient import TestClient

        r = TestClient(self.app).post("/api/assets", json={"title": "Leak", "kind": kind, "text": text},
                                      headers=self.headers(who))
        assert r.status_code == 201, r.text
        return int(r.json()["asset"]["id"])

    def act(self, who: str, action: str, target: int, **extra: str | bool) -> Outcome:
        from fastapi.testclient import TestClient

        path = {"submit": f"/api/assets/{target}/submit", "approve": f"/api/assets/{target}/approve",
                "publish": f"/api/assets/{target}/publish", "expert": f"/api/claims/{target}/expert",
                "validate": f"/api/claims/{target}/validate", "confirm": f"/api/claims/{target}/confirm"}[action]
        body: dict[str, object] = {}
        if action == "validate":
            body = {"reason": extra.get("reason", "measured"), "override": bool(extra.get("override"))}
        r = TestClient(self.app).post(path, json=body, headers=self.headers(who))
        if r.status_code < 400:
            return Outcome(True, r.text)
        data = r.json()
        assert (data.get("key") or data["error"]) and data["message"], data  # something to match, a message to read
        return Outcome(False, data["message"])


class Desk(Surface):
    name = "desk"

    def create(self, who: str, text: str, kind: str) -> int:
        c, csrf = login(self.app, who)
        r = c.post("/assets/new", data={"csrf_token": csrf, "title": "Leak", "kind": kind, "text": text})
        assert r.status_code == 303, r.text
        found = re.fullmatch(r"/assets/(\d+)\?ok=created", r.headers["location"])
        assert found
        return int(found.group(1))

    def act(self, who: str, action: str, target: int, **extra: str | bool) -> Outcome:
        self.app.state.desk.wf.workspace(reload=True)
        c, csrf = login(self.app, who)
        data: dict[str, str] = {"csrf_token": csrf}
        if action in ("expert", "confirm"):
            data["asset_id"] = str(self.app.state.desk.wf.claim(target)[0].id)
        if action == "validate":
            data.update(reason=str(extra.get("reason", "measured")), override="yes" if extra.get("override") else "")
        path = {"submit": f"/assets/{target}/submit", "approve": f"/assets/{target}/approve",
                "publish": f"/assets/{target}/publish", "expert": f"/claims/{target}/expert",
                "validate": f"/claims/{target}/validate", "confirm": f"/claims/{target}/confirm"}[action]
        r = c.post(path, data=data)
        if r.status_code == 303:
            return Outcome(True, r.headers["location"])
        page = html.unescape(r.text)
        alert = re.search(r'class="alert error" role="alert">(?:<strong>[^<]*</strong>)?\s*(.*?)</(?:div|p)>', page,
                          re.S)
        assert alert, page[:2000]
        return Outcome(False, alert.group(1).strip(), page)


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path: Path, sample_workspace: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FastAPI, Path, str]]:
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root, ignore=shutil.ignore_patterns(".proofline"))
    monkeypatch.delenv("PROOFLINE_USER", raising=False)
    for url in fresh_url(request.param, tmp_path):
        app = build(url, root, Clock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC)))
        # A writer who is also an approver: only four-eyes keeps her from her own asset.
        app.state.desk.wf.add_user("root", "walt", ["writer", "approver"])
        monkeypatch.setitem(PASSWORDS, "walt", "walt-password-1")
        auth.set_password(app.state.desk.db, "walt", PASSWORDS["walt"], now=app.state.desk.now())
        yield app, root, url
        app.state.desk.db.dispose()


def surfaces(world: tuple[FastAPI, Path, str], tmp: Path, monkeypatch: pytest.MonkeyPatch) -> list[Surface]:
    app, root, url = world
    out: list[Surface] = []
    for kind in (Cli, Api, Desk):
        folder = tmp / kind.name
        folder.mkdir()
        out.append(kind(app, root, url, folder, monkeypatch))
    return out


def ids_in(message: str) -> list[int]:
    """The claim ids a refusal names ("claim #12", "affirmation n° 12")."""
    return [int(n) for n in re.findall(r"(?:claim #|affirmation n°\s?)(\d+)", message)]


def test_no_leak_gets_through_any_surface(world: tuple[FastAPI, Path, str], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    app, root, _url = world
    wf = app.state.desk.wf
    tried = refused = 0
    for s in surfaces(world, tmp_path, monkeypatch):
        # --- 1. a banned word (severity error) blocks approval, on every surface, named by rule and quote
        a = s.create("wendy", BANNED, "article")
        assert s.act("wendy", "submit", a).ok
        got = s.act("alex", "approve", a)
        tried, refused = tried + 1, refused + (not got.ok)
        assert not got.ok and "banned" in got.message and "«" in got.message and "révolutionnaire" in got.message
        assert wf.asset(a).state == "in_review"
        if s.name == "desk":
            assert 'href="#finding-0"' in got.page and 'id="finding-0"' in got.page  # linked to its place

        # --- 2. a channel limit: the asset's kind is its channel
        b = s.create("wendy", HASHTAGS, "linkedin")
        s.act("wendy", "submit", b)
        got = s.act("alex", "approve", b)
        tried, refused = tried + 1, refused + (not got.ok)
        assert not got.ok and "channel.max_hashtags" in got.message and "#Air" in got.message, got.message

        # --- 3. the ids a refusal names exist, stay across re-checks, and the claim commands take them
        c = s.create("wendy", UNSUPPORTED, "article")
        s.act("wendy", "submit", c)
        first = s.act("alex", "approve", c)
        tried, refused = tried + 1, refused + (not first.ok)
        assert not first.ok and len(ids_in(first.message)) == 2, first.message
        wf.check("alex", c)
        again = s.act("alex", "approve", c)
        assert ids_in(again.message) == ids_in(first.message)  # no id went stale
        if s.name == "desk":
            for claim_id in ids_in(first.message):
                assert f'href="#claim-{claim_id}"' in first.page and f'id="claim-{claim_id}"' in first.page
        for claim_id in ids_in(first.message):
            assert s.act("wendy", "expert", claim_id).ok, claim_id  # "There is no claim #58" never again

        # --- 4. an expert cannot overrule a valid source silently
        text, source = CONTRADICTED[s.name]
        d = s.create("wendy", text, "article")
        claim_id = wf.current_check(d).blocking[0].id
        got = s.act("eve", "validate", claim_id)
        tried, refused = tried + 1, refused + (not got.ok)
        assert not got.ok and source in got.message and "--override" in got.message, got.message
        assert s.act("eve", "validate", claim_id, override=True, reason="Measured on the 2026 fleet").ok
        s.act("wendy", "submit", d)
        got = s.act("alex", "approve", d)  # until a second person confirms, it blocks
        tried, refused = tried + 1, refused + (not got.ok)
        assert not got.ok and f"{claim_id}" in got.message, got.message
        ci = Cli(app, root, _url, tmp_path / s.name, monkeypatch)
        (tmp_path / f"{s.name}-ci.md").write_text(text, "utf-8")
        assert ci.run("check", str(tmp_path / f"{s.name}-ci.md"), "-q")[0] == 1  # CI agrees: still blocks
        if s.name == "desk":  # the approver's dashboard links the override to confirm at its place
            dashboard = login(app, "alex")[0].get("/").text
            assert f'href="/assets/{d}#claim-{claim_id}"' in dashboard
        got = s.act("eve", "confirm", claim_id)  # the expert herself cannot confirm (role, and four-eyes)
        tried, refused = tried + 1, refused + (not got.ok)
        assert not got.ok and "approver" in got.message, got.message
        assert s.act("alex", "confirm", claim_id).ok
        assert ci.run("check", str(tmp_path / f"{s.name}-ci.md"), "-q")[0] == 0  # CI sees the confirmed override
        assert s.act("walt", "approve", d).ok

        # --- 5. the author cannot publish their own approved asset
        e = s.create("walt", CLEAN, "article")
        s.act("walt", "submit", e)
        assert s.act("alex", "approve", e).ok
        got = s.act("walt", "publish", e)
        tried, refused = tried + 1, refused + (not got.ok)
        assert not got.ok and ("four-eyes" in got.message or "quatre yeux" in got.message), got.message
        assert wf.asset(e).state == "approved"
        assert s.act("root", "publish", e).ok

    # --- 6. an archive cannot bring in a publication the restored workspace's gate refuses (CLI only:
    # import has no web path)
    cli_surface = Cli(app, root, _url, tmp_path / "cli", monkeypatch)
    archive = tmp_path / "team.zip"
    assert cli_surface.run("export", str(archive))[0] == 0
    stricter = tmp_path / "stricter"
    shutil.copytree(root, stricter, ignore=shutil.ignore_patterns(".proofline", "attestations.validated.yaml"))
    kit = stricter / "kit.yaml"
    kit.write_text(kit.read_text("utf-8").replace("phrases: [révolutionnaire,", "phrases: [suit, révolutionnaire,"),
                   "utf-8")  # the restored kit bans a word of a published asset
    assert "[suit, " in kit.read_text("utf-8")
    monkeypatch.setenv("PROOFLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'restored.db'}")
    # Without --force the import refuses a workspace whose kit differs from the archive's; with it the
    # workspace's own (stricter) kit is kept, and the gate judges the archive's publications by it.
    r = CliRunner().invoke(cli, ["import", str(archive), "--workspace", str(stricter)], catch_exceptions=False)
    assert r.exit_code == 2 and "kit.yaml" in r.stderr, r.stderr
    r = CliRunner().invoke(cli, ["import", str(archive), "--workspace", str(stricter), "--force"],
                           catch_exceptions=False)
    tried, refused = tried + 1, refused + (r.exit_code == 2)
    assert r.exit_code == 2 and "is published in it" in r.stderr and "rule banned" in r.stderr, r.stderr
    assert CliRunner().invoke(cli, ["asset", "list", "--workspace", str(stricter)]).output == ""  # nothing written
    assert (tried, refused) == (22, 22)

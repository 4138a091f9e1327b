"""Bad input on every command issue 11 added or changed: a clear one-line error, exit 2, nothing written.

`asset correct`, `asset withdraw`, `claim validate --override`, `claim confirm` and `check --channel`,
each with an unknown id, the wrong role, a missing reason or an unknown name, on SQLite and PostgreSQL.
"Nothing written" is measured: the audit chain's length, the asset's versions and state, and the
workspace's attestations.validated.yaml are the same after the refusal as before.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from dbfixture import fresh_url

from proofline.cli import cli

CONTRADICTED = "Sentinair réduit de 35 % les arrêts non planifiés.\n"
CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"


@pytest.fixture(params=["sqlite", "postgresql"])
def root(request: pytest.FixtureRequest, tmp_path: Path, sample_workspace: Path,
         monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    ws = tmp_path / "ws"
    shutil.copytree(sample_workspace, ws, ignore=shutil.ignore_patterns(".proofline"))
    monkeypatch.setenv("PROOFLINE_NOW", "2026-11-22T09:00:00Z")
    monkeypatch.delenv("PROOFLINE_USER", raising=False)
    monkeypatch.delenv("PROOFLINE_WORKSPACE", raising=False)
    for url in fresh_url(request.param, tmp_path):
        monkeypatch.setenv("PROOFLINE_DATABASE_URL", url)
        yield ws


def run(root: Path, *args: str, code: int = 0) -> str:
    argv = [*args] if args[0] in ("init", "check") else [*args, "--workspace", str(root)]
    r = CliRunner().invoke(cli, argv, catch_exceptions=False)
    assert r.exit_code == code, (args, r.output)
    if code == 2:
        assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("error: "), r.stderr
        assert "Traceback" not in r.output
        return r.stderr.strip()
    return r.stdout


def state(root: Path) -> tuple[str, ...]:
    """What a refused command must leave as it was."""
    entries = run(root, "audit", "verify").split(":")[1]
    validated = root / "attestations.validated.yaml"
    return (entries, run(root, "asset", "list"), validated.read_text("utf-8") if validated.exists() else "")


def refused(root: Path, *args: str) -> str:
    before = state(root)
    message = run(root, *args, code=2)
    assert state(root) == before, args
    return message


def test_every_new_command_refuses_bad_input_cleanly(root: Path, tmp_path: Path) -> None:
    run(root, "init", str(root), "--admin", "ada")
    run(root, "user", "add", "wendy", "--role", "writer")
    run(root, "user", "add", "alex", "--role", "approver")
    run(root, "user", "add", "eve", "--role", "expert")
    draft, clean = tmp_path / "claim.md", tmp_path / "clean.md"
    draft.write_text(CONTRADICTED, "utf-8")
    clean.write_text(CLEAN, "utf-8")
    run(root, "asset", "new", str(draft), "--kind", "article", "--as", "wendy")  # asset 1
    run(root, "asset", "new", str(clean), "--kind", "article", "--as", "wendy")  # asset 2
    claim = int(run(root, "claim", "list", "1").split("claim #")[1].split()[0])

    # claim validate (--override)
    assert "There is no claim #999" in refused(root, "claim", "validate", "999", "--reason", "x", "--override",
                                               "--as", "eve")
    assert "Only experts" in refused(root, "claim", "validate", str(claim), "--reason", "x", "--override",
                                     "--as", "wendy")
    assert "Say why the claim is true" in refused(root, "claim", "validate", str(claim), "--override", "--as", "eve")
    assert "--override" in refused(root, "claim", "validate", str(claim), "--reason", "x", "--as", "eve")
    assert "'ghost' is not a user" in refused(root, "claim", "validate", str(claim), "--reason", "x", "--override",
                                              "--as", "ghost")

    # claim confirm
    assert "no override waiting" in refused(root, "claim", "confirm", str(claim), "--as", "alex")
    run(root, "claim", "validate", str(claim), "--reason", "Measured", "--override", "--as", "eve")
    assert "There is no claim #999" in refused(root, "claim", "confirm", "999", "--as", "alex")
    assert "admin or approver role" in refused(root, "claim", "confirm", str(claim), "--as", "eve")
    assert "admin or approver role" in refused(root, "claim", "confirm", str(claim), "--as", "wendy")

    # asset correct (only a published asset) and withdraw (only a live publication)
    assert "There is no asset #9" in refused(root, "asset", "correct", "9", str(clean), "--as", "wendy")
    assert "cannot be corrected now" in refused(root, "asset", "correct", "2", str(draft), "--as", "wendy")
    assert "There is no asset #9" in refused(root, "asset", "withdraw", "9", "--reason", "x", "--as", "alex")
    assert "no live publication" in refused(root, "asset", "withdraw", "2", "--reason", "x", "--as", "alex")
    run(root, "asset", "submit", "2", "--as", "wendy")
    run(root, "asset", "approve", "2", "--as", "alex")
    run(root, "asset", "publish", "2", "--out", str(tmp_path / "out"), "--as", "alex")
    assert "admin or writer role" in refused(root, "asset", "correct", "2", str(draft), "--as", "alex")
    assert "same as version 1" in refused(root, "asset", "correct", "2", str(clean), "--as", "wendy")
    assert "cannot read" in refused(root, "asset", "correct", "2", str(tmp_path / "missing.md"), "--as", "wendy")
    assert "Say why the asset is withdrawn" in refused(root, "asset", "withdraw", "2", "--as", "alex")
    assert "Say why the asset is withdrawn" in refused(root, "asset", "withdraw", "2", "--reason", " ", "--as", "alex")
    assert "admin or approver role" in refused(root, "asset", "withdraw", "2", "--reason", "x", "--as", "wendy")

    # check --channel: names come from the kit
    assert "unknown channel 'tiktok'" in run(root, "check", str(clean), "--workspace", str(root), "--channel",
                                             "tiktok", code=2)
    assert run(root, "check", str(clean), "--workspace", str(root), "--channel", "linkedin", "-q")

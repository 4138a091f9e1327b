"""`proofline audit head/keygen/anchor/verify` and `export`/`import` of a whole workspace, as a team runs them.

The journey runs on SQLite and PostgreSQL: init makes the key, publications anchor the head, an
attacker who truncates the log and rewrites the stored head is caught by `audit verify`, and an
archive restored into an empty folder verifies against its anchors. Every bad input answers with
one line on stderr and exit status 2, and writes nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "workflow"))
from dbfixture import fresh_url
from tampering import Tampering, apply

from proofline.cli import cli

CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest, tmp_path: Path, sample_workspace: Path,
        monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str | None]]:
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root, ignore=shutil.ignore_patterns(".proofline"))
    monkeypatch.setenv("PROOFLINE_NOW", "2026-11-22T09:00:00Z")
    for name in ("PROOFLINE_USER", "PROOFLINE_WORKSPACE", "PROOFLINE_AUDIT_KEY", "PROOFLINE_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    if request.param == "sqlite":
        yield root, None
        return
    for url in fresh_url("postgresql", tmp_path):
        monkeypatch.setenv("PROOFLINE_DATABASE_URL", url)
        yield root, url


@pytest.fixture
def sqlite_env(tmp_path: Path, sample_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root, ignore=shutil.ignore_patterns(".proofline"))
    monkeypatch.setenv("PROOFLINE_NOW", "2026-11-22T09:00:00Z")
    for name in ("PROOFLINE_USER", "PROOFLINE_WORKSPACE", "PROOFLINE_AUDIT_KEY", "PROOFLINE_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return root


def run(root: Path | None, *args: str, code: int = 0) -> Result:
    argv = [*args, "--workspace", str(root)] if root is not None else list(args)
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    assert result.exit_code == code, (args, result.output, result.stderr)
    return result


def publish(root: Path, title: str) -> Result:
    draft = root.parent / f"{title}.md"
    draft.write_text(CLEAN, "utf-8")
    created = run(root, "asset", "new", str(draft), "--title", title, "--as", "wendy").output
    asset = created.split("#", 1)[1].split(" ", 1)[0]
    run(root, "asset", "submit", asset, "--as", "wendy")
    run(root, "asset", "approve", asset, "--as", "alex")
    return run(root, "asset", "publish", asset, "--as", "alex")


def prepared(root: Path) -> None:
    run(None, "init", str(root), "--admin", "ada")
    run(root, "user", "add", "wendy", "--role", "writer")
    run(root, "user", "add", "alex", "--role", "approver")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_anchors_catch_a_truncated_log_with_a_rewritten_head(env: tuple[Path, str | None], tmp_path: Path) -> None:
    root, url = env
    init = run(None, "init", str(root), "--admin", "ada").output
    assert "Audit key " in init and "keep a backup" in init and "audit-key.pub goes into git" in init
    key = root / ".proofline" / "keys" / "audit-ed25519.pem"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600 and ".proofline/" in (root / ".gitignore").read_text()
    run(root, "user", "add", "wendy", "--role", "writer")
    run(root, "user", "add", "alex", "--role", "approver")
    assert "audit head signed and anchored in audit-anchors.jsonl" in publish(root, "first").output
    publish(root, "second")
    assert len((root / "audit-anchors.jsonl").read_text().splitlines()) == 2

    head = run(root, "audit", "head").output.splitlines()
    assert head[0].startswith("Audit head: ") and head[3].startswith("Check it later with: proofline audit verify "
                                                                     "--expect ")
    signed = json.loads(run(root, "audit", "head", "--format", "json").output)
    assert signed["kind"] == "proofline-audit-head" and len(signed["signature"]) == 88
    noted = f"{signed['length']}:{signed['head']}"
    assert head[3].endswith(noted)
    anchored = run(root, "audit", "anchor").output
    assert f"({signed['length']} entries, {signed['head']})" in anchored and "audit-anchors.jsonl line 3" in anchored
    assert json.loads(run(root, "audit", "anchor", "--format", "json").output)["line"] == 4

    ok = run(root, "audit", "verify", "--expect", noted).output
    assert "Audit log intact" in ok and "chain verified" in ok
    assert f"Anchors: 4 signed head(s) in {root / 'audit-anchors.jsonl'} verified" in ok
    assert f"Expected head {noted}: found." in ok
    report = json.loads(run(root, "audit", "verify", "--format", "json").output)
    assert report["ok"] and report["anchors"]["covered"] == report["entries"] == signed["length"]

    from sqlalchemy import create_engine

    engine = create_engine(url or f"sqlite:///{root / '.proofline' / 'proofline.db'}")
    import random

    apply(engine, Tampering.TRUNCATE_REWRITE_HEAD, random.Random(1))
    engine.dispose()
    broken = run(root, "audit", "verify", code=1)
    first = broken.stderr.splitlines()[0]
    assert first.startswith("TAMPERED: The audit log has ") and "were deleted. Restore the database" in first
    assert "audit-anchors.jsonl line " in first
    assert run(root, "audit", "verify", "--anchors", str(root / "audit-anchors.jsonl"), code=1).stderr == \
        broken.stderr
    assert "were deleted" in run(root, "audit", "verify", "--expect", noted, code=1).stderr
    assert json.loads(run(root, "audit", "verify", "--format", "json", code=1).output)["ok"] is False
    refused = run(root, "audit", "head", code=1)  # no signature over a head the anchors contradict
    assert refused.stderr.startswith("TAMPERED: The audit log does not verify (") and refused.stdout == ""
    before = (root / "audit-anchors.jsonl").read_bytes()
    run(root, "audit", "anchor", code=1)
    assert (root / "audit-anchors.jsonl").read_bytes() == before


def test_export_import_carries_the_workspace(env: tuple[Path, str | None], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root, url = env
    prepared(root)
    publish(root, "first")
    archive = tmp_path / "whole.zip"
    out = run(root, "export", str(archive)).output
    assert "workspace file(s)" in out and "sha256" in out
    assert not any("audit-ed25519" in n for n in zipfile.ZipFile(archive).namelist())

    target = tmp_path / "restored"
    if url is not None:
        for other in fresh_url("postgresql", tmp_path / "pg"):
            monkeypatch.setenv("PROOFLINE_DATABASE_URL", other)
            restored = run(target, "import", str(archive))
            check = run(target, "audit", "verify", "--anchors", str(target / "audit-anchors.jsonl")).output
    else:
        restored = run(target, "import", str(archive))
        check = run(target, "audit", "verify", "--anchors", str(target / "audit-anchors.jsonl")).output
    assert "audit chain verified" in restored.output and "workspace file(s) restored" in restored.output
    assert restored.stderr == ""
    assert "Anchors: 1 signed head(s)" in check
    for name in ("kit.yaml", "attestations.yaml", "audit-key.pub", "audit-anchors.jsonl",
                 "sources/etude-terrain-2025.md"):
        assert (target / name).read_bytes() == (root / name).read_bytes(), name
    assert not (target / ".proofline" / "keys").exists()


def test_a_different_workspace_is_refused_then_forced(sqlite_env: Path, tmp_path: Path,
                                                      sample_workspace: Path) -> None:
    root = sqlite_env
    prepared(root)
    publish(root, "first")
    archive = tmp_path / "whole.zip"
    run(root, "export", str(archive))
    other = tmp_path / "other"
    shutil.copytree(sample_workspace, other, ignore=shutil.ignore_patterns(".proofline"))
    (other / "sources" / "etude-terrain-2025.md").write_text("---\ntype: study\n---\nAutre chose.\n")
    before = snapshot(other)
    refused = run(other, "import", str(archive), code=2)
    assert refused.stderr == ("error: The workspace differs from the archive: sources/etude-terrain-2025.md is not "
                              "the archive's copy (1 file(s) differ). Import into an empty folder, or add --force to "
                              "keep the workspace's files (checks will then differ from the archive's).\n")
    assert snapshot(other) == before  # nothing written, not even a database
    forced = run(other, "import", str(archive), "--force")
    assert "warning: The workspace's own files were kept" in forced.stderr
    assert (other / "sources" / "etude-terrain-2025.md").read_text() == "---\ntype: study\n---\nAutre chose.\n"
    assert "Anchors: 1 signed head(s)" in run(other, "audit", "verify").output


def test_bad_input_is_one_line_exit_2_and_writes_nothing(sqlite_env: Path, tmp_path: Path) -> None:
    root = sqlite_env
    prepared(root)
    publish(root, "first")
    anchors_file = root / "audit-anchors.jsonl"
    pub = root / "audit-key.pub"
    key = root / ".proofline" / "keys" / "audit-ed25519.pem"

    def refused(*args: str, says: str, root_: Path | None = root) -> None:
        before = snapshot(root)
        result = run(root_, *args, code=2)
        assert result.stdout == "" and len(result.stderr.splitlines()) == 1, result.stderr
        assert result.stderr.startswith("error: ") and says in result.stderr, result.stderr
        assert snapshot(root) == before, args

    refused("audit", "keygen", says=f"already has an audit key ({pub}")
    refused("audit", "verify", "--expect", "cafe", says="--expect cafe: give a head hash")
    refused("audit", "verify", "--expect", "x:" + "0" * 64, says="give a head hash")
    refused("audit", "verify", "--anchors", str(tmp_path / "none.jsonl"), says="There is no anchor file")
    corrupt = tmp_path / "corrupt.jsonl"
    corrupt.write_text(anchors_file.read_text() + '{"kind": "proofline-audit-head"}\n')
    refused("audit", "verify", "--anchors", str(corrupt), says=f"{corrupt}, line 2: not an audit anchor (expected kind")
    not_a_key = tmp_path / "not-a-key.pem"
    not_a_key.write_text("hello\n")
    refused("audit", "verify", "--public-key", str(not_a_key), says="is not an Ed25519 public key in PEM form")
    refused("audit", "verify", "--public-key", str(tmp_path / "none.pem"), says="There is no audit public key")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    refused("import", str(bad), says="is not a Proofline archive")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "notes.txt").write_text("mine")
    archive = tmp_path / "a.zip"
    run(root, "export", str(archive))
    refused("import", str(archive), says="has files but no kit.yaml", root_=fresh)
    assert snapshot(fresh) == {"notes.txt": b"mine"}

    saved = key.read_bytes()
    key.unlink()
    refused("audit", "head", says="The private audit key")
    refused("audit", "anchor", says="restore it from your team's backup")
    refused("export", str(tmp_path / "k.zip"), "--include-key", says="no audit signing key")
    assert not (tmp_path / "k.zip").exists()
    key.write_bytes(saved)
    pub.rename(tmp_path / "moved.pub")
    refused("audit", "verify", says="There is no audit public key")
    (tmp_path / "moved.pub").rename(pub)

    usage = run(root, "audit", "verify", "--bogus", code=2)  # click's own usage error
    assert "No such option '--bogus'" in usage.stderr


def test_a_publication_without_its_private_key_warns(sqlite_env: Path) -> None:
    root = sqlite_env
    prepared(root)
    (root / ".proofline" / "keys" / "audit-ed25519.pem").unlink()
    out = publish(root, "first")
    assert "published (version 1)" in out.output
    assert out.stderr.startswith("warning: The publication is recorded, but its audit anchor was not written: "
                                 "The private audit key")
    assert not (root / "audit-anchors.jsonl").exists()
    again = run(None, "init", str(root))  # init says what is missing, creates nothing
    assert "restore it from your team's backup" in again.stderr and not (root / ".proofline" / "keys" /
                                                                          "audit-ed25519.pem").exists()


def test_keygen_for_a_workspace_made_before_anchors(sqlite_env: Path) -> None:
    root = sqlite_env
    prepared(root)
    for p in (root / "audit-key.pub", root / ".proofline" / "keys" / "audit-ed25519.pem"):
        p.unlink()
    assert "no audit key (run `proofline audit keygen`)" in publish(root, "before").output
    made = run(root, "audit", "keygen").output
    assert made.startswith("Audit key ") and "mode 0600" in made
    assert "audit-anchors.jsonl line 1" in run(root, "audit", "anchor").output
    assert "they cover entries #1 to #" in run(root, "audit", "verify").output

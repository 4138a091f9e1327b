"""Signed audit heads and the anchor file, on SQLite and PostgreSQL: keys, anchors written by publication,
and every kind of tampering caught, including the chain rewritten with its hashes and head recomputed."""

from __future__ import annotations

import base64
import json
import os
import random
import stat
import threading
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dbfixture import Clock
from sqlalchemy import update
from tampering import Tampering, apply

from proofline.store.models import AuditEntry
from proofline.workflow import anchors
from proofline.workflow.errors import AuditKeyError, ChainNotSigned, InputRefused
from proofline.workflow.services import Workflow

CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"


def publish_one(wf: Workflow, clock: Clock, title: str = "Mail") -> None:
    a = wf.create_asset("wendy", title=title, kind="email", text=CLEAN)
    clock.advance(minutes=5)
    wf.submit("wendy", a.id)
    clock.advance(minutes=5)
    wf.approve("alex", a.id)
    clock.advance(minutes=5)
    wf.publish("alex", a.id)
    clock.advance(minutes=5)


def chain_length(wf: Workflow) -> int:
    with wf.db.session() as s:
        return anchors.current_head(s)[0]


def check(wf: Workflow, root: Path, *, expect: tuple[str, ...] = ()) -> anchors.AuditReport:
    lines = anchors.read_anchors(anchors.anchors_path(root))
    key = anchors.load_public_key(anchors.public_key_path(root))
    with wf.db.session() as s:
        return anchors.verify(s, anchors=lines, public_key=key, expect=[anchors.parse_expect(e) for e in expect],
                              anchors_file=anchors.ANCHORS_FILE)


def test_the_key_is_made_once_outside_git_and_the_database(workspace_copy: Path) -> None:
    info = anchors.generate_key(workspace_copy)
    assert info.private_path == workspace_copy / ".proofline" / "keys" / "audit-ed25519.pem"
    assert info.public_path == workspace_copy / "audit-key.pub"
    assert stat.S_IMODE(os.stat(info.private_path).st_mode) == 0o600
    assert info.public_path.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    assert anchors.load_public_key(info.public_path)[1] == info.key_id == anchors.load_signing_key(workspace_copy)[1]
    before = info.private_path.read_bytes(), info.public_path.read_bytes()

    with pytest.raises(AuditKeyError, match=f"already has an audit key .*{info.key_id}") as refused:
        anchors.generate_key(workspace_copy)
    assert refused.value.key == "audit.key_exists" and "déjà une clé d'audit" in refused.value.message("fr")
    assert (info.private_path.read_bytes(), info.public_path.read_bytes()) == before
    assert anchors.ensure_key(workspace_copy) == (anchors.KeyState.PRESENT, info)

    info.private_path.unlink()
    assert anchors.ensure_key(workspace_copy) == (anchors.KeyState.PRIVATE_MISSING, None)
    with pytest.raises(AuditKeyError, match="restore it from your team's backup") as missing:
        anchors.load_signing_key(workspace_copy)
    assert info.key_id in str(missing.value)
    info.private_path.write_text("not a key")
    with pytest.raises(AuditKeyError, match="is not a usable Ed25519 private key"):
        anchors.load_signing_key(workspace_copy)
    info.private_path.unlink()
    info.public_path.unlink()
    other = anchors.generate_key(workspace_copy)
    info.public_path.write_bytes(before[1])  # the old public key with the new private key
    with pytest.raises(AuditKeyError, match="does not match the public key"):
        anchors.load_signing_key(workspace_copy)
    assert other.key_id != info.key_id


def test_the_key_can_live_elsewhere(workspace_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(anchors.KEY_ENV, str(tmp_path / "vault" / "proofline.pem"))
    info = anchors.generate_key(workspace_copy)
    assert info.private_path == tmp_path / "vault" / "proofline.pem" and info.private_path.is_file()
    assert not (workspace_copy / ".proofline" / "keys").exists()


def test_every_publication_appends_its_signed_head(wf: Workflow, workspace_copy: Path, clock: Clock) -> None:
    info = anchors.generate_key(workspace_copy)
    path = anchors.anchors_path(workspace_copy)
    publish_one(wf, clock, "first")
    first = path.read_bytes()
    publish_one(wf, clock, "second")
    lines = anchors.read_anchors(path)
    assert path.read_bytes().startswith(first)  # earlier lines are never rewritten
    assert [a.line for a in lines] == [1, 2]
    assert lines[1].head.length == chain_length(wf) > lines[0].head.length
    public, ident = anchors.load_public_key(info.public_path)
    assert ident == info.key_id and all(a.head.key_id == ident and a.head.verifies(public) for a in lines)
    assert lines[1].head.at == "2026-11-22T09:35:00.000000Z"  # the service's clock, right after the commit
    raw = json.loads(path.read_text().splitlines()[0])
    assert set(raw) == {"kind", "v", "length", "head", "at", "key_id", "signature"}

    report = check(wf, workspace_copy, expect=(lines[0].head.expect, lines[1].head.head))
    assert report.ok and report.covered == report.entries == lines[1].head.length and report.anchors == 2
    wf.create_asset("wendy", title="later", kind="email", text=CLEAN)  # not anchored yet: still intact
    later = check(wf, workspace_copy)
    assert later.ok and later.covered < later.entries

    done = anchors.anchor(wf.db, workspace_copy, wf.now())
    assert done.line == 3 and done.head.length == later.entries


def test_a_workspace_without_a_key_publishes_as_before(wf: Workflow, workspace_copy: Path, clock: Clock) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        publish_one(wf, clock)
    assert not anchors.anchors_path(workspace_copy).exists()


def test_a_missing_private_key_warns_but_the_publication_stands(wf: Workflow, workspace_copy: Path,
                                                                clock: Clock) -> None:
    info = anchors.generate_key(workspace_copy)
    info.private_path.unlink()
    with pytest.warns(anchors.AnchorWarning, match="its audit anchor was not written: The private audit key") as w:
        publish_one(wf, clock)
    assert "`proofline audit anchor`" in str(w[0].message)
    assert wf.assets("published") and not anchors.anchors_path(workspace_copy).exists()


@pytest.mark.parametrize("kind", list(Tampering), ids=lambda k: k.name.lower())
def test_every_tampering_is_caught(kind: Tampering, wf: Workflow, workspace_copy: Path, clock: Clock) -> None:
    anchors.generate_key(workspace_copy)
    for n in range(3):
        publish_one(wf, clock, f"asset {n}")
    assert check(wf, workspace_copy).ok
    what = apply(wf.db.engine, kind, random.Random(11))
    report = check(wf, workspace_copy)
    assert not report.ok, what
    if kind in (Tampering.REWRITE, Tampering.TRUNCATE_REWRITE_HEAD):
        assert report.chain.ok, what  # the chain alone cannot see it...
    assert report.breaks, what  # ...the signed anchors do
    first = report.breaks[0].message()
    assert "audit-anchors.jsonl line" in first and "Restore the database from a backup" in first, first


def test_the_first_break_names_the_anchor_and_the_entries(wf: Workflow, workspace_copy: Path, clock: Clock) -> None:
    anchors.generate_key(workspace_copy)
    publish_one(wf, clock, "a")
    first = chain_length(wf)
    publish_one(wf, clock, "b")
    total = chain_length(wf)
    with wf.db.sessions.begin() as s:  # an edit after the first anchor, every hash recomputed
        s.execute(update(AuditEntry).where(AuditEntry.seq == first + 2).values(actor="mallory"))
    from tampering import _rewrite, rows

    _rewrite(wf.db.engine, rows(wf.db.engine))
    report = check(wf, workspace_copy)
    assert report.chain.ok and report.covered == first
    assert [b.key for b in report.breaks] == ["verify.anchor_mismatch"]
    assert report.breaks[0].message() == (
        f"The audit log no longer matches {anchors.anchors_path(workspace_copy)} line 2 (signed 2026-11-22T09:35:00.000000Z, {total} "
        f"entries): an entry from #{first + 1} to #{total} was edited, deleted, reordered or rewritten. Restore "
        "the database from a backup.")
    assert "ligne 2" in report.breaks[0].message("fr")

    apply(wf.db.engine, Tampering.TRUNCATE_REWRITE_HEAD, random.Random(3), upto=first - 1)
    cut = check(wf, workspace_copy)
    assert cut.chain.ok and [b.key for b in cut.breaks] == ["verify.anchor_truncated"] * 2
    assert f"anchored {first}: entries #{cut.entries + 1} to #{first} were deleted" in cut.breaks[0].message()


def test_a_head_signed_without_the_key_is_refused(wf: Workflow, workspace_copy: Path, clock: Clock,
                                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    anchors.generate_key(workspace_copy)
    publish_one(wf, clock)
    apply(wf.db.engine, Tampering.REWRITE, random.Random(5))
    # The attacker has the database and the anchor file, not the key: they sign the new head with their own.
    monkeypatch.setenv(anchors.KEY_ENV, str(tmp_path / "mallory.pem"))
    mallory = tmp_path / "mallory"
    mallory.mkdir()
    anchors.generate_key(mallory)
    forged = anchors.anchor(wf.db, mallory, wf.now(), path=anchors.anchors_path(workspace_copy))
    monkeypatch.delenv(anchors.KEY_ENV)
    report = check(wf, workspace_copy)
    keys = [b.key for b in report.breaks]
    assert keys[0] == "verify.anchor_other_key" and any(k.startswith(("verify.anchor_mismatch", "verify.anchor_truncated")) for k in keys[1:])
    assert f"line {forged.line} is signed by key {forged.head.key_id}" in report.breaks[0].message()

    # Editing an anchor so that it matches the rewritten chain breaks its signature.
    path = anchors.anchors_path(workspace_copy)
    lines = path.read_text().splitlines()
    first = json.loads(lines[0])
    with wf.db.session() as s:
        first["length"], first["head"] = anchors.current_head(s)
    path.write_text(json.dumps(first) + "\n")
    edited = check(wf, workspace_copy)
    assert [b.key for b in edited.breaks] == ["verify.anchor_signature"]
    assert edited.breaks[0].message().startswith(f"{path} line 1: its signature does not verify")


def test_expected_heads(wf: Workflow, workspace_copy: Path, clock: Clock) -> None:
    anchors.generate_key(workspace_copy)
    publish_one(wf, clock)
    noted = anchors.signed_head(wf.db, workspace_copy, wf.now())
    publish_one(wf, clock, "more")
    assert check(wf, workspace_copy, expect=(noted.expect, noted.head, noted.head.upper())).ok
    for bad in ("abc", "12:xyz", "x:" + noted.head, noted.head + "0", ""):
        with pytest.raises(InputRefused, match="give a head hash"):
            anchors.parse_expect(bad)
    unknown = "0" * 63 + "1"
    assert [b.key for b in check(wf, workspace_copy, expect=(unknown,)).breaks] == ["verify.expect_unknown"]
    assert [b.key for b in check(wf, workspace_copy, expect=(f"{noted.length + 100}:{noted.head}",)).breaks] == \
        ["verify.expect_truncated"]
    apply(wf.db.engine, Tampering.REWRITE, random.Random(2), upto=noted.length)
    broken = check(wf, workspace_copy, expect=(noted.expect, noted.head))
    assert {"verify.expect_mismatch", "verify.expect_unknown"} <= {b.key for b in broken.breaks}


def test_a_broken_chain_is_not_signed(wf: Workflow, workspace_copy: Path, clock: Clock) -> None:
    anchors.generate_key(workspace_copy)
    wf.create_asset("wendy", title="Mail", kind="email", text=CLEAN)
    with wf.db.sessions.begin() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(reason="x"))
    with pytest.raises(ChainNotSigned, match=r"does not verify \(audit row 2 was altered"):
        anchors.signed_head(wf.db, workspace_copy, wf.now())
    with pytest.raises(ChainNotSigned):
        anchors.anchor(wf.db, workspace_copy, wf.now())
    assert not anchors.anchors_path(workspace_copy).exists()  # a refused anchor leaves no file behind


def test_concurrent_anchors_are_whole_lines(wf: Workflow, workspace_copy: Path, clock: Clock) -> None:
    anchors.generate_key(workspace_copy)
    publish_one(wf, clock)
    errors: list[BaseException] = []

    def one() -> None:
        try:
            anchors.anchor(wf.db, workspace_copy, wf.now())
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    lines = anchors.read_anchors(anchors.anchors_path(workspace_copy))
    assert [a.line for a in lines] == list(range(1, 10))
    assert check(wf, workspace_copy).ok


def test_a_corrupt_anchor_file_names_its_line(tmp_path: Path, workspace_copy: Path) -> None:
    anchors.generate_key(workspace_copy)
    key, ident = anchors.load_signing_key(workspace_copy)
    good = anchors.sign_head(key, ident, 3, "a" * 64, datetime(2026, 11, 22, tzinfo=UTC))
    path = tmp_path / "anchors.jsonl"
    cases = {
        "{not json": "not JSON",
        json.dumps({**good.to_json(), "kind": "other"}): "expected kind",
        json.dumps({k: v for k, v in good.to_json().items() if k != "signature"}): "missing signature",
        json.dumps({**good.to_json(), "length": -1}): "length must be a whole number",
        json.dumps({**good.to_json(), "head": "zz"}): "head must be 64 hexadecimal digits",
        json.dumps({**good.to_json(), "signature": "%%%"}): "signature is not base64",
        json.dumps({**good.to_json(), "signature": base64.b64encode(b"short").decode()}): "signature must be 64 bytes",
        "[1, 2]": "expected a JSON object",
    }
    for line, detail in cases.items():
        path.write_text(good.line() + "\n\n" + line + "\n")
        with pytest.raises(AuditKeyError) as bad:
            anchors.read_anchors(path)
        assert str(bad.value).startswith(f"{path}, line 3: not an audit anchor (") and detail in str(bad.value)
        assert "restore the file from git" in str(bad.value)
    path.write_bytes(good.line().encode() + b"\n\xff\n")
    with pytest.raises(AuditKeyError, match="line 2: not an audit anchor \\(not UTF-8 text\\)"):
        anchors.read_anchors(path)
    with pytest.raises(AuditKeyError, match="There is no anchor file"):
        anchors.read_anchors(tmp_path / "nope.jsonl")


def test_one_deleted_entry_is_named_alone(wf: Workflow, workspace_copy: Path, clock: Clock) -> None:
    anchors.generate_key(workspace_copy)
    publish_one(wf, clock)
    total = chain_length(wf)
    from sqlalchemy import delete

    from proofline.store.models import AuditHead

    with wf.db.sessions.begin() as s:  # the last entry deleted and the head moved back onto the one before
        previous = s.get(AuditEntry, total - 1)
        assert previous is not None
        s.execute(delete(AuditEntry).where(AuditEntry.seq == total))
        s.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=total - 1, hash=previous.hash))
    report = check(wf, workspace_copy, expect=(f"{total}:{'0' * 64}",))
    assert report.chain.ok
    assert [b.message() for b in report.breaks] == [
        f"The audit log has {total - 1} entries, but {anchors.anchors_path(workspace_copy)} line 1 (signed "
        f"2026-11-22T09:15:00.000000Z) anchored {total}: entry #{total} was deleted. Restore the database from a "
        "backup.",
        f"The audit log has {total - 1} entries, but the expected head covers {total}: entry #{total} was deleted."]

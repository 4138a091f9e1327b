"""The tampering cases of issue 17, on SQLite or PostgreSQL: what someone with write access does behind Proofline.

Shared by `tests/workflow/test_tamper_rows.py` and `bench/bench_tamper.py`. A workspace (with its audit
key and anchors) and its database are built once per backend (`build`), then every case works on a
copy of both (`clone`): SQLite's file copied, PostgreSQL's database created from it as a template.
A database case changes rows (or files) directly, then runs `proofline audit verify` (the command,
in this process); an archive case edits an exported archive, then runs `proofline import` into an
empty folder and database. Detected: exit status 1 (verify) or 2 (import refused) and the message
names what the case changed (`expect`).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, insert, select, text, update

from proofline.store.models import (
    Approval,
    AssetVersion,
    AuditEntry,
    AuditHead,
    ExpertAttestation,
    Resolution,
    User,
)
from proofline.workflow import audit, bindings

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "examples" / "sample-workspace"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"


class Clock:
    """One minute per call, so that no two entries are alike."""

    def __init__(self) -> None:
        self.at = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.at += timedelta(minutes=1)
        return self.at


@dataclass
class Built:
    """A workspace folder and its database, with the ids the cases aim at."""

    backend: str
    root: Path
    url: str
    ids: dict[str, int]


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER, connect_timeout=3, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def new_url(backend: str, folder: Path) -> str:
    """An empty database: a file in `folder` (SQLite) or a new PostgreSQL database."""
    if backend == "sqlite":
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / 'proofline.db'}"
    name = "proofline_tamper_" + secrets.token_hex(6)
    _pg(f'CREATE DATABASE "{name}"')
    return PG_URL.format(name=name)


def drop(url: str) -> None:
    if url.startswith("postgresql"):
        _pg(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def build(backend: str, folder: Path) -> Built:
    """One published asset (text, proof pack, files, anchors), one in review, one with a pending override."""
    from proofline.store.db import open_database
    from proofline.workflow import anchors
    from proofline.workflow.services import Workflow

    root = folder / "ws"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".proofline"))
    anchors.generate_key(root)
    url = new_url(backend, folder / "db")
    db = open_database(root, url=url)
    try:
        wf = Workflow(db, root, clock=Clock())
        wf.add_user(None, "ada", ["admin"])
        wf.add_user("ada", "wendy", ["writer"])
        wf.add_user("ada", "alex", ["approver"])
        wf.add_user("ada", "eve", ["expert"])
        published = wf.create_asset("wendy", title="Mail", kind="email", text=CLEAN)
        wf.submit("wendy", published.id)
        wf.approve("alex", published.id)
        wf.publish("alex", published.id, root / "published")
        review = wf.create_asset("wendy", title="Relance", kind="email", text=CLEAN + "Écrivez-moi.\n")
        wf.submit("wendy", review.id)
        study = wf.create_asset("wendy", title="Étude terrain", kind="linkedin",
                                text=(SAMPLE / "cases" / "linkedin-fr-etude.md").read_text("utf-8"))
        check = wf.current_check(study.id)
        assert check is not None
        contradicted = next(c for c in check.claims if c.verdict == "contradicted")
        wf.validate_claim("eve", contradicted.id, reason="Mesuré en interne", override=True)
        anchors.anchor(db, root, datetime(2026, 11, 22, 12, tzinfo=UTC))  # the override too is anchored
        with db.session() as s:
            ids = {
                "published_asset": published.id, "review_asset": review.id,
                "published_version": s.execute(select(AssetVersion.id).where(
                    AssetVersion.asset_id == published.id)).scalar_one(),
                "approval": s.execute(select(Approval.id)).scalar_one(),
                "wendy": s.execute(select(User.id).where(User.name == "wendy")).scalar_one(),
                "ada": s.execute(select(User.id).where(User.name == "ada")).scalar_one(),
                "alex": s.execute(select(User.id).where(User.name == "alex")).scalar_one(),
                "attestation": s.execute(select(ExpertAttestation.id)).scalar_one(),
            }
    finally:
        db.dispose()
    return Built(backend, root, url, ids)


@contextmanager
def clone(built: Built, folder: Path) -> Iterator[Built]:
    """A copy of the workspace folder and of its database, dropped afterwards."""
    root = folder / "ws"
    shutil.copytree(built.root, root)
    if built.backend == "sqlite":
        (folder / "db").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built.url.split("///", 1)[1], folder / "db" / "proofline.db")
        url = f"sqlite:///{folder / 'db' / 'proofline.db'}"
    else:
        name = "proofline_tamper_" + secrets.token_hex(6)
        _pg(f'CREATE DATABASE "{name}" TEMPLATE "{built.url.rsplit("/", 1)[1]}"')
        url = PG_URL.format(name=name)
    try:
        yield Built(built.backend, root, url, dict(built.ids))
    finally:
        drop(url)


# --------------------------------------------------------------------------- running the commands


@dataclass(frozen=True)
class Outcome:
    code: int
    output: str

    def first_line(self) -> str:
        lines = [ln for ln in self.output.splitlines() if ln.strip()]
        return lines[0] if lines else ""


def run(args: list[str], url: str) -> Outcome:
    """A proofline command in this process (click's runner: the same code as the console script)."""
    from click.testing import CliRunner

    from proofline.cli import cli

    env = {"PROOFLINE_DATABASE_URL": url, "PROOFLINE_NOW": "2026-11-22T15:00:00Z"}
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    return Outcome(result.exit_code, result.output)  # stdout and stderr, interleaved


def verify(b: Built) -> Outcome:
    return run(["audit", "verify", "-w", str(b.root)], b.url)


# --------------------------------------------------------------------------- the database cases


def _engine(b: Built) -> Engine:
    return create_engine(b.url)


def _exec(b: Built, *statements: Any) -> None:
    engine = _engine(b)
    try:
        with engine.begin() as conn:
            for st in statements:
                conn.execute(st)
    finally:
        engine.dispose()


def version_text_edited(b: Built) -> None:
    forged = "Sentinair réduit vos pannes de 90 %.\n"
    _exec(b, update(AssetVersion).where(AssetVersion.id == b.ids["published_version"])
          .values(text=forged, content_hash=hashlib.sha256(forged.encode()).hexdigest()))


def published_without_approval(b: Built) -> None:
    _exec(b, text(f"UPDATE assets SET state = 'published' WHERE id = {b.ids['review_asset']}"))


def approver_swapped(b: Built) -> None:
    _exec(b, update(Approval).where(Approval.id == b.ids["approval"]).values(approver_id=b.ids["ada"]))


def writer_made_admin(b: Built) -> None:
    _exec(b, update(User).where(User.id == b.ids["wendy"]).values(roles="admin,writer"))


def log_wiped(b: Built) -> None:
    """The whole log deleted, the head reset, and the workspace's anchor file removed with it (as the issue's
    attacker did: nothing left outside the database to compare with)."""
    _exec(b, delete(AuditEntry), update(AuditHead).values(seq=0, hash=audit.GENESIS))
    (b.root / "audit-anchors.jsonl").unlink()


def approval_forged(b: Built) -> None:
    engine = _engine(b)
    try:
        with engine.begin() as conn:
            row = conn.execute(select(Approval.__table__)).mappings().first()
            assert row is not None
            conn.execute(insert(Approval).values(
                asset_id=b.ids["review_asset"], version_id=conn.execute(select(AssetVersion.id).where(
                    AssetVersion.asset_id == b.ids["review_asset"])).scalar_one(),
                check_id=row["check_id"], approver_id=b.ids["alex"], created_at=row["created_at"]))
    finally:
        engine.dispose()


def publication_deleted(b: Built) -> None:
    _exec(b, text("DELETE FROM publications"))


def override_confirmed(b: Built) -> None:
    _exec(b, update(ExpertAttestation).where(ExpertAttestation.id == b.ids["attestation"])
          .values(status="confirmed", confirmed_by=b.ids["alex"]),
          update(Resolution).where(Resolution.status == "override_pending").values(status="done"))


def chain_rewritten(b: Built) -> None:
    """Writer made admin, and the chain made to agree: the binding recomputed, every hash and the head too."""
    writer_made_admin(b)
    engine = _engine(b)
    try:
        with engine.connect() as conn:
            entries = [dict(r) for r in conn.execute(select(AuditEntry.__table__).order_by(AuditEntry.seq))
                       .mappings()]
            user = conn.execute(select(User.__table__).where(User.id == b.ids["wendy"])).mappings().one()
        rebind(entries, "users", b.ids["wendy"], user)
        rewrite(engine, entries)
    finally:
        engine.dispose()


def published_file_edited(b: Built) -> None:
    path = b.root / "published" / f"asset-{b.ids['published_asset']}-v1.md"
    path.write_text(path.read_text("utf-8") + "Et 90 % de pannes en moins.\n", "utf-8")


def published_file_deleted(b: Built) -> None:
    (b.root / "published" / f"asset-{b.ids['published_asset']}-v1.proof.json").unlink()


def rebind(entries: list[dict[str, Any]], table: str, row_id: int, row: Any) -> None:
    """Make the last entry that bound a row record `row` instead (what a careful forger does)."""
    d = bindings.digest(table, row)
    for e in reversed(entries):
        items = json.loads(e["rows_json"]) if e["rows_json"] else []
        hit = [i for i in items if i["table"] == table and i["id"] == row_id]
        if hit:
            hit[0]["sha256"], hit[0]["fields"] = d.sha256, d.fields
            e["rows_json"] = json.dumps(items, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            return
    raise AssertionError(f"no entry binds {table} #{row_id}")


def rechained(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every hash recomputed in order, as a forger without the signing key can."""
    prev = audit.GENESIS
    out = []
    for e in entries:
        entry = AuditEntry(**{**e, "prev_hash": prev, "hash": ""})
        h = audit.entry_hash(entry, prev)
        out.append({**e, "prev_hash": prev, "hash": h})
        prev = h
    return out


def rewrite(engine: Engine, entries: list[dict[str, Any]]) -> None:
    fresh = rechained(entries)
    with engine.begin() as conn:
        conn.execute(delete(AuditEntry))
        conn.execute(insert(AuditEntry), fresh)
        conn.execute(update(AuditHead).values(seq=fresh[-1]["seq"], hash=fresh[-1]["hash"]))


# --------------------------------------------------------------------------- the archive cases


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _repack(path: Path, members: dict[str, bytes]) -> None:
    """Write the archive again with its manifest's hashes recomputed: the manifest alone proves nothing."""
    manifest = json.loads(members.pop("manifest.json"))
    for name in list(manifest["files"]):
        if name not in members:
            del manifest["files"][name]
    manifest["files"].update({n: hashlib.sha256(d).hexdigest() for n, d in members.items()})
    if manifest.get("workspace"):
        manifest["workspace"]["files"] = sorted(n[len("workspace/"):] for n in members if n.startswith("workspace/"))
    head = [json.loads(x) for x in members["tables/audit_head.jsonl"].decode().splitlines() if x.strip()]
    manifest["audit"]["head_hash"] = head[0]["hash"] if head else audit.GENESIS
    with zipfile.ZipFile(path, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
        zf.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def _table(members: dict[str, bytes], name: str) -> list[dict[str, Any]]:
    return [json.loads(x) for x in members[f"tables/{name}.jsonl"].decode("utf-8").splitlines() if x.strip()]


def _put(members: dict[str, bytes], name: str, rows: list[dict[str, Any]]) -> None:
    members[f"tables/{name}.jsonl"] = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n"
                                              for r in rows).encode("utf-8")


def archive_row_edited(b: Built, archive: Path) -> None:
    """The published text edited in the archive's table and its file, the manifest recomputed."""
    m = _members(archive)
    versions = _table(m, "asset_versions")
    forged = "Sentinair réduit vos pannes de 90 %.\n"
    for v in versions:
        if v["id"] == b.ids["published_version"]:
            v["text"], v["content_hash"] = forged, hashlib.sha256(forged.encode()).hexdigest()
            m[f"versions/asset-{v['asset_id']}/v{v['number']}.md"] = forged.encode()
    _put(m, "asset_versions", versions)
    _repack(archive, m)


def _rechain_archive(b: Built, m: dict[str, bytes]) -> None:
    users = _table(m, "users")
    wendy = next(u for u in users if u["id"] == b.ids["wendy"])
    wendy["roles"] = "admin,writer"
    _put(m, "users", users)
    entries = _table(m, "audit_log")
    rebind(entries, "users", b.ids["wendy"], wendy)
    fresh = rechained(entries)
    _put(m, "audit_log", fresh)
    _put(m, "audit_head", [{"id": 1, "seq": fresh[-1]["seq"], "hash": fresh[-1]["hash"]}])


def archive_rechained(b: Built, archive: Path) -> None:
    """Writer made admin in the archive; its binding, the whole chain, the head and the manifest recomputed."""
    m = _members(archive)
    _rechain_archive(b, m)
    _repack(archive, m)


def archive_rechained_unanchored(b: Built, archive: Path) -> None:
    """The same, and the anchor file dropped from the archive (it would contradict the new chain)."""
    m = _members(archive)
    _rechain_archive(b, m)
    del m["workspace/audit-anchors.jsonl"]
    _repack(archive, m)


# --------------------------------------------------------------------------- the table of cases


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    expect: Callable[[Built], str]  # a fragment the message must contain: it names what was changed
    db: Callable[[Built], None] | None = None
    archive: Callable[[Built, Path], None] | None = None


CASES: tuple[Case, ...] = (
    Case("version_text_edited", "published text edited in asset_versions",
         lambda b: f"asset_versions row #{b.ids['published_version']}: text, content_hash", db=version_text_edited),
    Case("published_without_approval", "assets.state set to published, never approved",
         lambda b: f"assets row #{b.ids['review_asset']}: state", db=published_without_approval),
    Case("approver_swapped", "approvals.approver_id swapped for another user",
         lambda b: f"approvals row #{b.ids['approval']}: approver_id", db=approver_swapped),
    Case("writer_made_admin", "a writer given the admin role in users",
         lambda b: f"users row #{b.ids['wendy']}: roles", db=writer_made_admin),
    Case("log_wiped", "audit_log emptied, audit_head reset to zero, anchor file removed",
         lambda b: "is explained by no audit entry", db=log_wiped),
    Case("approval_forged", "an approval row inserted for an asset in review",
         lambda b: "approvals row #2 is explained by no audit entry", db=approval_forged),
    Case("publication_deleted", "the publication row deleted",
         lambda b: "publications row #1, recorded by audit entry", db=publication_deleted),
    Case("override_confirmed", "a pending override confirmed directly (attestation and resolution)",
         lambda b: f"attestations row #{b.ids['attestation']}: status, confirmed_by", db=override_confirmed),
    Case("chain_rewritten", "writer made admin, binding + every hash + head recomputed in the database",
         lambda b: "no longer matches", db=chain_rewritten),
    Case("published_file_edited", "the published text file edited on disk",
         lambda b: f"asset-{b.ids['published_asset']}-v1.md does not match the sha256", db=published_file_edited),
    Case("published_file_deleted", "the proof pack file deleted",
         lambda b: f"asset-{b.ids['published_asset']}-v1.proof.json is missing", db=published_file_deleted),
    Case("archive_row_edited", "archive: published text edited, manifest recomputed",
         lambda b: f"asset_versions row #{b.ids['published_version']}: text, content_hash",
         archive=archive_row_edited),
    Case("archive_rechained", "archive: writer made admin, binding + chain + head + manifest recomputed",
         lambda b: "does not match the signed anchors", archive=archive_rechained),
    Case("archive_rechained_unanchored", "archive: the same, anchor file dropped too",
         lambda b: "is covered by no anchor", archive=archive_rechained_unanchored),
)


@dataclass(frozen=True)
class Result:
    detected: bool
    code: int
    message: str
    chain_alone: bool  # would the chain and the anchors alone (before issue 17) have caught it?


def _chain_alone(b: Built) -> bool:
    """What `audit verify` said before rows were bound: the chain's own check, and the anchors when the
    workspace still has its anchor file."""
    from proofline.store.db import open_database
    from proofline.workflow import anchors

    path = anchors.anchors_path(b.root)
    lines = anchors.read_anchors(path) if path.exists() else []
    key = anchors.load_public_key(anchors.public_key_path(b.root)) if lines else None
    db = open_database(b.root, url=b.url)
    try:
        with db.session() as s:
            report = anchors.verify(s, anchors=lines, public_key=key)
        return not report.chain.ok or bool(report.breaks)
    finally:
        db.dispose()


def _archive_chain_alone(archive: Path) -> bool:
    """What import checked before: the manifest (recomputed by the forger) and the archive's own chain."""
    entries = _table(_members(archive), "audit_log")
    return rechained(entries) != entries


def run_case(case: Case, built: Built, folder: Path) -> Result:
    """One case on a copy of `built`: tamper, run the command, say whether it caught it (by name)."""
    with clone(built, folder / "copy") as b:
        if case.db is not None:
            case.db(b)
            out = verify(b)
            return Result(out.code == 1 and case.expect(b) in out.output, out.code, _line(out, case.expect(b)),
                          _chain_alone(b))
        assert case.archive is not None
        archive = folder / "archive.zip"
        exported = run(["export", str(archive), "-w", str(b.root)], b.url)
        assert exported.code == 0, exported.output
        case.archive(b, archive)
        out = import_into(b.backend, archive, folder / "restored")
        return Result(out.code == 2 and case.expect(b) in out.output, out.code, _line(out, case.expect(b)),
                      _archive_chain_alone(archive))


def import_into(backend: str, archive: Path, folder: Path) -> Outcome:
    """`proofline import` into an empty folder and database; when it succeeds, `audit verify` of the result
    (its exit status is the outcome's: an untouched archive must verify where it lands, files included)."""
    url = new_url(backend, folder / "db")
    try:
        imported = run(["import", str(archive), "--workspace", str(folder / "ws")], url)
        if imported.code != 0:
            return imported
        checked = run(["audit", "verify", "-w", str(folder / "ws")], url)
        return Outcome(checked.code, imported.output + checked.output)
    finally:
        drop(url)


def _line(out: Outcome, fragment: str) -> str:
    hit = [ln for ln in out.output.splitlines() if fragment in ln]
    return (hit[0] if hit else out.first_line()).strip()


def pristine(built: Built, folder: Path) -> tuple[Outcome, Outcome]:
    """The untouched copy verifies, and its untouched archive imports (else the figures are void)."""
    with clone(built, folder / "copy") as b:
        checked = verify(b)
        archive = folder / "archive.zip"
        exported = run(["export", str(archive), "-w", str(b.root)], b.url)
        assert exported.code == 0, exported.output
        imported = import_into(b.backend, archive, folder / "restored")
    return checked, imported


def backends() -> list[str]:
    """sqlite, and postgresql when the server answers."""
    out = ["sqlite"]
    try:
        _pg("SELECT 1")
        out.append("postgresql")
    except Exception:  # any failure to connect means: not available
        pass
    return out


__all__ = ["CASES", "Built", "Case", "Result", "backends", "build", "clone", "drop", "pristine", "run_case",
           "verify"]

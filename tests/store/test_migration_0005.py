"""Migration 0005 on a database that already holds rows: one baseline entry binds them, older hashes stay."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from alembic.config import Config
from sqlalchemy import select, text

from proofline.store.db import make_engine, migrate
from proofline.store.models import AuditEntry
from proofline.workflow import audit, bindings


def _upgrade(engine: object, target: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", "proofline.store:migrations")
    with engine.begin() as conn:  # type: ignore[attr-defined]
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def test_existing_rows_are_bound_by_one_baseline_entry(database_url: str) -> None:
    engine = make_engine(database_url)
    _upgrade(engine, "0004")
    old = AuditEntry(seq=1, at="2026-11-01T09:00:00.000000Z", actor="ada", action="user.add", entity="user",
                     entity_id="1", before_json="{}", after_json='{"name":"ada"}', reason=None, rows_json=None,
                     prev_hash=audit.GENESIS, hash="")
    old.hash = audit.entry_hash(old, audit.GENESIS)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id, name, display_name, roles, created_at) "
                          "VALUES (1, 'ada', 'Ada', 'admin', :at)"), {"at": datetime(2026, 11, 1, 9)})
        conn.execute(text("INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before_json, after_json, "
                          "reason, prev_hash, hash) VALUES (1, :at, 'ada', 'user.add', 'user', '1', '{}', "
                          "'{\"name\":\"ada\"}', NULL, :prev, :hash)"),
                     {"at": old.at, "prev": audit.GENESIS, "hash": old.hash})
        conn.execute(text("UPDATE audit_head SET seq = 1, hash = :hash WHERE id = 1"), {"hash": old.hash})
    migrate(engine)
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        entries = list(s.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars())
        assert [e.action for e in entries] == ["user.add", "audit.baseline"]
        assert entries[0].hash == old.hash  # the entry written before 0005 keeps its hash (and its anchors)
        assert entries[1].rows_json is not None and '"table":"users"' in entries[1].rows_json
        assert audit.verify(s).ok
        assert bindings.verify_rows(s) == []
        s.execute(text("UPDATE users SET roles = 'admin,approver' WHERE id = 1"))
        found = bindings.verify_rows(s)
        assert [(f.key, f.params["table"], f.params["fields"]) for f in found] == [
            ("verify.row_differs", "users", ["roles"])]
        s.rollback()
    engine.dispose()


def test_an_empty_database_gets_no_baseline_entry(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM audit_log")).scalar_one() == 0
    engine.dispose()


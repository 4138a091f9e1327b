"""What an attacker with write access to the database does to the audit log, on SQLite or PostgreSQL.

Shared by the anchor tests and `bench/bench_audit.py`. The first four kinds change rows and leave
the chain's hashes as they were (the chain alone catches them); the last two are the attacks the
chain cannot see: every hash recomputed and the stored head rewritten, so that only the signed
anchors outside the database can tell.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from enum import Enum
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from proofline.store.models import AuditEntry, AuditHead
from proofline.workflow import audit

Row = dict[str, Any]
_LOG = AuditEntry.__table__
_HEAD = AuditHead.__table__
_CONTENT = ("at", "actor", "action", "entity", "entity_id", "before_json", "after_json", "reason", "rows_json")


class Tampering(Enum):
    EDIT = "edit a field"
    DELETE = "delete a row"
    TRUNCATE = "truncate the tail"
    REORDER = "reorder two rows"
    REWRITE = "rewrite the whole chain (hashes and head recomputed)"
    TRUNCATE_REWRITE_HEAD = "truncate + rewrite the head"


def rows(engine: Engine) -> list[Row]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(_LOG).order_by(_LOG.c.seq)).mappings()]


def _edited(row: Row, rng: random.Random) -> Row:
    column = rng.choice(("actor", "reason", "after_json", "at"))
    value = {"actor": "mallory", "reason": "nothing to see", "after_json": '{"state":"draft"}',
             "at": "2020-01-01T00:00:00.000000Z"}[column]
    if row[column] == value:
        value = value + " "
    return {**row, column: value}


def _rewrite(engine: Engine, content: list[Row]) -> None:
    """Replace the log with `content` renumbered 1..n, every hash recomputed and the head set to the last."""
    prev = audit.GENESIS
    fresh = []
    for seq, row in enumerate(content, 1):
        entry = AuditEntry(seq=seq, prev_hash=prev, hash="", **{k: row[k] for k in _CONTENT})
        entry.hash = audit.entry_hash(entry, prev)
        fresh.append({"seq": seq, "prev_hash": prev, "hash": entry.hash, **{k: row[k] for k in _CONTENT}})
        prev = entry.hash
    with engine.begin() as conn:
        conn.execute(delete(_LOG))
        if fresh:
            conn.execute(insert(_LOG), fresh)
        conn.execute(update(_HEAD).where(_HEAD.c.id == 1).values(seq=len(fresh), hash=prev))


def _set_head_to_last(engine: Engine) -> None:
    with engine.begin() as conn:
        last = conn.execute(select(_LOG.c.seq, _LOG.c.hash).order_by(_LOG.c.seq.desc()).limit(1)).first()
        seq, head = (last[0], last[1]) if last else (0, audit.GENESIS)
        conn.execute(update(_HEAD).where(_HEAD.c.id == 1).values(seq=seq, hash=head))


def _swap(engine: Engine, first: Row, second: Row) -> None:
    with engine.begin() as conn:
        for target, source in ((first, second), (second, first)):
            conn.execute(update(_LOG).where(_LOG.c.seq == target["seq"])
                         .values(**{k: source[k] for k in _CONTENT}))


def apply(engine: Engine, kind: Tampering, rng: random.Random, *, upto: int | None = None) -> str:
    """Apply one tampering of `kind` at a random place among the first `upto` entries; says what it did."""
    log = rows(engine)
    n = len(log) if upto is None else min(upto, len(log))
    if n < 3:
        raise ValueError("the log is too short to tamper with")
    at = rng.randrange(n)
    if kind is Tampering.EDIT:
        edited = _edited(log[at], rng)
        with engine.begin() as conn:
            conn.execute(update(_LOG).where(_LOG.c.seq == edited["seq"]).values(**{k: edited[k] for k in _CONTENT}))
        return f"edited entry #{edited['seq']}"
    if kind is Tampering.DELETE:
        with engine.begin() as conn:
            conn.execute(delete(_LOG).where(_LOG.c.seq == log[at]["seq"]))
        return f"deleted entry #{log[at]['seq']}"
    if kind is Tampering.TRUNCATE:
        keep = rng.randrange(1, n)
        with engine.begin() as conn:
            conn.execute(delete(_LOG).where(_LOG.c.seq > keep))
        return f"deleted entries after #{keep}"
    if kind is Tampering.REORDER:
        i, j = sorted(rng.sample(range(n), 2))
        _swap(engine, log[i], log[j])
        return f"swapped entries #{log[i]['seq']} and #{log[j]['seq']}"
    if kind is Tampering.REWRITE:
        change: Callable[[list[Row]], list[Row]]
        how = rng.choice(("edit", "delete", "reorder"))
        if how == "edit":
            def change(c: list[Row]) -> list[Row]:
                return [*c[:at], _edited(c[at], rng), *c[at + 1:]]
        elif how == "delete":
            def change(c: list[Row]) -> list[Row]:
                return [*c[:at], *c[at + 1:]]
        else:
            other = rng.choice([k for k in range(n) if k != at])

            def change(c: list[Row]) -> list[Row]:
                c = list(c)
                c[at], c[other] = c[other], c[at]
                return c
        _rewrite(engine, change(log))
        return f"rewrote the chain after a {how} at entry #{at + 1}"
    if kind is Tampering.TRUNCATE_REWRITE_HEAD:
        keep = rng.randrange(1, n)
        with engine.begin() as conn:
            conn.execute(delete(_LOG).where(_LOG.c.seq > keep))
        _set_head_to_last(engine)
        return f"deleted entries after #{keep} and rewrote the head"
    raise AssertionError(kind)  # pragma: no cover

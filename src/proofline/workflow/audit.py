"""The append-only audit log, hash-chained: each entry's hash covers its content and the previous hash.

Appends lock the single `audit_head` row, so concurrent transactions extend the chain one after
the other and never fork it. `verify` recomputes every hash and reports the first row that was
edited, deleted or inserted, naming it by its sequence number.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from proofline.store.models import AuditEntry, AuditHead
from proofline.workflow import bindings

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    """The canonical JSON of a value: sorted keys, no spaces, UTF-8 text kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def utc_iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(entry: AuditEntry, prev_hash: str) -> str:
    """The entry's hash; its bound rows are hashed only when it has some, so entries written before
    migration 0005 keep their hashes (and the anchors that cover them keep verifying)."""
    content: dict[str, Any] = {
        "seq": entry.seq, "at": entry.at, "actor": entry.actor, "action": entry.action,
        "entity": entry.entity, "entity_id": entry.entity_id, "before": entry.before_json,
        "after": entry.after_json, "reason": entry.reason, "prev_hash": prev_hash,
    }
    if entry.rows_json is not None:
        content["rows"] = entry.rows_json
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def append(session: Session, *, at: datetime, actor: str, action: str, entity: str, entity_id: object,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           reason: str | None = None) -> AuditEntry:
    """Add one link to the chain inside the caller's transaction (committed with it, or not at all).

    The entry binds the business rows the transaction wrote since the previous entry (bindings.py).
    """
    session.flush()  # entity rows first: the head lock is always taken last, so no lock cycles
    rows = bindings.pending(session)
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    entry = AuditEntry(seq=head.seq + 1, at=utc_iso(at), actor=actor, action=action, entity=entity,
                       entity_id=str(entity_id), before_json=canonical(before or {}),
                       after_json=canonical(after or {}), reason=reason, rows_json=rows, prev_hash=head.hash,
                       hash="")
    entry.hash = entry_hash(entry, head.hash)
    session.add(entry)
    head.seq, head.hash = entry.seq, entry.hash
    session.flush()
    return entry


@dataclass
class Verification:
    entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session) -> Verification:
    """Recompute the chain; every problem names the audit row where it starts."""
    result = Verification()
    prev_hash, expected_seq = GENESIS, 1
    for entry in session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars():
        result.entries += 1
        if entry.seq != expected_seq:
            if entry.seq > expected_seq:
                missing = f"{expected_seq}" if entry.seq == expected_seq + 1 else f"{expected_seq}-{entry.seq - 1}"
                result.problems.append(f"audit row {missing} is missing (deleted)")
            else:  # pragma: no cover - the primary key forbids duplicates
                result.problems.append(f"audit row {entry.seq} is out of order")
        if entry.prev_hash != prev_hash:
            result.problems.append(f"audit row {entry.seq} does not follow the row before it (chain broken)")
        if entry_hash(entry, entry.prev_hash) != entry.hash:
            result.problems.append(f"audit row {entry.seq} was altered after it was written (hash mismatch)")
        prev_hash, expected_seq = entry.hash, entry.seq + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev_hash):
        if head.seq >= expected_seq:
            last = f"{expected_seq}" if head.seq == expected_seq else f"{expected_seq}-{head.seq}"
            result.problems.append(f"audit row {last} is missing (deleted at the end of the log)")
        else:
            result.problems.append("the audit head does not match the last row (log rewritten)")
    return result

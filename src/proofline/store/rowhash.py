"""The canonical hash of a business row: what the audit chain binds (workflow/bindings.py) and migration 0005 uses.

In `store` because it is a fact about the schema (which fields of which table matter, how a value is
written) that both the migrations and the workflow need, and migrations import nothing above `store`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, Table, select
from sqlalchemy.orm import Session

from proofline.store.models import (
    Approval,
    Asset,
    AssetVersion,
    Base,
    ExpertAttestation,
    Publication,
    Resolution,
    User,
)

# The fields of each bound table that the gate, the proof pack or four-eyes rely on. Bookkeeping
# columns (timestamps of change, the optimistic-lock revision, review cycles) are left out: they
# change on every step and decide nothing.
BOUND: dict[str, tuple[str, ...]] = {
    User.__tablename__: ("name", "display_name", "roles"),
    Asset.__tablename__: ("title", "kind", "language", "author_id", "parent_asset_id", "state"),
    AssetVersion.__tablename__: ("asset_id", "number", "text", "content_hash", "author_id"),
    Approval.__tablename__: ("asset_id", "version_id", "check_id", "approver_id"),
    Publication.__tablename__: ("asset_id", "version_id", "published_by", "text_hash", "path", "proof_json",
                                "files_json", "withdrawn_at", "withdrawn_by", "withdraw_reason"),
    Resolution.__tablename__: ("asset_id", "claim_id", "claim_key", "kind", "status", "source_id",
                               "attestation_id", "requested_by", "resolved_by"),
    ExpertAttestation.__tablename__: ("ident", "claim", "category", "expert_id", "reason", "validated_on",
                                      "valid_until", "asset_id", "status", "overrides_source",
                                      "overrides_verdict", "confirmed_by"),
}


def _plain(value: Any) -> Any:
    """One field as JSON, the same on SQLite and PostgreSQL (datetimes as UTC ISO text, dates ISO)."""
    if isinstance(value, datetime):
        at = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class RowDigest:
    """The sha256 of a row's bound fields, and a short hash of each field (to name what differs)."""

    sha256: str
    fields: dict[str, str]


def digest(table: str, row: Mapping[Any, Any]) -> RowDigest:
    """The canonical hash of one row of a bound table (`row`: its columns by name)."""
    values = {name: _plain(row[name]) for name in BOUND[table]}
    fields = {name: hashlib.sha256(canonical(v).encode("utf-8")).hexdigest()[:16] for name, v in values.items()}
    body = canonical({"table": table, "id": row["id"], "fields": values})
    return RowDigest(hashlib.sha256(body.encode("utf-8")).hexdigest(), fields)


def select_bound(name: str) -> Select[Any]:
    """The id and bound fields of a table: only those, so that a later migration's columns never matter."""
    table: Table = Base.metadata.tables[name]
    return select(table.c.id, *(table.c[f] for f in BOUND[name]))


def bind_all(session: Session) -> str | None:
    """The bindings of every row of every bound table (migration 0005's baseline entry)."""
    out = []
    for name in sorted(BOUND):
        query = select_bound(name)
        for row in session.execute(query.order_by(query.selected_columns.id)).mappings():
            d = digest(name, row)
            out.append({"table": name, "id": row["id"], "sha256": d.sha256, "fields": d.fields})
    return canonical(out) if out else None


__all__ = ["BOUND", "RowDigest", "bind_all", "canonical", "digest", "select_bound"]

"""Business rows bound to the audit chain; the files of a publication recorded with their hashes (issue 17).

- `audit_log.rows_json`: the bound rows (users, assets, asset versions, approvals, publications,
  resolutions, attestations) an entry's transaction wrote, each with the sha256 of its fields that
  matter (store/rowhash.py, bound by workflow/bindings.py). Hashed with the entry when present, so older entries keep their
  hashes and the anchors that cover them keep verifying.
- `publications.files_json`: {recorded path: sha256} of the text and proof pack files written.

Existing rows migrate: when the tables hold rows, one entry `audit.baseline` is appended to the
chain, binding every row as it is now. It vouches for the rows from this moment on; what happened
to them before is vouched for only by the entries before it (as it was). Older publications
recorded no file hashes, so their files are not checked.

All of this revision's schema changes live in this one file, so it can be re-chained as a whole.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("rows_json", sa.Text(), nullable=True))
    op.add_column("publications", sa.Column("files_json", sa.Text(), nullable=True))
    _baseline()


def _hash(content: dict[str, object]) -> str:
    """An entry's hash, as workflow/audit.py computes it (copied: a migration imports nothing above store)."""
    body = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _baseline() -> None:
    """One entry binding every existing row, chained after the last one (nothing when the tables are empty)."""
    from sqlalchemy.orm import Session

    from proofline.store.rowhash import bind_all

    conn = op.get_bind()
    with Session(bind=conn) as s:
        rows = bind_all(s)
    if rows is None:
        return
    head = conn.execute(sa.text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
    seq, prev = (int(head[0]), str(head[1])) if head is not None else (0, "0" * 64)
    entry: dict[str, object] = {
        "seq": seq + 1, "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "actor": "proofline",
        "action": "audit.baseline", "entity": "audit", "entity_id": "0005", "before_json": "{}",
        "after_json": json.dumps({"rows": len(json.loads(rows))}, separators=(",", ":")),
        "reason": "migration 0005: every business row bound as it was when row hashes began",
        "rows_json": rows, "prev_hash": prev}
    entry["hash"] = _hash({"seq": entry["seq"], "at": entry["at"], "actor": entry["actor"],
                           "action": entry["action"], "entity": entry["entity"], "entity_id": entry["entity_id"],
                           "before": entry["before_json"], "after": entry["after_json"], "reason": entry["reason"],
                           "prev_hash": prev, "rows": rows})
    conn.execute(sa.text("INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before_json, after_json, "
                         "reason, rows_json, prev_hash, hash) VALUES (:seq, :at, :actor, :action, :entity, "
                         ":entity_id, :before_json, :after_json, :reason, :rows_json, :prev_hash, :hash)"), entry)
    if head is None:
        conn.execute(sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, :seq, :hash)"), entry)
    else:
        conn.execute(sa.text("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1"), entry)


def downgrade() -> None:
    """Drops the columns; entries written since 0005 then no longer verify (their bound rows are hashed)."""
    with op.batch_alter_table("publications") as batch:
        batch.drop_column("files_json")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("rows_json")

"""Business rows bound to the audit chain: every row the gate relies on is explained by an audit entry.

The hash chain only vouches for itself: a row edited in `asset_versions`, `approvals` or `users`
leaves it intact. So every audit entry also records, in `audit_log.rows_json` (hashed with the
entry), the sha256 of each bound row its transaction created or changed: a canonical JSON of the
fields that matter (`BOUND`), with a short hash per field so that a finding can say which field
differs. A session listener notes the bound rows every flush writes; `audit.append` binds them
into the entry it writes, so no action has to remember to.

`verify_rows` replays the bindings (the last one of a row is its expected content) and compares
them with the tables: a row no entry explains, a row that differs from its last binding, a bound
row that is gone. `verify_files` checks the files of each publication against the hashes the
publication row recorded (`publications.files_json`). Both return notices of the message
catalogue, so every finding is written in the reader's language and names table, id and field.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, UOWTransaction

from proofline.store.models import AssetVersion, AuditEntry, Publication
from proofline.store.rowhash import BOUND, RowDigest, bind_all, canonical, digest, select_bound

_TOUCHED = "proofline_bound_rows"


def _note_flushed(session: Session, _flush: UOWTransaction) -> None:
    """After every flush: remember the bound rows it inserted or changed, for the next audit entry."""
    touched: set[tuple[str, int]] = session.info.setdefault(_TOUCHED, set())
    for obj in session.new:
        if getattr(obj, "__tablename__", None) in BOUND:
            touched.add((obj.__tablename__, int(obj.id)))
    for obj in session.dirty:
        if getattr(obj, "__tablename__", None) in BOUND and session.is_modified(obj, include_collections=False):
            touched.add((obj.__tablename__, int(obj.id)))


def _forget(session: Session, transaction: Any) -> None:
    """A finished top-level transaction leaves nothing to bind (a rolled-back change binds nothing)."""
    if transaction.parent is None:
        session.info.pop(_TOUCHED, None)


event.listen(Session, "after_flush", _note_flushed)
event.listen(Session, "after_transaction_end", _forget)


def pending(session: Session) -> str | None:
    """The bindings of the rows flushed since the last audit entry, as `rows_json`; None when there are none.

    Each row is read back through the table (not the ORM object), exactly as `verify_rows` reads it.
    """
    touched = sorted(session.info.pop(_TOUCHED, set()))
    if not touched:
        return None
    out = []
    for name, row_id in touched:
        query = select_bound(name)
        row = session.execute(query.where(query.selected_columns.id == row_id)).mappings().first()
        if row is None:  # pragma: no cover - no action deletes a bound row
            out.append({"table": name, "id": row_id, "sha256": None, "fields": {}})
            continue
        d = digest(name, row)
        out.append({"table": name, "id": row_id, "sha256": d.sha256, "fields": d.fields})
    return canonical(out)


# --------------------------------------------------------------------------- verification


@dataclass(frozen=True)
class Finding:
    """A row or a file the chain does not explain: a key of the message catalogue and its values."""

    key: str
    params: dict[str, object]


@dataclass(frozen=True)
class _Bound:
    seq: int
    action: str
    actor: str
    at: str
    sha256: str | None
    fields: dict[str, str]


def _bindings(entries: Iterable[AuditEntry]) -> dict[tuple[str, int], _Bound]:
    """The last binding of every row, replayed from the chain in order."""
    last: dict[tuple[str, int], _Bound] = {}
    for e in entries:
        if not e.rows_json:
            continue
        try:
            items = json.loads(e.rows_json)
        except ValueError:
            continue  # the chain's own check reports an edited entry
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and item.get("table") in BOUND and isinstance(item.get("id"), int):
                last[(item["table"], item["id"])] = _Bound(e.seq, e.action, e.actor, e.at, item.get("sha256"),
                                                           dict(item.get("fields") or {}))
    return last


def verify_rows(session: Session) -> list[Finding]:
    """Every bound row against the last audit entry that recorded it; findings ordered by table and id."""
    entries = session.execute(select(AuditEntry).order_by(AuditEntry.seq)
                              .execution_options(yield_per=2000)).scalars()
    last = _bindings(entries)
    findings: list[Finding] = []
    for name in sorted(BOUND):
        query = select_bound(name)
        seen: set[int] = set()
        for row in session.execute(query.order_by(query.selected_columns.id)).mappings():
            row_id = int(row["id"])
            seen.add(row_id)
            bound = last.get((name, row_id))
            if bound is None or bound.sha256 is None:
                findings.append(Finding("verify.row_unexplained", {"table": name, "id": row_id}))
                continue
            d = digest(name, row)
            if d.sha256 != bound.sha256:
                changed = [f for f in BOUND[name] if d.fields.get(f) != bound.fields.get(f)] or list(BOUND[name])
                findings.append(Finding("verify.row_differs", {
                    "table": name, "id": row_id, "fields": changed, "seq": bound.seq, "action": bound.action,
                    "actor": bound.actor, "at": bound.at}))
        for (t, row_id), bound in sorted(last.items()):
            if t == name and row_id not in seen and bound.sha256 is not None:
                findings.append(Finding("verify.row_gone", {"table": name, "id": row_id, "seq": bound.seq,
                                                            "action": bound.action, "actor": bound.actor}))
    return findings


# --------------------------------------------------------------------------- publication files


def file_path(root: Path, recorded: str) -> Path:
    """A recorded file: relative to the workspace when it was written inside it, else absolute."""
    p = Path(recorded)
    return p if p.is_absolute() else root / p


def recorded_name(root: Path, path: Path) -> str:
    """How a publication records a file: relative to the workspace when inside it (so it survives a move)."""
    try:
        return path.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def verify_files(session: Session, root: Path) -> list[Finding]:
    """Each publication's files against the sha256 its row recorded (rows from before 0005 recorded none)."""
    findings: list[Finding] = []
    for pub, number in session.execute(select(Publication, AssetVersion.number)
                                       .join(AssetVersion, AssetVersion.id == Publication.version_id)
                                       .order_by(Publication.id)):
        if not pub.files_json:
            continue
        try:
            files = json.loads(pub.files_json)
        except ValueError:
            continue  # the row's own binding reports the edit
        for recorded, sha in sorted(files.items() if isinstance(files, dict) else []):
            where = {"publication": pub.id, "asset_id": pub.asset_id, "version": number, "file": recorded}
            path = file_path(root, recorded)
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                findings.append(Finding("verify.file_missing", where))
                continue
            except OSError as exc:
                findings.append(Finding("verify.file_unreadable", {**where, "detail": exc.strerror or str(exc)}))
                continue
            if hashlib.sha256(data).hexdigest() != sha:
                findings.append(Finding("verify.file_differs", where))
    return findings


__all__ = ["BOUND", "Finding", "RowDigest", "bind_all", "digest", "file_path", "pending", "recorded_name",
           "verify_files", "verify_rows"]

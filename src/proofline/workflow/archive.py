"""`proofline export` / `import`: the whole database in one portable zip file.

The archive holds one JSON-lines file per table (every row, ids kept), the text of every asset
version as a readable file, and a manifest with the schema revision, the row counts and the audit
head. Import fills an empty database (SQLite or PostgreSQL, whichever the export came from), then
verifies the audit chain before committing, so a damaged archive is refused as a whole.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Table, delete, func, insert, select, text

from proofline.store.db import Database, current_revision, is_empty
from proofline.store.models import AssetVersion, AuditHead, Base, UTCDateTime
from proofline.workflow import audit
from proofline.workflow.errors import ArchiveError

FORMAT = "proofline-archive"
FORMAT_VERSION = 1


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for column in table.columns:
        value = row.get(column.name)
        if value is not None and isinstance(column.type, UTCDateTime | DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        out[column.name] = value
    return out


def export_archive(db: Database, path: Path) -> dict[str, Any]:
    """Write everything to `path` (a .zip); returns the manifest."""
    counts: dict[str, int] = {}
    revision = current_revision(db.engine)  # before the export's own connection: SQLite would wait on it
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with db.engine.connect() as conn, zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            rows = conn.execute(select(table).order_by(*order)).mappings().all()
            counts[table.name] = len(rows)
            zf.writestr(f"tables/{table.name}.jsonl", "".join(
                json.dumps({k: _encode(v) for k, v in r.items()}, ensure_ascii=False, sort_keys=True) + "\n"
                for r in rows))
        for v in conn.execute(select(AssetVersion.__table__)).mappings():
            zf.writestr(f"versions/asset-{v['asset_id']}/v{v['number']}.md", v["text"])
        head = conn.execute(select(AuditHead.__table__)).mappings().first()
        manifest = {"format": FORMAT, "version": FORMAT_VERSION, "schema_revision": revision,
                    "tables": counts, "audit": {"entries": counts.get("audit_log", 0),
                                                "head_hash": head["hash"] if head else audit.GENESIS}}
        zf.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    tmp.replace(path)
    return manifest


def import_archive(db: Database, path: Path, *, before_commit: Callable[[Any], None] | None = None) -> dict[str, Any]:
    """Restore an archive into an empty database; all or nothing.

    `before_commit(connection)` runs last inside the transaction (the workflow's gate: an archive
    must not bring in a published state this workspace refuses); whatever it raises undoes the import.
    """
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ArchiveError(f"{path} is not a Proofline archive: {exc}") from exc
    with zf:
        try:
            manifest = json.loads(zf.read("manifest.json"))
        except (KeyError, ValueError) as exc:
            raise ArchiveError(f"{path} has no readable manifest.json: not a Proofline archive.") from exc
        if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
            raise ArchiveError(f"{path} is not a Proofline archive of a version this program reads.")
        # The database's own revision (migrated to the newest on open), so every migration's tables travel.
        head = current_revision(db.engine)
        if manifest.get("schema_revision") != head:
            raise ArchiveError(f"{path} was written with database schema {manifest.get('schema_revision')}; "
                               f"this program has {head}.")
        if not is_empty(db.engine):
            raise ArchiveError("The database is not empty: import restores into an empty database only.")
        with db.engine.begin() as conn:
            conn.execute(delete(AuditHead))
            for table in Base.metadata.sorted_tables:
                try:
                    raw = zf.read(f"tables/{table.name}.jsonl").decode("utf-8")
                except KeyError as exc:
                    raise ArchiveError(f"{path} lacks the table {table.name}.") from exc
                rows = [_decode(table, json.loads(line)) for line in raw.splitlines() if line.strip()]
                if len(rows) != manifest["tables"].get(table.name):
                    raise ArchiveError(f"{path}: table {table.name} has {len(rows)} rows, the manifest says "
                                       f"{manifest['tables'].get(table.name)}.")
                for start in range(0, len(rows), 500):
                    conn.execute(insert(table), rows[start:start + 500])
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn)
            from sqlalchemy.orm import Session

            with Session(bind=conn) as s:
                check = audit.verify(s)
            if not check.ok:
                raise ArchiveError(f"{path}: the audit log does not verify: {check.problems[0]}.")
            if before_commit is not None:
                before_commit(conn)
    return dict(manifest)


def _reset_sequences(conn: Any) -> None:
    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or pk[0].autoincrement is False:
            continue
        top = conn.execute(select(func.max(pk[0])).select_from(table)).scalar()
        if top:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), {int(top)})"))

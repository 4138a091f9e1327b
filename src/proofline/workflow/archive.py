"""`proofline export` / `import`: the database and the workspace's files in one portable zip file.

The archive holds one JSON-lines file per table (every row, ids kept), the text of every asset
version as a readable file, the workspace's own files under `workspace/` (kit.yaml,
attestations.yaml, sources/, the audit public key and the anchor file; the private audit key
only with `--include-key`, under `key/`), and a manifest with the schema revision, the row
counts, the audit head and the sha256 of every other member.

Import checks every member against the manifest first (a changed, missing or added file is
refused by name), compares the workspace's files with the archive's (a different kit or source
is refused, or with `force` kept and reported), then fills an empty database (SQLite or
PostgreSQL), verifies the audit chain and writes the missing workspace files before committing,
so a damaged archive is refused as a whole. Archives of format 1 (the database only) still
import, with a notice that the workspace's files were not in them.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Date, DateTime, Table, delete, func, insert, select, text

from proofline.store.db import Database, current_revision, is_empty
from proofline.store.models import AssetVersion, AuditEntry, AuditHead, Base, UTCDateTime
from proofline.workflow import audit
from proofline.workflow.anchors import (
    ANCHORS_FILE,
    PRIVATE_KEY_FILE,
    PUBLIC_KEY_FILE,
    Notice,
    private_key_path,
)
from proofline.workflow.errors import ArchiveError, AuditKeyError

FORMAT = "proofline-archive"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
MANIFEST = "manifest.json"
WORKSPACE_DIR = "workspace/"
KEY_MEMBER = "key/" + PRIVATE_KEY_FILE
KIT_FILE, ATTESTATIONS_FILE, SOURCES_DIR = "kit.yaml", "attestations.yaml", "sources"  # as the loader reads them


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


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def truth_files(root: Path) -> list[str]:
    """The files a check reads (kit, attestations, every visible file under sources/), as POSIX paths."""
    found = [name for name in (KIT_FILE, ATTESTATIONS_FILE) if (root / name).is_file()]
    folder = root / SOURCES_DIR
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                found.append((Path(dirpath) / name).relative_to(root).as_posix())
    return sorted(found)


def workspace_files(root: Path) -> list[str]:
    """What an export carries of the workspace: its truth, the audit public key and anchors, .gitignore."""
    extra = (PUBLIC_KEY_FILE, ANCHORS_FILE, ".gitignore")  # .gitignore keeps .proofline/ (the key) out of git
    return sorted([*truth_files(root), *(n for n in extra if (root / n).is_file())])


def export_archive(db: Database, path: Path, *, workspace: Path | None = None,
                   include_key: bool = False) -> dict[str, Any]:
    """Write everything to `path` (a .zip); returns the manifest.

    The workspace's files are read before the database, so that every anchor in the archive covers
    a chain the archive holds (a publication in between only adds entries not yet anchored).
    """
    files: dict[str, bytes] = {}
    if workspace is not None:
        files = {WORKSPACE_DIR + rel: (workspace / rel).read_bytes() for rel in workspace_files(workspace)}
        if include_key:
            key = private_key_path(workspace)
            try:
                files[KEY_MEMBER] = key.read_bytes()
            except FileNotFoundError as exc:
                raise AuditKeyError("audit.key_missing", path=str(key)) from exc
    hashes: dict[str, str] = {}

    def put(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
        zf.writestr(name, data)
        hashes[name] = _sha256(data)

    counts: dict[str, int] = {}
    revision = current_revision(db.engine)  # before the export's own connection: SQLite would wait on it
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with db.engine.connect() as conn, zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            rows = conn.execute(select(table).order_by(*order)).mappings().all()
            counts[table.name] = len(rows)
            put(zf, f"tables/{table.name}.jsonl", "".join(
                json.dumps({k: _encode(v) for k, v in r.items()}, ensure_ascii=False, sort_keys=True) + "\n"
                for r in rows).encode("utf-8"))
        for v in conn.execute(select(AssetVersion.__table__)).mappings():
            put(zf, f"versions/asset-{v['asset_id']}/v{v['number']}.md", v["text"].encode("utf-8"))
        for name, data in files.items():
            put(zf, name, data)
        head = conn.execute(select(AuditHead.__table__)).mappings().first()
        manifest = {"format": FORMAT, "version": FORMAT_VERSION, "schema_revision": revision,
                    "tables": counts, "audit": {"entries": counts.get("audit_log", 0),
                                                "head_hash": head["hash"] if head else audit.GENESIS},
                    "workspace": None if workspace is None else {
                        "files": sorted(n[len(WORKSPACE_DIR):] for n in files if n.startswith(WORKSPACE_DIR)),
                        "private_key": KEY_MEMBER in files},
                    "files": hashes}
        zf.writestr(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    tmp.replace(path)
    return manifest


@dataclass
class Imported:
    """What an import restored: the manifest, the workspace files it wrote, and what the user must know."""

    manifest: dict[str, Any]
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


def _safe(name: str) -> bool:
    """A member path that stays inside the folder it is restored into."""
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and "\\" not in name and ".." not in parts and ":" not in parts[0]


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of an archive whose every member matches it; ArchiveError names what does not."""
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ArchiveError(f"{path} is not a Proofline archive: {exc}") from exc
    with zf:
        return _manifest(zf, path)


def _manifest(zf: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise ArchiveError(f"{path} has no readable manifest.json: not a Proofline archive.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or \
            manifest.get("version") not in READABLE_VERSIONS:
        raise ArchiveError(f"{path} is not a Proofline archive of a version this program reads.")
    if manifest["version"] == 1:
        return manifest
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        raise ArchiveError(f"{path} has no readable manifest.json: not a Proofline archive.")
    present = set(zf.namelist())
    unlisted = sorted(present - set(listed) - {MANIFEST})
    if unlisted:
        raise ArchiveError("archive.file_unlisted", archive=str(path), file=unlisted[0])
    for name, digest in sorted(listed.items()):
        if not _safe(name):
            raise ArchiveError("archive.bad_path", archive=str(path), file=name)
        if name not in present:
            raise ArchiveError("archive.file_missing", archive=str(path), file=name)
        if _sha256(zf.read(name)) != digest:
            raise ArchiveError("archive.file_tampered", archive=str(path), file=name)
    ws = manifest.get("workspace")
    if ws is not None:
        for rel in ws.get("files", []):
            if not _safe(str(rel)) or WORKSPACE_DIR + str(rel) not in listed:
                raise ArchiveError("archive.bad_path", archive=str(path), file=WORKSPACE_DIR + str(rel))
        if ws.get("private_key") and KEY_MEMBER not in listed:
            raise ArchiveError("archive.file_missing", archive=str(path), file=KEY_MEMBER)
    return manifest


@dataclass(frozen=True)
class _Write:
    """A workspace file to restore: where, what, its mode, and what it replaces (an anchor file it extends)."""

    target: Path
    shown: str
    data: bytes
    mode: int
    previous: bytes | None


def _plan(zf: zipfile.ZipFile, manifest: dict[str, Any], root: Path) -> tuple[list[_Write], list[tuple[str, bool]]]:
    """The files to write, and the workspace files that differ from the archive's (True: not in the archive)."""
    ws = manifest["workspace"]
    archived = {str(rel): zf.read(WORKSPACE_DIR + str(rel)) for rel in ws.get("files", [])}
    wanted: list[tuple[Path, str, bytes, int]] = [(root / rel, rel, data, 0o644) for rel, data in archived.items()]
    if ws.get("private_key"):
        key = private_key_path(root)
        wanted.append((key, str(key), zf.read(KEY_MEMBER), 0o600))
    writes: list[_Write] = []
    differing: list[tuple[str, bool]] = []
    for target, shown, data, mode in wanted:
        if not target.exists():
            writes.append(_Write(target, shown, data, mode, None))
            continue
        current = target.read_bytes()
        if current == data or (shown == ANCHORS_FILE and current.startswith(data)):
            continue  # the same, or the workspace has anchored more since the export
        if shown == ANCHORS_FILE and data.startswith(current):
            writes.append(_Write(target, shown, data, mode, current))  # the archive's lines extend it
            continue
        differing.append((shown, False))
    differing += [(rel, True) for rel in truth_files(root) if rel not in archived]
    return writes, sorted(differing)


def _write_files(writes: list[_Write]) -> list[_Write]:
    """Each file whole (temporary file, fsync, rename); returns what was written, to undo it on failure."""
    done: list[_Write] = []
    try:
        for w in writes:
            w.target.parent.mkdir(parents=True, exist_ok=True, mode=0o700 if w.mode == 0o600 else 0o777)
            tmp = w.target.with_name(w.target.name + ".part")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, w.mode)
            try:
                view = memoryview(w.data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.chmod(tmp, w.mode)
            os.replace(tmp, w.target)
            done.append(w)
    except BaseException:
        _undo(done)
        raise
    return done


def _undo(done: list[_Write]) -> None:
    for w in reversed(done):
        if w.previous is None:
            w.target.unlink(missing_ok=True)
        else:
            w.target.write_bytes(w.previous)


def import_archive(db: Database, path: Path, *, workspace: Path | None = None, force: bool = False,
                   before_commit: Callable[[Any], None] | None = None) -> Imported:
    """Restore an archive into an empty database, and its workspace files into `workspace`; all or nothing.

    A workspace file that differs from the archive's (or a kit/source file the archive does not
    have) refuses the import, naming it; with `force` the workspace's own files are kept and a
    notice says so. Files the workspace lacks are written from the archive.
    `before_commit(connection)` runs last inside the transaction, once the files are written (the
    workflow's gate: an archive must not bring in a published state this workspace refuses);
    whatever it raises undoes the import, files included.
    """
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ArchiveError(f"{path} is not a Proofline archive: {exc}") from exc
    with zf:
        manifest = _manifest(zf, path)
        result = Imported(dict(manifest))
        writes: list[_Write] = []
        if manifest.get("version") == 1 or manifest.get("workspace") is None:
            result.notices.append(Notice("archive.no_workspace_files", {"archive": str(path)}))
        elif workspace is not None:
            writes, differing = _plan(zf, manifest, workspace)
            if differing and not force:
                first, extra = differing[0]
                if extra:
                    raise ArchiveError("archive.workspace_extra", file=first, count=len(differing))
                raise ArchiveError("archive.workspace_differs", file=first, count=len(differing))
            if differing:
                result.kept = [name for name, _extra in differing]
                result.notices.append(Notice("archive.workspace_kept", {"file": differing[0][0],
                                                                         "count": len(differing)}))
        # The database's own revision (migrated to the newest on open), so every migration's tables travel.
        head = current_revision(db.engine)
        if manifest.get("schema_revision") != head:
            raise ArchiveError(f"{path} was written with database schema {manifest.get('schema_revision')}; "
                               f"this program has {head}.")
        if not is_empty(db.engine):
            raise ArchiveError("The database is not empty: import restores into an empty database only.")
        written: list[_Write] = []
        try:
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
                    _verify_bound(s, zf, manifest, path, workspace)
                written = _write_files(writes)  # last, so that a refused import writes nothing
                if before_commit is not None:
                    before_commit(conn)  # the workflow's gate, against the restored workspace
        except BaseException:
            _undo(written)
            raise
        result.written = [w.shown for w in written]
    return result


def _verify_bound(s: Any, zf: zipfile.ZipFile, manifest: dict[str, Any], path: Path, workspace: Path | None) -> None:
    """The restored tables against the bindings of the restored chain, and the chain against the signed
    anchors: a forger who recomputed the chain and the manifest still cannot sign an anchor.

    The key is the workspace's own public key when it has one (the trusted copy), else the archive's;
    the anchors are the archive's and the workspace's. When a key exists, every publication must be
    covered by an anchor (each publication anchors the log): an archive whose anchors were dropped
    along with a rewritten chain is refused too.
    """
    from proofline.workflow import anchors, bindings

    found = bindings.verify_rows(s)
    if found:
        first = Notice(found[0].key, found[0].params).message()
        more = f"; {len(found) - 1} more row(s)" if len(found) > 1 else ""
        raise ArchiveError("archive.rows_unexplained", archive=str(path), detail=first + more)
    listed = set(manifest.get("files") or {})
    key_member, anchors_member = WORKSPACE_DIR + PUBLIC_KEY_FILE, WORKSPACE_DIR + ANCHORS_FILE
    own_key = workspace / PUBLIC_KEY_FILE if workspace is not None else None
    if own_key is not None and own_key.is_file():
        key = anchors.load_public_key(own_key)
    elif key_member in listed:
        key = anchors.parse_public_key(zf.read(key_member), f"{path}:{key_member}")
    else:
        return  # no key anywhere: nothing was ever signed (the chain and the rows verified above)
    lines = anchors.parse_anchors(zf.read(anchors_member), f"{path}:{anchors_member}") if anchors_member in listed else []
    own_anchors = workspace / ANCHORS_FILE if workspace is not None else None
    if own_anchors is not None and own_anchors.is_file():
        lines += anchors.read_anchors(own_anchors)
    report = anchors.verify(s, anchors=lines, public_key=key)
    if report.breaks:
        raise ArchiveError("archive.anchors_break", archive=str(path), detail=report.breaks[0].message())
    last = s.execute(select(AuditEntry).where(AuditEntry.action == "asset.publish")
                     .order_by(AuditEntry.seq.desc()).limit(1)).scalar_one_or_none()
    if last is not None and last.seq > report.covered:
        raise ArchiveError("archive.publication_unanchored", archive=str(path), seq=last.seq, action=last.action,
                           key_id=key[1])


def _reset_sequences(conn: Any) -> None:
    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or pk[0].autoincrement is False:
            continue
        top = conn.execute(select(func.max(pk[0])).select_from(table)).scalar()
        if top:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), {int(top)})"))

"""The database: where it is, how to connect, how its schema is brought up to date.

SQLite by default, in `<workspace>/.proofline/proofline.db` with WAL and foreign keys on; any
SQLAlchemy URL through `PROOFLINE_DATABASE_URL` (PostgreSQL: `postgresql+psycopg://...`).
SQLite transactions start with BEGIN IMMEDIATE: writers queue on the busy timeout instead of
failing when two of them upgrade a read lock at once, which keeps concurrent CLI runs safe.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

DATABASE_ENV = "PROOFLINE_DATABASE_URL"
STATE_DIR = ".proofline"
DB_FILE = "proofline.db"


def head_revision() -> str:
    """The newest migration shipped in the package (revisions are numbered 0001, 0002...)."""
    versions = Path(__file__).parent / "migrations" / "versions"
    return max(p.name.split("_", 1)[0] for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))


def database_url(workspace_root: Path | None) -> str:
    """$PROOFLINE_DATABASE_URL, else the workspace's own SQLite file."""
    url = os.environ.get(DATABASE_ENV)
    if url:
        return url
    if workspace_root is None:
        raise ValueError(f"no database: set {DATABASE_ENV} or give a workspace")
    return f"sqlite:///{(Path(workspace_root) / STATE_DIR / DB_FILE).resolve()}"


def make_engine(url: str) -> Engine:
    """An engine with the pragmas and transaction behaviour the workflow relies on."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Apply every migration shipped in the package (idempotent)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "proofline.store:migrations")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_empty(engine: Engine) -> bool:
    """No workflow table holds a row (used by `proofline import`)."""
    from sqlalchemy import func, select

    from proofline.store.models import Base

    names = set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name == "audit_head":  # always holds its one row, seq 0 when the log is empty
                continue
            if table.name in names and conn.execute(select(func.count()).select_from(table)).scalar_one():
                return False
    return True


@dataclass
class Database:
    """An engine, its session factory, and the URL it came from (shown in messages)."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions() as s:
            yield s

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(workspace_root: Path | None = None, *, url: str | None = None, upgrade: bool = True) -> Database:
    """Connect (and by default migrate) the database of a workspace or of an explicit URL."""
    url = url or database_url(workspace_root)
    engine = make_engine(url)
    if upgrade:
        migrate(engine)
    return Database(url, engine, sessionmaker(engine, expire_on_commit=False))

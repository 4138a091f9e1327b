"""The database fixture shared by the storage, workflow and CLI tests: SQLite and PostgreSQL, for real.

PostgreSQL runs at 127.0.0.1:5432 (user postgres, trust auth; `.ci/run` starts it). Each test gets
a fresh database with a random name, dropped afterwards; the PostgreSQL half skips with the reason
only when the server cannot be reached.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def _pg_admin():  # type: ignore[no-untyped-def]
    import psycopg

    try:
        return psycopg.connect(PG_SERVER, connect_timeout=3, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at 127.0.0.1:5432 ({str(exc).strip().splitlines()[0]}); "
                    "run .ci/ensure-postgres")


def fresh_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'proofline-test.db'}"
        return
    name = "proofline_test_" + secrets.token_hex(6)
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_URL.format(name=name)
    finally:
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from fresh_url(request.param, tmp_path)


class Clock:
    """A controllable clock for the services: tests move time forward to measure KPIs."""

    def __init__(self, start: datetime) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **kwargs: float) -> None:
        self.at += timedelta(**kwargs)

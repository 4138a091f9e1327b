"""Alembic environment: always run online, on the connection `store.db.migrate` hands over."""

from __future__ import annotations

from alembic import context

from proofline.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - we never run migrations from the alembic command line
    raise RuntimeError("Proofline migrations run through proofline.store.db.migrate()")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

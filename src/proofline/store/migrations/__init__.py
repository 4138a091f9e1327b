"""Alembic migrations shipped inside the package and applied programmatically (see store/db.py)."""

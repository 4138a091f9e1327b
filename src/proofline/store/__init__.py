"""Storage of the workflow: SQLAlchemy models, the engine and session factory, Alembic migrations.

Nothing here decides anything: the rules live in `proofline.workflow`, the verdicts in the checker.
"""

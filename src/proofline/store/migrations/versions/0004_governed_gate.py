"""Stable claim ids, governed overrides, withdrawn publications (issue 11).

- `claims.stable_id`: the id users see and type. A claim keeps it across re-checks and versions
  while its normalised text (`key`) stays: it is the id of the first row of that key in the asset,
  so ids already shown in refusals, queues and notes keep resolving. `claims.replaces_id`: the
  stable id of the claim of the previous version that a reworded claim replaces.
- `attestations.status` (pending | confirmed), with the source or verdict an override overrules and
  who confirmed it: an override blocks until a second person confirms it.
- `publications.withdrawn_*`: a withdrawn publication and why.

Existing rows migrate: every claim gets the stable id of its key's first row in its asset, and
every stored attestation is confirmed (it was effective before this revision).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claims", sa.Column("stable_id", sa.Integer(), nullable=True))
    op.add_column("claims", sa.Column("replaces_id", sa.Integer(), nullable=True))
    op.execute("UPDATE claims SET stable_id = (SELECT MIN(c2.id) FROM claims c2 "
               "WHERE c2.asset_id = claims.asset_id AND c2.key = claims.key)")
    op.create_index("ix_claims_asset_stable", "claims", ["asset_id", "stable_id"])
    op.add_column("attestations", sa.Column("status", sa.String(length=20), nullable=False,
                                            server_default="confirmed"))
    op.add_column("attestations", sa.Column("overrides_source", sa.String(length=200), nullable=True))
    op.add_column("attestations", sa.Column("overrides_verdict", sa.String(length=40), nullable=True))
    op.add_column("attestations", sa.Column("confirmed_by", sa.Integer(), nullable=True))
    op.add_column("attestations", sa.Column("confirmed_at", sa.DateTime(), nullable=True))
    op.add_column("publications", sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
    op.add_column("publications", sa.Column("withdrawn_by", sa.Integer(), nullable=True))
    op.add_column("publications", sa.Column("withdraw_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    for table, column in (("publications", "withdraw_reason"), ("publications", "withdrawn_by"),
                          ("publications", "withdrawn_at"), ("attestations", "confirmed_at"),
                          ("attestations", "confirmed_by"), ("attestations", "overrides_verdict"),
                          ("attestations", "overrides_source"), ("attestations", "status")):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
    op.drop_index("ix_claims_asset_stable", table_name="claims")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("replaces_id")
        batch.drop_column("stable_id")

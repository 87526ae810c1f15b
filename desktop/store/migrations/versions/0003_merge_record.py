"""Merge bookkeeping: one `merge_record` row per merge of a collaborator's copy.

The merge itself needs no other table: the change log identifies every change by its id, so
the changes both copies share (their last common state) are found by comparing the two logs.
This table keeps what the user may want afterwards: the merge report, and the backup that
"Undo merge" restores.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "merge_record",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("source_name", sa.String(), nullable=False),
        sa.Column("source_authors", sa.JSON(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("conflicts", sa.Integer(), nullable=False),
        sa.Column("imported_changes", sa.Integer(), nullable=False),
        sa.Column("report", sa.String(), nullable=False),
        sa.Column("backup_path", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("merge_record")

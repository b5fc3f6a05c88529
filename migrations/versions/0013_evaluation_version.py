"""evaluation version: a score correction from a stale page is refused

Revision ID: 0013_evaluation_version
Revises: 0012_accounts

proposal_evaluations.version, the optimistic lock of every other editable entity
(hackplat/concurrency.py): an evaluator who corrects their scores in two tabs no longer
has the last one silently win. Existing evaluations start at version 1.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_evaluation_version"
down_revision = "0012_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("proposal_evaluations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("proposal_evaluations", schema=None) as batch_op:
        batch_op.drop_column("version")

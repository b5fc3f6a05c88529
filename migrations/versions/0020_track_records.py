"""track records: organisations' opt-in public profile (#17 item 5)

Revision ID: 0020_track_records
Revises: 0019_search_terms

organisations.profile_public: the organisation's members chose to publish its track
record page (/organisations/<id>/profile); false for every existing organisation, since
publishing is opt-in. organisations.profile_public_since: when they last switched it on
(None while off), shown on the page and kept for the dashboard's count.
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_track_records"
down_revision = "0019_search_terms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("profile_public", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("profile_public_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("profile_public_since")
        batch_op.drop_column("profile_public")

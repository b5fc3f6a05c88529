"""content changes: the content's version stamp for the public page cache (#16)

Revision ID: 0027_content_changes
Revises: 0026_search_window

One row per committed transaction that wrote what a page may show; the newest id is the
version every worker compares its kept pages with (hackplat/caching/).
"""

import sqlalchemy as sa
from alembic import op

revision = "0027_content_changes"
down_revision = "0026_search_window"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_changes")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("content_changes")

"""list indexes: the public lists' deep pages at the size of a national programme (#16)

Revision ID: 0029_list_indexes
Revises: 0028_home_indexes

Measured at 10,000 needs (tests/bench/bench_pages.py): ``/needs/?page=400`` reads the
page's ids first (hackplat/listing.py), ordered by (published_at, id) within a status.

- needs (status, published_at, id) replaces (status, published_at): the offset of a deep
  page walks this index alone, in the list's order to the id (PostgreSQL: an index-only
  scan with no sort of equal dates; SQLite has the rowid in every index already).
"""

from alembic import op

revision = "0029_list_indexes"
down_revision = "0028_home_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_needs_status_published_at_id", "needs", ["status", "published_at", "id"])
    op.drop_index("ix_needs_status_published_at", table_name="needs")


def downgrade() -> None:
    op.create_index("ix_needs_status_published_at", "needs", ["status", "published_at"])
    op.drop_index("ix_needs_status_published_at_id", table_name="needs")

"""search window: (id, version) indexes on needs, seeds and knowledge_cases (#14 item 6)

Revision ID: 0026_search_window
Revises: 0025_support_paths

The keyword search's substring fallback reads the newest 2,000 items of a kind; each
process keeps their normalised text and checks, on every search, whether the window
changed (its count, first and last id and the sum of its versions). These indexes make
that check a read of 2,000 index entries instead of 2,000 rows (whose long texts made
it as slow as reading the text itself). See hackplat/matching/search_query.py.
"""

from alembic import op

revision = "0026_search_window"
down_revision = "0025_support_paths"
branch_labels = None
depends_on = None

TABLES = ("needs", "seeds", "knowledge_cases")


def upgrade() -> None:
    for table in TABLES:
        op.create_index(f"ix_{table}_id_version", table, ["id", "version"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_id_version", table_name=table)

"""search term counts: each term's document frequency, kept rather than counted (#16)

Revision ID: 0035_search_term_counts
Revises: 0034_search_totals

A search's idf needs each of its terms' number of items. Counting them read every
posting of a frequent term in the first search after any write (スマート: 17,000 of
100,000 seeds, ~3 ms a term on PostgreSQL). One row per (kind, term) now holds it, kept
by the index's writer (hackplat/matching/search_index.py) in the same transaction;
filled here from the postings there are.
"""

import sqlalchemy as sa
from alembic import op

revision = "0035_search_term_counts"
down_revision = "0034_search_totals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_term_counts",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("term", sa.String(length=100), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "term", name=op.f("pk_search_term_counts")),
    )
    op.execute(
        "INSERT INTO search_term_counts (kind, term, documents) "
        "SELECT kind, term, count(*) FROM search_terms GROUP BY kind, term"
    )


def downgrade() -> None:
    op.drop_table("search_term_counts")

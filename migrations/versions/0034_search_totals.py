"""search totals: each kind's indexed items and field lengths, kept rather than counted (#16)

Revision ID: 0034_search_totals
Revises: 0033_seed_listing_index

A search's idf needs the kind's number of indexed items, and every save the mean field
lengths of the kind: both counted ``search_documents`` afresh (100,000 seeds: 7.5 ms on
PostgreSQL in the first search after a write, and a scan in every save). One row per kind
now holds them, kept by the index's writer (hackplat/matching/search_index.py) and
counted afresh by its catch-up job; filled here from the rows there are (a row of noughts
for a kind with none).
"""

import sqlalchemy as sa
from alembic import op

revision = "0034_search_totals"
down_revision = "0033_seed_listing_index"
branch_labels = None
depends_on = None

#: The kinds the index holds at this revision (hackplat/matching/search_index.py's KINDS).
KINDS = ("need", "seed", "case", "lesson", "support")


def upgrade() -> None:
    op.create_table(
        "search_totals",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("title_length", sa.BigInteger(), nullable=False),
        sa.Column("body_length", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_search_totals")),
    )
    op.execute(
        "INSERT INTO search_totals (kind, documents, title_length, body_length) "
        "SELECT kind, count(*), sum(title_length), sum(body_length) FROM search_documents GROUP BY kind"
    )
    for kind in KINDS:  # a row for each kind, so that no two first saves of a kind race to make it
        op.execute(
            "INSERT INTO search_totals (kind, documents, title_length, body_length) "
            f"SELECT '{kind}', 0, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM search_totals WHERE kind = '{kind}')"
        )


def downgrade() -> None:
    op.drop_table("search_totals")

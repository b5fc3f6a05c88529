"""seed listing index: a seeds search's hits joined to the list by an index on SQLite too (#16)

Revision ID: 0033_seed_listing_index
Revises: 0032_covering_reads

Measured at 100,000 seeds (tests/bench/bench_pages.py, the first search of スマホ after a
write: 13,800 public hits): SQLite took each hit's seed row by its rowid for is_public and
updated_at, a wide row (texts and the analyser's tokens), two to a page: the join and the
sort were 30 of the statement's 60 ms. With the four columns in one index it reads that
index alone: 10 ms. SQLite has no INCLUDE, so they are key columns, on PostgreSQL too (the
same index-only scan as 0032's INCLUDE, one definition in the models).

SQLite's planner prefers a rowid to any index for ``id = ?`` unless ANALYZE has measured the
index (then it knows each id is one entry of a narrower b-tree): measured here, on the rows
there are, and kept measured by hackplat/matching/search_jobs.py's daily job. An empty
table is not measured; no plan then changes.
"""

from alembic import op

revision = "0033_seed_listing_index"
down_revision = "0032_covering_reads"
branch_labels = None
depends_on = None

INDEX = "ix_seeds_id_version_public_updated_at"


def upgrade() -> None:
    op.create_index(INDEX, "seeds", ["id", "version", "is_public", "updated_at"])
    op.drop_index("ix_seeds_id_version", table_name="seeds")
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ANALYZE {INDEX}")


def downgrade() -> None:
    op.create_index("ix_seeds_id_version", "seeds", ["id", "version"], postgresql_include=["is_public", "updated_at"])
    op.drop_index(INDEX, table_name="seeds")  # SQLite drops its statistics with it

"""search terms: the analyser's stored tokens of needs, seeds and cases as an index (#14 item 4)

Revision ID: 0019_search_terms
Revises: 0018_matcher_reranker

search_terms: one row per (kind, term, item) with the term's BM25F weight in the item;
its primary key serves a query's term look-ups, (kind, item_id) the rewrite of one
item's rows (on SQLite a WITHOUT ROWID table: the rows live in the key's b-tree).
search_documents: one row per indexed item, its field lengths and the analyser version
its terms came from. Both are filled from the kept tokens by
``flask --app hackplat search reindex`` (and, within minutes, by the periodic job that
catches up missing and stale items; search falls back to substrings until then), and
kept current by every later save (hackplat/matching/search_index.py): tokenising a
large table does not belong in a migration.

The synonym table gets ウェブ → web, so that ウェブ会議 and Web会議 meet (UniDic keeps
the katakana loanword and the Latin spelling apart); coordinators may delete it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_search_terms"
down_revision = "0018_matcher_reranker"
branch_labels = None
depends_on = None

_synonyms = sa.table(
    "synonyms",
    sa.column("variant", sa.String),
    sa.column("canonical", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("created_by_id", sa.Integer),
)


def upgrade() -> None:
    op.create_table(
        "search_terms",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("term", sa.String(length=100), nullable=False),
        sa.Column("item_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "term", "item_id", name=op.f("pk_search_terms")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_search_terms_kind_item_id", "search_terms", ["kind", "item_id"], unique=False)
    op.create_table(
        "search_documents",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("item_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title_length", sa.Integer(), nullable=False),
        sa.Column("body_length", sa.Integer(), nullable=False),
        sa.Column("analyser_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "item_id", name=op.f("pk_search_documents")),
    )
    bind = op.get_bind()
    if bind.execute(sa.select(_synonyms.c.variant).where(_synonyms.c.variant == "ウェブ")).first() is None:
        op.execute(_synonyms.insert().values(variant="ウェブ", canonical="web", created_at=sa.func.now()))


def downgrade() -> None:
    op.execute(
        _synonyms.delete().where(
            _synonyms.c.variant == "ウェブ", _synonyms.c.canonical == "web", _synonyms.c.created_by_id.is_(None)
        )
    )
    op.drop_table("search_documents")
    op.drop_index("ix_search_terms_kind_item_id", table_name="search_terms")
    op.drop_table("search_terms")

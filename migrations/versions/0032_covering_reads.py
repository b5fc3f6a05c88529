"""covering reads: a search of the seeds reads PostgreSQL's indexes alone (#16)

Revision ID: 0032_covering_reads
Revises: 0031_synonym_pruning

Measured at 100,000 seeds on PostgreSQL 15 (tests/bench/bench_pages.py, the first search
of スマホ after a write: 35,000 postings grouped into 17,000 items, 13,800 of them public
seeds): the statement of the hits' ids took 75–100 ms, a bitmap heap scan of the postings
for their weights and a heap fetch of each hit's seed for is_public and updated_at; with
both read from indexes 41–47 ms.

- search_terms: the primary key's index INCLUDEs the weight (SQLite keeps the rows in the
  key's b-tree already: a WITHOUT ROWID table).
- seeds (id, version): INCLUDEs is_public and updated_at (the search window's stamp reads
  it as before).

PostgreSQL only: SQLite has no INCLUDE, and its plans do not change.
"""

from alembic import op

revision = "0032_covering_reads"
down_revision = "0031_synonym_pruning"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _index_payloads(weight=["weight"], seeds=["is_public", "updated_at"])


def downgrade() -> None:
    _index_payloads(weight=[], seeds=[])


def _index_payloads(*, weight: list[str], seeds: list[str]) -> None:
    """The postings' key and the seeds' (id, version) index, rebuilt with these INCLUDE
    columns (none: as before this migration)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    include = f" INCLUDE ({', '.join(weight)})" if weight else ""
    op.execute(
        "ALTER TABLE search_terms DROP CONSTRAINT pk_search_terms, "
        f"ADD CONSTRAINT pk_search_terms PRIMARY KEY (kind, term, item_id){include}"
    )
    op.drop_index("ix_seeds_id_version", table_name="seeds")
    op.create_index("ix_seeds_id_version", "seeds", ["id", "version"], postgresql_include=seeds)

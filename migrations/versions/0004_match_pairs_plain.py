"""match_pairs without foreign keys

A rebuild writes about two million pairs at once; PostgreSQL checked the three foreign
keys row by row (about a minute at 10,000 needs × 100,000 seeds). Pairs are deleted with
their version explicitly, and those of a deleted need or seed by the matcher's delete
hook (hackplat/matching/live.py); the readers join needs and seeds, so a stray pair is
never shown.

Revision ID: 0004
Revises: 0003_matcher
Create Date: 2026-11-26 20:40:00

"""

from alembic import op

revision = "0004"
down_revision = "0003_matcher"
branch_labels = None
depends_on = None

FOREIGN_KEYS = (  # (name, column, referred table)
    ("fk_match_pairs_need_id_needs", "need_id", "needs"),
    ("fk_match_pairs_seed_id_seeds", "seed_id", "seeds"),
    ("fk_match_pairs_version_id_match_versions", "version_id", "match_versions"),
)


def upgrade():
    with op.batch_alter_table("match_pairs", schema=None) as batch_op:
        for name, _column, _table in FOREIGN_KEYS:
            batch_op.drop_constraint(name, type_="foreignkey")


def downgrade():
    """Pairs whose need, seed or version no longer exists would block the constraints."""
    for _name, column, table in FOREIGN_KEYS:
        op.execute(f"DELETE FROM match_pairs WHERE {column} NOT IN (SELECT id FROM {table})")
    with op.batch_alter_table("match_pairs", schema=None) as batch_op:
        for name, column, table in FOREIGN_KEYS:
            batch_op.create_foreign_key(name, table, [column], ["id"], ondelete="CASCADE")

"""synonym pruning: two seeded synonym entries that cost real text are removed (#14)

Revision ID: 0031_synonym_pruning
Revises: 0030_page_rows

廃棄物 → ごみ and 交付 → 発行 were in the table migration 0003 seeded. Removing each in
turn from the table (`match evaluate` on shared/matching/dev and on LocalgovFAQ's even
questions) gained on both halves of LocalgovFAQ and cost dev nothing; together the
matcher goes 0.852 → 0.853 (dev) and 0.555 → 0.564 (LocalgovFAQ) nDCG@10 (README,
quality table; hackplat/matching/core/synonyms_seed.py says why). A row is deleted only
while it is as seeded: a coordinator who changed its canonical term keeps it. The next
rebuild of the matcher applies the table (search applies it at once).
Migration 0003 seeds from the current SEED_SYNONYMS, so a database created after this
change never had the two rows; its downgrade adds them (as 0030 was before this change).
"""

import sqlalchemy as sa
from alembic import op

revision = "0031_synonym_pruning"
down_revision = "0030_page_rows"
branch_labels = None
depends_on = None

REMOVED = {"廃棄物": "ごみ", "交付": "発行"}

_synonyms = sa.table(
    "synonyms",
    sa.column("variant", sa.String),
    sa.column("canonical", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    for variant, canonical in REMOVED.items():
        op.execute(_synonyms.delete().where(_synonyms.c.variant == variant, _synonyms.c.canonical == canonical))


def downgrade() -> None:
    bind = op.get_bind()
    for variant, canonical in REMOVED.items():
        if bind.execute(sa.select(_synonyms.c.variant).where(_synonyms.c.variant == variant)).first() is None:
            op.execute(_synonyms.insert().values(variant=variant, canonical=canonical, created_at=sa.func.now()))

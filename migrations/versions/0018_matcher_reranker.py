"""the feedback re-ranker learnt from coordinators (#14 item 5)

Revision ID: 0018_matcher_reranker
Revises: 0017_english_names

match_rerankers: one row per training of the re-ranker (hackplat/models/reranking.py),
with its labels, its held-out nDCG@10 before and after, whether it beat the blend,
whether it is in use, and the fitted model as JSON numbers (no pickle), so that every
worker on every host re-ranks with the same model.
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_matcher_reranker"
down_revision = "0017_english_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_rerankers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trained_by_id", sa.Integer(), nullable=True),
        sa.Column("labels", sa.Integer(), nullable=False),
        sa.Column("positives", sa.Integer(), nullable=False),
        sa.Column("train_labels", sa.Integer(), nullable=False),
        sa.Column("held_out_labels", sa.Integer(), nullable=False),
        sa.Column("held_out_needs", sa.Integer(), nullable=False),
        sa.Column("ndcg_before", sa.Float(), nullable=False),
        sa.Column("ndcg_after", sa.Float(), nullable=False),
        sa.Column("beats_blend", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("model", sa.JSON(), nullable=True),
        sa.Column("switched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("switched_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["trained_by_id"], ["users.id"], name=op.f("fk_match_rerankers_trained_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["switched_by_id"], ["users.id"], name=op.f("fk_match_rerankers_switched_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_rerankers")),
    )  # fmt: skip
    with op.batch_alter_table("match_rerankers", schema=None) as batch_op:
        batch_op.create_index("ix_match_rerankers_enabled_id", ["enabled", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_rerankers_trained_by_id"), ["trained_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_rerankers_switched_by_id"), ["switched_by_id"], unique=False)


def downgrade() -> None:
    op.drop_table("match_rerankers")

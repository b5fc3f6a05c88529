"""matcher, organisation version

Revision ID: 0003_matcher
Revises: 0002_exchange
Create Date: 2026-11-26 17:55:48.246883

"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003_matcher"
down_revision = "0002_exchange"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "match_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "building",
                "active",
                "retired",
                name="match_version_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("needs_count", sa.Integer(), nullable=False),
        sa.Column("seeds_count", sa.Integer(), nullable=False),
        sa.Column("pairs_count", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.JSON(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("artifact", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_versions")),
    )
    with op.batch_alter_table("match_versions", schema=None) as batch_op:
        batch_op.create_index("ix_match_versions_status_id", ["status", "id"], unique=False)

    op.create_table(
        "match_deltas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=4), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["match_versions.id"],
            name=op.f("fk_match_deltas_version_id_match_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_deltas")),
    )
    with op.batch_alter_table("match_deltas", schema=None) as batch_op:
        batch_op.create_index("ix_match_deltas_version_id", ["version_id", "id"], unique=False)

    op.create_table(
        "synonyms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("variant", sa.String(length=100), nullable=False),
        sa.Column("canonical", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_synonyms_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_synonyms")),
        sa.UniqueConstraint("variant", name=op.f("uq_synonyms_variant")),
    )
    op.create_table(
        "match_pairs",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("seed_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("shared_terms", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_match_pairs_need_id_needs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["seed_id"], ["seeds.id"], name=op.f("fk_match_pairs_seed_id_seeds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["match_versions.id"],
            name=op.f("fk_match_pairs_version_id_match_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "need_id", "seed_id", name=op.f("pk_match_pairs")),
    )
    with op.batch_alter_table("match_pairs", schema=None) as batch_op:
        batch_op.create_index("ix_match_pairs_version_need_score", ["version_id", "need_id", "score"], unique=False)
        batch_op.create_index("ix_match_pairs_version_seed_score", ["version_id", "seed_id", "score"], unique=False)

    op.create_table(
        "suggestion_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("seed_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "not_relevant", "invite", name="feedback_kind", native_enum=False, create_constraint=True, length=20
            ),
            nullable=False,
        ),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_suggestion_feedback_need_id_needs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["seed_id"], ["seeds.id"], name=op.f("fk_suggestion_feedback_seed_id_seeds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_suggestion_feedback_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion_feedback")),
        sa.UniqueConstraint("need_id", "seed_id", "kind", name="one_per_kind"),
    )
    with op.batch_alter_table("suggestion_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestion_feedback_need_id"), ["need_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestion_feedback_seed_id"), ["seed_id"], unique=False)

    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("analysis", sa.Text(), nullable=True))

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))

    with op.batch_alter_table("seeds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("analysis", sa.Text(), nullable=True))

    _seed_synonyms()


def _seed_synonyms():
    """The matcher's starting vocabulary; coordinators edit the table afterwards."""
    from hackplat.matching.core.synonyms_seed import SEED_SYNONYMS

    synonyms = sa.table(
        "synonyms",
        sa.column("variant", sa.String),
        sa.column("canonical", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    op.bulk_insert(synonyms, [{"variant": v, "canonical": c, "created_at": now} for v, c in SEED_SYNONYMS.items()])


def downgrade():
    with op.batch_alter_table("seeds", schema=None) as batch_op:
        batch_op.drop_column("analysis")

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("version")

    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_column("analysis")

    with op.batch_alter_table("suggestion_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_feedback_seed_id"))
        batch_op.drop_index(batch_op.f("ix_suggestion_feedback_need_id"))

    op.drop_table("suggestion_feedback")
    with op.batch_alter_table("match_pairs", schema=None) as batch_op:
        batch_op.drop_index("ix_match_pairs_version_seed_score")
        batch_op.drop_index("ix_match_pairs_version_need_score")

    op.drop_table("match_pairs")
    op.drop_table("synonyms")
    with op.batch_alter_table("match_deltas", schema=None) as batch_op:
        batch_op.drop_index("ix_match_deltas_version_id")

    op.drop_table("match_deltas")
    with op.batch_alter_table("match_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_match_versions_status_id")

    op.drop_table("match_versions")

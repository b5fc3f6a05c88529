"""startup support: founding year, startup-friendly needs first, mentoring requests (#17 item 3)

Revision ID: 0022_startup_support
Revises: 0021_labs

organisations.founded_year: the year a startup was founded (required of startups by the
registration and profile forms, 1868 to this year; NULL for every existing row).
ix_needs_status_startup_published_at: serves /needs for a startup's member, where the
startup-friendly needs (needs.startup_support, the existing 「スタートアップ歓迎」 flag)
come first within the newest-first order. mentoring_requests: a startup's request for a
coordinator's mentoring on its proposal (one per proposal, deleted with a deleted draft),
listed oldest first on the office's home by (status, requested_at).
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_startup_support"
down_revision = "0021_labs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("founded_year", sa.Integer(), nullable=True))
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_needs_status_startup_published_at", ["status", "startup_support", "published_at"], unique=False
        )
    op.create_table(
        "mentoring_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "taken",
                "closed",
                name="mentoring_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),  # fmt: skip
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("coordinator_id", sa.Integer(), nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_mentoring_requests_proposal_id_proposals"),
            ondelete="CASCADE",
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_mentoring_requests_requested_by_id_users"),
            ondelete="SET NULL",
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["coordinator_id"],
            ["users.id"],
            name=op.f("fk_mentoring_requests_coordinator_id_users"),
            ondelete="SET NULL",
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_requests")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_mentoring_requests_proposal_id")),
    )
    with op.batch_alter_table("mentoring_requests", schema=None) as batch_op:
        batch_op.create_index("ix_mentoring_requests_status_requested_at", ["status", "requested_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentoring_requests_requested_by_id"), ["requested_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentoring_requests_coordinator_id"), ["coordinator_id"], unique=False)


def downgrade() -> None:
    op.drop_table("mentoring_requests")
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_index("ix_needs_status_startup_published_at")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("founded_year")

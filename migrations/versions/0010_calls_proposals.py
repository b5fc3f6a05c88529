"""calls and proposals: closing a call early, evaluators per need, proposal versions

Revision ID: 0010_calls_proposals
Revises: 0009_mail

A need's call may end before its deadline (call_closed_at, with the department's
reason); min_evaluators is how many evaluators must have scored every shortlisted
proposal before one is selected (2 unless the department says otherwise). Each
submission of a proposal, and each edit after submitting, keeps its text in
proposal_versions.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_calls_proposals"
down_revision = "0009_mail"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("call_closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("call_closed_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("min_evaluators", sa.Integer(), server_default="2", nullable=False))
    op.create_table(
        "proposal_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("approach", sa.Text(), nullable=False),
        sa.Column("schedule", sa.Text(), nullable=False),
        sa.Column("cost_estimate", sa.String(length=200), nullable=False),
        sa.Column("city_support", sa.Text(), nullable=False),
        sa.Column("seed_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_proposal_versions_author_id_users")),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_proposal_versions_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seed_id"], ["seeds.id"], name=op.f("fk_proposal_versions_seed_id_seeds"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_versions")),
        sa.UniqueConstraint("proposal_id", "number", name="one_number_per_proposal"),
    )  # fmt: skip
    with op.batch_alter_table("proposal_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_versions_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_versions_seed_id"), ["seed_id"], unique=False)


def downgrade():
    op.drop_table("proposal_versions")
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_column("min_evaluators")
        batch_op.drop_column("call_closed_reason")
        batch_op.drop_column("call_closed_at")

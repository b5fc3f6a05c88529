"""questions and answers on a need, questions to a proposer (#15 item 3)

Revision ID: 0014_questions
Revises: 0013_evaluation_version

needs.question_deadline: the last day (Japan time) the department takes questions on
the need; NULL takes them until the proposals' deadline. questions: one row per
question, on a need (proposal_id NULL, asked by an organisation, answered by the
department) or to a proposer (asked by the department, answered by the organisation),
with its answer and whether the answer is published.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_questions"
down_revision = "0013_evaluation_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("question_deadline", sa.Date(), nullable=True))
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("asked_by_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_public", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"], name=op.f("fk_questions_need_id_needs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_questions_proposal_id_proposals"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_questions_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["asked_by_id"], ["users.id"], name=op.f("fk_questions_asked_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_questions_answered_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index("ix_questions_need_answered_at", ["need_id", "answered_at"], unique=False)
        batch_op.create_index("ix_questions_organisation_answered_at", ["organisation_id", "answered_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_asked_by_id"), ["asked_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_answered_by_id"), ["answered_by_id"], unique=False)


def downgrade() -> None:
    op.drop_table("questions")
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_column("question_deadline")

"""internal lessons of pilots and roll-out interest (#17 item 4)

Revision ID: 0023_pilot_lessons
Revises: 0022_startup_support

pilot_lessons: a pilot's internal lessons (procurement, security review, what to do
differently, other), read by city accounts only; edited with an optimistic version,
with a normalised search_text for the search's substring checks (the keyword index
holds them as kind "lesson"). roll_out_interests: a department's "we want this too"
on a published case, at most one per case and department, optionally naming one of the
department's needs.
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_pilot_lessons"
down_revision = "0022_startup_support"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pilot_lessons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "procurement",
                "security_review",
                "next_time",
                "other",
                name="lesson_category",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pilot_id"], ["pilots.id"], name=op.f("fk_pilot_lessons_pilot_id_pilots"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_pilot_lessons_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_pilot_lessons_updated_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_lessons")),
    )
    with op.batch_alter_table("pilot_lessons", schema=None) as batch_op:
        batch_op.create_index("ix_pilot_lessons_pilot_created_at", ["pilot_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_pilot_lessons_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pilot_lessons_updated_by_id"), ["updated_by_id"], unique=False)

    op.create_table(
        "roll_out_interests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["knowledge_cases.id"],
            name=op.f("fk_roll_out_interests_case_id_knowledge_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_roll_out_interests_department_id_departments")
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_roll_out_interests_need_id_needs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_roll_out_interests_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roll_out_interests")),
        sa.UniqueConstraint("case_id", "department_id", name="one_per_department"),
    )
    with op.batch_alter_table("roll_out_interests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roll_out_interests_department_id"), ["department_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_roll_out_interests_need_id"), ["need_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_roll_out_interests_created_by_id"), ["created_by_id"], unique=False)


def downgrade() -> None:
    # The lessons' rows of the keyword index go with them.
    op.execute("DELETE FROM search_terms WHERE kind = 'lesson'")
    op.execute("DELETE FROM search_documents WHERE kind = 'lesson'")
    op.drop_table("roll_out_interests")
    op.drop_table("pilot_lessons")

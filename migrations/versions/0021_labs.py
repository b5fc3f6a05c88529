"""co-creation labs and their needs, groups and pilots (#17 item 2)

Revision ID: 0021_labs
Revises: 0020_track_records

labs: the co-creation labs and programmes the city runs beside the platform (共創ラボ,
リビングラボ, ケアテック・オープン・ラボ横浜, I・TOP横浜): name (and English name),
description, partners (one a line), the lab's own page (http/https) and whether it is
still active. needs.lab_id, working_groups.lab_id, pilots.lab_id: the lab each belongs
to, if any (NULL for every existing row), each indexed for the lab page and the lab
filters of /needs and /knowledge.
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_labs"
down_revision = "0020_track_records"
branch_labels = None
depends_on = None

MEMBERS = ("needs", "working_groups", "pilots")


def upgrade() -> None:
    op.create_table(
        "labs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("partners", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_labs_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labs")),
        sa.UniqueConstraint("name", name=op.f("uq_labs_name")),
    )
    op.create_index("ix_labs_active_name", "labs", ["active", "name"], unique=False)
    op.create_index(op.f("ix_labs_created_by_id"), "labs", ["created_by_id"], unique=False)
    for table in MEMBERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("lab_id", sa.Integer(), nullable=True))
            batch_op.create_index(op.f(f"ix_{table}_lab_id"), ["lab_id"], unique=False)
            batch_op.create_foreign_key(op.f(f"fk_{table}_lab_id_labs"), "labs", ["lab_id"], ["id"])


def downgrade() -> None:
    for table in reversed(MEMBERS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"fk_{table}_lab_id_labs"), type_="foreignkey")
            batch_op.drop_index(op.f(f"ix_{table}_lab_id"))
            batch_op.drop_column("lab_id")
    op.drop_index(op.f("ix_labs_created_by_id"), table_name="labs")
    op.drop_index("ix_labs_active_name", table_name="labs")
    op.drop_table("labs")

"""attachments of needs, proposals, seeds, working-group records and cases (#15 item 4)

Revision ID: 0015_attachments
Revises: 0014_questions

One table, one nullable foreign key per kind of parent (exactly one set: the CHECK
one_parent), each ON DELETE CASCADE so that deleting a parent deletes its attachments on
both backends. The files are under ATTACHMENTS_DIR by storage_key; downgrading drops the
rows, not the files.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_attachments"
down_revision = "0014_questions"
branch_labels = None
depends_on = None

PARENTS = (
    ("need_id", "needs"),
    ("proposal_id", "proposals"),
    ("seed_id", "seeds"),
    ("activity_record_id", "working_group_activities"),
    ("case_id", "knowledge_cases"),
)
ONE_PARENT = " + ".join(f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)" for column, _table in PARENTS)


def upgrade():
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        *(sa.Column(column, sa.Integer(), nullable=True) for column, _table in PARENTS),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"{ONE_PARENT} = 1", name=op.f("ck_attachments_one_parent")),
        *(
            sa.ForeignKeyConstraint(
                [column], [f"{table}.id"], name=op.f(f"fk_attachments_{column}_{table}"), ondelete="CASCADE"
            )
            for column, table in PARENTS
        ),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"], name=op.f("fk_attachments_uploaded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_attachments_storage_key")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        for column in (*(column for column, _table in PARENTS), "uploaded_by_id"):
            batch_op.create_index(batch_op.f(f"ix_attachments_{column}"), [column], unique=False)


def downgrade():
    op.drop_table("attachments")

"""jobs: one row per job of the queue, and at most one queued or running job per kind

Revision ID: 0008_jobs
Revises: 0007_dashboard_indexes

The partial unique index is what keeps a second rebuild from being enqueued while one
is queued or running, whichever web worker or host asks (hackplat/jobs/services.py).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_jobs"
down_revision = "0007_dashboard_indexes"
branch_labels = None
depends_on = None

ACTIVE = sa.text("state IN ('queued', 'running')")


def upgrade():
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "queued",
                "running",
                "done",
                "failed",
                name="job_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("enqueued_by_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enqueued_by_id"], ["users.id"], name=op.f("fk_jobs_enqueued_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_enqueued_by_id"), ["enqueued_by_id"], unique=False)
        batch_op.create_index("ix_jobs_kind_id", ["kind", "id"], unique=False)
        batch_op.create_index(
            "uq_jobs_one_active_per_kind", ["kind"], unique=True, sqlite_where=ACTIVE, postgresql_where=ACTIVE
        )


def downgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("uq_jobs_one_active_per_kind")
        batch_op.drop_index("ix_jobs_kind_id")
        batch_op.drop_index(batch_op.f("ix_jobs_enqueued_by_id"))
    op.drop_table("jobs")

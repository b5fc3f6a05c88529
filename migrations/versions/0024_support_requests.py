"""support requests: a department asks the programme office for help (#17 item 1)

Revision ID: 0024_support_requests
Revises: 0023_pilot_lessons

support_requests: one row per request, in the department's plain words (title,
situation, affected, tried) with the analyser's tokens; its status (submitted →
triaged → in_progress → done, or withdrawn / declined), the path a coordinator chose
(analysis / need / search / project) with the reason, the need it ends in or concerns,
and the analysis path's contractor, due date and findings. Read by department and date
(the department's list) and by status and date (open requests by age).
support_request_joins: another department with the same problem joined a request
(one row per request and department).
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_support_requests"
down_revision = "0023_pilot_lessons"
branch_labels = None
depends_on = None

STATUSES = ("submitted", "triaged", "in_progress", "done", "withdrawn", "declined")
PATHS = ("analysis", "need", "search", "project")


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def _fk(table: str, column: str, target: str, **kw: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), **kw)


def upgrade() -> None:
    op.create_table(
        "support_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("affected", sa.Text(), nullable=False),
        sa.Column("tried", sa.Text(), nullable=False),
        sa.Column("analysis", sa.Text(), nullable=True),
        sa.Column("status", _enum(STATUSES, "support_status"), nullable=False),
        sa.Column("path", _enum(PATHS, "support_path"), nullable=True),
        sa.Column("triage_reason", sa.Text(), nullable=True),
        sa.Column("triaged_by_id", sa.Integer(), nullable=True),
        sa.Column("triaged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("need_id", sa.Integer(), nullable=True),
        sa.Column("analysis_contractor", sa.String(length=200), nullable=True),
        sa.Column("analysis_due", sa.Date(), nullable=True),
        sa.Column("analysis_findings", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("support_requests", "department_id", "departments"),
        _fk("support_requests", "author_id", "users"),
        _fk("support_requests", "triaged_by_id", "users"),
        _fk("support_requests", "need_id", "needs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_requests")),
    )
    with op.batch_alter_table("support_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_support_requests_department_created_at", ["department_id", "created_at"], unique=False
        )
        batch_op.create_index("ix_support_requests_status_created_at", ["status", "created_at"], unique=False)
        for column in ("author_id", "triaged_by_id", "need_id"):
            batch_op.create_index(batch_op.f(f"ix_support_requests_{column}"), [column], unique=False)
    op.create_table(
        "support_request_joins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        _fk("support_request_joins", "request_id", "support_requests", ondelete="CASCADE"),
        _fk("support_request_joins", "department_id", "departments"),
        _fk("support_request_joins", "user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_request_joins")),
        sa.UniqueConstraint("request_id", "department_id", name="uq_support_request_joins_request_department"),
    )
    with op.batch_alter_table("support_request_joins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_request_joins_department_id"), ["department_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_support_request_joins_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("support_request_joins")
    op.drop_table("support_requests")

"""support request paths: searches ending in invitations, project support with check-ins (#17 item 1)

Revision ID: 0025_support_paths
Revises: 0024_support_requests

support_searches: the 「事業者がみつからない」 path of a request (one per request; the
need searched for is the request's need_id): the working group its invitations went
through, and the note a coordinator closes it with. support_search_invitations: which of that group's
memberships (the invitations themselves) were sent from the search.
project_supports: the 「プロジェクトがうまく進まない」 path (one per request): a pilot, its
supporter (a coordinator), the goal, and the closing summary. project_check_ins: its
dated check-ins (status on_track / attention / delayed, note, next action), read by
support and date.
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_support_paths"
down_revision = "0024_support_requests"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, **kw: str) -> sa.ForeignKeyConstraint:
    name = op.f(f"fk_{table}_{column}_{target}")
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=name, **kw)


def _user_columns(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Integer(), nullable=True) for name in names]


def upgrade() -> None:
    op.create_table(
        "support_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        *_user_columns("started_by_id"),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        *_user_columns("closed_by_id"),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("support_searches", "request_id", "support_requests", ondelete="CASCADE"),
        _fk("support_searches", "group_id", "working_groups"),
        _fk("support_searches", "started_by_id", "users"),
        _fk("support_searches", "closed_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_searches")),
        sa.UniqueConstraint("request_id", name=op.f("uq_support_searches_request_id")),
    )
    with op.batch_alter_table("support_searches", schema=None) as batch_op:
        for column in ("group_id", "started_by_id", "closed_by_id"):
            batch_op.create_index(batch_op.f(f"ix_support_searches_{column}"), [column], unique=False)
    op.create_table(
        "support_search_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("search_id", sa.Integer(), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        _fk("support_search_invitations", "search_id", "support_searches", ondelete="CASCADE"),
        _fk("support_search_invitations", "membership_id", "working_group_members", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_search_invitations")),
        sa.UniqueConstraint("membership_id", name=op.f("uq_support_search_invitations_membership_id")),
    )
    with op.batch_alter_table("support_search_invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_search_invitations_search_id"), ["search_id"], unique=False)
    op.create_table(
        "project_supports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        *_user_columns("supporter_id"),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        *_user_columns("closed_by_id"),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("project_supports", "request_id", "support_requests", ondelete="CASCADE"),
        _fk("project_supports", "pilot_id", "pilots"),
        _fk("project_supports", "supporter_id", "users"),
        _fk("project_supports", "closed_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_supports")),
        sa.UniqueConstraint("request_id", name=op.f("uq_project_supports_request_id")),
    )
    with op.batch_alter_table("project_supports", schema=None) as batch_op:
        for column in ("pilot_id", "supporter_id", "closed_by_id"):
            batch_op.create_index(batch_op.f(f"ix_project_supports_{column}"), [column], unique=False)
    op.create_table(
        "project_check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("support_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "on_track",
                "attention",
                "delayed",
                name="check_in_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),  # fmt: skip
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("next_action", sa.Text(), nullable=False),
        *_user_columns("author_id"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("project_check_ins", "support_id", "project_supports", ondelete="CASCADE"),
        _fk("project_check_ins", "author_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_check_ins")),
    )
    with op.batch_alter_table("project_check_ins", schema=None) as batch_op:
        batch_op.create_index("ix_project_check_ins_support_held_on", ["support_id", "held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_check_ins_author_id"), ["author_id"], unique=False)


def downgrade() -> None:
    op.drop_table("project_check_ins")
    op.drop_table("project_supports")
    op.drop_table("support_search_invitations")
    op.drop_table("support_searches")

"""accounts: verification, colleagues, terms, sessions, second factor, throttle

Revision ID: 0012_accounts
Revises: 0011_pilots_cases_cycles

- users: e-mail verification, membership start (a join request waits with none), forced
  password change, account lock, TOTP secret and last accepted step;
- login_sessions: last seen and user agent (idle timeout, device list);
- organisation_invitations, recovery_codes, throttle_counters, legal_documents and
  legal_acceptances.

People registered before this revision are taken as verified and as members since they
registered: they proved nothing new, but nothing they could do before is taken away.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_accounts"
down_revision = "0011_pilots_cases_cycles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "throttle_counters",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_throttle_counters")),
    )
    with op.batch_alter_table("throttle_counters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_throttle_counters_blocked_until"), ["blocked_until"], unique=False)

    op.create_table(
        "legal_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("terms", "privacy", name="legal_kind", native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_legal_documents_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_documents")),
        sa.UniqueConstraint("kind", "version", name=op.f("uq_legal_documents_kind")),
    )
    op.create_table(
        "organisation_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_user_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["accepted_user_id"], ["users.id"], name=op.f("fk_organisation_invitations_accepted_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["users.id"], name=op.f("fk_organisation_invitations_invited_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_invitations_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_invitations")),
    )
    with op.batch_alter_table("organisation_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_invitations_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_recovery_codes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    with op.batch_alter_table("recovery_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recovery_codes_user_id"), ["user_id"], unique=False)

    op.create_table(
        "legal_acceptances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["legal_documents.id"], name=op.f("fk_legal_acceptances_document_id_legal_documents")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_legal_acceptances_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_acceptances")),
        sa.UniqueConstraint("user_id", "document_id", name=op.f("uq_legal_acceptances_user_id")),
    )
    with op.batch_alter_table("legal_acceptances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_legal_acceptances_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("user_agent", sa.String(length=200), nullable=True))

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("totp_enabled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))

    users = sa.table("users", sa.column("email_verified_at"), sa.column("joined_at"), sa.column("created_at"),
                     sa.column("role"))  # fmt: skip
    op.execute(users.update().values(email_verified_at=users.c.created_at))
    op.execute(users.update().where(users.c.role == "member").values(joined_at=users.c.created_at))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_enabled_at")
        batch_op.drop_column("totp_secret")
        batch_op.drop_column("locked_at")
        batch_op.drop_column("password_changed_at")
        batch_op.drop_column("must_change_password")
        batch_op.drop_column("joined_at")
        batch_op.drop_column("email_verified_at")

    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.drop_column("user_agent")
        batch_op.drop_column("last_seen_at")

    with op.batch_alter_table("legal_acceptances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_acceptances_user_id"))

    op.drop_table("legal_acceptances")
    with op.batch_alter_table("recovery_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recovery_codes_user_id"))

    op.drop_table("recovery_codes")
    with op.batch_alter_table("organisation_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_invitations_organisation_id"))

    op.drop_table("organisation_invitations")
    op.drop_table("legal_documents")
    with op.batch_alter_table("throttle_counters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_throttle_counters_blocked_until"))

    op.drop_table("throttle_counters")

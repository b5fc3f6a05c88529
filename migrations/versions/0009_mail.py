"""mail through the job queue: delivery states with retry time and error, preferences, digest marks

Revision ID: 0009_mail
Revises: 0008_jobs

The delivery column's CHECK constraint gains the new states (sending, given_up, daily,
weekly, digested, off); a row's next_attempt_at is its retry time (or, while sending, the
end of its consumer's lease) and error the reason of its last failure.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_mail"
down_revision = "0008_jobs"
branch_labels = None
depends_on = None

OLD_STATES = ("pending", "sent", "logged", "failed")
NEW_STATES = ("pending", "sending", "sent", "logged", "failed", "given_up", "daily", "weekly", "digested", "off")
FREQUENCIES = ("immediate", "daily", "weekly", "off")


def _states(values: tuple[str, ...]) -> str:
    return "delivery IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _enum(name: str) -> sa.Enum:
    return sa.Enum(*FREQUENCIES, name=name, native_enum=False, create_constraint=True, length=20)


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_notifications_delivery_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_notifications_delivery_status"), _states(NEW_STATES))
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("error", sa.Text(), nullable=True))
        batch_op.create_index("ix_notifications_delivery_next_attempt_at", ["delivery", "next_attempt_at"])
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("frequency", _enum("notification_frequency"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notification_preferences_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_notification_preferences")),
    )
    op.create_table(
        "digest_marks",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("period", _enum("digest_period"), nullable=False),
        sa.Column("covered_until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_digest_marks_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "period", name=op.f("pk_digest_marks")),
    )


def downgrade():
    op.drop_table("digest_marks")
    op.drop_table("notification_preferences")
    # Rows in the new states fall back to the nearest old one before the constraint narrows.
    op.execute("UPDATE notifications SET delivery = 'pending' WHERE delivery IN ('sending', 'daily', 'weekly')")
    op.execute("UPDATE notifications SET delivery = 'failed' WHERE delivery = 'given_up'")
    op.execute("UPDATE notifications SET delivery = 'logged' WHERE delivery IN ('digested', 'off')")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_delivery_next_attempt_at")
        batch_op.drop_column("error")
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_constraint(op.f("ck_notifications_delivery_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_notifications_delivery_status"), _states(OLD_STATES))

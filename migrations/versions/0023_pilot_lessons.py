"""internal lessons of pilots and roll-out interest (#17 item 4)

Revision ID: 0023_pilot_lessons
Revises: 0022_startup_support

PLACEHOLDER: reserved in the chain so that parallel work can add its schema; filled by
the work it names.
"""

revision = "0023_pilot_lessons"
down_revision = "0022_startup_support"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""support requests and their four paths (#17 item 1)

Revision ID: 0024_support_requests
Revises: 0023_pilot_lessons

PLACEHOLDER: reserved in the chain so that parallel work can add its schema; filled by
the work it names.
"""

revision = "0024_support_requests"
down_revision = "0023_pilot_lessons"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

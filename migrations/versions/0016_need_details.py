"""contact person, budget range, area, several themes, evaluation criteria on a need (#15 item 5)

Revision ID: 0016_need_details
Revises: 0015_attachments

PLACEHOLDER: reserved in the chain so that parallel work can add its schema; filled by
the work it names.
"""

revision = "0016_need_details"
down_revision = "0015_attachments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

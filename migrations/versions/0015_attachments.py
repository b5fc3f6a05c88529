"""attachments of needs, proposals, seeds, working-group records and cases (#15 item 4)

Revision ID: 0015_attachments
Revises: 0014_questions

PLACEHOLDER: reserved in the chain so that parallel work can add its schema; filled by
the work it names.
"""

revision = "0015_attachments"
down_revision = "0014_questions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

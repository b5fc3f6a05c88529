"""co-creation labs and their needs, groups and pilots (#17 item 2)

Revision ID: 0021_labs
Revises: 0020_track_records

PLACEHOLDER: reserved in the chain so that parallel work can add its schema; filled by
the work it names.
"""

revision = "0021_labs"
down_revision = "0020_track_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

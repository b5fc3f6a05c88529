"""English names of themes and departments (#15 item 6)

Revision ID: 0017_english_names
Revises: 0016_need_details

PLACEHOLDER: reserved in the chain so that parallel work can add its schema; filled by
the work it names.
"""

revision = "0017_english_names"
down_revision = "0016_need_details"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

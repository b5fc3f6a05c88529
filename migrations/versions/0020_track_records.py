"""track records: organisations' opt-in public profile (#17 item 5)

Revision ID: 0020_track_records
Revises: 0019_search_terms

PLACEHOLDER: reserved in the chain so that parallel work can add its schema; filled by
the work it names.
"""

revision = "0020_track_records"
down_revision = "0019_search_terms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

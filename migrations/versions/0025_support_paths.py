"""support request paths: searches ending in invitations, project support with check-ins (#17 item 1)

Revision ID: 0025_support_paths
Revises: 0024_support_requests

PLACEHOLDER: reserved in the chain so that parallel work can add its schema; filled by
the work it names.
"""

revision = "0025_support_paths"
down_revision = "0024_support_requests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

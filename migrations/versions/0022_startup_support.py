"""startup support: founding year, startup-friendly needs, mentoring requests (#17 item 3)

Revision ID: 0022_startup_support
Revises: 0021_labs

PLACEHOLDER: reserved in the chain so that parallel work can add its schema; filled by
the work it names.
"""

revision = "0022_startup_support"
down_revision = "0021_labs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

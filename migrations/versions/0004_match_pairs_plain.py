"""match_pairs without foreign keys (placeholder: filled in by the rebuild-speed work)

Revision ID: 0004
Revises: 0003_matcher

"""
revision = "0004"
down_revision = "0003_matcher"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

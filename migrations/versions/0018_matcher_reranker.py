"""the feedback re-ranker learnt from coordinators (#14 item 5)

Revision ID: 0018_matcher_reranker
Revises: 0017_english_names

PLACEHOLDER: reserved in the chain so that parallel work can add its schema; filled by
the work it names.
"""

revision = "0018_matcher_reranker"
down_revision = "0017_english_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

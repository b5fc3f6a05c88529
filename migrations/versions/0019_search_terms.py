"""search terms: the analyser's stored tokens of needs, seeds and cases as an index (#14 item 4)

Revision ID: 0019_search_terms
Revises: 0018_matcher_reranker

PLACEHOLDER: reserved in the chain so that parallel work can add its schema; filled by
the work it names.
"""

revision = "0019_search_terms"
down_revision = "0018_matcher_reranker"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

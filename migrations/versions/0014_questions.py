"""questions and answers on a need, questions to a proposer (#15 item 3)

Revision ID: 0014_questions
Revises: 0013_evaluation_version

PLACEHOLDER: reserved in the chain so that parallel work can add its schema; filled by
the work it names.
"""

revision = "0014_questions"
down_revision = "0013_evaluation_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

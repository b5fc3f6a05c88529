"""page rows: the department's unanswered questions chosen from an index alone (#16)

Revision ID: 0030_page_rows
Revises: 0029_list_indexes

Measured at 10,000 needs, 30,000 questions (tests/bench/bench_pages.py): a staff home
picks the department's five oldest unanswered questions by their keys (hackplat/home/
items.py). Without the date in the index PostgreSQL read every question (a sequential
scan of 30,000 rows, the 456 of the department's 500 needs kept) to sort them.

- questions (need_id, answered_at, proposal_id, asked_at, id) replaces (need_id,
  answered_at, proposal_id): per need of the department, its unanswered questions'
  dates and ids from the index alone (PostgreSQL: an index-only scan; SQLite has the
  rowid in every index already). The counts the old index served read the new one.
"""

from alembic import op

revision = "0030_page_rows"
down_revision = "0029_list_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_questions_need_answered_proposal_asked",
        "questions",
        ["need_id", "answered_at", "proposal_id", "asked_at", "id"],
    )
    op.drop_index("ix_questions_need_answered_proposal", table_name="questions")


def downgrade() -> None:
    op.create_index("ix_questions_need_answered_proposal", "questions", ["need_id", "answered_at", "proposal_id"])
    op.drop_index("ix_questions_need_answered_proposal_asked", table_name="questions")

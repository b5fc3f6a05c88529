"""home indexes: the signed-in home pages at the size of a national programme (#16)

Revision ID: 0028_home_indexes
Revises: 0027_content_changes

Measured at 10,000 needs, 50,000 proposals, 30,000 questions (tests/bench/bench_pages.py):
each index lets a home section's count read a few hundred index entries instead of a
table or a whole status.

- needs (status, deadline, call_closed_at, id): calls ending within two weeks, from the
  index alone (the status index walked every open need; the id for PostgreSQL);
- needs (department_id, id): a department's need ids without reading the needs' rows on
  PostgreSQL (its 500 needs lay on 496 pages; SQLite's indexes hold the row id already);
- proposals (status, need_id, submitted_at): a department's needs' submitted proposals
  with their date, and the needs with a shortlisted proposal;
- questions (need_id, answered_at, proposal_id) replaces (need_id, answered_at): the
  department's unanswered questions from the index alone (the planner walked every
  question on no proposal through ix_questions_proposal_id);
- users (locked_at) and jobs (state, id): the locked accounts and the failed jobs
  without scanning either table.
"""

from alembic import op

revision = "0028_home_indexes"
down_revision = "0027_content_changes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_needs_status_deadline", "needs", ["status", "deadline", "call_closed_at", "id"])
    op.create_index("ix_needs_department_id", "needs", ["department_id", "id"])
    op.create_index("ix_proposals_status_need_submitted", "proposals", ["status", "need_id", "submitted_at"])
    op.create_index("ix_questions_need_answered_proposal", "questions", ["need_id", "answered_at", "proposal_id"])
    op.drop_index("ix_questions_need_answered_at", table_name="questions")
    op.create_index("ix_users_locked_at", "users", ["locked_at"])
    op.create_index("ix_jobs_state_id", "jobs", ["state", "id"])


def downgrade() -> None:
    op.drop_index("ix_jobs_state_id", table_name="jobs")
    op.drop_index("ix_users_locked_at", table_name="users")
    op.create_index("ix_questions_need_answered_at", "questions", ["need_id", "answered_at"])
    op.drop_index("ix_questions_need_answered_proposal", table_name="questions")
    op.drop_index("ix_proposals_status_need_submitted", table_name="proposals")
    op.drop_index("ix_needs_department_id", table_name="needs")
    op.drop_index("ix_needs_status_deadline", table_name="needs")

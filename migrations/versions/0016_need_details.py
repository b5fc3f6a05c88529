"""contact person, budget range, area, several themes, evaluation criteria on a need (#15 item 5)

Revision ID: 0016_need_details
Revises: 0015_attachments

needs: the contact person (name and section public, phone and e-mail for signed-in
users), an optional budget range in yen (each bound optional, neither negative, the
upper not below the lower: checked by the service and by the database), the target ward
(a department of kind ward; NULL is the whole city), and what the evaluators look for
under each criterion of the programme's rubric (focus_*: the rubric itself, four
criteria of equal weight, is the evaluations' own). need_themes: the themes of a need
besides its primary one. Existing needs keep their one theme and get empty details.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_need_details"
down_revision = "0015_attachments"
branch_labels = None
depends_on = None

TEXTS = (
    ("contact_name", sa.String(length=100)),
    ("contact_section", sa.String(length=100)),
    ("contact_phone", sa.String(length=30)),
    ("contact_email", sa.String(length=254)),
    ("focus_fit", sa.Text()),
    ("focus_feasibility", sa.Text()),
    ("focus_cost_effectiveness", sa.Text()),
    ("focus_scalability", sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table("needs", schema=None) as batch_op:
        for name, type_ in TEXTS:
            batch_op.add_column(sa.Column(name, type_, server_default="", nullable=False))
        batch_op.add_column(sa.Column("budget_min", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("budget_max", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("target_ward_id", sa.Integer(), nullable=True))
        batch_op.create_index(op.f("ix_needs_target_ward_id"), ["target_ward_id"], unique=False)
        batch_op.create_foreign_key(
            op.f("fk_needs_target_ward_id_departments"), "departments", ["target_ward_id"], ["id"]
        )
        batch_op.create_check_constraint(op.f("ck_needs_budget_not_negative"), "budget_min >= 0 AND budget_max >= 0")
        batch_op.create_check_constraint(op.f("ck_needs_budget_max_not_below_min"), "budget_max >= budget_min")
    op.create_table(
        "need_themes",
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_need_themes_need_id_needs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], name=op.f("fk_need_themes_theme_id_themes")),
        sa.PrimaryKeyConstraint("need_id", "theme_id", name=op.f("pk_need_themes")),
    )
    op.create_index(op.f("ix_need_themes_theme_id"), "need_themes", ["theme_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_need_themes_theme_id"), table_name="need_themes")
    op.drop_table("need_themes")
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_needs_budget_max_not_below_min"), type_="check")
        batch_op.drop_constraint(op.f("ck_needs_budget_not_negative"), type_="check")
        batch_op.drop_constraint(op.f("fk_needs_target_ward_id_departments"), type_="foreignkey")
        batch_op.drop_index(op.f("ix_needs_target_ward_id"))
        for name in ("target_ward_id", "budget_max", "budget_min", *reversed([name for name, _ in TEXTS])):
            batch_op.drop_column(name)

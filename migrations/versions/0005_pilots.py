"""working groups, evaluations, pilots, knowledge cases

Revision ID: 0005_pilots
Revises: 0004
Create Date: 2026-11-26 20:13:38.099722

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005_pilots"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "working_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("coordinator_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "forming",
                "active",
                "concluded",
                name="working_group_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("concluded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["coordinator_id"], ["users.id"], name=op.f("fk_working_groups_coordinator_id_users")),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"], name=op.f("fk_working_groups_need_id_needs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_working_groups")),
        sa.UniqueConstraint("need_id", name=op.f("uq_working_groups_need_id")),
    )
    with op.batch_alter_table("working_groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_working_groups_coordinator_id"), ["coordinator_id"], unique=False)
        batch_op.create_index("ix_working_groups_status_created_at", ["status", "created_at"], unique=False)

    op.create_table(
        "pilots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column(
            "stage",
            sa.Enum(
                "considered",
                "running",
                "evaluated",
                "rolled_out",
                "stopped",
                name="pilot_stage",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("stage_changed_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_pilots_created_by_id_users")),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_pilots_department_id_departments")
        ),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"], name=op.f("fk_pilots_need_id_needs")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_pilots_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name=op.f("fk_pilots_proposal_id_proposals")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilots")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_pilots_proposal_id")),
    )
    with op.batch_alter_table("pilots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pilots_created_by_id"), ["created_by_id"], unique=False)
        batch_op.create_index("ix_pilots_department_stage", ["department_id", "stage"], unique=False)
        batch_op.create_index(batch_op.f("ix_pilots_need_id"), ["need_id"], unique=False)
        batch_op.create_index("ix_pilots_organisation_stage", ["organisation_id", "stage"], unique=False)
        batch_op.create_index("ix_pilots_stage_created_at", ["stage", "created_at"], unique=False)

    op.create_table(
        "proposal_evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("evaluator_id", sa.Integer(), nullable=False),
        sa.Column("has_conflict", sa.Boolean(), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fit", sa.Integer(), nullable=True),
        sa.Column("feasibility", sa.Integer(), nullable=True),
        sa.Column("cost_effectiveness", sa.Integer(), nullable=True),
        sa.Column("scalability", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "cost_effectiveness BETWEEN 1 AND 5", name=op.f("ck_proposal_evaluations_cost_effectiveness_1_to_5")
        ),
        sa.CheckConstraint("feasibility BETWEEN 1 AND 5", name=op.f("ck_proposal_evaluations_feasibility_1_to_5")),
        sa.CheckConstraint("fit BETWEEN 1 AND 5", name=op.f("ck_proposal_evaluations_fit_1_to_5")),
        sa.CheckConstraint("scalability BETWEEN 1 AND 5", name=op.f("ck_proposal_evaluations_scalability_1_to_5")),
        sa.ForeignKeyConstraint(
            ["evaluator_id"], ["users.id"], name=op.f("fk_proposal_evaluations_evaluator_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_evaluations_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_evaluations")),
        sa.UniqueConstraint("proposal_id", "evaluator_id", name="one_per_evaluator"),
    )
    with op.batch_alter_table("proposal_evaluations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_evaluations_evaluator_id"), ["evaluator_id"], unique=False)

    op.create_table(
        "working_group_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "meeting",
                "decision",
                "next_step",
                name="activity_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_working_group_activities_author_id_users")),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["working_groups.id"],
            name=op.f("fk_working_group_activities_group_id_working_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_working_group_activities")),
    )
    with op.batch_alter_table("working_group_activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_working_group_activities_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            "ix_working_group_activities_group_occurred_on", ["group_id", "occurred_on"], unique=False
        )

    op.create_table(
        "working_group_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "invited",
                "accepted",
                "declined",
                name="membership_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("seed_id", sa.Integer(), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("responded_by_id", sa.Integer(), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["working_groups.id"],
            name=op.f("fk_working_group_members_group_id_working_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["users.id"], name=op.f("fk_working_group_members_invited_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_working_group_members_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_working_group_members_proposal_id_proposals")
        ),
        sa.ForeignKeyConstraint(
            ["responded_by_id"], ["users.id"], name=op.f("fk_working_group_members_responded_by_id_users")
        ),
        sa.ForeignKeyConstraint(["seed_id"], ["seeds.id"], name=op.f("fk_working_group_members_seed_id_seeds")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_working_group_members")),
        sa.UniqueConstraint("group_id", "organisation_id", name="one_membership_per_organisation"),
    )
    with op.batch_alter_table("working_group_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_working_group_members_invited_by_id"), ["invited_by_id"], unique=False)
        batch_op.create_index(
            "ix_working_group_members_organisation_status", ["organisation_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_working_group_members_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_working_group_members_responded_by_id"), ["responded_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_working_group_members_seed_id"), ["seed_id"], unique=False)

    op.create_table(
        "knowledge_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("need_summary", sa.Text(), nullable=False),
        sa.Column("solution", sa.Text(), nullable=False),
        sa.Column("organisation_name", sa.String(length=200), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "published", name="case_status", native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_knowledge_cases_created_by_id_users")),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_knowledge_cases_department_id_departments")
        ),
        sa.ForeignKeyConstraint(["pilot_id"], ["pilots.id"], name=op.f("fk_knowledge_cases_pilot_id_pilots")),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], name=op.f("fk_knowledge_cases_theme_id_themes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_cases")),
        sa.UniqueConstraint("pilot_id", name=op.f("uq_knowledge_cases_pilot_id")),
    )
    with op.batch_alter_table("knowledge_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_knowledge_cases_created_by_id"), ["created_by_id"], unique=False)
        batch_op.create_index("ix_knowledge_cases_department_status", ["department_id", "status"], unique=False)
        batch_op.create_index("ix_knowledge_cases_status_published_at", ["status", "published_at"], unique=False)
        batch_op.create_index("ix_knowledge_cases_theme_status", ["theme_id", "status"], unique=False)

    op.create_table(
        "pilot_kpis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("procedure", sa.String(length=200), nullable=False),
        sa.Column("is_smartphone", sa.Boolean(), nullable=False),
        sa.Column("minutes_before", sa.Float(), nullable=False),
        sa.Column("minutes_after", sa.Float(), nullable=False),
        sa.CheckConstraint("minutes_after >= 0", name=op.f("ck_pilot_kpis_minutes_after_not_negative")),
        sa.CheckConstraint("minutes_before > 0", name=op.f("ck_pilot_kpis_minutes_before_positive")),
        sa.ForeignKeyConstraint(
            ["pilot_id"], ["pilots.id"], name=op.f("fk_pilot_kpis_pilot_id_pilots"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_kpis")),
    )
    with op.batch_alter_table("pilot_kpis", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pilot_kpis_pilot_id"), ["pilot_id"], unique=False)

    op.create_table(
        "pilot_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pilot_id"], ["pilots.id"], name=op.f("fk_pilot_milestones_pilot_id_pilots"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_milestones")),
        sa.UniqueConstraint("pilot_id", "fiscal_year", name="one_per_year"),
    )
    op.create_table(
        "pilot_stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_stage",
            sa.Enum(
                "considered",
                "running",
                "evaluated",
                "rolled_out",
                "stopped",
                name="pilot_from_stage",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_stage",
            sa.Enum(
                "considered",
                "running",
                "evaluated",
                "rolled_out",
                "stopped",
                name="pilot_to_stage",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_pilot_stage_changes_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["pilot_id"], ["pilots.id"], name=op.f("fk_pilot_stage_changes_pilot_id_pilots"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_stage_changes")),
    )
    with op.batch_alter_table("pilot_stage_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pilot_stage_changes_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pilot_stage_changes_pilot_id"), ["pilot_id"], unique=False)


def downgrade():
    with op.batch_alter_table("pilot_stage_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pilot_stage_changes_pilot_id"))
        batch_op.drop_index(batch_op.f("ix_pilot_stage_changes_actor_id"))

    op.drop_table("pilot_stage_changes")
    op.drop_table("pilot_milestones")
    with op.batch_alter_table("pilot_kpis", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pilot_kpis_pilot_id"))

    op.drop_table("pilot_kpis")
    with op.batch_alter_table("knowledge_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_knowledge_cases_theme_status")
        batch_op.drop_index("ix_knowledge_cases_status_published_at")
        batch_op.drop_index("ix_knowledge_cases_department_status")
        batch_op.drop_index(batch_op.f("ix_knowledge_cases_created_by_id"))

    op.drop_table("knowledge_cases")
    with op.batch_alter_table("working_group_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_working_group_members_seed_id"))
        batch_op.drop_index(batch_op.f("ix_working_group_members_responded_by_id"))
        batch_op.drop_index(batch_op.f("ix_working_group_members_proposal_id"))
        batch_op.drop_index("ix_working_group_members_organisation_status")
        batch_op.drop_index(batch_op.f("ix_working_group_members_invited_by_id"))

    op.drop_table("working_group_members")
    with op.batch_alter_table("working_group_activities", schema=None) as batch_op:
        batch_op.drop_index("ix_working_group_activities_group_occurred_on")
        batch_op.drop_index(batch_op.f("ix_working_group_activities_author_id"))

    op.drop_table("working_group_activities")
    with op.batch_alter_table("proposal_evaluations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_evaluations_evaluator_id"))

    op.drop_table("proposal_evaluations")
    with op.batch_alter_table("pilots", schema=None) as batch_op:
        batch_op.drop_index("ix_pilots_stage_created_at")
        batch_op.drop_index("ix_pilots_organisation_stage")
        batch_op.drop_index(batch_op.f("ix_pilots_need_id"))
        batch_op.drop_index("ix_pilots_department_stage")
        batch_op.drop_index(batch_op.f("ix_pilots_created_by_id"))

    op.drop_table("pilots")
    with op.batch_alter_table("working_groups", schema=None) as batch_op:
        batch_op.drop_index("ix_working_groups_status_created_at")
        batch_op.drop_index(batch_op.f("ix_working_groups_coordinator_id"))

    op.drop_table("working_groups")

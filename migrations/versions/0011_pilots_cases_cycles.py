"""pilots, cases and cycles: yearly counts and measurements, consents, cycles after FY2025

Revision ID: 0011_pilots_cases_cycles
Revises: 0010_calls_proposals

- pilot_kpis.yearly_count (年間件数) and pilot_measurements: minutes measured by the
  implementing organisation, counted once the department confirms them;
- knowledge cases: the status awaiting_consent (同意待ち) and who consented when, for
  the organisation and for the department. Existing cases keep their status: a case
  published before consent existed stays published (its consents are simply unknown);
  on downgrade a case awaiting consent goes back to draft;
- indicator_cycles.note (「例示の目標値」) and the indicators a cycle does not continue.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_pilots_cases_cycles"
down_revision = "0010_calls_proposals"
branch_labels = None
depends_on = None

OLD_CASE_STATUSES = ("draft", "published")
NEW_CASE_STATUSES = ("draft", "awaiting_consent", "published")
CASE_CHECK = "ck_knowledge_cases_case_status"


def _statuses(values: tuple[str, ...]) -> str:
    return "status IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _consent_columns(batch_op, party: str) -> None:
    batch_op.add_column(sa.Column(f"{party}_consent_by_id", sa.Integer(), nullable=True))
    batch_op.add_column(sa.Column(f"{party}_consent_at", sa.DateTime(timezone=True), nullable=True))
    batch_op.create_foreign_key(
        batch_op.f(f"fk_knowledge_cases_{party}_consent_by_id_users"), "users", [f"{party}_consent_by_id"], ["id"]
    )


def _upgrade_pilots() -> None:
    with op.batch_alter_table("pilot_kpis", schema=None) as batch_op:
        batch_op.add_column(sa.Column("yearly_count", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(batch_op.f("ck_pilot_kpis_yearly_count_not_negative"), "yearly_count >= 0")
    op.create_table(
        "pilot_measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kpi_id", sa.Integer(), nullable=False),
        sa.Column("minutes_after", sa.Float(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("proposed", "confirmed", "rejected", name="measurement_status", native_enum=False,
                    create_constraint=True, length=20),
            nullable=False,
        ),  # fmt: skip
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("minutes_after >= 0", name=op.f("ck_pilot_measurements_measured_minutes_not_negative")),
        sa.ForeignKeyConstraint(["kpi_id"], ["pilot_kpis.id"], name=op.f("fk_pilot_measurements_kpi_id_pilot_kpis"),
                                ondelete="CASCADE"),  # fmt: skip
        sa.ForeignKeyConstraint(["proposed_by_id"], ["users.id"], name=op.f("fk_pilot_measurements_proposed_by_id_users")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_pilot_measurements_decided_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_measurements")),
    )  # fmt: skip
    with op.batch_alter_table("pilot_measurements", schema=None) as batch_op:
        batch_op.create_index("ix_pilot_measurements_kpi_status", ["kpi_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_pilot_measurements_proposed_by_id"), ["proposed_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pilot_measurements_decided_by_id"), ["decided_by_id"], unique=False)


def _upgrade_cycles() -> None:
    with op.batch_alter_table("indicator_cycles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.String(length=200), server_default="", nullable=False))
    op.create_table(
        "indicator_cycle_omissions",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["cycle_id"], ["indicator_cycles.id"],
                                name=op.f("fk_indicator_cycle_omissions_cycle_id_indicator_cycles"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"],
                                name=op.f("fk_indicator_cycle_omissions_indicator_id_indicators"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("cycle_id", "indicator_id", name=op.f("pk_indicator_cycle_omissions")),
    )  # fmt: skip
    with op.batch_alter_table("indicator_cycle_omissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_cycle_omissions_indicator_id"), ["indicator_id"], unique=False)


def upgrade():
    _upgrade_pilots()
    with op.batch_alter_table("knowledge_cases", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CASE_CHECK), type_="check")
        batch_op.create_check_constraint(op.f(CASE_CHECK), _statuses(NEW_CASE_STATUSES))
        _consent_columns(batch_op, "organisation")
        _consent_columns(batch_op, "department")
    _upgrade_cycles()


def downgrade():
    with op.batch_alter_table("indicator_cycle_omissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_cycle_omissions_indicator_id"))
    op.drop_table("indicator_cycle_omissions")
    with op.batch_alter_table("indicator_cycles", schema=None) as batch_op:
        batch_op.drop_column("note")
    op.execute("UPDATE knowledge_cases SET status = 'draft' WHERE status = 'awaiting_consent'")
    with op.batch_alter_table("knowledge_cases", schema=None) as batch_op:
        for party in ("organisation", "department"):
            batch_op.drop_constraint(batch_op.f(f"fk_knowledge_cases_{party}_consent_by_id_users"), type_="foreignkey")
            batch_op.drop_column(f"{party}_consent_at")
            batch_op.drop_column(f"{party}_consent_by_id")
        batch_op.drop_constraint(op.f(CASE_CHECK), type_="check")
        batch_op.create_check_constraint(op.f(CASE_CHECK), _statuses(OLD_CASE_STATUSES))
    with op.batch_alter_table("pilot_measurements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pilot_measurements_decided_by_id"))
        batch_op.drop_index(batch_op.f("ix_pilot_measurements_proposed_by_id"))
        batch_op.drop_index("ix_pilot_measurements_kpi_status")
    op.drop_table("pilot_measurements")
    with op.batch_alter_table("pilot_kpis", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_pilot_kpis_yearly_count_not_negative"), type_="check")
        batch_op.drop_column("yearly_count")

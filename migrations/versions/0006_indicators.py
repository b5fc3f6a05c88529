"""programme targets: indicators, their cycles and yearly values; seeds the strategy

Revision ID: 0006_indicators
Revises: 0005_pilots
Create Date: 2026-11-27 10:00:00

The seed is a frozen copy of hackplat/dashboard/strategy.py as of this revision
(tests/dashboard/test_seed.py checks that a migrated database matches it).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006_indicators"
down_revision = "0005_pilots"
branch_labels = None
depends_on = None

UNITS = ("people", "organisations", "items", "percent")
SOURCES = (
    "participants",
    "orgs",
    "orgs_company",
    "orgs_university",
    "orgs_npo",
    "orgs_other",
    "startups",
    "needs_posted",
    "proposals_submitted",
    "working_groups",
    "pilots_considered",
    "pilots_run",
    "pilots_evaluated",
    "pilots_rolled_out",
    "pilots_stopped",
    "time_reduction",
    "knowledge_cases",
    "entered",
)
COUNTINGS = ("cumulative", "cycle", "yearly")

# key, name, name_en, unit, source, counting, baseline, public, {fiscal year: target}
INDICATORS = (
    (
        "participants",
        "参加者数",
        "Participants",
        "people",
        "participants",
        "cumulative",
        None,
        True,
        {2022: 250, 2023: 500, 2024: 750, 2025: 1000},
    ),
    (
        "organisations",
        "参加組織数",
        "Participating organisations",
        "organisations",
        "orgs",
        "cumulative",
        None,
        True,
        {},
    ),
    (
        "organisations_company",
        "参加組織数（企業）",
        "Organisations: companies",
        "organisations",
        "orgs_company",
        "cumulative",
        None,
        True,
        {},
    ),
    (
        "organisations_university",
        "参加組織数（大学・研究機関）",
        "Organisations: universities and research institutes",
        "organisations",
        "orgs_university",
        "cumulative",
        None,
        True,
        {},
    ),
    (
        "organisations_npo",
        "参加組織数（NPO・市民団体）",
        "Organisations: NPOs and civic groups",
        "organisations",
        "orgs_npo",
        "cumulative",
        None,
        True,
        {},
    ),
    (
        "organisations_other",
        "参加組織数（その他）",
        "Organisations: other",
        "organisations",
        "orgs_other",
        "cumulative",
        None,
        True,
        {},
    ),
    (
        "startups",
        "参加組織数（うちスタートアップ）",
        "Organisations: of which startups",
        "organisations",
        "startups",
        "cumulative",
        None,
        True,
        {},
    ),
    ("needs_posted", "公開された課題数", "Needs posted", "items", "needs_posted", "yearly", None, True, {}),
    (
        "proposals_submitted",
        "提出された提案数",
        "Proposals submitted",
        "items",
        "proposals_submitted",
        "yearly",
        None,
        True,
        {},
    ),
    (
        "working_groups",
        "結成されたワーキンググループ数",
        "Working groups formed",
        "items",
        "working_groups",
        "yearly",
        None,
        True,
        {},
    ),
    (
        "pilots_considered",
        "試行検討の件数",
        "Trials considered",
        "items",
        "pilots_considered",
        "cycle",
        None,
        True,
        {2025: 20},
    ),
    ("pilots_run", "試行実施の件数", "Trials run", "items", "pilots_run", "cycle", None, True, {2025: 12}),
    (
        "pilots_evaluated",
        "効果検証を終えた試行の件数",
        "Trials evaluated",
        "items",
        "pilots_evaluated",
        "cycle",
        None,
        True,
        {},
    ),
    (
        "pilots_rolled_out",
        "横展開の件数",
        "Trials rolled out elsewhere",
        "items",
        "pilots_rolled_out",
        "cycle",
        None,
        True,
        {2025: 4},
    ),
    ("pilots_stopped", "中止した試行の件数", "Trials stopped", "items", "pilots_stopped", "cycle", None, True, {}),
    (
        "time_reduction",
        "試行による手続時間の削減率（中央値）",
        "Time saved by trials (median)",
        "percent",
        "time_reduction",
        "cumulative",
        None,
        True,
        {2022: 25, 2023: 25, 2024: 25, 2025: 25},
    ),
    (
        "knowledge_cases",
        "公開されたナレッジ事例数",
        "Knowledge cases published",
        "items",
        "knowledge_cases",
        "cumulative",
        None,
        True,
        {},
    ),
    (
        "survey_online_procedures",
        "オンライン手続に満足している市民の割合",
        "Citizens satisfied with online procedures",
        "percent",
        "entered",
        "yearly",
        8.6,
        False,
        {2025: 50},
    ),
    (
        "survey_staff_ict",
        "ICT環境に満足している職員の割合",
        "Staff satisfied with their ICT",
        "percent",
        "entered",
        "yearly",
        34.6,
        False,
        {2025: 75},
    ),
    (
        "survey_web_meetings",
        "Web会議を積極的に活用している職員の割合",
        "Staff actively using web meetings",
        "percent",
        "entered",
        "yearly",
        30.0,
        False,
        {2025: 50},
    ),
)


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def upgrade():
    op.create_table(
        "indicator_cycles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_fiscal_year", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_indicator_cycles_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_cycles")),
        sa.UniqueConstraint("first_fiscal_year", name=op.f("uq_indicator_cycles_first_fiscal_year")),
    )
    with op.batch_alter_table("indicator_cycles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_cycles_created_by_id"), ["created_by_id"], unique=False)

    indicators = op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("unit", _enum(UNITS, "indicator_unit"), nullable=False),
        sa.Column("source", _enum(SOURCES, "indicator_source"), nullable=False),
        sa.Column("counting", _enum(COUNTINGS, "indicator_counting"), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("key", name=op.f("uq_indicators_key")),
    )
    values = op.create_table(
        "indicator_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("actual", sa.Float(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_values_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_indicator_values_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_values")),
        sa.UniqueConstraint("indicator_id", "fiscal_year", name=op.f("uq_indicator_values_indicator_id")),
    )
    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_values_updated_by_id"), ["updated_by_id"], unique=False)

    _seed(indicators, values)


def _seed(indicators, values):
    cycles = sa.table(
        "indicator_cycles",
        sa.column("first_fiscal_year", sa.Integer),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    now = sa.func.current_timestamp()
    op.execute(cycles.insert().values(first_fiscal_year=2022, created_at=now))
    rows, targets = [], []
    for n, (key, name, name_en, unit, source, counting, baseline, public, by_year) in enumerate(INDICATORS, start=1):
        rows.append(
            {
                "id": n,
                "key": key,
                "name": name,
                "name_en": name_en,
                "unit": unit,
                "source": source,
                "counting": counting,
                "baseline": baseline,
                "is_public": public,
                "position": n,
                "version": 1,
            }
        )
        targets += [{"indicator_id": n, "fiscal_year": year, "target": target} for year, target in by_year.items()]
    op.bulk_insert(indicators, rows)
    for target in targets:
        op.execute(values.insert().values(updated_at=now, **target))
    if op.get_bind().dialect.name == "postgresql":  # explicit ids: move the sequence past them
        op.execute("SELECT setval(pg_get_serial_sequence('indicators', 'id'), (SELECT MAX(id) FROM indicators))")


def downgrade():
    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_values_updated_by_id"))

    op.drop_table("indicator_values")
    op.drop_table("indicators")
    with op.batch_alter_table("indicator_cycles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_cycles_created_by_id"))

    op.drop_table("indicator_cycles")

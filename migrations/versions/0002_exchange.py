"""needs, seeds, proposals, notifications

Revision ID: 0002_exchange
Revises: 0001_accounts
Create Date: 2026-11-26 17:20:10.866560

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002_exchange"
down_revision = "0001_accounts"
branch_labels = None
depends_on = None


#: The programme's areas; the office may add more later (themes are data).
THEMES = [
    "行政手続", "子育て", "防災", "教育", "郊外部", "都心部", "地域・区役所",
    "業務効率化", "データ活用", "福祉・介護", "環境", "経済・観光", "その他",
]  # fmt: skip


def upgrade():
    op.create_table(
        "themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_themes")),
        sa.UniqueConstraint("name", name=op.f("uq_themes_name")),
    )
    op.create_table(
        "seeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("track_record", sa.Text(), nullable=False),
        sa.Column("tags", sa.String(length=500), nullable=False),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_seeds_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], name=op.f("fk_seeds_theme_id_themes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seeds")),
    )
    with op.batch_alter_table("seeds", schema=None) as batch_op:
        batch_op.create_index("ix_seeds_organisation_updated_at", ["organisation_id", "updated_at"], unique=False)
        batch_op.create_index("ix_seeds_public_updated_at", ["is_public", "updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_seeds_theme_id"), ["theme_id"], unique=False)

    op.create_table(
        "needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("background", sa.Text(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("desired_outcome", sa.Text(), nullable=False),
        sa.Column("expected_effect", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("startup_support", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "open",
                "working_group",
                "piloting",
                "resolved",
                "closed",
                name="need_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_needs_created_by_id_users")),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"], name=op.f("fk_needs_department_id_departments")),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], name=op.f("fk_needs_theme_id_themes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs")),
    )
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_needs_created_by_id"), ["created_by_id"], unique=False)
        batch_op.create_index("ix_needs_department_status", ["department_id", "status"], unique=False)
        batch_op.create_index("ix_needs_status_published_at", ["status", "published_at"], unique=False)
        batch_op.create_index("ix_needs_theme_status", ["theme_id", "status"], unique=False)

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "delivery",
            sa.Enum(
                "pending",
                "sent",
                "logged",
                "failed",
                name="delivery_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_delivery_created_at", ["delivery", "created_at"], unique=False)
        batch_op.create_index("ix_notifications_user_created_at", ["user_id", "created_at"], unique=False)

    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("seed_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("approach", sa.Text(), nullable=False),
        sa.Column("schedule", sa.Text(), nullable=False),
        sa.Column("cost_estimate", sa.String(length=200), nullable=False),
        sa.Column("city_support", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "shortlisted",
                "selected",
                "declined",
                "withdrawn",
                name="proposal_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_proposals_author_id_users")),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"], name=op.f("fk_proposals_need_id_needs")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_proposals_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(["seed_id"], ["seeds.id"], name=op.f("fk_proposals_seed_id_seeds")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
        sa.UniqueConstraint("need_id", "organisation_id", name="one_per_organisation"),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposals_author_id"), ["author_id"], unique=False)
        batch_op.create_index("ix_proposals_need_status", ["need_id", "status"], unique=False)
        batch_op.create_index("ix_proposals_organisation_status", ["organisation_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposals_seed_id"), ["seed_id"], unique=False)

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("website", sa.String(length=300), nullable=True))

    themes = sa.table("themes", sa.column("name", sa.String), sa.column("position", sa.Integer))
    op.bulk_insert(themes, [{"name": name, "position": n} for n, name in enumerate(THEMES, start=1)])


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("website")

    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposals_seed_id"))
        batch_op.drop_index("ix_proposals_organisation_status")
        batch_op.drop_index("ix_proposals_need_status")
        batch_op.drop_index(batch_op.f("ix_proposals_author_id"))

    op.drop_table("proposals")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_created_at")
        batch_op.drop_index("ix_notifications_delivery_created_at")

    op.drop_table("notifications")
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_index("ix_needs_theme_status")
        batch_op.drop_index("ix_needs_status_published_at")
        batch_op.drop_index("ix_needs_department_status")
        batch_op.drop_index(batch_op.f("ix_needs_created_by_id"))

    op.drop_table("needs")
    with op.batch_alter_table("seeds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seeds_theme_id"))
        batch_op.drop_index("ix_seeds_public_updated_at")
        batch_op.drop_index("ix_seeds_organisation_updated_at")

    op.drop_table("seeds")
    op.drop_table("themes")

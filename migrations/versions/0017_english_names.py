"""English names of themes and departments (#15 item 6)

Revision ID: 0017_english_names
Revises: 0016_need_details

themes.name_en and departments.name_en: the name shown when the interface is in English
(NULL: the Japanese name is shown). Existing rows named as the City of Yokohama's bureaus
and wards, the demo's sections or the programme's default themes get their English name
(a frozen copy of hackplat/names.py as it was when this migration was written); others
stay NULL until an administrator gives one.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_english_names"
down_revision = "0016_need_details"
branch_labels = None
depends_on = None

DEPARTMENTS = {
    "デジタル統括本部": "Digital Transformation Headquarters",
    "政策経営局": "Policy and Management Bureau",
    "総務局": "General Affairs Bureau",
    "財政局": "Finance Bureau",
    "国際局": "International Affairs Bureau",
    "市民局": "Civic Affairs Bureau",
    "にぎわいスポーツ文化局": "Culture, Sports and Tourism Bureau",
    "経済局": "Economic Bureau",
    "こども青少年局": "Children and Youth Bureau",
    "健康福祉局": "Health and Social Welfare Bureau",
    "医療局": "Medical Bureau",
    "みどり環境局": "Green and Environment Bureau",
    "資源循環局": "Resources and Waste Recycling Bureau",
    "建築局": "Housing and Architecture Bureau",
    "都市整備局": "Urban Development Bureau",
    "道路局": "Road and Highway Bureau",
    "港湾局": "Port and Harbor Bureau",
    "消防局": "Fire Bureau",
    "水道局": "Waterworks Bureau",
    "交通局": "Transportation Bureau",
    "教育委員会事務局": "Board of Education Secretariat",
    "鶴見区": "Tsurumi Ward",
    "神奈川区": "Kanagawa Ward",
    "西区": "Nishi Ward",
    "中区": "Naka Ward",
    "南区": "Minami Ward",
    "港南区": "Konan Ward",
    "保土ケ谷区": "Hodogaya Ward",
    "旭区": "Asahi Ward",
    "磯子区": "Isogo Ward",
    "金沢区": "Kanazawa Ward",
    "港北区": "Kohoku Ward",
    "緑区": "Midori Ward",
    "青葉区": "Aoba Ward",
    "都筑区": "Tsuzuki Ward",
    "戸塚区": "Totsuka Ward",
    "栄区": "Sakae Ward",
    "泉区": "Izumi Ward",
    "瀬谷区": "Seya Ward",
    "デジタル統括本部 デジタル・デザイン室": "Digital Transformation Headquarters, Digital Design Office",
    "こども青少年局 保育対策課": "Children and Youth Bureau, Childcare Services Division",
    "健康福祉局 高齢健康福祉課": "Health and Social Welfare Bureau, Elderly Health and Welfare Division",
    "総務局 危機管理室": "General Affairs Bureau, Crisis Management Office",
    "市民局 窓口サービス課": "Civic Affairs Bureau, Counter Services Division",
    "資源循環局 家庭系対策課": "Resources and Waste Recycling Bureau, Household Waste Division",
    "港北区 戸籍課": "Kohoku Ward, Family Register Division",
    "青葉区 区政推進課": "Aoba Ward, Ward Administration Promotion Division",
}

THEMES = {
    "行政手続": "Administrative procedures",
    "子育て": "Child-rearing",
    "防災": "Disaster prevention",
    "教育": "Education",
    "郊外部": "Suburban areas",
    "都心部": "City centre",
    "地域・区役所": "Communities and ward offices",
    "業務効率化": "Operational efficiency",
    "データ活用": "Use of data",
    "福祉・介護": "Welfare and care",
    "環境": "Environment",
    "経済・観光": "Economy and tourism",
    "その他": "Other",
}


def _fill(table: str, names: dict[str, str]) -> None:
    rows = sa.table(table, sa.column("name", sa.String), sa.column("name_en", sa.String))
    statement = rows.update().where(rows.c.name == sa.bindparam("ja")).values(name_en=sa.bindparam("en"))
    op.get_bind().execute(statement, [{"ja": ja, "en": en} for ja, en in names.items()])


def upgrade() -> None:
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_en", sa.String(length=100), nullable=True))
    with op.batch_alter_table("departments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_en", sa.String(length=200), nullable=True))
    _fill("themes", THEMES)
    _fill("departments", DEPARTMENTS)


def downgrade() -> None:
    with op.batch_alter_table("departments", schema=None) as batch_op:
        batch_op.drop_column("name_en")
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.drop_column("name_en")

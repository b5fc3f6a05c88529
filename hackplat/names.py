"""Themes' and departments' names in the reader's language: the Japanese name, or the
English one (``name_en``) when the locale is English and one was given. One helper,
used by the templates (the ``local_name`` filter) and by the forms' select options.

``KNOWN_ENGLISH_NAMES`` holds the City of Yokohama's bureaus and wards, the demo's
sections and the programme's default themes; migration 0017 filled existing rows from
a copy of it, and the demo loader gives new departments theirs.
"""

from __future__ import annotations

from typing import Protocol

from flask import has_request_context
from flask_babel import get_locale


class Named(Protocol):
    name: str
    name_en: str | None


def local_name(thing: Named | None) -> str:
    """``thing``'s English name in the English locale (when it has one), else its name."""
    if thing is None:
        return ""
    if thing.name_en and has_request_context() and str(get_locale()) == "en":
        return thing.name_en
    return thing.name


BUREAUS = {
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
}
WARDS = {
    "鶴見区": "Tsurumi Ward", "神奈川区": "Kanagawa Ward", "西区": "Nishi Ward", "中区": "Naka Ward",
    "南区": "Minami Ward", "港南区": "Konan Ward", "保土ケ谷区": "Hodogaya Ward", "旭区": "Asahi Ward",
    "磯子区": "Isogo Ward", "金沢区": "Kanazawa Ward", "港北区": "Kohoku Ward", "緑区": "Midori Ward",
    "青葉区": "Aoba Ward", "都筑区": "Tsuzuki Ward", "戸塚区": "Totsuka Ward", "栄区": "Sakae Ward",
    "泉区": "Izumi Ward", "瀬谷区": "Seya Ward",
}  # fmt: skip
SECTIONS = {
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
KNOWN_ENGLISH_NAMES = {**BUREAUS, **WARDS, **SECTIONS, **THEMES}

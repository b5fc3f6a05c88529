"""The demo's participants: when each organisation was approved, and the people who take
part for it besides its demo member account (story.MEMBER_COUNTS, some 830 people).

Those people are demo accounts like the others: they share the documented demo password.
Hashing it some 830 times with scrypt would take minutes, so it is hashed once and the
accounts are inserted in one statement, outside the services (they only register
people; no organisation changes and nothing needs auditing).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select

from hackplat.accounts.passwords import hash_password
from hackplat.demo.data import DEMO_PASSWORD
from hackplat.demo.story import MEMBER_COUNTS, ORGANISATION_APPROVED_ON
from hackplat.demo.timeline import AFTERNOON, at
from hackplat.extensions import db
from hackplat.models import Organisation, Role, User

#: Common family and given names; member n is named from both lists so that no two
#: of the first 1,600 share a name.
FAMILY_NAMES = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
    "山崎",
    "森",
    "池田",
    "橋本",
    "阿部",
    "石川",
    "山下",
    "中島",
    "石井",
    "小川",
    "前田",
    "岡田",
    "長谷川",
    "藤田",
    "後藤",
    "近藤",
    "村上",
    "遠藤",
    "青木",
    "坂本",
]
GIVEN_NAMES = [
    "翔太",
    "美咲",
    "大輔",
    "陽子",
    "健一",
    "由美",
    "拓也",
    "恵",
    "直樹",
    "真理子",
    "翼",
    "彩",
    "誠",
    "裕子",
    "亮",
    "愛",
    "和也",
    "千尋",
    "隆",
    "舞",
    "智也",
    "奈々",
    "剛",
    "明美",
    "大樹",
    "結衣",
    "修",
    "友美",
    "悠真",
    "香織",
    "浩二",
    "里奈",
    "蓮",
    "紀子",
    "達也",
    "葵",
    "聡",
    "優子",
    "颯太",
    "麻衣",
]
#: An organisation's mail domain is its demo member's address name, except the main demo
#: member's, which is plain "member".
DOMAIN_NAMES = {"member": "minatotech"}
#: An organisation registers this long before it is approved.
REVIEW = timedelta(days=10)


def person_name(n: int) -> str:
    family = FAMILY_NAMES[n % len(FAMILY_NAMES)]
    return f"{family} {GIVEN_NAMES[(n + n // len(FAMILY_NAMES)) % len(GIVEN_NAMES)]}"


def date_approvals() -> None:
    """Each approved organisation (and its demo member) on the story's dates."""
    for organisation in db.session.scalars(select(Organisation).where(Organisation.name.in_(ORGANISATION_APPROVED_ON))):
        approved = ORGANISATION_APPROVED_ON[organisation.name]
        organisation.approved_at = at(approved, AFTERNOON)
        organisation.created_at = at(approved - REVIEW)
        for member in organisation.members:
            member.created_at = member.joined_at = organisation.created_at


def _domain(organisation: Organisation) -> str:
    first = min(organisation.members, key=lambda member: member.id)
    name = first.email.split("@")[0]
    return f"{DOMAIN_NAMES.get(name, name)}.example.jp"


def add_members() -> int:
    """The people of each approved organisation, joined on the day it was approved."""
    password_hash = hash_password(DEMO_PASSWORD)
    rows: list[dict[str, Any]] = []
    organisations = list(db.session.scalars(select(Organisation).where(Organisation.name.in_(MEMBER_COUNTS))))
    for organisation in organisations:
        domain, joined = _domain(organisation), organisation.approved_at
        rows += [
            {"email": f"member{n:04d}@{domain}", "name": person_name(len(rows) + n), "password_hash": password_hash,
             "role": Role.MEMBER, "organisation_id": organisation.id, "created_at": joined,
             "joined_at": joined, "email_verified_at": joined}
            for n in range(1, MEMBER_COUNTS[organisation.name] + 1)
        ]  # fmt: skip
    db.session.execute(insert(User), rows)
    # The insert bypasses the ORM: the member lists loaded above do not hold these people.
    # Left stale, whether a later notice to the organisation's members reaches them would
    # depend on when the garbage collector drops the organisation from the session.
    for organisation in organisations:
        db.session.expire(organisation, ["members"])
    return len(rows)

"""Two wards with the same problem, a third department, the programme office, and
helpers to read what the support services wrote."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import AuditRecord, DepartmentKind, Notification, Role, User
from hackplat.models.support import SupportRequest
from hackplat.support import services

#: What 西区 asks, and what 港北区 types later about the same problem.
NISHI = services.RequestFields(
    "保育園の入園申請の問い合わせが窓口に集中している",
    "毎年1月の保育園の入園申請の時期に、窓口と電話に問い合わせが集中し、職員が本来の審査業務を進められない。",
    "入園を申請する保護者と、審査を担当する職員。",
    "よくある質問をホームページに載せたが、問い合わせは減らなかった。",
)
KOHOKU_TEXT = (
    "保育園の入園申請の問い合わせ対応",
    "入園申請の時期になると保護者からの問い合わせが窓口に集中し、審査が遅れている。",
)
UNRELATED_TEXT = ("道路の街路灯の故障", "夜間に街路灯が消えていても、通報が少なく修理が遅れる。")


@dataclass
class Wards:
    nishi: User  # staff of 西区, who asks first
    kohoku: User  # staff of 港北区, with the same problem
    bureau: User  # staff of a bureau with nothing to do with it
    coordinator: User
    member: User


@pytest.fixture
def wards(make_user, make_department) -> Wards:
    return Wards(
        make_user(Role.STAFF, department=make_department("西区", DepartmentKind.WARD)),
        make_user(Role.STAFF, department=make_department("港北区", DepartmentKind.WARD)),
        make_user(Role.STAFF, department=make_department("道路局")),
        make_user(Role.COORDINATOR),
        make_user(Role.MEMBER),
    )


def open_nishi(wards: Wards) -> SupportRequest:
    request = services.open_request(NISHI, actor=wards.nishi)
    db.session.commit()
    return request


def audit_actions(prefix: str = "support.") -> list[str]:
    query = select(AuditRecord.action).where(AuditRecord.action.startswith(prefix)).order_by(AuditRecord.id)
    return list(db.session.scalars(query))


def notified(kind: str) -> set[int]:
    return set(db.session.scalars(select(Notification.user_id).where(Notification.kind == kind)))

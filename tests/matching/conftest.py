"""Fixtures of the matcher's web tests: a need about nursery admission and seeds that
fit it (or not), written as people write them (the pieces of the pages to look at are
in tests/matching/pages.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from hackplat.models import Department, Need, Role, Seed, User


@dataclass
class Childcare:
    department: Department
    need: Need
    public_seed: Seed  # fits the need, public
    private_seed: Seed  # fits the need too, private: the programme office only
    unrelated_seed: Seed  # bulky refuse: shares hardly a word with the need


@pytest.fixture
def childcare(make_department, make_organisation, make_need, make_seed) -> Childcare:
    department = make_department("こども青少年局")
    need = make_need(
        department=department,
        title="保育所の入所申請をオンラインで受け付けたい",
        background="保育所の入所申請は、紙の申請書を区役所の窓口で受け付けている。",
        problem="申請書の記入と添付書類の確認に時間がかかり、保護者にも職員にも負担が大きい。",
        desired_outcome="スマートフォンから入所申請ができ、必要な書類を電子で提出できる仕組み。",
        expected_effect="窓口の待ち時間と審査にかかる時間を短くする。",
    )
    public_seed = make_seed(
        organisation=make_organisation("株式会社こそだてテック"),
        title="保育園の入園申込をスマホで完結するサービス",
        summary="保護者がスマホから入園の申込と書類の提出を行える。",
        description="自治体向けの電子申請サービス。書類の不備を自動で確認する。",
    )
    private_seed = make_seed(
        organisation=make_organisation("みなと研究所"),
        is_public=False,
        title="保育施設の入所選考を支援するAI",
        summary="入所の選考と申請の審査を自動化する。",
        description="保育所の利用調整を支援する。",
    )
    unrelated_seed = make_seed(
        organisation=make_organisation("株式会社クリーンシティ"),
        title="粗大ごみの出し方案内チャットボット",
        summary="粗大ごみの品目と料金をLINEで案内する。",
        description="職員に代わって収集日の予約も受ける。",  # one stray shared word: 職員
    )
    return Childcare(department, need, public_seed, private_seed, unrelated_seed)


@pytest.fixture
def person(make_user, childcare: Childcare, make_department) -> Callable[[str], User]:
    """``person("staff")``: a user in that position towards the childcare need."""

    def make(kind: str) -> User:
        if kind == "staff":
            return make_user(Role.STAFF, department=childcare.department)
        if kind == "other_staff":
            return make_user(Role.STAFF, department=make_department("資源循環局"))
        return make_user(Role(kind))

    return make

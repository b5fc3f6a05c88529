"""A small Japanese corpus in the database, for the matcher's storage tests."""

from __future__ import annotations

import pytest

from hackplat.extensions import db
from hackplat.matching.core.synonyms_seed import SEED_SYNONYMS
from hackplat.models import NeedStatus, Synonym

NEEDS = [
    ("保育所の入所申請をスマートフォンで完結したい", "紙の申請書を窓口に持参する必要があり、保護者の負担が大きい。"),
    ("粗大ごみの受付を電話以外でもできるようにしたい", "受付センターの電話が混み合い、つながりにくい。"),
    ("高齢者の見守りを地域で効率よく行いたい", "一人暮らしの高齢者が増え、民生委員の負担が大きい。"),
]
SEEDS = [
    ("保育園の入園申込をスマホで完結できるフォーム", "入園の申込と書類の提出をオンラインで受け付けます。"),
    ("粗大ごみ受付チャットボット", "LINEで粗大ごみの申込と手数料の案内を自動化します。"),
    ("IoTセンサーによる高齢者の安否確認サービス", "電気やドアの利用状況から一人暮らしの高齢者を見守ります。"),
    ("電子申請フォーム作成ツール", "自治体の申請書をオンラインフォームにします。"),
    ("観光客向け多言語案内アプリ", "観光地の案内を多言語で提供します。"),
]


@pytest.fixture
def synonyms() -> None:
    """The starting vocabulary, as migration 0003 seeds it (the test schema is create_all's)."""
    db.session.add_all(Synonym(variant=v, canonical=c) for v, c in SEED_SYNONYMS.items())
    db.session.commit()


@pytest.fixture
def corpus(synonyms, make_need, make_seed, make_organisation):
    organisation = make_organisation(name="株式会社コーパス")
    needs = [make_need(status=NeedStatus.OPEN, title=t, background=b) for t, b in NEEDS]
    seeds = [make_seed(organisation=organisation, title=t, summary=b, description="") for t, b in SEEDS]
    return needs, seeds

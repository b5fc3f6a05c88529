"""A member's own page recommends the open needs their organisation's seeds could solve."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.matching import store
from hackplat.models import NeedStatus, Role, Seed
from tests.matching.pages import linked_ids, marked_terms, rows, section

SECTION = 'aria-labelledby="recommended-needs"'


def recommendations(client) -> str | None:
    response = client.get("/me")
    assert response.status_code == 200
    return section(response.get_data(as_text=True), SECTION)


@pytest.fixture
def nursery_member(make_user, make_organisation, make_seed):
    """A member whose organisation offers an online nursery application (a private seed:
    the organisation's own seeds count, public or not)."""
    member = make_user(Role.MEMBER, organisation=make_organisation("株式会社ほいくネット"))
    make_seed(organisation=member.organisation, is_public=False,
              title="保育所の入所申請をオンラインで受け付けるシステム",
              summary="保護者がスマートフォンから入所申請と書類の提出を行える。",
              description="区役所の窓口での受付と審査の負担を減らす。")  # fmt: skip
    return member


def test_a_member_sees_the_open_need_with_the_seed_that_matched(
    client, login, childcare, nursery_member, make_need
) -> None:
    closed = make_need(department=childcare.department, status=NeedStatus.CLOSED,
                       title="保育所の入所申請の書類を減らしたい（終了）", problem="入所申請の書類の確認に時間がかかる。")  # fmt: skip
    past = make_need(department=childcare.department, deadline=japan_today() - timedelta(days=1),
                     title="保育所の入所申請の受付を早めたい（締切済み）", problem="入所申請の受付に時間がかかる。")  # fmt: skip
    store.rebuild()
    login(nursery_member)
    panel = recommendations(client)
    assert panel is not None
    assert "あなたの組織のシーズに合う募集中の課題" in panel
    recommended = linked_ids(panel, "needs")
    assert recommended == [childcare.need.id]
    assert closed.id not in recommended
    assert past.id not in recommended  # still "open", but its call has ended: no longer proposed to
    [row] = rows(panel)
    own_seed_id = linked_ids(row, "seeds")
    assert len(own_seed_id) == 1
    assert "保育所の入所申請をオンラインで受け付けるシステム" in row
    assert "入所" in marked_terms(row)
    assert "%</td>" in row
    assert childcare.department.name in row


def test_a_member_without_seeds_is_told_why_nothing_is_recommended(client, login, childcare, make_user) -> None:
    store.rebuild()
    login(make_user(Role.MEMBER))
    panel = recommendations(client)
    assert panel is not None
    assert "おすすめできる課題はまだありません" in panel
    assert linked_ids(panel, "needs") == []
    assert 'href="/seeds/new"' in panel


def test_before_the_first_rebuild_the_member_sees_the_empty_state(client, login, childcare, nursery_member) -> None:
    login(nursery_member)
    panel = recommendations(client) or ""
    assert "おすすめできる課題はまだありません" in panel
    assert linked_ids(panel, "needs") == []


def test_a_pair_marked_not_relevant_is_not_recommended_either(client, login, childcare, nursery_member, person) -> None:
    store.rebuild()
    login(person("coordinator"))
    own_seed = db.session.scalar(select(Seed.id).where(Seed.organisation_id == nursery_member.organisation_id))
    client.submit(f"/matching/feedback/{childcare.need.id}/{own_seed}/not-relevant")
    client.submit("/logout")
    login(nursery_member)
    assert linked_ids(recommendations(client) or "", "needs") == []


@pytest.mark.parametrize("role", [Role.STAFF, Role.COORDINATOR, Role.ADMIN])
def test_city_accounts_get_no_recommendations(client, login, childcare, make_user, role) -> None:
    store.rebuild()
    login(make_user(role))
    assert recommendations(client) is None

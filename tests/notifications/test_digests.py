"""The daily digest at 08:00 Japan time: reverse alerts and digested notifications, one
mail per person, nothing when there is nothing new, nothing twice."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.jobs.queue import huey
from hackplat.models import (
    DeliveryStatus,
    Frequency,
    MatchPair,
    MatchVersion,
    MatchVersionStatus,
    Notification,
    Role,
    utcnow,
)
from hackplat.notifications.digests import send_digests
from hackplat.notifications.preferences import set_preferences
from hackplat.notifications.services import notify


def _due_at(hour: int, minute: int = 0, weekday_date: int = 1) -> set[str]:
    """The periodic tasks the consumer starts at that UTC time (2025-06-01 is a Sunday)."""
    return {task.name.rsplit(".", 1)[-1] for task in huey.read_periodic(datetime(2025, 6, weekday_date, hour, minute))}


def test_the_daily_digest_runs_at_8_in_japan_that_is_23_utc() -> None:
    assert "daily_digest" in _due_at(23, weekday_date=2)
    assert "daily_digest" not in _due_at(8, weekday_date=2)
    assert "daily_digest" not in _due_at(23, 1, weekday_date=2)
    assert "weekly_digest" in _due_at(23, weekday_date=1)  # Sunday 23:00 UTC = Monday 08:00 JST
    assert "weekly_digest" not in _due_at(23, weekday_date=2)
    assert "sweep_outbox" in _due_at(8, 17)


@pytest.fixture
def matched(make_user, make_need, make_seed, make_department):
    """A member whose organisation's seed fits a need published yesterday, in the active ranking."""
    member = make_user(Role.MEMBER)
    staff = make_user(Role.STAFF, department=make_department("こども青少年局"))
    need = make_need(department=staff.department, title="保育所の入所申請をオンライン化したい")
    need.published_at = utcnow() - timedelta(hours=20)
    seed = make_seed(organisation=member.organisation, title="電子申請フォーム")
    seed.created_at = utcnow() - timedelta(hours=3)
    version = MatchVersion(status=MatchVersionStatus.ACTIVE)
    db.session.add(version)
    db.session.flush()
    db.session.add(MatchPair(version_id=version.id, need_id=need.id, seed_id=seed.id, score=2.5, similarity=0.4,
                             shared_terms=["申請", "オンライン"]))  # fmt: skip
    db.session.commit()
    return member, staff, need, seed


def _digests(user) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user.id, Notification.kind == "digest.daily")
    return list(db.session.scalars(query))


def test_a_need_published_yesterday_reaches_the_member_with_its_shared_terms(smtp_sink, matched) -> None:
    member, staff, need, seed = matched
    assert send_digests(Frequency.DAILY) == 2
    mail = {str(m["To"]): m for m in smtp_sink.messages}
    body = mail[member.email].get_content()
    assert "貴組織のシーズに合う新しい課題" in body
    assert need.title in body
    assert f"/needs/{need.id}" in body
    assert "申請、オンライン" in body
    assert seed.title in body
    staff_body = mail[staff.email].get_content()
    assert "所属部署の募集中の課題に合う新しいシーズ" in staff_body
    assert seed.title in staff_body
    assert mail[member.email]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_second_run_the_same_day_sends_nothing(smtp_sink, matched) -> None:
    member = matched[0]
    send_digests(Frequency.DAILY)
    assert send_digests(Frequency.DAILY) == 0
    assert send_digests(Frequency.DAILY, utcnow() + timedelta(hours=1)) == 0
    assert len(smtp_sink.messages) == 2
    assert len(_digests(member)) == 1


def test_nothing_new_sends_nothing(smtp_sink, matched) -> None:
    _member, _staff, need, seed = matched
    need.published_at = seed.created_at = utcnow() - timedelta(days=3)
    db.session.commit()
    assert send_digests(Frequency.DAILY) == 0
    assert smtp_sink.messages == []


def test_a_pair_below_the_floor_or_an_alert_turned_off_is_not_sent(smtp_sink, matched) -> None:
    member, _staff = matched[0], matched[1]
    db.session.execute(MatchPair.__table__.update().values(similarity=0.06))
    set_preferences(member, {"alerts": Frequency.OFF})
    db.session.commit()
    assert send_digests(Frequency.DAILY) == 0


def test_digested_notifications_and_alerts_make_one_mail(smtp_sink, matched) -> None:
    member = matched[0]
    set_preferences(member, {"pilot": Frequency.DAILY})
    notify([member], "pilot.running", "試行が始まりました", "本文の一行目", link="/pilots/1")
    notify([member], "pilot.evaluated", "効果検証が終わりました")
    db.session.commit()
    send_digests(Frequency.DAILY)
    [mail] = [m for m in smtp_sink.messages if str(m["To"]) == member.email]
    body = mail.get_content()
    assert str(mail["Subject"]) == "今日のお知らせ（3件）"
    assert "試行が始まりました" in body
    assert "効果検証が終わりました" in body
    assert "/pilots/1" in body
    states = db.session.scalars(select(Notification.delivery).where(Notification.kind.like("pilot.%")))
    assert set(states) == {DeliveryStatus.DIGESTED}


def test_the_weekly_digest_gathers_what_waits_for_it(smtp_sink, make_user) -> None:
    coordinator = make_user(Role.COORDINATOR)
    set_preferences(coordinator, {"registration": Frequency.WEEKLY})
    notify([coordinator], "organisation.registered", "新しい参加登録: 株式会社A")
    db.session.commit()
    assert send_digests(Frequency.DAILY) == 0
    assert send_digests(Frequency.WEEKLY) == 1
    assert [str(m["Subject"]) for m in smtp_sink.messages] == ["今週のお知らせ（1件）"]

"""Each person chooses per kind; every mail carries a one-click unsubscribe link."""

from __future__ import annotations

from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import DeliveryStatus, Frequency, Notification, Role
from hackplat.notifications import outbox
from hackplat.notifications.preferences import preferences_of, set_preferences, unsubscribe_token
from hackplat.notifications.services import notify


def test_the_settings_page_offers_the_kinds_of_the_role_and_saves_them(client, login, make_user) -> None:
    member = make_user(Role.MEMBER)
    login(member)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert "自組織の提案の状態の変更" in page
    assert "組織の参加登録の受付" not in page  # a coordinator's kind
    assert '<input checked id="pilot-0" name="pilot" type="radio" value="immediate">' in page
    assert '<input checked id="alerts-0" name="alerts" type="radio" value="daily">' in page
    response = client.submit("/notifications/settings", {
        "organisation": "immediate", "proposal_status": "daily", "working_group": "weekly",
        "pilot": "off", "knowledge": "off", "alerts": "weekly",
    })  # fmt: skip
    assert response.status_code == 302
    chosen = preferences_of(member)
    assert chosen["proposal_status"] is Frequency.DAILY
    assert chosen["pilot"] is Frequency.OFF
    assert chosen["alerts"] is Frequency.WEEKLY


def test_a_frequency_the_kind_does_not_offer_is_refused(client, login, make_user) -> None:
    member = make_user(Role.MEMBER)
    login(member)
    response = client.submit("/notifications/settings", {"alerts": "immediate", "pilot": "bogus"})
    assert response.status_code == 200
    assert preferences_of(member)["alerts"] is Frequency.DAILY  # unchanged: the default


def test_off_sends_no_mail_and_daily_waits_for_the_digest(smtp_sink, make_user) -> None:
    quiet, daily, eager = make_user(Role.STAFF), make_user(Role.STAFF), make_user(Role.STAFF)
    set_preferences(quiet, {"pilot": Frequency.OFF})
    set_preferences(daily, {"pilot": Frequency.DAILY})
    notify([quiet, daily, eager], "pilot.running", "試行が始まりました")
    db.session.commit()
    outbox.deliver_due()
    delivery = dict(db.session.execute(select(Notification.user_id, Notification.delivery)).all())
    assert delivery == {quiet.id: DeliveryStatus.OFF, daily.id: DeliveryStatus.DAILY, eager.id: DeliveryStatus.SENT}
    assert [str(m["To"]) for m in smtp_sink.messages] == [eager.email]


def test_every_mail_has_the_one_click_unsubscribe_headers(smtp_sink, make_user) -> None:
    notify([make_user(Role.STAFF)], "pilot.running", "試行")
    db.session.commit()
    outbox.deliver_due()
    [message] = smtp_sink.messages
    link = str(message["List-Unsubscribe"])
    assert link.startswith("<http://")
    assert "/notifications/unsubscribe/" in link
    assert link.endswith(">")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link.strip("<>") in message.get_content()


def test_the_unsubscribe_link_asks_first_then_sets_the_kind_off_without_sign_in(client, make_user) -> None:
    staff = make_user(Role.STAFF)
    url = f"/notifications/unsubscribe/{unsubscribe_token(staff.id, 'pilot')}"
    page = client.get(url)
    assert page.status_code == 200
    assert "配信を停止する" in page.get_data(as_text=True)
    assert preferences_of(staff)["pilot"] is Frequency.IMMEDIATE  # a GET changes nothing
    response = client.post(url)  # RFC 8058: the mail provider's POST, without a CSRF token
    assert response.status_code == 200
    assert "停止しました" in response.get_data(as_text=True)
    assert preferences_of(staff)["pilot"] is Frequency.OFF
    assert preferences_of(staff)["knowledge"] is Frequency.IMMEDIATE


def test_a_tampered_token_is_refused_in_japanese(client, make_user) -> None:
    token = unsubscribe_token(make_user(Role.STAFF).id, "pilot")
    for bad in (token[:-2] + "xx", "abc", unsubscribe_token(999_999, "pilot")):
        response = client.post(f"/notifications/unsubscribe/{bad}")
        assert response.status_code == 400
        assert "配信停止のリンクが正しくありません" in response.get_data(as_text=True)
        assert client.get(f"/notifications/unsubscribe/{bad}").status_code == 400


def test_unsubscribing_from_a_digest_turns_off_every_kind_it_gathered(client, make_user) -> None:
    member = make_user(Role.MEMBER)
    set_preferences(member, {"pilot": Frequency.DAILY})
    db.session.commit()
    client.post(f"/notifications/unsubscribe/{unsubscribe_token(member.id, 'digest.daily')}")
    chosen = preferences_of(member)
    assert (chosen["pilot"], chosen["alerts"]) == (Frequency.OFF, Frequency.OFF)
    assert chosen["proposal_status"] is Frequency.IMMEDIATE


def test_support_notices_follow_their_own_setting(smtp_sink, make_user) -> None:
    """The support desk's notices (opened, triaged, check-ins, ...) are one kind of the
    city's settings page: staff who mute it get none of them by mail."""
    muted, eager = make_user(Role.STAFF), make_user(Role.STAFF)
    set_preferences(muted, {"support": Frequency.OFF})
    notify([muted, eager], "support.check_in", "プロジェクト管理支援の記録")
    db.session.commit()
    outbox.deliver_due()
    delivery = dict(db.session.execute(select(Notification.user_id, Notification.delivery)).all())
    assert delivery == {muted.id: DeliveryStatus.OFF, eager.id: DeliveryStatus.SENT}

"""E-mail verification at registration, and a registration that answers the same for a
known and an unknown address, throttled per address and per client."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hackplat.accounts.tokens import verification_token
from hackplat.extensions import db
from hackplat.models import AuditRecord, Organisation, OrganisationStatus, Role, User, utcnow
from tests.accounts.mail_links import link_path, mails_to
from tests.conftest import PASSWORD

FORM = {
    "kind": "company",
    "name": "株式会社かくにん",
    "contact_name": "確認 花子",
    "email": "hanako@example.jp",
    "password": PASSWORD,
    "password_confirm": PASSWORD,
}


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def sign_in(client, email: str = FORM["email"]):
    return client.submit("/login", {"email": email, "password": PASSWORD})


def approve_all() -> None:
    for organisation in db.session.scalars(select(Organisation)):
        organisation.status = OrganisationStatus.APPROVED
    db.session.commit()


def test_registration_mails_a_link_and_sign_in_waits_for_it(client, smtp_sink) -> None:
    assert client.submit("/register", FORM).status_code == 302
    member = db.session.scalar(select(User))
    assert member.email_verified_at is None
    approve_all()  # the coordinator's approval alone is not enough

    refused = sign_in(client)
    assert refused.status_code == 403
    page = refused.get_data(as_text=True)
    assert "メールアドレスの確認が済んでいません" in page
    assert 'action="/verify/resend"' in page  # a new link can be asked for on the spot

    (mail,) = mails_to(smtp_sink, FORM["email"])
    opened = client.get(link_path(mail))
    assert opened.status_code == 200
    assert "メールアドレスを確認しました" in opened.get_data(as_text=True)
    db.session.refresh(member)
    assert member.email_verified_at is not None
    assert sign_in(client).status_code == 302
    assert "auth.email_verified" in db.session.scalars(select(AuditRecord.action)).all()


def test_a_verified_member_still_waits_for_the_approval(client, smtp_sink) -> None:
    client.submit("/register", FORM)
    client.get(link_path(mails_to(smtp_sink, FORM["email"])[0]))
    refused = sign_in(client)
    assert refused.status_code == 403
    assert "承認待ち" in refused.get_data(as_text=True)


def test_a_broken_or_foreign_link_is_refused_with_a_way_to_get_a_new_one(client, make_user) -> None:
    from hackplat.accounts.tokens import reset_token

    user = make_user(Role.MEMBER)
    user.email_verified_at = None
    db.session.commit()
    for token in ["nonsense", reset_token(user)]:  # a reset token is not a verification token
        response = client.get(f"/verify/{token}")
        assert response.status_code == 400
        assert 'action="/verify/resend"' in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email_verified_at is None


def test_a_link_for_an_address_since_changed_is_refused(client, make_user) -> None:
    user = make_user(Role.MEMBER)
    user.email_verified_at = None
    token = verification_token(user)
    user.email = "changed@example.jp"
    db.session.commit()
    assert client.get(f"/verify/{token}").status_code == 400


def test_resend_answers_the_same_and_mails_only_an_unverified_account(client, make_user, smtp_sink) -> None:
    unverified = make_user(Role.MEMBER, email="waiting@example.jp")
    unverified.email_verified_at = None
    db.session.commit()
    verified = make_user(Role.MEMBER, email="done@example.jp")
    answers = [
        client.submit("/verify/resend", {"email": address})
        for address in (unverified.email, verified.email, "nobody@example.jp")
    ]
    assert {(r.status_code, r.headers["Location"]) for r in answers} == {(302, "/login")}
    assert [m["To"] for m in smtp_sink.messages] == [unverified.email]
    assert "/verify/" in link_path(smtp_sink.messages[0])


def test_resend_is_throttled(app, client, make_user, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "ACCOUNT_MAIL_PER_ADDRESS", 2)
    for _ in range(2):
        assert client.submit("/verify/resend", {"email": "x@example.jp"}).status_code == 302
    refused = client.submit("/verify/resend", {"email": "x@example.jp"})
    assert refused.status_code == 429
    assert "一時的に受け付けを停止" in refused.get_data(as_text=True)


# --- a known address answers as a new one ------------------------------------------


def test_a_known_address_gets_the_same_answer_and_its_owner_a_mail(client, make_user, smtp_sink) -> None:
    owner = make_user(Role.MEMBER, email="taken@example.jp")
    organisations = count(Organisation)
    new = client.submit("/register", {**FORM, "email": "fresh@example.jp"})
    known = client.submit("/register", {**FORM, "name": "別の会社", "email": "Taken@Example.jp"})
    assert (known.status_code, known.headers["Location"]) == (new.status_code, new.headers["Location"])
    assert known.status_code == 302
    assert count(Organisation) == organisations + 1  # only the new address registered
    (mail,) = mails_to(smtp_sink, owner.email)
    assert "既に登録されています" in mail.get_content()
    assert link_path(mail) == "/password/forgot"
    assert db.session.scalar(select(User.password_hash).where(User.id == owner.id)) == owner.password_hash


def test_a_known_unverified_address_gets_a_new_verification_link(client, smtp_sink) -> None:
    client.submit("/register", FORM)
    client.submit("/register", {**FORM, "name": "二度目"})
    mails = mails_to(smtp_sink, FORM["email"])
    assert len(mails) == 2
    assert all(link_path(mail).startswith("/verify/") for mail in mails)
    assert count(Organisation) == 1


def test_a_known_address_with_a_weak_password_is_refused_like_a_new_one(client, make_user, smtp_sink) -> None:
    make_user(Role.MEMBER, email="taken@example.jp")
    weak = {**FORM, "password": "password1234", "password_confirm": "password1234"}
    known = client.submit("/register", {**weak, "email": "taken@example.jp"})
    new = client.submit("/register", {**weak, "email": "fresh@example.jp"})
    assert known.status_code == new.status_code == 400
    assert smtp_sink.messages == []


def test_a_known_address_with_a_known_corporate_number_is_refused_like_a_new_one(client, make_user) -> None:
    from hackplat.accounts.corporate_number import with_check_digit

    number = with_check_digit("020001012345")
    organisation = db.session.get(Organisation, make_user(Role.MEMBER, email="taken@example.jp").organisation_id)
    organisation.corporate_number = number
    db.session.commit()
    known = client.submit("/register", {**FORM, "corporate_number": number, "email": "taken@example.jp"})
    new = client.submit("/register", {**FORM, "corporate_number": number, "email": "fresh@example.jp"})
    assert known.status_code == new.status_code == 400


@pytest.mark.parametrize("which", ["address", "client"])
def test_registration_is_throttled_per_address_and_per_client(app, client, monkeypatch, which) -> None:
    monkeypatch.setitem(app.config, "ACCOUNT_MAIL_PER_ADDRESS" if which == "address" else "ACCOUNT_MAIL_PER_CLIENT", 2)
    addresses = ["same@example.jp"] * 3 if which == "address" else ["a@example.jp", "b@example.jp", "c@example.jp"]
    answers = [
        client.submit("/register", {**FORM, "name": f"会社{n}", "email": e}).status_code
        for n, e in enumerate(addresses)
    ]
    assert answers == [302, 302, 429]
    refused = client.submit("/register", {**FORM, "email": addresses[-1]})
    assert "一時的に受け付けを停止" in refused.get_data(as_text=True)
    assert addresses[-1] in refused.get_data(as_text=True)  # what was typed is kept


def test_accounts_an_admin_creates_count_as_verified_and_must_change_the_password(client, make_user, login) -> None:
    login(make_user(Role.ADMIN))
    data = {"name": "新任 太郎", "email": "shinin@city.example.jp", "role": "coordinator", "department_id": "0",
            "password": "Initial-Password-For-Taro-9"}  # fmt: skip
    assert client.submit("/admin/users/new", data).status_code == 302
    created = db.session.scalar(select(User).where(User.email == "shinin@city.example.jp"))
    assert created.email_verified_at is not None
    assert created.must_change_password


def test_existing_people_are_unaffected(client, make_user) -> None:
    """The factories (and the migration) make verified people: they sign in as before."""
    user = make_user(Role.MEMBER)
    assert user.email_verified_at is not None
    assert sign_in(client, user.email).status_code == 302
    assert user.email_verified_at <= utcnow()

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


def confirm(client, path: str, password: str = PASSWORD):
    """Open the verification link and enter the account's password, as its page asks."""
    assert client.get(path).status_code == 200
    return client.submit(path, {"password": password})


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
    assert FORM["name"] in mail.get_content()  # names the organisation
    assert "心当たりがない場合は、何もしないでください" in mail.get_content()
    opened = confirm(client, link_path(mail))
    assert opened.status_code == 200
    assert "メールアドレスを確認しました" in opened.get_data(as_text=True)
    db.session.refresh(member)
    assert member.email_verified_at is not None
    assert sign_in(client).status_code == 302
    assert "auth.email_verified" in db.session.scalars(select(AuditRecord.action)).all()


def test_a_verified_member_still_waits_for_the_approval(client, smtp_sink) -> None:
    client.submit("/register", FORM)
    confirm(client, link_path(mails_to(smtp_sink, FORM["email"])[0]))
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


def test_a_new_registration_replaces_an_unverified_account(client, smtp_sink) -> None:
    """Review of #13, finding 4: an unverified account does not keep the address."""
    client.submit(
        "/register", {**FORM, "password": "Squatters-Own-Phrase-91", "password_confirm": "Squatters-Own-Phrase-91"}
    )
    client.submit("/register", {**FORM, "name": "二度目"})
    first, second = mails_to(smtp_sink, FORM["email"])
    assert count(Organisation) == count(User) == 1
    assert db.session.scalar(select(Organisation.name)) == "二度目"
    assert client.get(link_path(first)).status_code == 400  # the replaced account's link is dead
    assert confirm(client, link_path(second)).status_code == 200
    record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "account.unverified_forgotten"))
    assert record.detail["email"] == FORM["email"]
    assert record.detail["reason"] == "replaced by a new registration"


def test_the_link_verifies_only_with_the_accounts_password(client, smtp_sink) -> None:
    """Pre-hijacking (review of #13, finding 4): someone registers with another person's
    address and a password of their own; the owner's click on the mailed link must not
    verify that account. The owner can take it by a reset, which replaces the password."""
    theirs = "Hijackers-Secret-Phrase-66"
    client.submit("/register", {**FORM, "password": theirs, "password_confirm": theirs})
    path = link_path(mails_to(smtp_sink, FORM["email"])[0])
    opened = client.get(path)
    assert opened.status_code == 200
    assert "何もしないでください" in opened.get_data(as_text=True)
    refused = client.submit(path, {"password": PASSWORD})
    assert refused.status_code == 400
    assert "一致しません" in refused.get_data(as_text=True)
    member = db.session.scalar(select(User))
    assert member.email_verified_at is None
    assert "auth.verification_password_wrong" in db.session.scalars(select(AuditRecord.action)).all()

    assert client.submit("/password/forgot", {"email": FORM["email"]}).status_code == 302  # the owner's way
    reset = link_path(mails_to(smtp_sink, FORM["email"])[-1])
    client.submit(reset, {"password": PASSWORD, "password_confirm": PASSWORD})
    db.session.refresh(member)
    assert member.email_verified_at is not None
    approve_all()
    assert client.submit("/login", {"email": FORM["email"], "password": theirs}).status_code == 401
    assert sign_in(client).status_code == 302


def test_the_coordinators_hear_of_a_registration_once_it_is_verified(client, make_user, smtp_sink) -> None:
    from hackplat.models import Notification

    make_user(Role.COORDINATOR)
    client.submit("/register", FORM)
    assert count(Notification) == 0
    confirm(client, link_path(mails_to(smtp_sink, FORM["email"])[0]))
    assert count(Notification) == 1


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


def test_new_and_known_addresses_do_the_same_password_work(client, make_user, monkeypatch) -> None:
    """Review of #13, finding 6: the password is scored once on both paths (it was
    twice for a new address), and the coordinators are not told within the request."""
    from hackplat.accounts import passwords
    from hackplat.models import Notification

    scored: list[str] = []
    real = passwords.zxcvbn
    monkeypatch.setattr(passwords, "zxcvbn", lambda password, **kw: scored.append(password) or real(password, **kw))
    make_user(Role.COORDINATOR)
    make_user(Role.MEMBER, email="taken@example.jp")
    assert client.submit("/register", {**FORM, "email": "fresh@example.jp"}).status_code == 302
    assert len(scored) == 1
    assert client.submit("/register", {**FORM, "name": "別の会社", "email": "taken@example.jp"}).status_code == 302
    assert len(scored) == 2
    assert count(Notification) == 0

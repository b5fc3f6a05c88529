"""An organisation registers itself with its first member and waits for approval."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hackplat.accounts.corporate_number import with_check_digit
from hackplat.extensions import db
from hackplat.models import AuditRecord, Organisation, OrganisationStatus, Role, User, utcnow
from tests.conftest import PASSWORD

VALID = {
    "kind": "company",
    "name": "株式会社みなとテスト",
    "corporate_number": with_check_digit("020001012345"),
    "is_startup": "y",
    "founded_year": "2019",
    "profile": "行政向けのサービスを開発しています。",
    "contact_name": "港 太郎",
    "email": "Taro@Example.jp",
    "password": PASSWORD,
    "password_confirm": PASSWORD,
}


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_registration_creates_a_pending_organisation_and_its_member(client) -> None:
    response = client.submit("/register", VALID)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/register/done")
    organisation = db.session.scalar(select(Organisation))
    assert organisation.status is OrganisationStatus.PENDING
    assert organisation.is_startup
    assert organisation.corporate_number == VALID["corporate_number"]
    member = organisation.members[0]
    assert member.role is Role.MEMBER
    assert member.email == "taro@example.jp"
    assert member.password_hash != PASSWORD
    assert db.session.scalar(select(AuditRecord.action)) == "organisation.registered"


def test_full_width_corporate_number_with_hyphens_is_accepted(client) -> None:
    number = VALID["corporate_number"]
    typed = "".join(chr(ord(c) + 0xFEE0) for c in number[:4]) + "-" + number[4:]
    assert client.submit("/register", {**VALID, "corporate_number": typed}).status_code == 302
    assert db.session.scalar(select(Organisation.corporate_number)) == number


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "入力してください"),
        ("contact_name", "", "入力してください"),
        ("email", "not-an-email", "メールアドレスの形式"),
        ("corporate_number", "1234567890123", "チェックデジット"),
        ("corporate_number", "12345", "13桁"),
        ("password", "password1234", "推測されやすい"),
        ("password", "short", "12文字以上"),
        ("password_confirm", "Something-Else-42", "一致しません"),
        ("name", "あ" * 201, "200文字以内"),
        ("kind", "government", "選んで"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_written(client, field, value, message) -> None:
    data = {**VALID, field: value}
    if field == "password":
        data["password_confirm"] = value
    response = client.submit("/register", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(Organisation) == 0
    assert count(User) == 0


# A known address answers as a new one: tests/accounts/test_verification.py.


def test_html_typed_into_a_field_comes_back_escaped(client) -> None:
    response = client.submit("/register", {**VALID, "name": "<script>alert(1)</script>", "password": "x"})
    body = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_pending_member_cannot_sign_in(client) -> None:
    client.submit("/register", VALID)
    db.session.scalar(select(User)).email_verified_at = utcnow()  # the mailed link opened
    db.session.commit()
    response = client.submit("/login", {"email": VALID["email"], "password": PASSWORD})
    assert response.status_code == 403
    assert "承認待ち" in response.get_data(as_text=True)
    assert client.get("/me").status_code == 302

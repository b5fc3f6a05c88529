"""An address that grows under ``.lower()`` ('İ', U+0130, becomes two characters) is
refused as invalid wherever it is normalised, and never reaches a column of 254
characters (review of #13, finding 7: a 500 on PostgreSQL). Run on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hackplat.accounts.services import normalise_email
from hackplat.errors import InvalidInput
from hackplat.extensions import db
from hackplat.models import Role, User
from tests.accounts.test_verification import FORM
from tests.conftest import PASSWORD

BARE = "İ" * 254  # as the review's probe sent it
#: A well-formed address of 254 characters that becomes 318 once lower-cased.
WELL_FORMED = "İ" * 64 + "@" + ".".join(["a" * 60, "b" * 58, "c" * 58]) + ".example.jp"


def test_the_address_is_as_long_as_the_form_allows() -> None:
    assert len(BARE) == len(WELL_FORMED) == 254
    with pytest.raises(InvalidInput, match="形式"):
        normalise_email(WELL_FORMED)


@pytest.mark.parametrize("email", [BARE, WELL_FORMED])
@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/login", {"password": PASSWORD}),
        ("/password/forgot", {}),
        ("/verify/resend", {}),
        ("/register", {k: v for k, v in FORM.items() if k != "email"}),
    ],
)
def test_refused_as_invalid_without_an_error(client, url: str, data: dict[str, str], email: str) -> None:
    response = client.submit(url, {**data, "email": email})
    assert response.status_code == 400
    assert "メールアドレスの形式が正しくありません" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize("email", [BARE, WELL_FORMED])
def test_a_join_request_and_an_invitation_refuse_it_too(client, login, make_user, email: str) -> None:
    member = make_user(Role.MEMBER)
    member.organisation.corporate_number = "9234567890123"
    db.session.commit()
    data = {"corporate_number": "9234567890123", "contact_name": "参加 次郎", "email": email,
            "password": PASSWORD, "password_confirm": PASSWORD}  # fmt: skip
    assert client.submit("/register/join", data).status_code == 400
    login(member)
    page = f"/organisations/{member.organisation_id}"
    assert client.submit(f"{page}/invitations", {"email": email}).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(User)) == 1

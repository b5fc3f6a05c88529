"""The terms of use and privacy policy: public pages with every version, an administrator
publishing a new version after a preview, acceptance at registration and again after a
change, the sample texts by command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, func, insert, select

from hackplat.extensions import db
from hackplat.legal.services import current, has_pending, pending_for, publish, publish_samples, record_acceptances
from hackplat.models import AuditRecord, LegalAcceptance, LegalDocument, LegalKind, Role, User
from tests.conftest import PASSWORD


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def publish_both(version_texts: tuple[str, str] = ("規約の本文", "方針の本文")) -> list[LegalDocument]:
    docs = [
        publish(LegalKind.TERMS, "利用規約", version_texts[0], based_on=(current(LegalKind.TERMS) or _zero()).version, actor=None),
        publish(LegalKind.PRIVACY, "プライバシーポリシー", version_texts[1],
                based_on=(current(LegalKind.PRIVACY) or _zero()).version, actor=None),
    ]  # fmt: skip
    db.session.commit()
    return docs


def _zero() -> LegalDocument:
    return LegalDocument(version=0)


def test_pages_show_the_current_version_and_list_the_earlier_ones(client) -> None:
    assert "公開している版はありません" in client.get("/terms").get_data(as_text=True)
    publish_both(("第一版の規約", "方針"))
    publish_both(("第二版の規約\n\n第2条 改行も\nそのまま", "方針2"))
    page = client.get("/terms").get_data(as_text=True)
    assert "第二版の規約" in page
    assert "第2版" in page
    assert "第1版" in page
    assert "改行も<br>そのまま" in page
    assert 'href="/terms/1"' in page
    old = client.get("/terms/1").get_data(as_text=True)
    assert "第一版の規約" in old
    assert "以前の版" in old
    assert client.get("/terms/9").status_code == 404
    assert "方針2" in client.get("/privacy").get_data(as_text=True)


def test_footer_links_to_both_pages(client) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'href="/terms"' in page
    assert 'href="/privacy"' in page


def test_registration_requires_accepting_both_current_versions(client) -> None:
    terms, privacy = publish_both()
    form = {"kind": "company", "name": "株式会社同意", "contact_name": "同意 一郎", "email": "ichiro@example.jp",
            "password": PASSWORD, "password_confirm": PASSWORD}  # fmt: skip
    page = client.get("/register").get_data(as_text=True)
    assert 'name="accept_legal"' in page
    assert 'href="/terms"' in page
    refused = client.submit("/register", form)
    assert refused.status_code == 400
    assert "同意が必要です" in refused.get_data(as_text=True)
    assert "株式会社同意" in refused.get_data(as_text=True)
    assert count(User) == 0
    assert client.submit("/register", {**form, "accept_legal": "y"}).status_code == 302
    member = db.session.scalar(select(User))
    accepted = db.session.scalars(select(LegalAcceptance).where(LegalAcceptance.user_id == member.id)).all()
    assert {a.document_id for a in accepted} == {terms.id, privacy.id}
    assert all(a.ip == "127.0.0.1" for a in accepted)


def test_without_documents_registration_asks_nothing(client) -> None:
    assert 'name="accept_legal"' not in client.get("/register").get_data(as_text=True)


def test_a_new_version_is_asked_for_before_anything_else(client, make_user, login) -> None:
    user = make_user(Role.MEMBER)
    login(user)
    assert client.get("/needs/").status_code == 200  # no documents: nothing asked
    publish_both()
    asked = client.get("/needs/?page=1")
    assert asked.status_code == 302
    assert asked.headers["Location"].startswith("/legal/accept?next=/needs/")
    assert client.get("/terms").status_code == 200  # the texts stay readable
    page = client.get("/legal/accept").get_data(as_text=True)
    assert "規約の本文" in page
    assert "方針の本文" in page
    refused = client.submit("/legal/accept?next=/needs/", {})
    assert refused.status_code == 400
    assert count(LegalAcceptance) == 0
    accepted = client.submit("/legal/accept?next=/needs/", {"agree": "y"})
    assert accepted.status_code == 302
    assert accepted.headers["Location"] == "/needs/"
    assert client.get("/needs/").status_code == 200
    assert count(LegalAcceptance) == 2
    publish_both(("改定した規約", "方針の本文・改"))
    assert client.get("/me").status_code == 302  # a changed version: asked again


def test_a_version_published_while_the_page_was_open_is_not_accepted_unseen(client, make_user, login) -> None:
    login(make_user(Role.MEMBER))
    publish_both()
    token_page = "/legal/accept"
    token = client.csrf_token(token_page)
    shown = ",".join(str(d.id) for d in db.session.scalars(select(LegalDocument)))
    publish_both(("新しい規約", "新しい方針"))
    response = client.post(token_page, data={"csrf_token": token, "agree": "y", "documents": shown})
    assert response.status_code == 409
    assert "新しい規約" in response.get_data(as_text=True)
    assert count(LegalAcceptance) == 0


def test_admin_publishes_a_new_version_after_a_preview(client, make_user, login) -> None:
    publish_samples()
    db.session.commit()
    admin = make_user(Role.ADMIN)
    login(admin)
    client.submit("/legal/accept", {"agree": "y"})
    data = {"title": "利用規約", "body": "市の正式な規約\n\n第1条", "based_on": "1"}
    preview = client.submit("/admin/legal/terms", {**data, "preview": "プレビューする"})
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "まだ公開していません" in page
    assert "市の正式な規約" in page
    assert current(LegalKind.TERMS).version == 1
    published = client.submit("/admin/legal/terms", {**data, "publish": "公開する"})
    assert published.status_code == 302
    document = current(LegalKind.TERMS)
    assert (document.version, document.body, document.created_by_id) == (2, "市の正式な規約\n\n第1条", admin.id)
    assert db.session.scalar(select(AuditRecord.detail).where(AuditRecord.action == "legal.published").order_by(AuditRecord.id.desc()).limit(1)) == {"kind": "terms", "version": 2}  # fmt: skip
    stale = client.submit("/legal/accept", {"agree": "y"})  # the admin is asked too
    assert stale.status_code == 302
    again = client.submit("/admin/legal/terms", {**data, "publish": "公開する"})  # from version 1: stale
    assert again.status_code == 409
    assert current(LegalKind.TERMS).version == 2
    assert "市の正式な規約" in again.get_data(as_text=True)  # the text typed is kept


def test_admin_page_refuses_empty_text_and_others(client, make_user, login) -> None:
    login(make_user(Role.ADMIN))
    response = client.submit("/admin/legal/privacy", {"title": "", "body": "", "based_on": "0", "publish": "1"})
    assert response.status_code == 400
    assert count(LegalDocument) == 0
    assert client.get("/admin/legal/unknown").status_code == 404
    client.submit("/logout", {})
    login(make_user(Role.COORDINATOR))
    assert client.get("/admin/legal").status_code == 403


def test_the_init_command_publishes_the_samples_once(runner) -> None:
    result = runner.invoke(args=["legal", "init"])
    assert result.exit_code == 0, result.output
    assert count(LegalDocument) == 2
    assert "サンプル" in current(LegalKind.TERMS).body
    assert runner.invoke(args=["legal", "init"]).exit_code == 0
    assert count(LegalDocument) == 2


@contextmanager
def competitor_inserts_before(model: type, **values: Any) -> Iterator[None]:
    """As tests/test_limits.competitor_inserts, but just before this request's INSERT
    into the model's table (the acceptance is one statement, not a flush)."""
    table, done = model.__tablename__, []

    def insert_first(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not done and statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()}"):
            done.append(True)
            with db.engine.begin() as connection:
                connection.execute(insert(model).values(**values))

    event.listen(db.engine, "before_cursor_execute", insert_first)
    try:
        yield
    finally:
        if event.contains(db.engine, "before_cursor_execute", insert_first):
            event.remove(db.engine, "before_cursor_execute", insert_first)


def test_a_parallel_acceptance_of_the_same_versions_is_no_error(client, make_user, login) -> None:
    """A double click or a second tab (review of #13, finding 8): the other request's
    rows are committed just before this one's INSERT; both end as accepted, no 500."""
    user = make_user(Role.MEMBER)
    login(user)
    terms, privacy = publish_both()
    token = client.csrf_token("/legal/accept")
    shown, terms_id, user_id = f"{terms.id},{privacy.id}", terms.id, user.id
    db.session.commit()  # no read left open (SQLite would keep the competitor waiting)
    with competitor_inserts_before(LegalAcceptance, user_id=user_id, document_id=terms_id, ip="192.0.2.1"):
        response = client.post("/legal/accept", data={"csrf_token": token, "agree": "y", "documents": shown})
    assert response.status_code == 302
    assert count(LegalAcceptance) == 2  # the other request's row, and this one's for the policy
    records = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "legal.accepted")).all()
    assert [record.detail["documents"] for record in records] == [["privacy v1"]]
    again = client.post("/legal/accept", data={"csrf_token": token, "agree": "y", "documents": shown})
    assert again.status_code == 302  # nothing left to accept: on to the page


def test_registration_records_the_versions_shown_not_one_published_meanwhile(client) -> None:
    """Review of #13, finding 13: the page sends back the versions it showed."""
    import re

    publish_both()
    page = client.get("/register").get_data(as_text=True)
    shown = re.search(r'name="legal_shown" type="hidden" value="([^"]*)"', page)
    assert shown, "the registration page carries the versions it shows"
    token = client.csrf_token("/register")
    publish_both(("改定した規約", "改定した方針"))
    form = {"kind": "company", "name": "株式会社同意", "contact_name": "同意 一郎", "email": "ichiro@example.jp",
            "password": PASSWORD, "password_confirm": PASSWORD, "accept_legal": "y", "csrf_token": token}  # fmt: skip
    refused = client.post("/register", data={**form, "legal_shown": shown.group(1)})
    assert refused.status_code == 409
    assert "表示した後に内容が更新されました" in refused.get_data(as_text=True)
    assert count(User) == 0
    again = re.search(r'name="legal_shown" type="hidden" value="([^"]*)"', refused.get_data(as_text=True))
    assert again
    assert again.group(1) != shown.group(1)  # the page now shows (and sends) the new versions
    assert client.post("/register", data={**form, "legal_shown": again.group(1)}).status_code == 302
    versions = db.session.scalars(select(LegalDocument.version).join(LegalAcceptance)).all()
    assert sorted(versions) == [2, 2]


def test_the_guards_one_query_answers_as_the_list_of_pending_versions(make_user) -> None:
    """has_pending (asked on every signed-in request) says yes exactly when pending_for lists something."""
    user = make_user(Role.MEMBER)
    assert (has_pending(user), pending_for(user)) == (False, [])  # no documents: nothing asked
    first = publish_both()
    assert has_pending(user)
    record_acceptances(user, first)
    assert (has_pending(user), pending_for(user)) == (False, [])
    terms_v2 = publish(LegalKind.TERMS, "利用規約", "改定した本文", based_on=first[0].version, actor=None)
    assert has_pending(user)
    assert pending_for(user) == [terms_v2]
    record_acceptances(user, [terms_v2])
    assert not has_pending(user)
